//! Email over SMTP (lettre): plain text, UTF-8, from `--mail-from`.

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{SmtpTransport, Transport};

use super::Secret;

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    pub fn new(url: &Secret, from: &str) -> anyhow::Result<Mailer> {
        let transport = SmtpTransport::from_url(url.expose())
            .map_err(|e| anyhow::anyhow!("--smtp-url is not an SMTP URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("--mail-from is not an address: {e}"))?;
        Ok(Mailer { transport, from })
    }

    /// `Err` says why it was not delivered (never the recipient: it is the outbox's).
    pub fn send(&self, to: &str, subject: &str, text: &str) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|_| "not an address".to_owned())?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(text.to_owned())
            .map_err(|e| format!("cannot be written: {e}"))?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| format!("the SMTP server refused it: {e}"))
    }
}
