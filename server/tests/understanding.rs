//! Query understanding against a set of sentences with what a person means
//! (`tests/understanding/queries.tsv`): at least 95% understood exactly. The
//! figure and the misses are printed; with `BELTMART_UNDERSTANDING_DOC` set,
//! they are written into that file (`docs/understanding.md`):
//!
//!   BELTMART_UNDERSTANDING_DOC=docs/understanding.md cargo test -p beltmart-server --test understanding
//!
//! And, as a property: understanding never panics, and every character of the
//! sentence but the spaces and commas between words ends up in exactly one
//! span (a filter, a filler word or the keyword).

use beltmart_contract::{CatalogQuery, Taxonomy};
use beltmart_server::understand::{Lexicon, understand};
use proptest::prelude::*;

const TAXONOMY: &str = include_str!("../data/taxonomy.json");
const QUERIES: &str = include_str!("understanding/queries.tsv");

fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| {
        let taxonomy: Taxonomy = serde_json::from_str(TAXONOMY).unwrap();
        Lexicon::new(&taxonomy)
    })
}

/// The canonical form of an expected query written in the file (any order, raw text).
fn canonical(expected: &str) -> String {
    let encoded: String = expected
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
            format!("{key}={}", value.replace("%2C", ","))
        })
        .collect::<Vec<_>>()
        .join("&");
    match CatalogQuery::parse(&encoded) {
        Ok(query) => query.render(),
        Err(err) => panic!("the expected {expected:?} is not a query: {err}"),
    }
}

#[test]
fn at_least_95_percent_of_the_sentences_are_understood_exactly() {
    let lexicon = lexicon();
    let mut total = 0;
    let mut misses = Vec::new();
    for line in QUERIES.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (sentence, expected) = line.split_once('\t').unwrap_or((line, ""));
        total += 1;
        let got = understand(sentence, lexicon).query.render();
        let want = canonical(expected.trim());
        if got != want {
            misses.push(format!("| `{sentence}` | `{want}` | `{got}` |"));
        }
    }
    let understood = total - misses.len();
    let share = 100.0 * understood as f64 / total as f64;
    let report = format!(
        "{understood} of {total} sentences understood exactly ({share:.1}%).\n\n| sentence | meant | understood |\n|---|---|---|\n{}\n",
        misses.join("\n")
    );
    eprintln!("{report}");
    if let Some(doc) = std::env::var_os("BELTMART_UNDERSTANDING_DOC") {
        write_report(std::path::Path::new(&doc), &report);
    }
    assert!(total >= 200, "the set has {total} sentences; it needs 200");
    assert!(share >= 95.0, "{share:.1}% understood exactly");
}

/// `doc` is relative to the repository's root (tests run in `server/`).
fn write_report(doc: &std::path::Path, report: &str) {
    let doc = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(doc);
    const BEGIN: &str = "<!-- understanding figures: written by the test from here -->";
    const END: &str = "<!-- understanding figures end -->";
    let text = std::fs::read_to_string(&doc).unwrap();
    let (before, rest) = text.split_once(BEGIN).expect("the begin marker");
    let (_, after) = rest.split_once(END).expect("the end marker");
    std::fs::write(&doc, format!("{before}{BEGIN}\n{report}{END}{after}")).unwrap();
}

/// Every province is 64 cities, more than a list parameter holds: the first 50 are kept.
#[test]
fn naming_everywhere_still_gives_a_query_the_codec_reads() {
    let provinces = "浙江 广东 福建 江苏 河北 山东 河南 四川 湖南 江西 上海 天津 云南 辽宁";
    let query = understand(provinces, lexicon()).query;
    assert_eq!(query.city.len(), beltmart_contract::MAX_LIST_ENTRIES);
    assert_eq!(CatalogQuery::parse(&query.render()), Ok(query));
}

proptest! {
    #[test]
    fn every_character_ends_up_in_one_span(sentence in "[ a-zA-Z0-9０-９Ａ-Ｚａ-ｚ～－义乌晋江运动鞋袜子玩具以下以上元块左右件起批的¥<>~\\-.,，、一二五十百千万運動襪]{0,40}") {
        let lexicon = lexicon();
        let understood = understand(&sentence, lexicon);
        let mut covered = vec![false; sentence.len()];
        for span in &understood.spans {
            prop_assert!(sentence.get(span.range.clone()).is_some(), "{sentence:?}: {span:?} is not on character boundaries");
            for at in span.range.clone() {
                prop_assert!(!covered[at], "{sentence:?}: byte {at} in two spans");
                covered[at] = true;
            }
        }
        // Spaces inside a phrase ("under 10") are the phrase's; others are in no span.
        for (at, c) in sentence.char_indices() {
            let separator = c.is_whitespace() || ",，、".contains(c);
            prop_assert!(covered[at] || separator, "{sentence:?}: {c:?} at {at} is in no span");
        }
    }

    #[test]
    fn any_text_at_all_is_understood_without_a_panic(sentence in "\\PC{0,80}") {
        let understood = understand(&sentence, lexicon());
        prop_assert!(understood.query.q.chars().count() <= beltmart_contract::MAX_KEYWORD_CHARS);
        prop_assert!(beltmart_contract::CatalogQuery::parse(&understood.query.render()).is_ok());
    }
}
