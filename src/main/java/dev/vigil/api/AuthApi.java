package dev.vigil.api;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.vigil.auth.AttemptLimiter;
import dev.vigil.auth.AuthMode;
import dev.vigil.auth.Authenticator;
import dev.vigil.auth.Caller;
import dev.vigil.auth.LocalAccounts;
import dev.vigil.auth.WsTickets;
import dev.vigil.store.CredentialStore.ApiKeyRecord;
import dev.vigil.store.CredentialStore.UserRecord;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Sign-in and credentials: /api/auth/* (login, logout, me, ws-ticket), API keys of a user and
 * the admin's user management. Who may call each is the {@link dev.vigil.auth.AccessPolicy}'s
 * business (checked before these run); here only what each does.
 */
public final class AuthApi implements HttpService {
    private final AuthMode mode;
    private final LocalAccounts accounts;
    private final WsTickets tickets;
    private final AttemptLimiter loginsPerIp;
    private final AttemptLimiter loginsPerUsername;
    private final long maxBodyBytes;
    private final Consumer<String> endUser;

    /**
     * @param endUser called with a deleted user's id, after their credentials are gone: ends what
     *                they still hold open (streams, alert sockets)
     */
    public AuthApi(AuthMode mode, LocalAccounts accounts, WsTickets tickets, AttemptLimiter loginsPerIp,
                   AttemptLimiter loginsPerUsername, long maxBodyBytes, Consumer<String> endUser) {
        this.mode = mode;
        this.accounts = accounts;
        this.tickets = tickets;
        this.loginsPerIp = loginsPerIp;
        this.loginsPerUsername = loginsPerUsername;
        this.maxBodyBytes = maxBodyBytes;
        this.endUser = endUser;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/auth/login", this::login)
                .post("/auth/logout", this::logout)
                .get("/auth/me", this::me)
                .post("/auth/ws-ticket", this::wsTicket)
                .post("/users/{user_id}/api-keys", this::createKey)
                .get("/users/{user_id}/api-keys", this::listKeys)
                .delete("/users/{user_id}/api-keys/{key_id}", this::revokeKey)
                .post("/admin/users", this::createUser)
                .get("/admin/users", this::listUsers)
                .delete("/admin/users/{user_id}", this::deleteUser);
    }

    private LocalAccounts local() {
        if (mode != AuthMode.LOCAL) {
            throw ApiException.notFound("not_available", "this needs vigil.auth.mode local (the mode is "
                    + mode.name().toLowerCase() + ")");
        }
        return accounts;
    }

