//! A submission checked before anything is stored: every bad field is named
//! (`lines[2].quantity`, `buyer.phone`), and each line is read against the
//! catalog as it is now (its title, unit, MOQ, the tier price at the asked
//! quantity, its factory), which the inquiry then keeps.

use beltmart_contract::{
    AskedLine, Buyer, FieldProblem, MAX_INQUIRY_LINES, MAX_MESSAGE_CHARS, MAX_NAME_CHARS,
    MAX_NOTE_CHARS, NewInquiry, ProductDetail, tier_price,
};

use super::contact;
use super::problems::Problems;

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
