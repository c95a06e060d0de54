package dev.vigil.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TargetPolicyTest {
    private final TargetPolicy strict = new TargetPolicy(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8000/", "http://10.1.2.3/", "http://192.168.1.1/",
            "http://172.16.0.5/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[fd00::1]/",
            "http://[fe80::1]/", "http://100.64.0.1/", "http://0.0.0.0/", "ftp://example.org/", "file:///etc/passwd",
            "http://user:pw@example.org/", "not a url", "http:///nohost"})
    void refusesPrivateTargetsAndOtherSchemes(String url) {
        assertThrows(TargetPolicy.RefusedTargetException.class, () -> strict.check(url));
    }

    @Test
    void publicAddressesPass() throws Exception {
        // A literal address resolves without any lookup: no traffic leaves the machine.
        assertEquals("93.184.216.34", strict.check("https://93.184.216.34/hook").getHost());
    }

    @Test
    void allowPrivateLetsLoopbackThroughButNotOtherSchemes() throws Exception {
        TargetPolicy lax = new TargetPolicy(true);
        assertEquals(8080, lax.check("http://127.0.0.1:8080/x").getPort());
        assertThrows(TargetPolicy.RefusedTargetException.class, () -> lax.check("gopher://127.0.0.1/"));
    }
}
