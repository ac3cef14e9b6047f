//! The import's messages in the console person's language. The import writes
//! English (the command line's, the docs'); the console asks for Chinese, and
//! each message is matched against the pairs of
//! `server/data/messages/import-zh.txt`. What the message quotes (a value, a
//! file's name) is kept as it is, translated only where it is a message of
//! its own (a header's problems); a message without a pair stays in English.

use std::sync::LazyLock;

/// The languages the console speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Chinese,
}

impl Language {
    /// From an `Accept-Language` header: the first language named.
    pub fn from_accept_language(header: &str) -> Language {
        let first = header.split(',').next().unwrap_or_default().trim();
        match first.to_ascii_lowercase().starts_with("zh") {
            true => Language::Chinese,
            false => Language::English,
        }
    }
}

/// `message` in `language`.
pub fn translate(message: &str, language: Language) -> String {
    match language {
        Language::English => message.to_owned(),
        Language::Chinese => in_chinese(message, 0),
    }
}

/// One pair: the English message split at its `{}`, and the Chinese.
struct Pair {
    english: Vec<String>,
    chinese: String,
}

static PAIRS: LazyLock<Vec<Pair>> =
    LazyLock::new(|| parse(include_str!("../../data/messages/import-zh.txt")));

/// Nested messages (a header's problems inside the header's message) are translated this deep.
const DEPTH: usize = 2;

fn in_chinese(message: &str, depth: usize) -> String {
    for pair in PAIRS.iter() {
        if let Some(parts) = captures(&pair.english, message) {
            let parts: Vec<String> = parts
                .into_iter()
                .map(|part| match depth < DEPTH && !part.starts_with('"') {
                    true => each_clause(part, depth + 1),
                    false => part.to_owned(),
                })
                .collect();
            return fill(&pair.chinese, &parts);
        }
    }
    message.to_owned()
}

/// `template` with each `{n}` replaced by `parts[n - 1]`, in one pass (a
/// part that itself says `{2}` stays as it is).
fn fill(template: &str, parts: &[String]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let number = after
            .find('}')
            .and_then(|close| Some((close, after[..close].parse::<usize>().ok()?)));
        match number {
            Some((close, n)) if (1..=parts.len()).contains(&n) => {
                out.push_str(&parts[n - 1]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Clauses joined by "; " are translated one by one.
fn each_clause(text: &str, depth: usize) -> String {
    let clauses: Vec<String> = text.split("; ").map(|c| in_chinese(c, depth)).collect();
    clauses.join("；")
}

/// What fills each `{}` of `template` (split at them) in `message`, or
/// `None` when it does not fit. The text between two `{}` is found at its
/// first place; the last literal must end the message.
fn captures<'m>(template: &[String], message: &'m str) -> Option<Vec<&'m str>> {
    let (first, rest) = template.split_first()?;
    let mut left = message.strip_prefix(first.as_str())?;
    let Some((last, middle)) = rest.split_last() else {
        return left.is_empty().then(Vec::new);
    };
    let mut parts = Vec::with_capacity(rest.len());
    for literal in middle {
        let at = left.find(literal.as_str())?;
        parts.push(&left[..at]);
        left = &left[at + literal.len()..];
    }
    parts.push(left.strip_suffix(last.as_str())?);
    Some(parts)
}

fn parse(text: &str) -> Vec<Pair> {
    let mut pairs = Vec::new();
    let mut english = None;
    for line in text.lines() {
        if let Some(en) = line.strip_prefix("en: ") {
            english = Some(en.split("{}").map(str::to_owned).collect());
        } else if let Some(zh) = line.strip_prefix("zh: ") {
            let english = english.take().expect("a zh: line follows its en: line");
            pairs.push(Pair {
                english,
                chinese: zh.to_owned(),
            });
        }
    }
    pairs
}

#[cfg(test)]
mod tests;
