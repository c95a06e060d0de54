package dev.vigil.store;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert store against a real SQLite file and a real PostgreSQL server, same assertions for both. */
class AlertStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    static List<Backends> backends() {
        return Backends.both().toList();
    }

    private static NewAlert alert(String user, String stream, String camera, Instant at, int jpegSize, String... behaviours) {
        byte[] jpeg = new byte[jpegSize];
        for (int i = 0; i < jpeg.length; i++) {
            jpeg[i] = (byte) (i * 31 + jpegSize);
        }
        String message = "{\"type\":\"anomaly_detected\",\"user_id\":\"" + user + "\",\"stream_id\":\"" + stream + "\"}";
        return new NewAlert(user, stream, camera, List.of(behaviours), at, message, jpeg);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void idsGrowPerUserAndContinueAfterReopenAndDeletion(Backends backend) {
        StoreConfig config = backend.freshConfig();
        try (Database db = Database.open(config)) {
            AlertStore store = new JdbcAlertStore(db);
            assertEquals(0, store.lastId("ann"));
            assertEquals(1, store.append(alert("ann", "s1", "gym", T0, 100, "fall")).alertId());
            assertEquals(2, store.append(alert("ann", "s1", "gym", T0.plusSeconds(1), 100, "fall")).alertId());
            assertEquals(1, store.append(alert("bob", "s2", null, T0, 100, "running")).alertId(), "ids count per user");
            assertEquals(3, store.append(alert("ann", "s1", "gym", T0.plusSeconds(2), 100, "fall")).alertId());
            // Retention deletes everything; the ids given must still never come back.
            RetentionResult gone = store.applyRetention(T0.plusSeconds(3600), Long.MAX_VALUE);
            assertEquals(4, gone.alertsDeleted());
            assertTrue(store.find("ann", 3).isEmpty());
        }
        if (backend == Backends.SQLITE) {
            assertTrue(Files.isRegularFile(Backends.sqliteFile(config)), "the database is a file under vigil.store.path");
        }
        try (Database db = Database.open(config)) {
            AlertStore store = new JdbcAlertStore(db);
            assertEquals(3, store.lastId("ann"));
            assertEquals(4, store.append(alert("ann", "s1", "gym", T0.plusSeconds(5), 100, "fall")).alertId());
            assertEquals(2, store.append(alert("bob", "s2", null, T0, 100)).alertId());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void alertsStoredTogetherGetConsecutiveIdsAllOrNone(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            AlertStore store = new JdbcAlertStore(db);
            store.append(alert("ann", "s1", "gym", T0, 10, "fall"));
            List<AlertRecord> group = store.appendAll(List.of(
                    alert("ann", "s1", "gym", T0.plusSeconds(1), 10, "fall"),
                    alert("bob", "s2", "hall", T0.plusSeconds(1), 20, "running"),
                    alert("ann", "s3", "yard", T0.plusSeconds(2), 30, "zone")));
            assertEquals(List.of("ann:2:s1", "bob:1:s2", "ann:3:s3"), group.stream()
                    .map(r -> r.userId() + ":" + r.alertId() + ":" + r.streamId()).toList(), "in order, per user");
            assertEquals(30, store.snapshot("ann", 3).orElseThrow().length);

            // One bad alert (no stream: NOT NULL) fails the whole group: nothing of it is stored and
            // no id is used up.
            NewAlert broken = new NewAlert("ann", null, "gym", List.of("fall"), T0, "{}", new byte[1]);
            assertThrows(StoreException.class, () -> store.appendAll(List.of(
                    alert("ann", "s1", "gym", T0.plusSeconds(3), 10, "fall"), broken)));
            assertEquals(3, store.lastId("ann"));
            assertTrue(store.find("ann", 4).isEmpty());
            assertEquals(4, store.append(alert("ann", "s1", "gym", T0.plusSeconds(4), 10, "fall")).alertId());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void storesTheMessageAndTheSnapshotExactly(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            AlertStore store = new JdbcAlertStore(db);
            NewAlert sent = alert("ann", "s1", "gym", T0, 180_000, "fall", "lying");
            AlertRecord stored = store.append(sent);
            AlertRecord found = store.find("ann", stored.alertId()).orElseThrow();
            assertEquals(sent.messageJson(), found.messageJson());
            assertEquals("s1", found.streamId());
            assertEquals("gym", found.camera());
            assertEquals(T0, found.createdAt());
            assertFalse(found.reviewed());
            assertEquals(180_000, found.snapshotBytes());
            assertArrayEquals(sent.jpeg(), store.snapshot("ann", stored.alertId()).orElseThrow());
            assertTrue(store.find("bob", stored.alertId()).isEmpty(), "another user's alert is not found");
            assertTrue(store.snapshot("bob", stored.alertId()).isEmpty());
            assertTrue(store.find("ann", 99).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void listsNewestFirstInPagesThatCoverEverythingOnce(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            AlertStore store = new JdbcAlertStore(db);
            for (int i = 0; i < 23; i++) {
                store.append(alert("ann", "s" + (i % 2), i % 3 == 0 ? "gym" : "hall", T0.plusSeconds(i), 10,
                        i % 5 == 0 ? "running" : "fall"));
            }
            store.append(alert("bob", "s0", "gym", T0, 10, "fall"));
            List<Long> seen = new ArrayList<>();
            AlertQuery query = AlertQuery.all(5);
            int pages = 0;
            while (true) {
                AlertPage page = store.list("ann", query);
                pages++;
                page.alerts().forEach(a -> seen.add(a.alertId()));
                if (page.nextCursor() == null) {
                    break;
                }
                query = query.withCursor(AlertCursor.decode(page.nextCursor().encode()));
            }
            assertEquals(5, pages);
            List<Long> expected = new ArrayList<>();
            for (long id = 23; id >= 1; id--) {
                expected.add(id);
            }
            assertEquals(expected, seen, "newest first, each exactly once");

            assertEquals(Set.of(2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L),
                    ids(store.list("ann", new AlertQuery("s1", null, null, null, null, null, null, null, 500))));
            assertEquals(Set.of(1L, 4L, 7L, 10L, 13L, 16L, 19L, 22L),
                    ids(store.list("ann", new AlertQuery(null, "gym", null, null, null, null, null, null, 500))));
            assertEquals(Set.of(1L, 6L, 11L, 16L, 21L),
                    ids(store.list("ann", new AlertQuery(null, null, "running", null, null, null, null, null, 500))));
            assertEquals(Set.of(11L, 12L, 13L),
                    ids(store.list("ann", new AlertQuery(null, null, null, T0.plusSeconds(10), T0.plusSeconds(13),
                            null, null, null, 500))), "since inclusive, until exclusive");
            assertEquals(Set.of(21L, 22L, 23L),
                    ids(store.list("ann", new AlertQuery(null, null, null, null, null, 20L, null, null, 500))));
            assertEquals(Set.of(4L, 10L, 16L, 22L),
                    ids(store.list("ann", new AlertQuery("s1", "gym", null, null, null, null, null, null, 500))),
                    "filters combine");
            assertThrows(IllegalArgumentException.class, () -> AlertQuery.all(501));
            assertThrows(IllegalArgumentException.class, () -> AlertCursor.decode("not-a-cursor"));
        }
    }

    private static Set<Long> ids(AlertPage page) {
        return page.alerts().stream().map(AlertRecord::alertId).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void reviewMarksAndSummaryCountsWhatIsLeft(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            AlertStore store = new JdbcAlertStore(db);
            store.append(alert("ann", "s1", "gym", T0, 10, "fall"));              // 1
            store.append(alert("ann", "s1", "gym", T0, 10, "fall", "lying"));     // 2
            store.append(alert("ann", "s2", "hall", T0, 10, "running"));          // 3
            store.append(alert("ann", "s3", null, T0, 10, "violence"));           // 4
            store.append(alert("bob", "s9", "gym", T0, 10, "fall"));              // bob 1
            UnreviewedSummary before = store.summary("ann");
            assertEquals(4, before.total());
            assertEquals(Map.of("gym", 2L, "hall", 1L, "-", 1L), byName(before.byCamera()));
            assertEquals(Map.of("fall", 2L, "lying", 1L, "running", 1L, "violence", 1L), byName(before.byBehaviour()));

            assertEquals(2, store.markReviewed("ann", List.of(1L, 3L, 3L, 77L)));
            assertEquals(0, store.markReviewed("ann", List.of(1L)), "already reviewed");
            assertEquals(Set.of(2L, 4L), ids(store.list("ann",
                    new AlertQuery(null, null, null, null, null, null, false, null, 500))));
            assertEquals(Set.of(1L, 3L), ids(store.list("ann",
                    new AlertQuery(null, null, null, null, null, null, true, null, 500))));
            UnreviewedSummary after = store.summary("ann");
            assertEquals(2, after.total());
            assertEquals(Map.of("gym", 1L, "-", 1L), byName(after.byCamera()));

            assertEquals(1, store.markReviewedThrough("ann", 2));
            assertEquals(1, store.summary("ann").total());
            assertEquals(1, store.markReviewedThrough("ann", 100));
            assertEquals(0, store.summary("ann").total());
            assertEquals(1, store.summary("bob").total(), "another user's alerts are untouched");
        }
    }

    private static Map<String, Long> byName(List<UnreviewedSummary.Count> counts) {
        return counts.stream().collect(Collectors.toMap(c -> c.name() == null ? "-" : c.name(),
                UnreviewedSummary.Count::unreviewed));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void retentionDeletesOldAlertsAndDropsReviewedSnapshotsFirst(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            AlertStore store = new JdbcAlertStore(db);
            store.append(alert("ann", "s1", "gym", T0.minus(Duration.ofDays(40)), 1000, "fall")); // 1: too old
            store.append(alert("ann", "s1", "gym", T0.minus(Duration.ofDays(31)), 1000, "fall")); // 2: too old
            for (int i = 0; i < 6; i++) {                                                          // 3..8
                store.append(alert("ann", "s1", "gym", T0.plusSeconds(i), 1000, "fall"));
            }
            store.markReviewed("ann", List.of(6L, 7L));
            // 6 snapshots of 1000 bytes left after the age pass; a budget of 3500 drops three:
            // the reviewed 6 and 7 first, then the oldest unreviewed, 3.
            RetentionResult result = store.applyRetention(T0.minus(Duration.ofDays(30)), 3500);
            assertEquals(2, result.alertsDeleted());
            assertEquals(3, result.snapshotsDropped());
            assertEquals(3000, result.snapshotBytesFreed());
            assertEquals(3000, result.snapshotBytesLeft());
            assertTrue(store.find("ann", 1).isEmpty() && store.find("ann", 2).isEmpty());
            Set<Long> withSnapshot = new HashSet<>();
            for (long id = 3; id <= 8; id++) {
                AlertRecord record = store.find("ann", id).orElseThrow(() -> new AssertionError("alert kept"));
                assertEquals(record.hasSnapshot(), store.snapshot("ann", id).isPresent());
                if (record.hasSnapshot()) {
                    withSnapshot.add(id);
                }
            }
            assertEquals(Set.of(4L, 5L, 8L), withSnapshot);
            RetentionResult again = store.applyRetention(T0.minus(Duration.ofDays(30)), 3500);
            assertEquals(new RetentionResult(0, 0, 0, 3000), again, "nothing more to do");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void replayReadsOldestFirstAfterAnIdWithSnapshots(Backends backend) {
        try (Database db = Database.open(backend.freshConfig())) {
            AlertStore store = new JdbcAlertStore(db);
            for (int i = 0; i < 10; i++) {
                store.append(alert("ann", "s1", "gym", T0.plusSeconds(i), 50 + i, "fall"));
            }
            List<StoredAlert> replay = store.after("ann", 4, 3);
            assertEquals(List.of(5L, 6L, 7L), replay.stream().map(s -> s.record().alertId()).toList());
            assertEquals(54, replay.get(0).jpeg().length);
            assertEquals(List.of(), store.after("ann", 10, 100));
            assertNull(store.list("ann", AlertQuery.all(10)).nextCursor(), "exactly one full page has no next");
        }
    }
}
