//! The outbox's statements (server/src/notify/, server/src/inquiries/notices.rs);
//! the table is in `server/migrations/0008_outbox.sql` and
//! `server/migrations/postgres/0007_outbox.sql`.

/// One notification, written in the transaction of what it tells; a repeat of
/// the same event to the same recipient is no new row.
pub const ENQUEUE: &str = "INSERT INTO outbox
     (event_id, channel, recipient, subject, body, created_at, next_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT DO NOTHING";

/// Claims up to `$3` due notifications until `$1` (now is `$2`). The outer
/// conditions are checked again on a row another replica claimed meanwhile
/// (PostgreSQL re-reads it), so no two replicas hold the same one.
pub const CLAIM: &str = "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
     WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= $2
       AND (claimed_until IS NULL OR claimed_until < $2)
       AND id IN (SELECT id FROM outbox
                  WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= $2
                    AND (claimed_until IS NULL OR claimed_until < $2)
                  ORDER BY id LIMIT $3)
     RETURNING id, event_id, channel, recipient, subject, body, attempts";

/// Delivered: what it said is not kept (an email may carry a buyer's link).
pub const DELIVERED: &str = "UPDATE outbox SET delivered_at = $1, claimed_until = NULL,
     last_error = NULL, body = '' WHERE id = $2";
pub const RETRY: &str = "UPDATE outbox SET next_at = $1, claimed_until = NULL, last_error = $2
     WHERE id = $3";
pub const GIVE_UP: &str = "UPDATE outbox SET failed_at = $1, claimed_until = NULL,
     last_error = $2, body = '' WHERE id = $3";
/// Rows of what was settled long ago.
pub const FORGET_SETTLED: &str = "DELETE FROM outbox
     WHERE (delivered_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < $1";
/// Waiting, and given up (for the metrics).
pub const PENDING: &str = "SELECT
     (SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL),
     (SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL)";
