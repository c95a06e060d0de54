package dev.vigil.auth;

import java.util.Map;

import dev.vigil.TestServer;

/** Every AccessControlTest case with the credential store (users, sessions, API keys) on a real PostgreSQL. */
class AccessControlPostgresTest extends AccessControlTest {
    @Override
    TestServer newServer(Map<String, String> settings) {
        return TestServer.onStore("postgresql", settings);
    }
}
