package dev.vigil.anomaly;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZoneTest {
    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void readsZonesFromStreamMetadata() {
        List<Zone> zones = Zone.fromMetadata(json("""
                {"camera": "front_door", "zones": [
                  {"name": "vault", "kind": "restricted", "polygon": [[0.6,0.5],[0.95,0.5],[0.95,0.95],[0.6,0.95]]},
                  {"polygon": [[0,0],[0.2,0],[0,0.2]]}]}"""));
        assertEquals(2, zones.size());
        assertEquals("vault", zones.get(0).name());
        assertEquals("restricted", zones.get(0).kind());
        assertEquals("zone 2", zones.get(1).name());
        assertEquals("restricted", zones.get(1).kind());
        assertTrue(zones.get(0).contains(0.7, 0.7));
        assertFalse(zones.get(0).contains(0.5, 0.7));
        assertTrue(zones.get(1).contains(0.05, 0.05));
        assertFalse(zones.get(1).contains(0.15, 0.15), "outside the triangle's hypotenuse");
    }

    @Test
    void noZonesKeyOrNullMeansNoZones() {
        assertEquals(List.of(), Zone.fromMetadata(json("{\"camera\": \"x\"}")));
        assertEquals(List.of(), Zone.fromMetadata(json("{\"zones\": null}")));
        assertEquals(List.of(), Zone.fromMetadata(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"zones\": {}}",
            "{\"zones\": [1]}",
            "{\"zones\": [{\"name\": \"a\"}]}",
            "{\"zones\": [{\"polygon\": [[0,0],[1,1]]}]}",
            "{\"zones\": [{\"polygon\": [[0,0],[1,1],[2,0]]}]}",
            "{\"zones\": [{\"polygon\": [[0,0],[1,1],[\"a\",0]]}]}",
            "{\"zones\": [{\"polygon\": [[0,0],[1,1],[0.5]]}]}",
            "{\"zones\": [{\"kind\": \"party\", \"polygon\": [[0,0],[1,1],[1,0]]}]}",
            "{\"zones\": [{\"name\": 5, \"polygon\": [[0,0],[1,1],[1,0]]}]}"})
    void malformedZonesAreRejectedWithAMessageThatSaysWhatToFix(String metadata) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Zone.fromMetadata(json(metadata)));
        assertTrue(e.getMessage().startsWith("stream_metadata.zones"), e.getMessage());
    }
}
