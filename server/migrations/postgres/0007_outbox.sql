-- Notifications (SQLite's 0008_outbox.sql says what each column keeps).
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    -- An email address; empty for the webhook.
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The email's text, or the webhook's JSON.
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_at BIGINT NOT NULL,
    claimed_until BIGINT,
    delivered_at BIGINT,
    -- Given up after too many attempts.
    failed_at BIGINT,
    last_error TEXT,
    UNIQUE (event_id, channel, recipient)
);
CREATE INDEX outbox_due ON outbox (next_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
