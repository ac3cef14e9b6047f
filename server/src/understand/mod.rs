//! Query understanding: a sentence a shopper types ("义乌 50元以下 儿童玩具",
//! "yiwu socks under 10") becomes catalog filters and the keyword left over.
//! Deterministic and offline: it knows the taxonomy's names and the words in
//! `server/data/understanding/`, nothing else.
//!
//! How: the sentence is folded (`normalize`) and cut into tokens (a Chinese
//! character, an ASCII word, a number); the longest known word is taken at
//! each token (`lexicon`); numbers with the words around them become prices
//! and quantities (`phrases`); what is left is the keyword. Every token ends up
//! in exactly one [`Span`]: a filter, a filler word, or the keyword.

mod distance;
mod lexicon;
mod nearby;
mod normalize;
mod numbers;
mod phrases;

use std::ops::Range;

pub use lexicon::Lexicon;
use lexicon::Meaning;
pub use nearby::{NearName, completions, spellings};

use beltmart_contract::Facet;
use beltmart_contract::{CatalogQuery, MAX_KEYWORD_CHARS, MAX_LIST_ENTRIES, PriceRange};

/// What a sentence says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Understood {
    /// The filters, and the keyword in `q`.
    pub query: CatalogQuery,
    /// Where each part of the sentence went, in order (byte ranges of the input).
    pub spans: Vec<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    pub role: Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Facet(Facet),
    Price,
    Qty,
    Sort,
    /// A word that says nothing about what to show (的, "i want").
    Filler,
    Keyword,
}

impl Role {
    /// The name the API gives it (`UnderstoodPart::role`): a filter's
    /// parameter, or `price`, `qty`, `sort`, `filler`, `keyword`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Facet(facet) => facet.key(),
            Role::Price => "price",
            Role::Qty => "qty",
            Role::Sort => "sort",
            Role::Filler => "filler",
            Role::Keyword => "keyword",
        }
    }
}

/// The longest sentence understood, in characters: a search box's worth.
pub const MAX_SENTENCE_CHARS: usize = 200;

