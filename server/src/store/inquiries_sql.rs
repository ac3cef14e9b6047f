//! The statements of 询价单 (server/src/inquiries/), in the SQL both stores
//! share; the tables are in the migrations `server/migrations/0007_inquiries.sql` (SQLite) and
//! `server/migrations/postgres/0006_inquiries.sql`. As everywhere (store/records/), each `$N`
//! first appears in the order of its number.

/// Takes an `Idempotency-Key` for this request; no row back: another request has it.
pub const CLAIM_REQUEST: &str =
    "INSERT INTO inquiry_requests (key_hash, body_hash, answer, created_at)
     VALUES ($1, $2, '', $3) ON CONFLICT (key_hash) DO NOTHING RETURNING key_hash";
pub const REQUEST_ANSWER: &str =
    "SELECT body_hash, answer FROM inquiry_requests WHERE key_hash = $1";
pub const SET_REQUEST_ANSWER: &str = "UPDATE inquiry_requests SET answer = $1 WHERE key_hash = $2";
pub const FORGET_REQUESTS: &str = "DELETE FROM inquiry_requests WHERE created_at < $1";

pub const INSERT_SUBMISSION: &str = "INSERT INTO inquiry_submissions (token_hash, mail_token,
     created_at) VALUES ($1, $2, $3) RETURNING id";

pub const INSERT_INQUIRY: &str = "INSERT INTO inquiries (public_id, reference, submission_id,
     supplier_id, supplier_name, status, buyer_name, buyer_phone, buyer_wechat, buyer_email,
     buyer_company, ship_city, needed_by, message, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'new', $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
     ON CONFLICT DO NOTHING RETURNING id";

pub const INSERT_LINE: &str = "INSERT INTO inquiry_lines (inquiry_id, n, product_id, title, unit,
     quantity, moq, tier_price_fen, target_price_fen, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// An inquiry's columns, in the order `Stored::read` takes them.
const COLUMNS: &str = "i.id, i.public_id, i.reference, i.supplier_id, i.supplier_name, i.status,
     i.buyer_name, i.buyer_phone, i.buyer_wechat, i.buyer_email, i.buyer_company, i.ship_city,
     i.needed_by, i.message, i.created_at, i.updated_at, i.buyer_seq, i.read_seq";

pub fn of_submission() -> String {
    format!(
        "SELECT {COLUMNS} FROM inquiries i JOIN inquiry_submissions s ON s.id = i.submission_id
         WHERE s.token_hash = $1 ORDER BY i.id"
    )
}

pub fn by_public_id() -> String {
    format!("SELECT {COLUMNS} FROM inquiries i WHERE i.public_id = $1")
}

/// (PostgreSQL cannot tell a parameter's type from `$1 IS NULL` alone: hence the casts.)
/// A page of an inbox: `$1` a supplier id or NULL (all), `$2` a status or
/// NULL, `$3` a lowercase LIKE pattern or NULL, `$4` the rows to take, `$5` to skip.
pub fn inbox() -> String {
    format!(
        "SELECT {COLUMNS} FROM inquiries i
         WHERE (CAST($1 AS TEXT) IS NULL OR i.supplier_id = $1) AND (CAST($2 AS TEXT) IS NULL OR i.status = $2)
           AND (CAST($3 AS TEXT) IS NULL OR lower(i.reference) LIKE $3 OR lower(i.buyer_name) LIKE $3
                OR lower(i.buyer_company) LIKE $3 OR EXISTS (SELECT 1 FROM inquiry_lines l
                    WHERE l.inquiry_id = i.id AND (lower(l.title) LIKE $3 OR l.product_id LIKE $3)))
         ORDER BY i.updated_at DESC, i.id DESC LIMIT $4 OFFSET $5"
    )
}

/// Per status, of a supplier (`$1`) or all (NULL).
pub const STATUS_COUNTS: &str = "SELECT status, count(*) FROM inquiries
     WHERE (CAST($1 AS TEXT) IS NULL OR supplier_id = $1) GROUP BY status";
pub const UNREAD_COUNT: &str = "SELECT count(*) FROM inquiries
     WHERE (CAST($1 AS TEXT) IS NULL OR supplier_id = $1) AND status <> 'spam'
       AND (read_seq IS NULL OR read_seq < buyer_seq)";

pub const LINES_OF: &str = "SELECT product_id, title, unit, quantity, moq, tier_price_fen,
     target_price_fen, note FROM inquiry_lines WHERE inquiry_id = $1 ORDER BY n";
