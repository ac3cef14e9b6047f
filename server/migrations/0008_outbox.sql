-- Notifications (docs/inquiries.md), written in the same transaction as what
-- they tell, delivered from here by every replica in turn: claimed for a
-- while, retried with backoff, marked once delivered. An event's email and
-- webhook share its event_id, which receivers use to tell a repeat.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
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
