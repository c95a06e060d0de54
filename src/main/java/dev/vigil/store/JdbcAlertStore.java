package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;


/**
 * {@link AlertStore} on SQLite or PostgreSQL. The statements are plain SQL that both run
 * (INSERT ... ON CONFLICT ... RETURNING needs SQLite 3.35+, which the xerial driver bundles), so
 * one class serves both; the schemas differ only in their migrations.
 */
public final class JdbcAlertStore implements AlertStore {
    /** An alert row's columns from {@code alerts a}, as {@link #record} reads them (also the delivery store's). */
    static final String COLUMNS =
            "a.user_id, a.alert_id, a.stream_id, a.camera, a.created_at_ms, a.reviewed, a.message, a.snapshot_bytes";

    private final Jdbc jdbc;

    public JdbcAlertStore(Database database) {
        this.jdbc = new Jdbc(database.dataSource());
    }

    @Override
    public List<AlertRecord> appendAll(List<NewAlert> alerts) {
        return jdbc.transaction("storing " + (alerts.size() == 1 ? "an alert" : alerts.size() + " alerts"), c -> {
            List<AlertRecord> records = new ArrayList<>(alerts.size());
            for (NewAlert alert : alerts) {
                records.add(insert(c, alert));
            }
            return records;
        });
    }

    private static AlertRecord insert(Connection c, NewAlert alert) throws SQLException {
        long id;
        // Takes (and locks until commit) the user's next id; ids are never reused.
        try (PreparedStatement next = c.prepareStatement(
                "INSERT INTO alert_counters (user_id, last_id) VALUES (?, 1) "
                        + "ON CONFLICT (user_id) DO UPDATE SET last_id = alert_counters.last_id + 1 RETURNING last_id")) {
            next.setString(1, alert.userId());
            try (ResultSet rs = next.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO alerts (user_id, alert_id, stream_id, camera, created_at_ms, reviewed, message, snapshot_bytes) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, alert.userId());
            insert.setLong(2, id);
            insert.setString(3, alert.streamId());
            insert.setString(4, alert.camera());
            insert.setLong(5, alert.createdAt().toEpochMilli());
            insert.setBoolean(6, false);
            insert.setString(7, alert.messageJson());
            insert.setLong(8, alert.jpeg().length);
            insert.executeUpdate();
        }
        if (!alert.behaviours().isEmpty()) {
            try (PreparedStatement behaviour = c.prepareStatement(
                    "INSERT INTO alert_behaviours (user_id, alert_id, behaviour) VALUES (?, ?, ?)")) {
                for (String name : alert.behaviours().stream().distinct().toList()) {
                    behaviour.setString(1, alert.userId());
                    behaviour.setLong(2, id);
                    behaviour.setString(3, name);
                    behaviour.addBatch();
                }
                behaviour.executeBatch();
            }
        }
        try (PreparedStatement snapshot = c.prepareStatement(
                "INSERT INTO alert_snapshots (user_id, alert_id, jpeg) VALUES (?, ?, ?)")) {
            snapshot.setString(1, alert.userId());
            snapshot.setLong(2, id);
            snapshot.setBytes(3, alert.jpeg());
            snapshot.executeUpdate();
        }
        return new AlertRecord(alert.userId(), id, alert.streamId(), alert.camera(),
                Instant.ofEpochMilli(alert.createdAt().toEpochMilli()), false, alert.messageJson(),
                alert.jpeg().length);
    }

