-- The alert log (PostgreSQL). Alert ids count per user and are never reused: the counter row
-- outlives every alert it numbered, so retention never brings an old id back. Taking the next id
-- locks the user's counter row, so several servers sharing the database number alike.
CREATE TABLE alert_counters (
    user_id TEXT PRIMARY KEY,
    last_id BIGINT NOT NULL
);

CREATE TABLE alerts (
    user_id        TEXT    NOT NULL,
    alert_id       BIGINT  NOT NULL,
    stream_id      TEXT    NOT NULL,
    camera         TEXT,
    created_at_ms  BIGINT  NOT NULL,
    reviewed       BOOLEAN NOT NULL DEFAULT FALSE,
    -- the anomaly_detected message as sent, without annotated_frame
    message        TEXT    NOT NULL,
    -- size of the stored snapshot, 0 once retention dropped it
    snapshot_bytes BIGINT  NOT NULL,
    PRIMARY KEY (user_id, alert_id)
);
CREATE INDEX alerts_created ON alerts (created_at_ms);
CREATE INDEX alerts_user_stream ON alerts (user_id, stream_id, alert_id);
CREATE INDEX alerts_user_camera ON alerts (user_id, camera, alert_id);

CREATE TABLE alert_behaviours (
    user_id   TEXT   NOT NULL,
    alert_id  BIGINT NOT NULL,
    behaviour TEXT   NOT NULL,
    PRIMARY KEY (user_id, alert_id, behaviour),
    FOREIGN KEY (user_id, alert_id) REFERENCES alerts (user_id, alert_id) ON DELETE CASCADE
);

-- Snapshots apart from the rows, so listing and counting never read the images.
CREATE TABLE alert_snapshots (
    user_id  TEXT   NOT NULL,
    alert_id BIGINT NOT NULL,
    jpeg     BYTEA  NOT NULL,
    PRIMARY KEY (user_id, alert_id),
    FOREIGN KEY (user_id, alert_id) REFERENCES alerts (user_id, alert_id) ON DELETE CASCADE
);
ALTER TABLE alert_snapshots ALTER COLUMN jpeg SET STORAGE EXTERNAL; -- JPEGs do not compress further
