//! Prices and quantities: a number with the words around it ("50元以下",
//! "under 50", "100-200", "10块左右", "100件", "一件起批").

use super::lexicon::{Grammar, Meaning};
use super::{Tagged, Token, TokenKind, yuan_range};
use beltmart_contract::{MAX_QTY, PriceRange};

pub enum Phrase {
    Price(PriceRange),
    Qty(u32),
}

/// "About N": N ± 20%.
const AROUND: f64 = 0.2;

/// A phrase starting at `items[0]`, and how many items it takes.
pub fn read(items: &[Tagged], tokens: &[Token]) -> Option<(Phrase, usize)> {
    let at = Reader { items, tokens };
    let price = |min, max| yuan_range(min, max).map(Phrase::Price);
    // between N and M
    if at.grammar(0) == Some(Grammar::Between) {
        let (low, n) = at.amount(1)?;
        if at.grammar(1 + n) == Some(Grammar::And) {
            let (high, m) = at.amount(2 + n)?;
            return Some((price(Some(low), Some(high))?, 2 + n + m));
        }
        return None;
    }
    // under N, over N, around N
    if let Some(g @ (Grammar::Under | Grammar::Over | Grammar::Around)) = at.grammar(0) {
        let (value, n) = at.amount(1)?;
        return Some((bounded(g, value)?, 1 + n));
    }
    let (value, n) = at.amount(0)?;
    match at.grammar(n) {
        // N to M
        Some(Grammar::To) => {
            let (high, m) = at.amount(n + 1)?;
            Some((price(Some(value), Some(high))?, n + 1 + m))
        }
        // N 以下, N 以上, N 左右
        Some(g @ (Grammar::Under | Grammar::Over | Grammar::Around)) => {
            Some((bounded(g, value)?, n + 1))
        }
        // N 件 (起批)
        Some(Grammar::Piece) if n == 1 => {
            let taken = if at.grammar(2) == Some(Grammar::FromOne) {
                3
            } else {
                2
            };
            Some((qty(value)?, taken))
        }
        // N 起批
        Some(Grammar::FromOne) if n == 1 => Some((qty(value)?, 2)),
        // N 元: about N
        _ if n > 1 => Some((bounded(Grammar::Around, value)?, n)),
        _ => None,
    }
}

fn bounded(grammar: Grammar, value: f64) -> Option<Phrase> {
    let range = match grammar {
        Grammar::Under => yuan_range(None, Some(value)),
        Grammar::Over => yuan_range(Some(value), None),
        _ => yuan_range(Some(value * (1.0 - AROUND)), Some(value * (1.0 + AROUND))),
    };
    range.map(Phrase::Price)
}

fn qty(value: f64) -> Option<Phrase> {
    (value >= 1.0 && value.fract() == 0.0 && value <= f64::from(MAX_QTY))
        .then_some(Phrase::Qty(value as u32))
}

struct Reader<'a> {
    items: &'a [Tagged],
    tokens: &'a [Token],
}

impl Reader<'_> {
    /// Item `i`, unless punctuation ends the phrase before it.
    fn item(&self, i: usize) -> Option<&Tagged> {
        let item = self.items.get(i)?;
        (i == 0 || !self.tokens[item.tokens.start].stop_before).then_some(item)
    }

    fn grammar(&self, i: usize) -> Option<Grammar> {
        match self.item(i)?.meaning {
            Some(Meaning::Grammar(g)) => Some(g),
            _ => None,
        }
    }

    fn number(&self, i: usize) -> Option<f64> {
        let item = self.item(i)?;
        match (&item.meaning, self.tokens[item.tokens.start].kind) {
            (None, TokenKind::Number(value)) => Some(value),
            _ => None,
        }
    }

    /// A number with its currency around it (¥50, 50元, 50 yuan): the value
    /// and how many items it takes.
    fn amount(&self, i: usize) -> Option<(f64, usize)> {
        let before = usize::from(self.grammar(i) == Some(Grammar::Yuan));
        let value = self.number(i + before)?;
        let after = usize::from(self.grammar(i + before + 1) == Some(Grammar::Yuan));
        Some((value, before + 1 + after))
    }
}