    @Override
    public Optional<AlertRecord> find(String userId, long alertId) {
        return jdbc.run("reading an alert", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM alerts a WHERE a.user_id = ? AND a.alert_id = ?")) {
                s.setString(1, userId);
                s.setLong(2, alertId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(record(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<byte[]> snapshot(String userId, long alertId) {
        return jdbc.run("reading a snapshot", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT jpeg FROM alert_snapshots WHERE user_id = ? AND alert_id = ?")) {
                s.setString(1, userId);
                s.setLong(2, alertId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public AlertPage list(String userId, AlertQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts a WHERE a.user_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(userId);
        if (q.streamId() != null) {
            sql.append(" AND a.stream_id = ?");
            args.add(q.streamId());
        }
        if (q.camera() != null) {
            sql.append(" AND a.camera = ?");
            args.add(q.camera());
        }
        if (q.behaviour() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM alert_behaviours b WHERE b.user_id = a.user_id"
                    + " AND b.alert_id = a.alert_id AND b.behaviour = ?)");
            args.add(q.behaviour());
        }
        if (q.since() != null) {
            sql.append(" AND a.created_at_ms >= ?");
            args.add(q.since().toEpochMilli());
        }
        if (q.until() != null) {
            sql.append(" AND a.created_at_ms < ?");
            args.add(q.until().toEpochMilli());
        }
        if (q.afterId() != null) {
            sql.append(" AND a.alert_id > ?");
            args.add(q.afterId());
        }
        if (q.reviewed() != null) {
            sql.append(" AND a.reviewed = ?");
            args.add(q.reviewed());
        }
        if (q.cursor() != null) {
            sql.append(" AND a.alert_id < ?");
            args.add(q.cursor().beforeId());
        }
        sql.append(" ORDER BY a.alert_id DESC LIMIT ?");
        args.add(q.limit() + 1);
        return jdbc.run("listing alerts", c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                bind(s, args);
                List<AlertRecord> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(record(rs));
                    }
                }
                if (found.size() <= q.limit()) {
                    return new AlertPage(found, null);
                }
                List<AlertRecord> page = found.subList(0, q.limit());
                return new AlertPage(page, new AlertCursor(page.get(page.size() - 1).alertId()));
            }
        });
    }

    @Override
    public List<StoredAlert> after(String userId, long afterId, int limit) {
        return jdbc.run("reading alerts to replay", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + ", s.jpeg FROM alerts a "
                    + "LEFT JOIN alert_snapshots s ON s.user_id = a.user_id AND s.alert_id = a.alert_id "
                    + "WHERE a.user_id = ? AND a.alert_id > ? ORDER BY a.alert_id LIMIT ?")) {
                s.setString(1, userId);
                s.setLong(2, afterId);
                s.setInt(3, limit);
                List<StoredAlert> found = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(new StoredAlert(record(rs), rs.getBytes("jpeg")));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public int markReviewed(String userId, Collection<Long> alertIds) {
        if (alertIds.isEmpty()) {
            return 0;
        }
        return jdbc.transaction("marking alerts reviewed", c -> {
            int changed = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE alerts SET reviewed = ? WHERE user_id = ? AND alert_id = ? AND reviewed = ?")) {
                for (long id : alertIds.stream().distinct().toList()) {
                    s.setBoolean(1, true);
                    s.setString(2, userId);
                    s.setLong(3, id);
                    s.setBoolean(4, false);
                    changed += s.executeUpdate();
                }
            }
            return changed;
        });
    }

    @Override
    public int markReviewedThrough(String userId, long throughId) {
        return jdbc.transaction("marking alerts reviewed", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE alerts SET reviewed = ? WHERE user_id = ? AND alert_id <= ? AND reviewed = ?")) {
                s.setBoolean(1, true);
                s.setString(2, userId);
                s.setLong(3, throughId);
                s.setBoolean(4, false);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public UnreviewedSummary summary(String userId) {
        return jdbc.run("counting unreviewed alerts", c -> {
            long total;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*) FROM alerts WHERE user_id = ? AND reviewed = ?")) {
                s.setString(1, userId);
                s.setBoolean(2, false);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<UnreviewedSummary.Count> cameras = counts(c, userId,
                    "SELECT camera, COUNT(*) FROM alerts WHERE user_id = ? AND reviewed = ? GROUP BY camera ORDER BY camera");
            List<UnreviewedSummary.Count> behaviours = counts(c, userId,
                    "SELECT b.behaviour, COUNT(*) FROM alert_behaviours b JOIN alerts a ON a.user_id = b.user_id "
                            + "AND a.alert_id = b.alert_id WHERE a.user_id = ? AND a.reviewed = ? "
                            + "GROUP BY b.behaviour ORDER BY b.behaviour");
            return new UnreviewedSummary(total, cameras, behaviours);
        });
    }

    private static List<UnreviewedSummary.Count> counts(Connection c, String userId, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, userId);
            s.setBoolean(2, false);
            List<UnreviewedSummary.Count> counts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.add(new UnreviewedSummary.Count(rs.getString(1), rs.getLong(2)));
                }
            }
            return counts;
        }
    }