pub const FIRST_TITLE_AND_LINES: &str = "SELECT
     (SELECT title FROM inquiry_lines WHERE inquiry_id = $1 AND n = 0),
     (SELECT count(*) FROM inquiry_lines WHERE inquiry_id = $1)";
pub const EVENTS_OF: &str = "SELECT at, author, kind, text, detail, quote_number
     FROM inquiry_events WHERE inquiry_id = $1 ORDER BY id";
pub const INSERT_EVENT: &str = "INSERT INTO inquiry_events
     (inquiry_id, at, author, kind, text, detail, quote_number)
     VALUES ($1, $2, $3, $4, $5, $6, $7)";
pub const LAST_QUOTE: &str = "SELECT max(quote_number) FROM inquiry_events
     WHERE inquiry_id = $1 AND kind = 'quote'";

pub const SET_STATUS: &str = "UPDATE inquiries SET status = $1, updated_at = $2 WHERE id = $3";
/// The thread's latest entry, to tell what a factory has read (times of one second cannot).
const LATEST: &str =
    "(SELECT coalesce(max(e.id), 0) FROM inquiry_events e WHERE e.inquiry_id = inquiries.id)";
/// The buyer added to the thread: the factory has something unread.
pub fn buyer_wrote() -> String {
    format!("UPDATE inquiries SET buyer_seq = {LATEST}, updated_at = $1 WHERE id = $2")
}
/// The factory wrote (and so has read all): its first answer's time is kept, for its answer rate.
pub fn factory_wrote() -> String {
    format!(
        "UPDATE inquiries SET status = $1, updated_at = $2, read_seq = {LATEST},
         first_answer_at = coalesce(first_answer_at, $2) WHERE id = $3"
    )
}
pub fn mark_read() -> String {
    format!("UPDATE inquiries SET read_seq = {LATEST} WHERE id = $1")
}
/// Withdrawn: the buyer's contact and words go; what was asked stays for the factory's records.
pub const FORGET_BUYER: &str = "UPDATE inquiries SET buyer_name = NULL, buyer_phone = NULL,
     buyer_wechat = NULL, buyer_email = NULL, buyer_company = NULL, message = NULL WHERE id = $1";
/// The retention period passed: contact details of inquiries created before `$1` go.
pub const FORGET_OLD_BUYERS: &str = "UPDATE inquiries SET buyer_name = NULL,
     buyer_phone = NULL, buyer_wechat = NULL, buyer_email = NULL, buyer_company = NULL,
     message = NULL WHERE created_at < $1 AND buyer_name IS NOT NULL";

/// The emails of a supplier's factory accounts that may sign in.
pub const FACTORY_EMAILS: &str = "SELECT email FROM accounts
     WHERE role = 'factory' AND supplier_id = $1 AND NOT disabled ORDER BY email";
/// The buyer's email on an inquiry, and the link's token kept for emails.
pub const BUYER_MAIL: &str = "SELECT i.buyer_email, s.mail_token FROM inquiries i
     JOIN inquiry_submissions s ON s.id = i.submission_id WHERE i.id = $1";
/// Once no inquiry of the submission keeps an email, neither does the link's token.
pub const FORGET_MAIL_TOKEN: &str = "UPDATE inquiry_submissions SET mail_token = NULL
     WHERE id = (SELECT submission_id FROM inquiries WHERE id = $1)
       AND NOT EXISTS (SELECT 1 FROM inquiries o
                       WHERE o.submission_id = inquiry_submissions.id AND o.buyer_email IS NOT NULL)";
pub const FORGET_OLD_MAIL_TOKENS: &str = "UPDATE inquiry_submissions SET mail_token = NULL WHERE created_at < $1 AND mail_token IS NOT NULL";

/// Each factory's inquiries sent between `$1` and `$2`, with when each was first answered.
pub const ANSWER_TIMES: &str = "SELECT supplier_id, created_at, first_answer_at FROM inquiries
     WHERE created_at >= $1 AND created_at < $2 AND status <> 'spam'";

/// Submissions counted against a key in its window.
pub const COUNT_RATE: &str =
    "INSERT INTO inquiry_rates (key, window_start, sent) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       sent = CASE WHEN inquiry_rates.window_start = $2 THEN inquiry_rates.sent + 1 ELSE 1 END,
       window_start = $2
     RETURNING sent";
pub const FORGET_RATES: &str = "DELETE FROM inquiry_rates WHERE window_start < $1";
