//! What an inquiry is called outside the store: a reference people read out
//! (`BM-7K3QX9`, no 0/O or 1/I/L to confuse) and an id for URLs. Both are
//! random, so neither tells how many inquiries the site has.

/// Letters and digits that cannot be mistaken for one another.
const READABLE: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const URL_SAFE: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn random_of(alphabet: &[u8], len: usize) -> anyhow::Result<String> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("no randomness: {err}"))?;
    // 256 is not a multiple of the alphabet's size: the slight bias is harmless for names.
    Ok(bytes
        .iter()
        .map(|b| alphabet[usize::from(*b) % alphabet.len()] as char)
        .collect())
}

/// `BM-` and six readable characters (about 900 million of them).
pub fn new_reference() -> anyhow::Result<String> {
    Ok(format!("BM-{}", random_of(READABLE, 6)?))
}

/// 16 characters of `[0-9a-z]` (82 bits).
pub fn new_public_id() -> anyhow::Result<String> {
    random_of(URL_SAFE, 16)
}

/// Whether `text` could be an id from [`new_public_id`]: nothing else is looked up.
pub fn is_public_id(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| URL_SAFE.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_ids_are_readable_random_and_recognised() {
        let reference = new_reference().unwrap();
        assert!(
            reference.starts_with("BM-") && reference.len() == 9,
            "{reference}"
        );
        assert!(
            !reference[3..].contains(['0', 'O', '1', 'I', 'L']),
            "{reference}"
        );
        let (a, b) = (new_public_id().unwrap(), new_public_id().unwrap());
        assert_ne!(a, b);
        assert!(is_public_id(&a));
        assert!(!is_public_id("../../etc/passwd"));
        assert!(!is_public_id(&a.to_uppercase()));
    }
}
