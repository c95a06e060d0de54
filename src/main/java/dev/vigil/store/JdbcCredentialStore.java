package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;


/** {@link CredentialStore} on SQLite or PostgreSQL (plain SQL both run; schema in V20 migrations). */
public final class JdbcCredentialStore implements CredentialStore {
    private final Jdbc jdbc;

    public JdbcCredentialStore(Database database) {
        this.jdbc = new Jdbc(database.dataSource());
    }

    @Override
    public long userCount() {
        return jdbc.run("counting users", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM auth_users");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public boolean createUser(UserRecord user) {
        return jdbc.run("creating a user", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO auth_users (user_id, password_hash, roles, created_at_ms) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (user_id) DO NOTHING")) {
                s.setString(1, user.userId());
                s.setString(2, user.passwordHash());
                s.setString(3, String.join(",", user.roles()));
                s.setLong(4, user.createdAtMillis());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<UserRecord> user(String userId) {
        return jdbc.run("reading a user", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT user_id, password_hash, roles, created_at_ms FROM auth_users WHERE user_id = ?")) {
                s.setString(1, userId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<UserRecord> users() {
        return jdbc.run("listing users", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT user_id, password_hash, roles, created_at_ms FROM auth_users ORDER BY user_id");
                 ResultSet rs = s.executeQuery()) {
                List<UserRecord> users = new ArrayList<>();
                while (rs.next()) {
                    users.add(user(rs));
                }
                return users;
            }
        });
    }

    private static UserRecord user(ResultSet rs) throws SQLException {
        Set<String> roles = Arrays.stream(rs.getString(3).split(",")).filter(r -> !r.isBlank())
                .collect(Collectors.toUnmodifiableSet());
        return new UserRecord(rs.getString(1), rs.getString(2), roles, rs.getLong(4));
    }

    @Override
    public boolean deleteUser(String userId) {
        return jdbc.transaction("deleting a user", c -> {
            for (String table : List.of("auth_sessions", "auth_api_keys")) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE user_id = ?")) {
                    s.setString(1, userId);
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM auth_users WHERE user_id = ?")) {
                s.setString(1, userId);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void createSession(SessionRecord session) {
        jdbc.run("creating a session", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO auth_sessions (token_hash, user_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)")) {
                s.setString(1, session.tokenHash());
                s.setString(2, session.userId());
                s.setLong(3, session.createdAtMillis());
                s.setLong(4, session.expiresAtMillis());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<SessionRecord> session(String tokenHash, long nowMillis) {
        return jdbc.run("reading a session", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT token_hash, user_id, created_at_ms, expires_at_ms FROM auth_sessions "
                            + "WHERE token_hash = ? AND expires_at_ms > ?")) {
                s.setString(1, tokenHash);
                s.setLong(2, nowMillis);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new SessionRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void deleteSession(String tokenHash) {
        jdbc.run("deleting a session", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM auth_sessions WHERE token_hash = ?")) {
                s.setString(1, tokenHash);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public int deleteExpiredSessions(long nowMillis) {
        return jdbc.run("deleting expired sessions", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM auth_sessions WHERE expires_at_ms <= ?")) {
                s.setLong(1, nowMillis);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void createApiKey(ApiKeyRecord key) {
        jdbc.run("creating an API key", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO auth_api_keys (key_id, user_id, secret_hash, name, created_at_ms) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, key.keyId());
                s.setString(2, key.userId());
                s.setString(3, key.secretHash());
                s.setString(4, key.name());
                s.setLong(5, key.createdAtMillis());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ApiKeyRecord> apiKey(String keyId) {
        return jdbc.run("reading an API key", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT key_id, user_id, secret_hash, name, created_at_ms FROM auth_api_keys WHERE key_id = ?")) {
                s.setString(1, keyId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(key(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ApiKeyRecord> apiKeys(String userId) {
        return jdbc.run("listing API keys", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT key_id, user_id, secret_hash, name, created_at_ms FROM auth_api_keys WHERE user_id = ? "
                            + "ORDER BY created_at_ms, key_id")) {
                s.setString(1, userId);
                try (ResultSet rs = s.executeQuery()) {
                    List<ApiKeyRecord> keys = new ArrayList<>();
                    while (rs.next()) {
                        keys.add(key(rs));
                    }
                    return keys;
                }
            }
        });
    }

    private static ApiKeyRecord key(ResultSet rs) throws SQLException {
        return new ApiKeyRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
    }

    @Override
    public boolean deleteApiKey(String userId, String keyId) {
        return jdbc.run("deleting an API key", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM auth_api_keys WHERE user_id = ? AND key_id = ?")) {
                s.setString(1, userId);
                s.setString(2, keyId);
                return s.executeUpdate() == 1;
            }
        });
    }
}
