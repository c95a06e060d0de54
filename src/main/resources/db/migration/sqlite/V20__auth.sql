-- Access control (mode local): users, their login sessions and API keys. Secrets are never
-- stored: passwords as Argon2id strings, session tokens and API key secrets as SHA-256 hex
-- (they are 256-bit random values, so a fast hash suffices).
CREATE TABLE auth_users (
    user_id       TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    -- comma-separated, e.g. "admin" or ""
    roles         TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

CREATE TABLE auth_sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES auth_users (user_id) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions (user_id);

CREATE TABLE auth_api_keys (
    key_id        TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES auth_users (user_id) ON DELETE CASCADE,
    secret_hash   TEXT NOT NULL,
    name          TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE INDEX auth_api_keys_user ON auth_api_keys (user_id);
