package dev.vigil.auth;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.vigil.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS with exactly the server config README.md documents (its yaml block under "Access
 * control", read from the README itself, with the key and certificate paths pointed at a
 * self-signed pair the JDK's keytool makes here): login over https sets the session cookie with
 * Secure, the cookie then works over https for the API and a wss alert socket, and plain http to
 * the port gets nowhere.
 */
class TlsTest {
    private static final String PASSWORD = "admin-secret-123";
    private static Path folder;
    private static TestServer server;
    private static HttpClient https;
    private static SSLContext trust;

    @BeforeAll
    static void start() throws Exception {
        folder = Files.createTempDirectory("vigil-tls-");
        Path keystore = folder.resolve("server.p12");
        // A self-signed certificate for 127.0.0.1, by the JDK's own keytool.
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "vigil", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String printed = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + printed);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        Certificate certificate = store.getCertificate("vigil");
        Path key = folder.resolve("server.key");
        Path cert = folder.resolve("server.crt");
        Files.writeString(key, pem("PRIVATE KEY", store.getKey("vigil", "changeit".toCharArray()).getEncoded()));
        Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));

        Map<String, String> settings = new LinkedHashMap<>();
        readmeTlsConfig().forEach((name, value) -> settings.put(name, value
                .replace("/etc/vigil/server.key", key.toString())
                .replace("/etc/vigil/server.crt", cert.toString())));
        assertTrue(settings.containsKey("server.tls.private-key.pem.key.resource.path"), settings.toString());
        assertTrue(settings.containsKey("server.tls.private-key.pem.cert-chain.resource.path"), settings.toString());
        settings.remove("server.port"); // the README's 8443; tests take a free port
        settings.putAll(Map.of("vigil.auth.mode", "local", "vigil.auth.admin-password", PASSWORD,
                "vigil.analysis.enabled", "false"));
        server = new TestServer(settings);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("vigil", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        trust = SSLContext.getInstance("TLS");
        trust.init(null, factory.getTrustManagers(), null);
        https = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (https != null) {
            https.close();
        }
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The yaml block README.md shows for TLS, flattened to config keys ("server.tls...path"). */
    private static Map<String, String> readmeTlsConfig() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int intro = readme.indexOf("TLS is Helidon's own server config");
        assertTrue(intro >= 0, "README.md documents TLS");
        int start = readme.indexOf("```yaml\n", intro) + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        Map<String, String> flat = new LinkedHashMap<>();
        Deque<String[]> parents = new ArrayDeque<>(); // {indent, name}
        for (String line : yaml.split("\n")) {
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            while (!parents.isEmpty() && Integer.parseInt(parents.peek()[0]) >= indent) {
                parents.pop();
            }
            String[] pair = line.trim().split(":", 2);
            List<String> path = new java.util.ArrayList<>(parents.stream().map(p -> p[1]).toList().reversed());
            path.add(pair[0].trim());
            if (pair[1].isBlank()) {
                parents.push(new String[] {String.valueOf(indent), pair[0].trim()});
            } else {
                flat.put(String.join(".", path), pair[1].trim());
            }
        }
        return flat;
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.running().port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loginOverHttpsSetsASecureCookieThatThenWorks() throws Exception {
        HttpResponse<String> login = send("POST", "/api/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", Map.of("Content-Type", "application/json"));
        assertEquals(200, login.statusCode(), login.body());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        List<String> attributes = List.of(cookie.split(";\\s*"));
        assertTrue(attributes.contains("Secure"), cookie);
        assertTrue(attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict") && attributes.contains("Path=/"), cookie);
        String session = attributes.getFirst();
        assertTrue(session.startsWith("vigil_session="), cookie);

        HttpResponse<String> me = send("GET", "/api/auth/me", null, Map.of("Cookie", session));
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("session", TestServer.json(me.body()).getString("via"));

        // The alert socket over wss with the same cookie.
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = https.newWebSocketBuilder().header("Cookie", session)
                .buildAsync(URI.create("wss://127.0.0.1:" + server.running().port() + "/ws/alerts/admin"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        webSocket.request(1); // and on to the server's close frame
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertEquals("connected", TestServer.json(first.get(10, TimeUnit.SECONDS)).getString("type"));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);

        HttpResponse<String> logout = send("POST", "/api/auth/logout", null, Map.of("Cookie", session));
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure"), "the clearing cookie too");
        assertEquals(401, send("GET", "/api/auth/me", null, Map.of("Cookie", session)).statusCode());
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        try (HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.running().port() + "/api/auth/me"))
                    .timeout(Duration.ofSeconds(10)).build();
            assertThrows(java.io.IOException.class, () -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
        }
    }
}
