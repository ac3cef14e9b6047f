//! An account's email: checked for its form and kept lowercased, so that
//! `Li@Factory.cn` and `li@factory.cn` are one account.

use std::fmt;

/// The longest address SMTP carries.
const MAX_LEN: usize = 254;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// `None` when the text is not an address's form: one `@`, something before
    /// it, a domain with a dot after it, no spaces or control characters.
    pub fn parse(text: &str) -> Option<Email> {
        let text = text.trim();
        let (local, domain) = text.split_once('@')?;
        let fine = text.len() <= MAX_LEN
            && !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !text.chars().any(|c| c.is_whitespace() || c.is_control());
        fine.then(|| Email(text.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn addresses_are_checked_and_lowercased() {
        assert_eq!(
            Email::parse(" Li@Factory.CN ").map(|e| e.to_string()),
            Some("li@factory.cn".into())
        );
        for bad in [
            "",
            "li",
            "li@",
            "@factory.cn",
            "li@factory",
            "li@@x.cn",
            "l i@x.cn",
            "li@.cn",
        ] {
            assert_eq!(Email::parse(bad), None, "{bad}");
        }
        assert_eq!(Email::parse(&format!("{}@x.cn", "a".repeat(250))), None);
    }
}
