package dev.vigil.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.vigil.store.CredentialStore.ApiKeyRecord;
import dev.vigil.store.CredentialStore.SessionRecord;
import dev.vigil.store.CredentialStore.UserRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The credential tables (Flyway V20: auth_users, auth_sessions, auth_api_keys) on both real
 * backends, a SQLite file and a PostgreSQL server, with the same assertions. The HTTP side of the
 * same store on both backends is UserDeletionTest.
 */
class JdbcCredentialStoreTest {
    private static final long T0 = 1_780_000_000_000L;

    private static UserRecord user(String id, String... roles) {
        return new UserRecord(id, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA-" + id, Set.of(roles), T0);
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void usersAreCreatedOnceListedInOrderAndKeepTheirRoles(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            CredentialStore store = new JdbcCredentialStore(db);
            assertEquals(0, store.userCount());
            assertTrue(store.createUser(user("zoe", "admin", "auditor")));
            assertTrue(store.createUser(user("amy")));
            assertFalse(store.createUser(user("amy", "admin")), "a second create of the same user changes nothing");
            assertEquals(2, store.userCount());
            assertEquals(List.of("amy", "zoe"), store.users().stream().map(UserRecord::userId).toList());
            assertEquals(user("zoe", "admin", "auditor"), store.user("zoe").orElseThrow());
            assertEquals(Set.of(), store.user("amy").orElseThrow().roles(), "no admin from the refused second create");
            assertEquals(Optional.empty(), store.user("nobody"));
            assertEquals(Optional.empty(), store.user("AMY"), "user ids are exact");
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void sessionsExpireAndAreDeleted(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            CredentialStore store = new JdbcCredentialStore(db);
            store.createUser(user("amy"));
            store.createSession(new SessionRecord("hash-1", "amy", T0, T0 + 1000));
            store.createSession(new SessionRecord("hash-2", "amy", T0, T0 + 5000));
            assertEquals(new SessionRecord("hash-1", "amy", T0, T0 + 1000), store.session("hash-1", T0 + 999).orElseThrow());
            assertEquals(Optional.empty(), store.session("hash-1", T0 + 1000), "expired at expires_at");
            assertEquals(Optional.empty(), store.session("hash-3", T0));
            assertEquals(1, store.deleteExpiredSessions(T0 + 1000));
            assertTrue(store.session("hash-2", T0 + 1000).isPresent());
            store.deleteSession("hash-2");
            assertEquals(Optional.empty(), store.session("hash-2", T0));
            // A session needs its user (foreign key on both backends).
            assertThrows(StoreException.class, () -> store.createSession(new SessionRecord("hash-4", "ghost", T0, T0 + 1000)));
            // Token hashes are unique (a collision would hand one session to two logins).
            store.createSession(new SessionRecord("hash-5", "amy", T0, T0 + 1000));
            assertThrows(StoreException.class, () -> store.createSession(new SessionRecord("hash-5", "amy", T0, T0 + 1000)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void apiKeysBelongToTheirUser(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            CredentialStore store = new JdbcCredentialStore(db);
            store.createUser(user("amy"));
            store.createUser(user("bob"));
            ApiKeyRecord first = new ApiKeyRecord("k1", "amy", "secret-hash-1", "bridge", T0);
            ApiKeyRecord second = new ApiKeyRecord("k2", "amy", "secret-hash-2", "", T0 + 1);
            store.createApiKey(second);
            store.createApiKey(first);
            store.createApiKey(new ApiKeyRecord("k3", "bob", "secret-hash-3", "bob's", T0));
            assertEquals(first, store.apiKey("k1").orElseThrow());
            assertEquals(List.of(first, second), store.apiKeys("amy"), "oldest first");
            assertFalse(store.deleteApiKey("bob", "k1"), "bob cannot revoke amy's key");
            assertTrue(store.apiKey("k1").isPresent());
            assertTrue(store.deleteApiKey("amy", "k1"));
            assertFalse(store.deleteApiKey("amy", "k1"));
            assertEquals(List.of(second), store.apiKeys("amy"));
            assertThrows(StoreException.class, () -> store.createApiKey(new ApiKeyRecord("k9", "ghost", "h", "", T0)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backends.class)
    void deletingAUserTakesTheirSessionsAndKeysOnlyAndEverythingSurvivesAReopen(Backends backend) {
        StoreConfig config = backend.freshConfig();
        try (Database db = Database.open(config)) {
            CredentialStore store = new JdbcCredentialStore(db);
            store.createUser(user("amy"));
            store.createUser(user("bob", "admin"));
            store.createSession(new SessionRecord("amy-session", "amy", T0, Long.MAX_VALUE));
            store.createSession(new SessionRecord("bob-session", "bob", T0, Long.MAX_VALUE));
            store.createApiKey(new ApiKeyRecord("amy-key", "amy", "h1", "", T0));
            store.createApiKey(new ApiKeyRecord("bob-key", "bob", "h2", "", T0));
            assertTrue(store.deleteUser("amy"));
            assertFalse(store.deleteUser("amy"));
            assertEquals(Optional.empty(), store.session("amy-session", T0));
            assertEquals(Optional.empty(), store.apiKey("amy-key"));
            assertEquals(List.of(), store.apiKeys("amy"));
            // Recreated under the same name: nothing of the old user comes back.
            assertTrue(store.createUser(user("amy")));
            assertEquals(Optional.empty(), store.session("amy-session", T0));
        }
        try (Database db = Database.open(config)) {
            CredentialStore store = new JdbcCredentialStore(db);
            assertEquals(List.of("amy", "bob"), store.users().stream().map(UserRecord::userId).toList());
            assertEquals(Set.of("admin"), store.user("bob").orElseThrow().roles());
            assertTrue(store.session("bob-session", T0).isPresent());
            assertTrue(store.apiKey("bob-key").isPresent());
        }
    }
}