    @Override
    public long lastId(String userId) {
        return jdbc.run("reading the last alert id", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT last_id FROM alert_counters WHERE user_id = ?")) {
                s.setString(1, userId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public RetentionResult applyRetention(Instant olderThan, long maxSnapshotBytes) {
        long deleted = jdbc.transaction("deleting old alerts", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM alerts WHERE created_at_ms < ?")) {
                s.setLong(1, olderThan.toEpochMilli());
                return (long) s.executeUpdate();
            }
        });
        long total = jdbc.run("summing snapshot bytes", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(snapshot_bytes), 0) FROM alerts");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        long dropped = 0;
        long freed = 0;
        // Reviewed ones first, then unreviewed; oldest first within each. In batches, so the
        // database is never locked for long.
        while (total > maxSnapshotBytes) {
            long excess = total - maxSnapshotBytes;
            long[] batch = jdbc.transaction("dropping snapshots over budget", c -> {
                List<String> users = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                List<Long> sizes = new ArrayList<>();
                long planned = 0;
                try (PreparedStatement s = c.prepareStatement("SELECT user_id, alert_id, snapshot_bytes FROM alerts "
                        + "WHERE snapshot_bytes > 0 ORDER BY reviewed DESC, created_at_ms, alert_id LIMIT 200");
                     ResultSet rs = s.executeQuery()) {
                    while (planned < excess && rs.next()) {
                        users.add(rs.getString(1));
                        ids.add(rs.getLong(2));
                        sizes.add(rs.getLong(3));
                        planned += rs.getLong(3);
                    }
                }
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM alert_snapshots WHERE user_id = ? AND alert_id = ?");
                     PreparedStatement update = c.prepareStatement(
                             "UPDATE alerts SET snapshot_bytes = 0 WHERE user_id = ? AND alert_id = ?")) {
                    for (int i = 0; i < ids.size(); i++) {
                        delete.setString(1, users.get(i));
                        delete.setLong(2, ids.get(i));
                        delete.addBatch();
                        update.setString(1, users.get(i));
                        update.setLong(2, ids.get(i));
                        update.addBatch();
                    }
                    delete.executeBatch();
                    update.executeBatch();
                }
                return new long[] {ids.size(), planned};
            });
            if (batch[0] == 0) {
                break;
            }
            dropped += batch[0];
            freed += batch[1];
            total -= batch[1];
        }
        return new RetentionResult(deleted, dropped, freed, Math.max(0, total));
    }

    private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            switch (arg) {
                case String text -> s.setString(i + 1, text);
                case Long number -> s.setLong(i + 1, number);
                case Integer number -> s.setInt(i + 1, number);
                case Boolean flag -> s.setBoolean(i + 1, flag);
                default -> throw new IllegalArgumentException("unexpected argument " + arg);
            }
        }
    }

    static AlertRecord record(ResultSet rs) throws SQLException {
        return new AlertRecord(rs.getString("user_id"), rs.getLong("alert_id"), rs.getString("stream_id"),
                rs.getString("camera"), Instant.ofEpochMilli(rs.getLong("created_at_ms")), rs.getBoolean("reviewed"),
                rs.getString("message"), rs.getLong("snapshot_bytes"));
    }
}
