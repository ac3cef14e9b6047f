//! A site for the console's tests: a store with the example catalog, a
//! server on it, accounts added as the README says, and the session cookie
//! handled by hand, so that each test sees exactly what a browser would send.

use std::process::{Command, Output};

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::header::{self, HeaderMap};
use serde_json::{Value, json};

use super::ServerProcess;
use super::store::{Store, TestDb};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
pub const PASSWORD: &str = "袜子厂 2026 spring";

/// A store with the example catalog, and a server on it.
pub struct Site {
    pub db: TestDb,
    pub server: ServerProcess,
}

impl Site {
    pub fn new(store: Store, flags: &[&str]) -> Site {
        Site::with_log(store, flags, "")
    }

    pub fn with_log(store: Store, flags: &[&str], shell: &str) -> Site {
        let db = TestDb::new(store);
        let imported = cli(
            &db,
            &[
                "import",
                "--suppliers",
                &format!("{EXAMPLES}/suppliers.jsonl"),
                &format!("{EXAMPLES}/catalog.jsonl"),
            ],
            "",
        );
        assert!(imported.status.success(), "{}", said(&imported));
        let server = ServerProcess::start_in_shell(shell, &db.db, flags);
        Site { db, server }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    /// Adds an account as the README says; the token of the link it prints.
    pub fn invite(&self, email: &str, role: &str, supplier: Option<&str>) -> String {
        let mut args = vec!["user", "add", "--email", email, "--role", role];
        args.extend(supplier.map(|s| ["--supplier", s]).into_iter().flatten());
        let added = cli(&self.db, &args, "");
        assert!(added.status.success(), "{}", said(&added));
        let out = said(&added);
        let link = out
            .lines()
            .find(|l| l.contains("/console/setup#"))
            .expect(&out);
        link.rsplit('#').next().unwrap().trim().to_owned()
    }

    /// An account with its password set directly (`--password-stdin`):
    /// a factory's of `supplier`, or else an owner's.
    pub fn account(&self, email: &str, supplier: Option<&str>) {
        let mut args = vec!["user", "add", "--email", email, "--password-stdin"];
        match supplier {
            Some(id) => args.extend(["--role", "factory", "--supplier", id]),
            None => args.extend(["--role", "owner"]),
        }
        let added = cli(&self.db, &args, PASSWORD);
        assert!(added.status.success(), "{}", said(&added));
    }

    pub fn sign_in(&self, email: &str, password: &str) -> Response {
        self.sign_in_from(&Client::new(), email, password)
    }

    pub fn sign_in_from(&self, client: &Client, email: &str, password: &str) -> Response {
        let body = json!({ "email": email, "password": password });
        client
            .post(self.url("/api/v1/session"))
            .json(&body)
            .send()
            .unwrap()
    }

    /// GET /api/v1/session with `cookie`.
    pub fn who(&self, cookie: &str) -> (StatusCode, Value) {
        let response = Client::new()
            .get(self.url("/api/v1/session"))
            .header(header::COOKIE, cookie)
            .send()
            .unwrap();
        (response.status(), response.json().unwrap())
    }

    pub fn audit(&self) -> i64 {
        self.db.count("SELECT count(*) FROM audit_log")
    }
}

pub fn cli(db: &TestDb, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_beltmart-server"))
        .args(args)
        .arg("--db")
        .arg(&db.db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{stdin}").unwrap();
    child.wait_with_output().unwrap()
}

pub fn said(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The session cookie a response sets, as a `Cookie` header would send it back.
pub fn cookie_of(response: &Response) -> String {
    set_cookie(response.headers())
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

pub fn set_cookie(headers: &HeaderMap) -> String {
    headers[header::SET_COOKIE].to_str().unwrap().to_owned()
}

pub fn error_code(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let body: Value = response.json().unwrap();
    (status, body["error"]["code"].as_str().unwrap().to_owned())
}
