-- Who may sign in to the console: the site's owners, and factories, each bound
-- to one supplier. An email is kept lowercased; the password only as its
-- argon2id hash, NULL until the person sets it through a one-time link.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'factory')),
    supplier_id TEXT,
    password_hash TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL,
    CHECK ((role = 'factory') = (supplier_id IS NOT NULL))
);
-- One-time links to set a password: only the SHA-256 of the token is kept.
CREATE TABLE setup_links (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX setup_links_by_account ON setup_links (account_id);
-- Signed-in sessions: only the SHA-256 of the cookie's value is kept, and which
-- browser on which system (no address).
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    client TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);
-- Failed sign-ins, counted per email, per client address and per both; each
-- key is a SHA-256, and a row goes once its window has passed.
CREATE TABLE sign_in_failures (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_at BIGINT NOT NULL
);
-- Who did what, when: appended to, never changed.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
