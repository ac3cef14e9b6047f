//! A buyer's ways back, each checked for its form and kept in one form: a
//! mainland mobile number as its 11 digits, a WeChat id as typed, an email
//! lowercased. Empty is none.

use super::problems::Problems;
use crate::accounts::Email;

/// `138 0013 8000`, `+86 138-0013-8000` → `13800138000`.
pub fn phone(problems: &mut Problems, value: Option<&str>) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let local = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    let mobile = local.len() == 11
        && local.starts_with('1')
        && matches!(local.as_bytes()[1], b'3'..=b'9')
        && local.bytes().all(|b| b.is_ascii_digit());
    if !mobile {
        problems.add(
            "buyer.phone",
            "a mainland mobile number: 11 digits from 13 to 19 (+86 allowed)",
        );
        return None;
    }
    Some(local.to_owned())
}

/// WeChat's own rule: 6 to 20 letters, digits, `_` or `-`, starting with a letter.
pub fn wechat(problems: &mut Problems, value: Option<&str>) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    let fine = (6..=20).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !fine {
        problems.add(
            "buyer.wechat",
            "a WeChat id: 6 to 20 letters, digits, _ or -, starting with a letter",
        );
        return None;
    }
    Some(value.to_owned())
}

pub fn email(problems: &mut Problems, value: Option<&str>) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    match Email::parse(value) {
        Some(email) => Some(email.as_str().to_owned()),
        None => {
            problems.add("buyer.email", "an email address");
            None
        }
    }
}
