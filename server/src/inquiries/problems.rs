//! The bad fields of one request body, all of them, named as the API answers
//! them (`lines[2].quantity`), with the checks a 询价单 and its answers share.

use beltmart_contract::{FieldProblem, MAX_QTY};

use crate::domain::product::parse_day;

/// The highest unit price anyone may name (¥1 000 000, as the catalog allows).
const MAX_PRICE_FEN: u32 = 100_000_000;

/// Collects the problems of one body.
#[derive(Default)]
pub struct Problems(Vec<FieldProblem>);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldProblem>> {
        match self.0.is_empty() {
            true => Ok(value()),
            false => Err(self.0),
        }
    }

    /// Text trimmed, within `max` characters, without control characters
    /// (line breaks allowed where `multiline`); empty is none.
    pub fn text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
        multiline: bool,
    ) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        let control = |c: char| c.is_control() && !(multiline && matches!(c, '\n' | '\r'));
        if value.chars().count() > max {
            self.add(field, format!("at most {max} characters"));
        } else if value.chars().any(control) {
            self.add(field, "contains a control character");
        }
        Some(value.to_owned())
    }

    /// A unit price in fen, when given: above 0 and at most ¥1 000 000.
    pub fn price(&mut self, field: &str, value: Option<u32>) -> Option<u32> {
        let price = value?;
        if price == 0 || price > MAX_PRICE_FEN {
            self.add(field, "a unit price in fen, above 0 and at most 100000000");
        }
        Some(price)
    }

    /// A quantity: from 1 to the most a catalog query takes.
    pub fn quantity(&mut self, field: &str, value: u32) {
        if !(1..=MAX_QTY).contains(&value) {
            self.add(field, format!("a whole number from 1 to {MAX_QTY}"));
        }
    }

    /// A date `YYYY-MM-DD` from `today` to `ahead` days later.
    pub fn date(&mut self, field: &str, value: Option<&str>, today: u32, ahead: u32) {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return;
        };
        match parse_day(value) {
            Some(day) if (today..=today + ahead).contains(&day) => {}
            Some(_) => self.add(field, format!("a date from today to {ahead} days ahead")),
            None => self.add(field, "a date as YYYY-MM-DD"),
        }
    }
}
