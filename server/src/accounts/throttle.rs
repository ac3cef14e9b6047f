//! Failed sign-ins slow down whoever makes them, counted in the store so that
//! every replica agrees. Three counts, each with its own allowance:
//! - an email from one address: a few tries, then waits that double up to 15 minutes
//!   (guessing one account's password from one place);
//! - an email from anywhere: more tries, waits that double up to one minute only,
//!   so a stranger can never lock the real person out for long;
//! - an address for any email: many tries, then up to 15 minutes (one place
//!   trying many accounts).
//!
//! Keys are SHA-256 digests, so the table holds no email or address, and a
//! count forgets what is older than its window. A known and an unknown email
//! are counted alike: the answer never tells them apart.

use std::net::IpAddr;

use super::token::digest;

/// A count's allowance.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Failures before any wait.
    pub free: i64,
    /// The longest wait, in seconds; waits double from one second up to it.
    pub max_wait: i64,
}

pub const EMAIL_FROM_ADDRESS: Rule = Rule {
    free: 5,
    max_wait: 900,
};
pub const EMAIL: Rule = Rule {
    free: 20,
    max_wait: 60,
};
pub const ADDRESS: Rule = Rule {
    free: 50,
    max_wait: 900,
};

/// Failures older than this are forgotten.
pub const WINDOW_S: i64 = 900;

/// The three keys of one attempt, in the order of their rules.
pub fn keys(email: &str, address: IpAddr) -> [(String, Rule); 3] {
    let email = email.trim().to_lowercase();
    [
        (
            digest(&format!("pair:{email}|{address}")),
            EMAIL_FROM_ADDRESS,
        ),
        (digest(&format!("email:{email}")), EMAIL),
        (digest(&format!("address:{address}")), ADDRESS),
    ]
}

/// Seconds to wait after `failures`, the last at `last_at`, as of `now`: 0 when none.
pub fn wait(rule: Rule, failures: i64, last_at: i64, now: i64) -> i64 {
    if failures < rule.free || now - last_at >= WINDOW_S {
        return 0;
    }
    let doublings = u32::try_from(failures - rule.free)
        .unwrap_or(u32::MAX)
        .min(20);
    let wait = (1i64 << doublings).min(rule.max_wait);
    (last_at + wait - now).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_rule_and_end() {
        let now = 1_000_000;
        assert_eq!(wait(EMAIL_FROM_ADDRESS, 4, now, now), 0);
        assert_eq!(wait(EMAIL_FROM_ADDRESS, 5, now, now), 1);
        assert_eq!(wait(EMAIL_FROM_ADDRESS, 8, now, now), 8);
        assert_eq!(wait(EMAIL_FROM_ADDRESS, 40, now, now), 900);
        assert_eq!(wait(EMAIL_FROM_ADDRESS, 40, now - 899, now), 1);
        assert_eq!(wait(EMAIL_FROM_ADDRESS, 40, now - 900, now), 0);
        // A stranger failing from everywhere holds the account for a minute at most.
        assert_eq!(wait(EMAIL, 10_000, now, now), 60);
        assert_eq!(wait(EMAIL, 10_000, now - 60, now), 0);
    }

    #[test]
    fn keys_hold_no_email_or_address() {
        let address: IpAddr = "203.0.113.7".parse().unwrap();
        let keys = keys(" Li@Factory.cn", address);
        assert_eq!(keys[1].0, super::keys("li@factory.cn", address)[1].0);
        for (key, _) in &keys {
            assert!(!key.contains("li@") && !key.contains("203."), "{key}");
        }
    }
}
