//! A webhook: the event's JSON POSTed to the site owner's URL, signed with
//! `X-Beltmart-Signature: sha256=<hex HMAC-SHA256 of the body>` (the body as
//! sent, byte for byte), and named by `X-Beltmart-Event` so that a receiver
//! can tell a repeat.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Secret;

pub struct Webhook {
    url: String,
    secret: Option<Secret>,
    agent: ureq::Agent,
}

impl Webhook {
    pub fn new(url: String, secret: Option<Secret>) -> Webhook {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent("beltmart-server webhook")
            .build()
            .into();
        Webhook { url, secret, agent }
    }

    /// `Err` says why it was not delivered (for the outbox's `last_error`).
    pub fn post(&self, event_id: &str, body: &str) -> Result<(), String> {
        let mut request = self
            .agent
            .post(&self.url)
            .header("content-type", "application/json")
            .header("x-beltmart-event", event_id);
        if let Some(secret) = &self.secret {
            request = request.header("x-beltmart-signature", signature(secret, body.as_bytes()));
        }
        let response = request.send(body).map_err(|e| format!("no answer: {e}"))?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            status => Err(format!("answered {status}")),
        }
    }
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &Secret, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2.
        let secret: Secret = "Jefe".parse().unwrap();
        assert_eq!(
            signature(&secret, b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
