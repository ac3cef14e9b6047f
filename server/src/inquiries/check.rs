//! A submission checked before anything is stored: every bad field is named
//! (`lines[2].quantity`, `buyer.phone`), and each line is read against the
//! catalog as it is now (its title, unit, MOQ, the tier price at the asked
//! quantity, its factory), which the inquiry then keeps.

use beltmart_contract::{
    AskedLine, Buyer, FieldProblem, MAX_INQUIRY_LINES, MAX_MESSAGE_CHARS, MAX_NAME_CHARS,
    MAX_NOTE_CHARS, MAX_QTY, NewInquiry, ProductDetail, tier_price,
};

use super::contact;
use crate::domain::product::parse_day;

/// The highest unit price a buyer may name (¥1 000 000, as the catalog allows).
const MAX_PRICE_FEN: u32 = 100_000_000;
/// How far ahead a needed-by date may be, in days.
const MAX_DAYS_AHEAD: u32 = 2 * 366;

/// A line as the catalog has it now.
#[derive(Clone, Debug)]
pub struct Line {
    pub product: String,
    pub title: String,
    pub unit: String,
    pub moq: u32,
    pub tier_price_fen: u32,
    pub supplier: String,
    pub supplier_name: String,
    pub quantity: u32,
    pub target_price_fen: Option<u32>,
    pub note: Option<String>,
}

/// A submission that may be stored: trimmed, with empty texts as none.
#[derive(Clone, Debug)]
pub struct Checked {
    pub lines: Vec<Line>,
    pub buyer: Buyer,
    pub ship_city: Option<String>,
    pub needed_by: Option<String>,
    pub message: Option<String>,
}

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

/// Checks `new` against the catalog (`product` finds one by id), `today` in days.
pub fn check(
    new: &NewInquiry,
    product: impl Fn(&str) -> Option<ProductDetail>,
    today: u32,
) -> Result<Checked, Vec<FieldProblem>> {
    let mut problems = Problems::default();
    let lines = check_lines(&mut problems, &new.lines, product);
    let buyer = check_buyer(&mut problems, &new.buyer);
    let city = new.ship_to.as_ref().map(|s| s.city.as_str());
    let ship_city = problems.text("ship_to.city", city, MAX_NAME_CHARS, false);
    problems.date("needed_by", new.needed_by.as_deref(), today, MAX_DAYS_AHEAD);
    let needed_by = new
        .needed_by
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    let message = new.message.as_deref();
    let message = problems.text("message", message, MAX_MESSAGE_CHARS, true);
    problems.into_result(|| Checked {
        lines,
        buyer,
        ship_city,
        needed_by: needed_by.map(str::to_owned),
        message,
    })
}

fn check_lines(
    problems: &mut Problems,
    asked: &[AskedLine],
    product: impl Fn(&str) -> Option<ProductDetail>,
) -> Vec<Line> {
    if asked.is_empty() {
        problems.add("lines", "ask about at least one product");
    } else if asked.len() > MAX_INQUIRY_LINES {
        problems.add("lines", format!("at most {MAX_INQUIRY_LINES} lines"));
        return Vec::new();
    }
    let mut lines = Vec::with_capacity(asked.len());
    for (n, line) in asked.iter().enumerate() {
        let at = |field: &str| format!("lines[{n}].{field}");
        problems.quantity(&at("quantity"), line.quantity);
        let target_price_fen = problems.price(&at("target_price_fen"), line.target_price_fen);
        let note = problems.text(&at("note"), line.note.as_deref(), MAX_NOTE_CHARS, true);
        if asked[..n]
            .iter()
            .any(|before| before.product == line.product)
        {
            problems.add(at("product"), "asked twice: one line per product");
            continue;
        }
        let Some(found) = product(&line.product) else {
            problems.add(at("product"), "no such product in the catalog");
            continue;
        };
        let tier = tier_price(&found.tiers, line.quantity.max(found.moq));
        lines.push(Line {
            tier_price_fen: tier.unwrap_or(found.price_fen),
            product: found.id,
            title: found.title,
            unit: found.unit,
            moq: found.moq,
            supplier: found.supplier.id,
            supplier_name: found.supplier.name,
            quantity: line.quantity,
            target_price_fen,
            note,
        });
    }
    lines
}

fn check_buyer(problems: &mut Problems, buyer: &Buyer) -> Buyer {
    let name = problems.text("buyer.name", Some(&buyer.name), MAX_NAME_CHARS, false);
    if name.is_none() {
        problems.add("buyer.name", "a name to address the buyer by");
    }
    let company = buyer.company.as_deref();
    let company = problems.text("buyer.company", company, MAX_NAME_CHARS, false);
    let phone = contact::phone(problems, buyer.phone.as_deref());
    let wechat = contact::wechat(problems, buyer.wechat.as_deref());
    let email = contact::email(problems, buyer.email.as_deref());
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    if !given(&buyer.phone) && !given(&buyer.wechat) && !given(&buyer.email) {
        problems.add(
            "buyer",
            "at least one way back: a mobile number, a WeChat id or an email",
        );
    }
    Buyer {
        name: name.unwrap_or_default(),
        phone,
        wechat,
        email,
        company,
    }
}

#[cfg(test)]
mod tests;
