package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;


/**
 * {@link DeliveryStore} in SQL that SQLite and PostgreSQL both speak (its tables: V30 of each
 * dialect's migrations; it reads the alert log's tables of V1). Every call is one short statement
 * (or one transaction) on a pooled connection of the store's {@link Database}.
 */
public final class JdbcDeliveryStore implements DeliveryStore {
    private static final String WEBHOOK_COLUMNS = "w.id, w.user_id, w.url, w.secret, w.behaviours, w.created_at, "
            + "w.active, s.last_success, s.last_error_at, s.last_error, s.failures";
    private static final String WEBHOOK_FROM = " FROM webhook w LEFT JOIN webhook_status s ON s.webhook_id = w.id";

    private final Jdbc jdbc;

    public JdbcDeliveryStore(Database database) {
        this.jdbc = new Jdbc(database.dataSource());
    }

    @Override
    public List<AlertRecord> alertsAfter(String userId, long afterId, int limit) {
        return jdbc.run("delivery store", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + JdbcAlertStore.COLUMNS
                    + " FROM alerts a WHERE a.user_id = ? AND a.alert_id > ? ORDER BY a.alert_id LIMIT ?")) {
                select.setString(1, userId);
                select.setLong(2, afterId);
                select.setInt(3, limit);
                List<AlertRecord> alerts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        alerts.add(JdbcAlertStore.record(rows));
                    }
                }
                return alerts;
            }
        });
    }

    @Override
    public long countAlertsAfter(String userId, long afterId) {
        return jdbc.run("delivery store", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT COUNT(*) FROM alerts WHERE user_id = ? AND alert_id > ?")) {
                select.setString(1, userId);
                select.setLong(2, afterId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public List<String> alertUsers() {
        return jdbc.run("delivery store", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT user_id FROM alert_counters ORDER BY user_id");
                 ResultSet rows = select.executeQuery()) {
                List<String> users = new ArrayList<>();
                while (rows.next()) {
                    users.add(rows.getString(1));
                }
                return users;
            }
        });
    }

    @Override
    public OptionalLong cursor(String name) {
        return jdbc.run("delivery store", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT alert_id FROM delivery_cursor WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
                }
            }
        });
    }

    @Override
    public void saveCursor(String name, long alertId) {
        jdbc.run("delivery store", c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO delivery_cursor (name, alert_id, updated_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET alert_id = excluded.alert_id,"
                    + " updated_at = excluded.updated_at")) {
                upsert.setString(1, name);
                upsert.setLong(2, alertId);
                upsert.setLong(3, System.currentTimeMillis());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void deleteCursor(String name) {
        update("DELETE FROM delivery_cursor WHERE name = ?", name);
    }

    @Override
    public Webhook addWebhook(String userId, String url, String secret, List<String> behaviours) {
        long now = System.currentTimeMillis();
        long id = jdbc.transaction("delivery store", c -> {
            long hookId;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO webhook (user_id, url, secret, behaviours,"
                    + " created_at, active) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                insert.setString(1, userId);
                insert.setString(2, url);
                if (secret == null) {
                    insert.setNull(3, Types.VARCHAR);
                } else {
                    insert.setString(3, secret);
                }
                insert.setString(4, String.join(",", behaviours));
                insert.setLong(5, now);
                insert.setBoolean(6, true);
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    hookId = rows.getLong(1);
                }
            }
            try (PreparedStatement status = c.prepareStatement(
                    "INSERT INTO webhook_status (webhook_id, failures) VALUES (?, 0)")) {
                status.setLong(1, hookId);
                status.executeUpdate();
            }
            return hookId;
        });
        return webhook(id).orElseThrow();
    }

    @Override
    public List<Webhook> webhooks(String userId) {
        return webhookQuery(" WHERE w.user_id = ? ORDER BY w.id", userId);
    }

    @Override
    public List<Webhook> activeWebhooks() {
        return webhookQuery(" WHERE w.active = ? ORDER BY w.id", true);
    }

    @Override
    public Optional<Webhook> webhook(long id) {
        return webhookQuery(" WHERE w.id = ?", id).stream().findFirst();
    }

    @Override
    public boolean deleteWebhook(String userId, long id) {
        return jdbc.transaction("delivery store", c -> {
            try (PreparedStatement status = c.prepareStatement("DELETE FROM webhook_status WHERE webhook_id IN"
                    + " (SELECT id FROM webhook WHERE id = ? AND user_id = ?)");
                 PreparedStatement hook = c.prepareStatement("DELETE FROM webhook WHERE id = ? AND user_id = ?")) {
                status.setLong(1, id);
                status.setString(2, userId);
                status.executeUpdate();
                hook.setLong(1, id);
                hook.setString(2, userId);
                return hook.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void webhookSucceeded(long id, Instant at) {
        update("UPDATE webhook_status SET last_success = ? WHERE webhook_id = ?", at.toEpochMilli(), id);
    }

    @Override
    public void webhookFailed(long id, Instant at, String error) {
        update("UPDATE webhook_status SET last_error_at = ?, last_error = ?, failures = failures + 1"
                + " WHERE webhook_id = ?", at.toEpochMilli(), truncate(error), id);
    }

    @Override
    public void deactivateWebhook(long id, Instant at, String reason) {
        jdbc.transaction("delivery store", c -> {
            try (PreparedStatement hook = c.prepareStatement("UPDATE webhook SET active = ? WHERE id = ?")) {
                hook.setBoolean(1, false);
                hook.setLong(2, id);
                hook.executeUpdate();
            }
            try (PreparedStatement status = c.prepareStatement("UPDATE webhook_status SET last_error_at = ?,"
                    + " last_error = ?, failures = failures + 1 WHERE webhook_id = ?")) {
                status.setLong(1, at.toEpochMilli());
                status.setString(2, truncate(reason));
                status.setLong(3, id);
                return status.executeUpdate();
            }
        });
    }

    @Override
    public PushSubscription addPushSubscription(String userId, String endpoint, String p256dh, String auth) {
        jdbc.run("delivery store", c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO push_subscription (user_id, endpoint,"
                    + " p256dh, auth, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET"
                    + " user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth")) {
                upsert.setString(1, userId);
                upsert.setString(2, endpoint);
                upsert.setString(3, p256dh);
                upsert.setString(4, auth);
                upsert.setLong(5, System.currentTimeMillis());
                return upsert.executeUpdate();
            }
        });
        return pushSubscription(userId, endpoint).orElseThrow();
    }

    @Override
    public List<PushSubscription> pushSubscriptions() {
        return pushQuery(" ORDER BY id");
    }

    @Override
    public Optional<PushSubscription> pushSubscription(String userId, String endpoint) {
        return pushQuery(" WHERE user_id = ? AND endpoint = ?", userId, endpoint).stream().findFirst();
    }

    @Override
    public boolean deletePushSubscription(long id) {
        return update("DELETE FROM push_subscription WHERE id = ?", id) > 0;
    }

    private List<Webhook> webhookQuery(String where, Object... parameters) {
        return jdbc.run("delivery store", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + WEBHOOK_COLUMNS + WEBHOOK_FROM + where)) {
                bind(select, parameters);
                List<Webhook> hooks = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String behaviours = rows.getString(5);
                        hooks.add(new Webhook(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4),
                                behaviours.isEmpty() ? List.of() : Arrays.asList(behaviours.split(",")),
                                Instant.ofEpochMilli(rows.getLong(6)), rows.getBoolean(7),
                                instant(rows, 8), instant(rows, 9), rows.getString(10), rows.getLong(11)));
                    }
                }
                return hooks;
            }
        });
    }

    private List<PushSubscription> pushQuery(String where, Object... parameters) {
        return jdbc.run("delivery store", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, user_id, endpoint, p256dh, auth, created_at"
                    + " FROM push_subscription" + where)) {
                bind(select, parameters);
                List<PushSubscription> subscriptions = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        subscriptions.add(new PushSubscription(rows.getLong(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getString(5), Instant.ofEpochMilli(rows.getLong(6))));
                    }
                }
                return subscriptions;
            }
        });
    }

    private int update(String sql, Object... parameters) {
        return jdbc.run("delivery store", c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                bind(statement, parameters);
                return statement.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            switch (parameters[i]) {
                case String s -> statement.setString(i + 1, s);
                case Long l -> statement.setLong(i + 1, l);
                case Boolean b -> statement.setBoolean(i + 1, b);
                default -> throw new IllegalArgumentException("cannot bind " + parameters[i]);
            }
        }
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1024 ? text : text.substring(0, 1024);
    }
}