    private void login(ServerRequest req, ServerResponse res) {
        LocalAccounts local = local();
        JsonObject body = Requests.jsonObject(req, maxBodyBytes);
        String username = Requests.requiredString(body, "username");
        String password = Requests.requiredString(body, "password");
        String ip = req.remotePeer().host();
        Duration wait = max(loginsPerIp.retryAfter(ip), loginsPerUsername.retryAfter(username));
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)));
            throw new ApiException(Status.TOO_MANY_REQUESTS_429, "too_many_login_attempts",
                    "too many failed sign-ins from this address or for this username; try again later");
        }
        Optional<String> token = local.login(username, password);
        if (token.isEmpty()) {
            loginsPerIp.record(ip);
            loginsPerUsername.record(username);
            throw new ApiException(Status.UNAUTHORIZED_401, "invalid_credentials", "wrong username or password");
        }
        Caller caller = local.session(token.get(), "session").orElseThrow();
        long maxAge = local.sessionTtl().toSeconds();
        res.header(HeaderNames.SET_COOKIE, Authenticator.SESSION_COOKIE + "=" + token.get()
                + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
        Responses.json(res, Json.createObjectBuilder()
                .add("user_id", caller.userId())
                .add("roles", Json.createArrayBuilder(caller.roles().stream().sorted().toList()))
                .add("token", token.get())
                .add("token_type", "Bearer")
                .add("expires_at", Instant.now().plusSeconds(maxAge).toString())
                .build());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void logout(ServerRequest req, ServerResponse res) {
        if (mode == AuthMode.LOCAL) {
            Authenticator.bearer(req.headers()).filter(t -> !t.startsWith("vk_")).ifPresent(accounts::logout);
            Authenticator.sessionCookie(req.headers()).ifPresent(accounts::logout);
        }
        res.header(HeaderNames.SET_COOKIE, Authenticator.SESSION_COOKIE
                + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
        Responses.json(res, Json.createObjectBuilder().add("logged_out", true).build());
    }

    private void me(ServerRequest req, ServerResponse res) {
        Caller caller = AuthFilter.caller(req);
        Responses.json(res, Json.createObjectBuilder()
                .add("auth_mode", mode.name().toLowerCase())
                .add("user_id", caller.userId() == null ? JsonValue.NULL : Json.createValue(caller.userId()))
                .add("roles", Json.createArrayBuilder(caller.roles().stream().sorted().toList()))
                .add("via", caller.via())
                .build());
    }

    private void wsTicket(ServerRequest req, ServerResponse res) {
        if (mode == AuthMode.NONE) {
            throw ApiException.notFound("not_available", "sockets need no ticket when vigil.auth.mode is none");
        }
        Caller caller = AuthFilter.caller(req);
        Responses.json(res, Json.createObjectBuilder()
                .add("ticket", tickets.issue(caller))
                .add("user_id", caller.userId())
                .add("expires_in_seconds", tickets.ttl().toSeconds())
                .build());
    }

    private void createKey(ServerRequest req, ServerResponse res) {
        LocalAccounts local = local();
        String userId = existingUser(req);
        JsonObject body = Requests.jsonObject(req, maxBodyBytes);
        String name = body.containsKey("name") ? Requests.requiredString(body, "name") : "";
        LocalAccounts.NewKey key = local.createApiKey(userId, name);
        Responses.json(res, Status.CREATED_201, Json.createObjectBuilder(describe(key.record())).add("key", key.key()).build());
    }

    private void listKeys(ServerRequest req, ServerResponse res) {
        LocalAccounts local = local();
        String userId = existingUser(req);
        JsonArrayBuilder keys = Json.createArrayBuilder();
        local.apiKeys(userId).forEach(k -> keys.add(describe(k)));
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("api_keys", keys).build());
    }

    private void revokeKey(ServerRequest req, ServerResponse res) {
        LocalAccounts local = local();
        String userId = existingUser(req);
        String keyId = req.path().pathParameters().get("key_id");
        if (!local.revokeApiKey(userId, keyId)) {
            throw ApiException.notFound("unknown_key", "no API key " + keyId);
        }
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("key_id", keyId).add("revoked", true).build());
    }

    /** The path's user; the policy let the caller through, so only the user itself or an admin gets here. */
    private String existingUser(ServerRequest req) {
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        if (!accounts.userExists(userId)) {
            throw ApiException.notFound("unknown_user", "no user " + userId);
        }
        return userId;
    }

    private static JsonObject describe(ApiKeyRecord key) {
        return Json.createObjectBuilder()
                .add("key_id", key.keyId())
                .add("user_id", key.userId())
                .add("name", key.name())
                .add("created_at", Instant.ofEpochMilli(key.createdAtMillis()).toString())
                .build();
    }

    private void createUser(ServerRequest req, ServerResponse res) {
        LocalAccounts local = local();
        JsonObject body = Requests.jsonObject(req, maxBodyBytes);
        String userId = Requests.userId(Requests.requiredString(body, "username"));
        String password = Requests.requiredString(body, "password");
        if (password.length() < 8) {
            throw ApiException.badRequest("weak_password", "password must have at least 8 characters");
        }
        Set<String> roles = new HashSet<>();
        JsonValue rolesValue = body.get("roles");
        if (rolesValue != null && rolesValue != JsonValue.NULL) {
            if (rolesValue.getValueType() != JsonValue.ValueType.ARRAY) {
                throw ApiException.badRequest("invalid_field", "roles must be an array of strings");
            }
            for (JsonValue role : rolesValue.asJsonArray()) {
                if (!(role instanceof JsonString text) || !text.getString().matches("[a-z_]{1,32}")) {
                    throw ApiException.badRequest("invalid_field", "roles must be an array of lower-case names");
                }
                roles.add(text.getString());
            }
        }
        if (!local.createUser(userId, password, roles)) {
            throw new ApiException(Status.CONFLICT_409, "user_exists", "user " + userId + " already exists");
        }
        Responses.json(res, Status.CREATED_201, describe(local.users().stream().filter(u -> u.userId().equals(userId)).findFirst().orElseThrow()));
    }

    private void listUsers(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder users = Json.createArrayBuilder();
        local().users().forEach(u -> users.add(describe(u)));
        Responses.json(res, Json.createObjectBuilder().add("users", users).build());
    }

    private void deleteUser(ServerRequest req, ServerResponse res) {
        LocalAccounts local = local();
        String userId = Requests.userId(req.path().pathParameters().get("user_id"));
        // Sessions and API keys go with the user's row; tickets live in memory. Both before the
        // user's streams and sockets end, so nothing can be reopened with an old credential.
        if (!local.deleteUser(userId)) {
            throw ApiException.notFound("unknown_user", "no user " + userId);
        }
        tickets.revokeUser(userId);
        endUser.accept(userId);
        Responses.json(res, Json.createObjectBuilder().add("user_id", userId).add("deleted", true).build());
    }

    private static JsonObject describe(UserRecord user) {
        return Json.createObjectBuilder()
                .add("user_id", user.userId())
                .add("roles", Json.createArrayBuilder(user.roles().stream().sorted().toList()))
                .add("created_at", Instant.ofEpochMilli(user.createdAtMillis()).toString())
                .build();
    }
}