/// One piece of the folded sentence.
#[derive(Clone, Debug)]
struct Token {
    text: String,
    range: Range<usize>,
    /// A space or punctuation came before it.
    apart: bool,
    /// Punctuation came before it: a phrase does not go on across it.
    stop_before: bool,
    kind: TokenKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum TokenKind {
    Cjk,
    Ascii,
    Number(f64),
    Symbol,
}

/// What the tokens from one position on were taken to be.
#[derive(Clone, Debug)]
struct Tagged {
    tokens: Range<usize>,
    meaning: Option<Meaning>,
}

impl Understood {
    /// The API's answer for `sentence` (which this was made from).
    pub fn answer(
        &self,
        sentence: &str,
        catalog_version: &str,
    ) -> beltmart_contract::Understanding {
        beltmart_contract::Understanding {
            query: self.query.render(),
            parts: self
                .spans
                .iter()
                .map(|span| beltmart_contract::UnderstoodPart {
                    text: sentence[span.range.clone()].to_owned(),
                    role: span.role.key().to_owned(),
                })
                .collect(),
            catalog_version: catalog_version.to_owned(),
        }
    }
}

/// Understands one sentence.
pub fn understand(sentence: &str, lexicon: &Lexicon) -> Understood {
    let tokens = tokenize(sentence);
    let mut tagged = tag(&tokens, lexicon);
    keep_glued_places_as_words(&tokens, &mut tagged);
    let mut query = CatalogQuery::default();
    let mut spans = Vec::new();
    let mut keyword = Keyword::default();
    let mut i = 0;
    while i < tagged.len() {
        if let Some((phrase, taken)) = phrases::read(&tagged[i..], &tokens) {
            let range = span_of(&tokens, &tagged[i..i + taken]);
            match phrase {
                phrases::Phrase::Price(price) => {
                    query.price = price;
                    spans.push(Span {
                        range,
                        role: Role::Price,
                    });
                }
                phrases::Phrase::Qty(qty) => {
                    query.qty = Some(qty);
                    spans.push(Span {
                        range,
                        role: Role::Qty,
                    });
                }
            }
            i += taken;
            continue;
        }
        let item = &tagged[i];
        let range = span_of(&tokens, std::slice::from_ref(item));
        let role = match &item.meaning {
            Some(Meaning::Facet(facet, id)) => {
                push_new(query.values_mut(*facet), id);
                Role::Facet(*facet)
            }
            Some(Meaning::Province(cities)) => {
                for city in cities {
                    push_new(&mut query.city, city);
                }
                Role::Facet(Facet::City)
            }
            Some(Meaning::Sort(sort)) => {
                query.sort = *sort;
                Role::Sort
            }
            Some(Meaning::Qty(qty)) => {
                query.qty = Some(*qty);
                Role::Qty
            }
            Some(Meaning::Filler) => Role::Filler,
            Some(Meaning::Grammar(_)) if !is_word_part(&tokens[item.tokens.start]) => Role::Filler,
            Some(Meaning::Grammar(_)) | None => {
                for t in item.tokens.clone() {
                    keyword.add(&tokens, t);
                }
                Role::Keyword
            }
        };
        push_span(&mut spans, range, role);
        i += 1;
    }
    query.q = keyword
        .words
        .join(" ")
        .chars()
        .take(MAX_KEYWORD_CHARS)
        .collect();
    Understood { query, spans }
}

/// Cuts the folded sentence into tokens; separators only mark `apart`.
fn tokenize(sentence: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let (mut apart, mut stop_before) = (false, false);
    let mut chars = sentence.char_indices().peekable();
    while let Some((at, raw)) = chars.next() {
        let c = normalize::fold(raw);
        if normalize::is_separator(c) {
            apart = true;
            stop_before |= !c.is_whitespace();
            continue;
        }
        let mut text = c.to_string();
        let mut end = at + raw.len_utf8();
        let mut run = |keep: fn(char) -> bool| extend_run(&mut chars, &mut text, &mut end, keep);
        let kind = if c.is_ascii_alphabetic() {
            run(|c| c.is_ascii_alphabetic() || c == '\'');
            TokenKind::Ascii
        } else if c.is_ascii_digit() {
            run(|c| c.is_ascii_digit() || c == '.');
            match numbers::ascii(&text) {
                Some(value) => TokenKind::Number(value),
                None => TokenKind::Ascii,
            }
        } else if numbers::chinese_digit(c).is_some() {
            // A run of Chinese numerals (五十, 一百二十) is one number.
            run(|c| numbers::chinese_digit(c).is_some());
            match numbers::chinese(&text) {
                Some(value) => TokenKind::Number(value),
                None => TokenKind::Cjk,
            }
        } else if normalize::is_cjk(c) {
            TokenKind::Cjk
        } else {
            TokenKind::Symbol
        };
        tokens.push(Token {
            text,
            range: at..end,
            apart,
            stop_before,
            kind,
        });
        (apart, stop_before) = (false, false);
    }
    tokens
}

/// Takes the characters after a token's first that `keep` accepts (folded)
/// into its `text`, moving `end` past them (in the sentence as typed: a
/// full-width digit is three bytes there, one in `text`).
fn extend_run(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    text: &mut String,
    end: &mut usize,
    keep: fn(char) -> bool,
) {
    while let Some(&(at, raw)) = chars.peek() {
        let c = normalize::fold(raw);
        if !keep(c) {
            break;
        }
        text.push(c);
        *end = at + raw.len_utf8();
        chars.next();
    }
}

/// The longest known word at each position; unknown tokens one by one.
fn tag(tokens: &[Token], lexicon: &Lexicon) -> Vec<Tagged> {
    let mut tagged = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (taken, meaning) = longest_word(tokens, i, lexicon)
            .or_else(|| near_word(&tokens[i], lexicon).map(|m| (1, m)))
            .map_or((1, None), |(n, m)| (n, Some(m)));
        tagged.push(Tagged {
            tokens: i..i + taken,
            meaning,
        });
        i += taken;
    }
    tagged
}

