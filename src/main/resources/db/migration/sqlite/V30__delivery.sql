-- Delivery channels (issue 13): each target's cursor, the webhooks with their status, the
-- Web Push subscriptions. Times are milliseconds since the epoch.
CREATE TABLE delivery_cursor (
    name       VARCHAR(200) PRIMARY KEY,   -- "mqtt", "webhook:<id>", "webpush:<id>"
    alert_id   BIGINT       NOT NULL,      -- the last alert this target is done with
    updated_at BIGINT       NOT NULL
);

CREATE TABLE webhook (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    VARCHAR(128)  NOT NULL,
    url        VARCHAR(2048) NOT NULL,
    secret     VARCHAR(256),
    behaviours VARCHAR(512)  NOT NULL,     -- comma separated; empty = every behaviour
    created_at BIGINT        NOT NULL,
    active     BOOLEAN       NOT NULL
);
CREATE INDEX webhook_user ON webhook (user_id);

CREATE TABLE webhook_status (
    webhook_id    BIGINT PRIMARY KEY REFERENCES webhook (id) ON DELETE CASCADE,
    last_success  BIGINT,
    last_error_at BIGINT,
    last_error    VARCHAR(1024),
    failures      BIGINT NOT NULL
);

CREATE TABLE push_subscription (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    VARCHAR(128)  NOT NULL,
    endpoint   VARCHAR(2048) NOT NULL UNIQUE,
    p256dh     VARCHAR(256)  NOT NULL,
    auth       VARCHAR(64)   NOT NULL,
    created_at BIGINT        NOT NULL
);
CREATE INDEX push_subscription_user ON push_subscription (user_id);
