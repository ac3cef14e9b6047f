//! Folding text before matching: traditional characters to simplified
//! (`traditional.txt`), full-width forms to ASCII, ASCII to lower case. One
//! character in, one character out, so a match maps back to what was typed.

use std::collections::HashMap;
use std::sync::OnceLock;

const TRADITIONAL: &str = include_str!("../../data/understanding/traditional.txt");

fn traditional() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TRADITIONAL
            .lines()
            .filter(|line| !line.starts_with('#'))
            .flat_map(str::split_whitespace)
            .filter_map(|pair| {
                let mut chars = pair.chars();
                Some((chars.next()?, chars.next()?))
            })
            .filter(|(from, to)| from != to)
            .collect()
    })
}

/// The folded form of one character.
pub fn fold(c: char) -> char {
    let c = match c {
        // Full-width ASCII (Ｓ１２３～) and the ideographic space.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    traditional().get(&c).copied().unwrap_or(c)
}

/// Whether a character only separates words.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | '，' | '、' | '。' | ';' | '；' | '!' | '！' | '?' | '？' | '/' | '|'
        )
}

/// Chinese characters (and the like): words are not separated by spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_one_character_to_one() {
        let folded: String = "運動鞋 ＹＩＷＵ １００元".chars().map(fold).collect();
        assert_eq!(folded, "运动鞋 yiwu 100元");
    }
}