fn longest_word(tokens: &[Token], at: usize, lexicon: &Lexicon) -> Option<(usize, Meaning)> {
    let mut spaced = String::new();
    let mut joined = String::new();
    let mut found = None;
    for (n, token) in tokens[at..].iter().enumerate().take(lexicon.longest + 1) {
        if n > 0 && token.apart {
            let both_ascii =
                token.kind == TokenKind::Ascii && tokens[at + n - 1].kind == TokenKind::Ascii;
            if !both_ascii {
                break;
            }
            spaced.push(' ');
        }
        spaced.push_str(&token.text);
        joined.push_str(&token.text);
        // "jin jiang" is also "jinjiang".
        if let Some(meaning) = lexicon.get(&spaced).or_else(|| lexicon.get(&joined)) {
            found = Some((n + 1, meaning.clone()));
        }
    }
    found
}

/// Initials and typos, only for an ASCII word of its own.
fn near_word(token: &Token, lexicon: &Lexicon) -> Option<Meaning> {
    if token.kind != TokenKind::Ascii {
        return None;
    }
    lexicon
        .initials(&token.text)
        .or_else(|| lexicon.near(&token.text))
        .cloned()
}

/// A city or province name glued to Chinese characters that are no known
/// word ("义乌小商品城同款") is part of that word, not a place.
fn keep_glued_places_as_words(tokens: &[Token], tagged: &mut [Tagged]) {
    for i in 0..tagged.len() {
        let is_place = matches!(
            tagged[i].meaning,
            Some(Meaning::Facet(Facet::City, _) | Meaning::Province(_))
        );
        let Some(next) = tagged.get(i + 1) else {
            continue;
        };
        let first = &tokens[next.tokens.start];
        if is_place && next.meaning.is_none() && !first.apart && first.kind == TokenKind::Cjk {
            tagged[i].meaning = None;
        }
    }
}

/// A Chinese grammar word left over (件, 内, 起) is more likely part of a
/// product's name than noise: it stays in the keyword. English ones ("to",
/// "and") are fillers.
fn is_word_part(first: &Token) -> bool {
    first.kind == TokenKind::Cjk
}

/// The keyword's words: tokens side by side with nothing between make one word.
#[derive(Default)]
struct Keyword {
    words: Vec<String>,
    last: Option<usize>,
}

impl Keyword {
    fn add(&mut self, tokens: &[Token], i: usize) {
        let token = &tokens[i];
        let glued = !token.apart && i > 0 && self.last == Some(i - 1);
        match self.words.last_mut() {
            Some(word) if glued => word.push_str(&token.text),
            _ => self.words.push(token.text.clone()),
        }
        self.last = Some(i);
    }
}

fn span_of(tokens: &[Token], items: &[Tagged]) -> Range<usize> {
    let first = &tokens[items[0].tokens.start];
    let last = &tokens[items[items.len() - 1].tokens.end - 1];
    first.range.start..last.range.end
}

/// Adds a span, merging it into the one before when both are keyword side by side.
fn push_span(spans: &mut Vec<Span>, range: Range<usize>, role: Role) {
    match spans.last_mut() {
        Some(last)
            if role == Role::Keyword && last.role == role && last.range.end == range.start =>
        {
            last.range.end = range.end
        }
        _ => spans.push(Span { range, role }),
    }
}

/// Adds an id once, up to the most values a list parameter holds (so that
/// naming every province still gives a query the codec reads).
fn push_new(list: &mut Vec<String>, id: &str) {
    if list.len() < MAX_LIST_ENTRIES && !list.iter().any(|x| x == id) {
        list.push(id.to_owned());
    }
}

/// For [`phrases`]: the range `min`–`max` in yuan.
fn yuan_range(min: Option<f64>, max: Option<f64>) -> Option<PriceRange> {
    let fen = |yuan: f64| -> Option<u32> {
        let fen = (yuan * 100.0).round();
        (0.0..=1e9).contains(&fen).then_some(fen as u32)
    };
    let range = PriceRange {
        min_fen: match min {
            Some(v) => Some(fen(v)?),
            None => None,
        },
        max_fen: match max {
            Some(v) => Some(fen(v)?),
            None => None,
        },
    };
    match (range.min_fen, range.max_fen) {
        (Some(a), Some(b)) if a > b => None,
        _ => Some(range),
    }
}
