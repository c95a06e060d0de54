package dev.vigil.auth;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import dev.vigil.store.CredentialStore;
import dev.vigil.store.CredentialStore.ApiKeyRecord;
import dev.vigil.store.CredentialStore.SessionRecord;
import dev.vigil.store.CredentialStore.UserRecord;

/** Mode local: users, sessions and API keys over the {@link CredentialStore}. */
public final class LocalAccounts {
    private static final Logger LOG = Logger.getLogger(LocalAccounts.class.getName());
    static final String KEY_PREFIX = "vk_";
    /** Verified against when the username is unknown, so timing does not tell whether a user exists. */
    private static final String DUMMY_HASH = PasswordHasher.hash(Secrets.randomToken());

    private final CredentialStore store;
    private final Duration sessionTtl;

    public LocalAccounts(CredentialStore store, Duration sessionTtl) {
        this.store = store;
        this.sessionTtl = sessionTtl;
    }

    public Duration sessionTtl() {
        return sessionTtl;
    }

    /**
     * First start: no users yet, so an admin is created, with the given password or a random one
     * that is logged once (it is never stored in clear).
     */
    public void bootstrap(String adminPassword) {
        if (store.userCount() > 0) {
            return;
        }
        boolean random = adminPassword == null || adminPassword.isBlank();
        String password = random ? Secrets.randomToken().substring(0, 20) : adminPassword;
        if (store.createUser(new UserRecord("admin", PasswordHasher.hash(password), Set.of(Caller.ADMIN),
                System.currentTimeMillis()))) {
            if (random) {
                LOG.warning("auth: created user admin with password " + password
                        + " (shown only now; set VIGIL_ADMIN_PASSWORD to choose it)");
            } else {
                LOG.info("auth: created user admin with the configured password");
            }
        }
    }

    /** A session token for the right password; empty otherwise (unknown user or wrong password alike). */
    public Optional<String> login(String username, String password) {
        Optional<UserRecord> user = store.user(username);
        boolean ok = PasswordHasher.verify(password, user.map(UserRecord::passwordHash).orElse(DUMMY_HASH));
        if (!ok || user.isEmpty()) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        store.deleteExpiredSessions(now);
        String token = Secrets.randomToken();
        store.createSession(new SessionRecord(Secrets.sha256(token), username, now, now + sessionTtl.toMillis()));
        return Optional.of(token);
    }

    public void logout(String token) {
        store.deleteSession(Secrets.sha256(token));
    }

    public Optional<Caller> session(String token, String via) {
        return store.session(Secrets.sha256(token), System.currentTimeMillis())
                .flatMap(s -> store.user(s.userId()))
                .map(u -> new Caller(u.userId(), u.roles(), via));
    }

    /** The caller of an API key "vk_{key_id}_{secret}". */
    public Optional<Caller> apiKey(String key) {
        if (!key.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = key.substring(KEY_PREFIX.length()).split("_", 2);
        if (parts.length != 2) {
            return Optional.empty();
        }
        return store.apiKey(parts[0])
                .filter(k -> Secrets.sameHash(k.secretHash(), Secrets.sha256(parts[1])))
                .flatMap(k -> store.user(k.userId()))
                .map(u -> new Caller(u.userId(), u.roles(), "api_key"));
    }

    /** The new key's record and the key itself (shown once). */
    public record NewKey(ApiKeyRecord record, String key) {
    }

    public NewKey createApiKey(String userId, String name) {
        String keyId = Secrets.randomId();
        String secret = Secrets.randomToken();
        ApiKeyRecord record = new ApiKeyRecord(keyId, userId, Secrets.sha256(secret), name, System.currentTimeMillis());
        store.createApiKey(record);
        return new NewKey(record, KEY_PREFIX + keyId + "_" + secret);
    }

    public List<ApiKeyRecord> apiKeys(String userId) {
        return store.apiKeys(userId);
    }

    public boolean revokeApiKey(String userId, String keyId) {
        return store.deleteApiKey(userId, keyId);
    }

    public boolean userExists(String userId) {
        return store.user(userId).isPresent();
    }

    public boolean createUser(String userId, String password, Set<String> roles) {
        return store.createUser(new UserRecord(userId, PasswordHasher.hash(password), roles, System.currentTimeMillis()));
    }

    public List<UserRecord> users() {
        return store.users();
    }

    public boolean deleteUser(String userId) {
        return store.deleteUser(userId);
    }
}
