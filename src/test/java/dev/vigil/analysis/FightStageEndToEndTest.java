package dev.vigil.analysis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.AlertClient;
import dev.vigil.TestServer;
import dev.vigil.media.WebRtcSender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fight stage in the real server: with a violence classifier configured the person detector is loaded, runs when a
 * stream's fight gate opens (two people in view) and the classifier's verdict reaches the socket. The classifier is
 * the always-fight test model (tools/violence/make_test_model.py), so what is checked is the wiring, not its judgement.
 */
class FightStageEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Path TWO_PEOPLE = Path.of("src/test/resources/vision/kite_beach.png");

    @Test
    void twoPeopleInViewOpenTheGateTheDetectorLooksAndTheVerdictArrives() throws Exception {
        try (TestServer server = new TestServer(Map.of(
                "vigil.anomaly.violence-model", "src/test/resources/anomaly/always-fight.onnx"))) {
            assertTrue(server.running().detector() != null, "the detector comes with the classifier");
            String user = "fight_user";
            try (AlertClient socket = new AlertClient(server.wsUrl(user));
                 WebRtcSender beach = WebRtcSender.still(TWO_PEOPLE, WebRtcSender.Codec.VP8)) {
                assertEquals(200, beach.connect(server.baseUrl(), user,
                        Json.createObjectBuilder().add("camera", "beach").build()).statusCode());
                JsonObject alert = socket.await("a violence alert", DEADLINE,
                        m -> m.getString("type").equals("anomaly_detected") && m.getJsonArray("behaviours")
                                .getValuesAs(JsonString.class).stream().anyMatch(b -> b.getString().equals("violence")));
                assertEquals(beach.streamId(), alert.getString("stream_id"));
                TestServer.await("the detector to have looked", DEADLINE,
                        () -> server.running().meters().detectorLooks().count() > 0);
                List<String> behaviours = alert.getJsonArray("behaviours").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString).toList();
                assertTrue(behaviours.contains("violence"), "behaviours " + behaviours);
            }
            server.delete("/api/users/" + user);
        }
        // the defaults ship the classifier, so the detector comes too; turning the classifier off drops both
        try (TestServer defaults = new TestServer(Map.of("vigil.analysis.enabled", "true"))) {
            assertTrue(defaults.running().detector() != null, "the shipped classifier brings the detector");
        }
        try (TestServer ruleOnly = new TestServer(Map.of("vigil.analysis.enabled", "true",
                "vigil.anomaly.violence-model", ""))) {
            assertEquals(null, ruleOnly.running().detector());
        }
    }
}
