-- 询价单 (SQLite's 0007_inquiries.sql says what each table keeps).
-- A buyer who gave an email gets the private link in each notification: for
-- that only, the token itself is kept in mail_token (deleted with the contact details).
CREATE TABLE inquiry_submissions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    mail_token TEXT,
    created_at BIGINT NOT NULL
);
-- A sender's Idempotency-Key (its SHA-256), the SHA-256 of what it sent, and
-- the answer given, to give again to the same key for a day.
CREATE TABLE inquiry_requests (
    key_hash TEXT PRIMARY KEY,
    body_hash TEXT NOT NULL,
    answer TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE inquiries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL UNIQUE,
    submission_id BIGINT NOT NULL,
    supplier_id TEXT NOT NULL,
    supplier_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('new', 'answered', 'accepted', 'declined', 'closed', 'spam', 'withdrawn')),
    buyer_name TEXT,
    buyer_phone TEXT,
    buyer_wechat TEXT,
    buyer_email TEXT,
    buyer_company TEXT,
    ship_city TEXT,
    needed_by TEXT,
    message TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- The thread's entry (inquiry_events.id) the buyer last added, and the latest
    -- the factory had seen when it last opened the inquiry (NULL: never opened).
    buyer_seq BIGINT NOT NULL DEFAULT 0,
    read_seq BIGINT,
    first_answer_at BIGINT
);
CREATE INDEX inquiries_by_submission ON inquiries (submission_id);
CREATE INDEX inquiries_by_supplier ON inquiries (supplier_id, updated_at);
CREATE INDEX inquiries_by_time ON inquiries (updated_at);
-- What was asked, as the catalog had it when the buyer sent it.
CREATE TABLE inquiry_lines (
    inquiry_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    title TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    moq BIGINT NOT NULL,
    tier_price_fen BIGINT NOT NULL,
    target_price_fen BIGINT,
    note TEXT,
    PRIMARY KEY (inquiry_id, n)
);
-- The thread: messages, quotes, and the buyer's answers to them, in order.
CREATE TABLE inquiry_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inquiry_id BIGINT NOT NULL,
    at BIGINT NOT NULL,
    author TEXT NOT NULL CHECK (author IN ('buyer', 'factory')),
    kind TEXT NOT NULL CHECK (kind IN ('message', 'quote', 'accepted', 'declined', 'withdrawn')),
    text TEXT,
    -- A quote, or a counter-offer's lines, as JSON.
    detail TEXT,
    quote_number BIGINT
);
CREATE INDEX inquiry_events_by_inquiry ON inquiry_events (inquiry_id, id);
-- Submissions counted per client address and per contact (SHA-256 keys) in
-- the current hour, so that every replica agrees on the limits.
CREATE TABLE inquiry_rates (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    sent BIGINT NOT NULL
);
