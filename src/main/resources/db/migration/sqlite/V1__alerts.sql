-- The alert log (SQLite). Alert ids count per user and are never reused: the counter row
-- outlives every alert it numbered, so retention never brings an old id back.
CREATE TABLE alert_counters (
    user_id TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);

CREATE TABLE alerts (
    user_id        TEXT    NOT NULL,
    alert_id       INTEGER NOT NULL,
    stream_id      TEXT    NOT NULL,
    camera         TEXT,
    created_at_ms  INTEGER NOT NULL,
    reviewed       INTEGER NOT NULL DEFAULT 0,
    -- the anomaly_detected message as sent, without annotated_frame
    message        TEXT    NOT NULL,
    -- size of the stored snapshot, 0 once retention dropped it
    snapshot_bytes INTEGER NOT NULL,
    PRIMARY KEY (user_id, alert_id)
);
CREATE INDEX alerts_created ON alerts (created_at_ms);
CREATE INDEX alerts_user_stream ON alerts (user_id, stream_id, alert_id);
CREATE INDEX alerts_user_camera ON alerts (user_id, camera, alert_id);

CREATE TABLE alert_behaviours (
    user_id   TEXT    NOT NULL,
    alert_id  INTEGER NOT NULL,
    behaviour TEXT    NOT NULL,
    PRIMARY KEY (user_id, alert_id, behaviour),
    FOREIGN KEY (user_id, alert_id) REFERENCES alerts (user_id, alert_id) ON DELETE CASCADE
);

-- Snapshots apart from the rows, so listing and counting never read the images.
CREATE TABLE alert_snapshots (
    user_id  TEXT    NOT NULL,
    alert_id INTEGER NOT NULL,
    jpeg     BLOB    NOT NULL,
    PRIMARY KEY (user_id, alert_id),
    FOREIGN KEY (user_id, alert_id) REFERENCES alerts (user_id, alert_id) ON DELETE CASCADE
);
