//! Real receivers for the server's notifications, written for the tests: an
//! SMTP server that speaks enough of RFC 5321 for a client to deliver, and an
//! HTTP server for webhooks that can refuse its first requests (a receiver
//! that is down). Each keeps what it was sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One email as the SMTP server got it.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: Vec<String>,
    /// The message as sent (headers and body), with dot-stuffing undone.
    pub data: String,
}

impl Mail {
    /// The body as text, its transfer encoding (base64 or quoted-printable) undone.
    pub fn text(&self) -> String {
        let (head, body) = self.data.split_once("\n\n").unwrap_or((&self.data, ""));
        let head = head.to_ascii_lowercase();
        if head.contains("content-transfer-encoding: base64") {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap();
            return String::from_utf8(bytes).unwrap();
        }
        if head.contains("content-transfer-encoding: quoted-printable") {
            return unquote(body);
        }
        body.to_owned()
    }
}

fn unquote(body: &str) -> String {
    let joined = body.replace("=\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        match (first, tail) {
            (b'=', [a, b, more @ ..]) => {
                let hex = std::str::from_utf8(&[*a, *b]).unwrap().to_owned();
                bytes.push(u8::from_str_radix(&hex, 16).unwrap());
                rest = more;
            }
            _ => {
                bytes.push(first);
                rest = tail;
            }
        }
    }
    String::from_utf8(bytes).unwrap()
}

pub struct SmtpReceiver {
    pub port: u16,
    pub mails: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpReceiver {
    pub fn start() -> SmtpReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = mails.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let kept = kept.clone();
                std::thread::spawn(move || {
                    let _ = converse(stream, &kept);
                });
            }
        });
        SmtpReceiver { port, mails }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Waits until `count` emails arrived (at most `within`), and returns them all.
    pub fn wait_for(&self, count: usize, within: Duration) -> Vec<Mail> {
        wait(within, || {
            let mails = self.mails.lock().unwrap().clone();
            (mails.len() >= count).then_some(mails)
        })
    }
}

fn converse(stream: TcpStream, kept: &Mutex<Vec<Mail>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 receiver.test ESMTP\r\n")?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250 receiver.test\r\n"
        } else if command.starts_with("RCPT TO:") {
            let address = line.trim_end()[8..]
                .trim()
                .trim_matches(['<', '>'])
                .to_owned();
            to.push(address);
            b"250 OK\r\n"
        } else if command == "DATA" {
            out.write_all(b"354 go on\r\n")?;
            let data = read_data(&mut lines)?;
            kept.lock().unwrap().push(Mail {
                to: std::mem::take(&mut to),
                data,
            });
            b"250 OK queued\r\n"
        } else if command == "QUIT" {
            out.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            b"250 OK\r\n"
        };
        out.write_all(reply)?;
    }
}

fn read_data(lines: &mut BufReader<TcpStream>) -> std::io::Result<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        lines.read_line(&mut line)?;
        let text = line.trim_end_matches(['\r', '\n']);
        if text == "." {
            return Ok(data);
        }
        data.push_str(text.strip_prefix('.').unwrap_or(text));
        data.push('\n');
    }
}

/// One webhook request.
#[derive(Clone, Debug)]
pub struct Hook {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// What the receiver answered.
    pub status: u16,
}

impl Hook {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct WebhookReceiver {
    pub port: u16,
    pub hooks: Arc<Mutex<Vec<Hook>>>,
}

impl WebhookReceiver {
    /// Answers 503 to its first `refuse` requests, then 200.
    pub fn start(refuse: usize) -> WebhookReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hooks = Arc::new(Mutex::new(Vec::new()));
        let kept = hooks.clone();
        let seen = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let status = match seen.fetch_add(1, Ordering::SeqCst) < refuse {
                    true => 503,
                    false => 200,
                };
                if let Ok(hook) = receive(stream, status) {
                    kept.lock().unwrap().push(hook);
                }
            }
        });
        WebhookReceiver { port, hooks }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/beltmart", self.port)
    }

    /// Waits until `count` requests were answered 200 (at most `within`); all requests so far.
    pub fn wait_for(&self, count: usize, within: Duration) -> Vec<Hook> {
        wait(within, || {
            let hooks = self.hooks.lock().unwrap().clone();
            (hooks.iter().filter(|h| h.status == 200).count() >= count).then_some(hooks)
        })
    }
}

fn receive(stream: TcpStream, status: u16) -> std::io::Result<Hook> {
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let text = line.trim_end();
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let reason = if status == 200 {
        "OK"
    } else {
        "Service Unavailable"
    };
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    )?;
    Ok(Hook {
        headers,
        body,
        status,
    })
}

fn wait<T>(within: Duration, mut done: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = done() {
            return value;
        }
        assert!(
            started.elapsed() < within,
            "nothing arrived within {within:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
