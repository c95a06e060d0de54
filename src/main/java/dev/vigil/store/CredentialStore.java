package dev.vigil.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Users, login sessions and API keys of auth mode local. Only hashes are given and kept: the
 * caller hashes secrets before they come here.
 */
public interface CredentialStore {

    /** A user as stored; passwordHash is an encoded Argon2id string. */
    record UserRecord(String userId, String passwordHash, Set<String> roles, long createdAtMillis) {
    }

    record SessionRecord(String tokenHash, String userId, long createdAtMillis, long expiresAtMillis) {
    }

    record ApiKeyRecord(String keyId, String userId, String secretHash, String name, long createdAtMillis) {
    }

    long userCount();

    /** false when the user already exists. */
    boolean createUser(UserRecord user);

    Optional<UserRecord> user(String userId);

    List<UserRecord> users();

    /** Deletes the user with their sessions and keys; false when there was no such user. */
    boolean deleteUser(String userId);

    void createSession(SessionRecord session);

    /** The session, if it exists and has not expired at nowMillis. */
    Optional<SessionRecord> session(String tokenHash, long nowMillis);

    void deleteSession(String tokenHash);

    /** Removes sessions expired at nowMillis; returns how many. */
    int deleteExpiredSessions(long nowMillis);

    void createApiKey(ApiKeyRecord key);

    Optional<ApiKeyRecord> apiKey(String keyId);

    List<ApiKeyRecord> apiKeys(String userId);

    /** false when the user has no such key. */
    boolean deleteApiKey(String userId, String keyId);
}
