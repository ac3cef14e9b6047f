//! Notifications of 询价单, delivered from the store's outbox by a thread of
//! every replica: claimed for a while (so two replicas never hold the same
//! one), sent by email (SMTP) or webhook (a signed JSON POST), marked
//! delivered, or retried with backoff when the receiver is down. Delivery is
//! at least once: a replica killed between sending and marking sends again
//! after the claim lapses, with the same event id for the receiver to tell.

mod deliver;
mod mail;
mod secret;
mod webhook;

pub use deliver::{Deliverer, spawn};
pub use secret::Secret;

/// Where notifications go, as configured; either may be absent.
#[derive(Clone, Debug, Default)]
pub struct Channels {
    /// `smtp://host:port`, `smtps://user:password@host` (TLS) or `smtp://…?tls=required` (STARTTLS).
    pub smtp_url: Option<Secret>,
    /// The sender: `Beltmart <noreply@example.com>`.
    pub mail_from: Option<String>,
    pub webhook_url: Option<String>,
    /// The key of `X-Beltmart-Signature`.
    pub webhook_secret: Option<Secret>,
}

impl Channels {
    pub fn email(&self) -> bool {
        self.smtp_url.is_some() && self.mail_from.is_some()
    }

    pub fn webhook(&self) -> bool {
        self.webhook_url.is_some()
    }
}
