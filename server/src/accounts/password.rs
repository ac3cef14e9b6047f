//! Passwords: what a new one must be (NIST SP 800-63B: long enough, not a
//! common one, no composition rules), and argon2id with OWASP's parameters
//! (19 MiB, 2 passes, 1 lane: the crate's defaults) to keep it.

use std::collections::HashSet;
use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_CHARS: usize = 10;
/// Hashing is the costly part of a sign-in; a longer "password" is someone
/// trying to make it costlier.
pub const MAX_BYTES: usize = 1024;

const COMMON: &str = include_str!("../../data/accounts/common-passwords.txt");

static COMMON_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    COMMON
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// Why a new password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weak {
    TooShort,
    TooLong,
    Common,
    /// The account's email, or the part before its `@`.
    IsTheEmail,
}

impl Weak {
    pub fn explain(self) -> String {
        match self {
            Weak::TooShort => format!("the password needs at least {MIN_CHARS} characters"),
            Weak::TooLong => format!("the password may have at most {MAX_BYTES} bytes"),
            Weak::Common => "the password is one of the most common ones; choose another".into(),
            Weak::IsTheEmail => "the password may not be the email address".into(),
        }
    }
}

/// Whether `password` may be the password of the account at `email`.
pub fn check_new(password: &str, email: &str) -> Result<(), Weak> {
    if password.len() > MAX_BYTES {
        return Err(Weak::TooLong);
    }
    if password.chars().count() < MIN_CHARS {
        return Err(Weak::TooShort);
    }
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or(email);
    if lower == email || lower == local {
        return Err(Weak::IsTheEmail);
    }
    if COMMON_SET.contains(lower.as_str()) {
        return Err(Weak::Common);
    }
    Ok(())
}

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// The PHC string kept for `password` (`$argon2id$v=19$m=19456,t=2,p=1$…`), with a new salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let hashed = argon2()
        .hash_password(password.as_bytes())
        .map_err(|err| anyhow::anyhow!("cannot hash a password: {err}"))?;
    Ok(hashed.to_string())
}

/// A hash of nothing anyone knows, verified against when there is no account
/// (or no password yet), so that the answer takes as long as a real check.
static DECOY: LazyLock<String> =
    LazyLock::new(|| hash("a decoy no one signs in with").expect("hashing works"));

/// Whether `password` matches `kept`; with no `kept`, as long a check that fails.
pub fn verify(password: &str, kept: Option<&str>) -> bool {
    let (kept, real) = match kept {
        Some(kept) => (kept, true),
        None => (DECOY.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(kept) else {
        return false;
    };
    let matches = argon2()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    matches && real && password.len() <= MAX_BYTES
}

/// Computes the decoy ahead, so that the first sign-in is not slower than the rest.
pub fn warm_up() {
    LazyLock::force(&DECOY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_must_be_long_uncommon_and_not_the_email() {
        let email = "li@factory.cn";
        assert_eq!(check_new("short", email), Err(Weak::TooShort));
        assert_eq!(check_new("一二三四五六七八九", email), Err(Weak::TooShort));
        assert_eq!(check_new("一二三四五六七八九十", email), Ok(()));
        assert_eq!(check_new("QwertyUIOP", email), Err(Weak::Common));
        assert_eq!(check_new("woaini1314", email), Err(Weak::Common));
        assert_eq!(check_new("LI@factory.cn", email), Err(Weak::IsTheEmail));
        assert_eq!(
            check_new(&"x".repeat(MAX_BYTES + 1), email),
            Err(Weak::TooLong)
        );
        assert_eq!(check_new("correct horse battery", email), Ok(()));
    }

    #[test]
    fn hashes_are_argon2id_salted_and_verify_only_the_password() {
        let kept = hash("correct horse battery").unwrap();
        assert!(
            kept.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{kept}"
        );
        assert_ne!(kept, hash("correct horse battery").unwrap(), "salted");
        assert!(verify("correct horse battery", Some(&kept)));
        assert!(!verify("correct horse batterY", Some(&kept)));
        assert!(!verify("a decoy no one signs in with", None));
        assert!(!verify("anything", Some("not a hash")));
    }
}
