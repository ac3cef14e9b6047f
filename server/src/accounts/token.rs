//! The random values behind session cookies and setup links: 256 bits from the
//! operating system, sent as base64url, kept in the store only as a SHA-256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A token's length as sent: 32 bytes in base64url without padding.
pub const TOKEN_CHARS: usize = 43;

/// A new token, to hand out once.
pub fn new_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("no randomness: {err}"))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// What the store keeps of a token (or of any other value looked up by it).
pub fn digest(value: &str) -> String {
    let hash = Sha256::digest(value.as_bytes());
    hash.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Whether a value could be one of our tokens: anything else is not looked up.
pub fn is_token(value: &str) -> bool {
    value.len() == TOKEN_CHARS
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_new_each_time_and_kept_only_as_digests() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_ne!(a, b);
        assert!(is_token(&a) && is_token(&b), "{a} {b}");
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), a);
        assert!(!is_token("short"));
        assert!(!is_token(&format!("{}!", &a[1..])));
    }
}
