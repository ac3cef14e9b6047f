//! JSON Lines: one product per line, the object `GET /api/v1/products/{id}`
//! returns. `sales_30d`, `listed_on`, `supplier.years`, `images` and `price_fen`
//! may be left out; `{"id": "p12", "remove": true}` removes a product (upsert mode).

use std::io::{self, BufRead, BufReader, Read, Write};

use beltmart_contract as api;
use serde_json::{Map, Value};

use super::{MAX_LINE_BYTES, Row, whole_number};
use crate::domain::product::{Product, parse_day};
use crate::files::validate::{Draft, FieldError};

/// The fields a row may have; anything else is a typo worth reporting.
const FIELDS: [&str; 15] = [
    "id",
    "title",
    "price_fen",
    "moq",
    "unit",
    "category",
    "city",
    "belt",
    "images",
    "goods_kind",
    "sales_30d",
    "listed_on",
    "tiers",
    "supplier",
    "remove",
];

/// The product rows of a JSON Lines file.
pub fn rows(input: impl Read) -> impl Iterator<Item = anyhow::Result<Row>> {
    Lines::new(input).map(|line| {
        let (line, bytes) = line?;
        let draft = bytes.map_err(|e| vec![e]).and_then(|b| parse(&b));
        Ok(Row { line, draft })
    })
}

/// A JSON Lines file's lines that are not blank, each with its number: its
/// bytes (without a BOM), or why it is unusable as a row (too long).
pub struct Lines<R> {
    input: BufReader<R>,
    line: u64,
    buf: Vec<u8>,
}

impl<R: Read> Lines<R> {
    pub fn new(input: R) -> Self {
        Lines {
            input: BufReader::with_capacity(256 << 10, input),
            line: 0,
            buf: Vec::new(),
        }
    }

    /// Reads one line into `buf` (without its end); `Ok(false)` at the end of
    /// the file, `Ok(true)` with an empty `buf` and `too_long` set for a line
    /// over the limit, which is skipped without being kept.
    fn next_line(&mut self, too_long: &mut bool) -> io::Result<bool> {
        self.buf.clear();
        *too_long = false;
        let mut any = false;
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                return Ok(any);
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', chunk) {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            if !*too_long && self.buf.len() + take <= MAX_LINE_BYTES + 2 {
                self.buf.extend_from_slice(&chunk[..take]);
            } else {
                *too_long = true;
                self.buf.clear();
            }
            self.input.consume(take);
            if done {
                break;
            }
        }
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        Ok(true)
    }
}

impl<R: Read> Iterator for Lines<R> {
    type Item = anyhow::Result<(u64, Result<Vec<u8>, FieldError>)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut too_long = false;
            match self.next_line(&mut too_long) {
                Err(err) => return Some(Err(err.into())),
                Ok(false) => return None,
                Ok(true) => {}
            }
            self.line += 1;
            let line = self.line;
            if too_long {
                let error = FieldError::new(
                    "(row)",
                    format!(
                        "the line is over {} KB long, more than any row; is this a catalog file?",
                        MAX_LINE_BYTES >> 10
                    ),
                );
                return Some(Ok((line, Err(error))));
            }
            let mut bytes = &self.buf[..];
            if line == 1 {
                bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue; // blank lines (a trailing newline, a spacer) are not rows
            }
            return Some(Ok((line, Ok(bytes.to_vec()))));
        }
    }
}

/// A line as a JSON object; `shape` says what a row looks like, for the message.
pub fn object(bytes: &[u8], shape: &str) -> Result<Map<String, Value>, Vec<FieldError>> {
    let row = |message: String| vec![FieldError::new("(row)", message)];
    let text = std::str::from_utf8(bytes).map_err(|_| {
        row("is not UTF-8 text; JSON Lines files are UTF-8 (CSV may be GBK)".into())
    })?;
    match serde_json::from_str(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(row(format!("is not a JSON object: {shape}"))),
        Err(err) => Err(row(format!("is not valid JSON: {err}"))),
    }
}

fn parse(bytes: &[u8]) -> Result<Draft, Vec<FieldError>> {
    let object = object(bytes, "each line is one product, {\"id\": …, \"title\": …}")?;
    let mut draft = Draft::default();
    let mut errors = Vec::new();
    for (key, value) in object {
        if let Err(e) = set(&mut draft, &key, value) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(draft)
    } else {
        Err(errors)
    }
}

fn set(d: &mut Draft, key: &str, value: Value) -> Result<(), FieldError> {
    if value.is_null() {
        return Ok(()); // the same as leaving it out
    }
    match key {
        "id" => d.id = Some(string("id", value)?),
        "title" => d.title = Some(string("title", value)?),
        "category" => d.category = Some(string("category", value)?),
        "city" => d.city = Some(string("city", value)?),
        "belt" => d.belt = Some(string("belt", value)?),
        "unit" => d.unit = Some(string("unit", value)?),
        "goods_kind" => d.goods_kind = Some(string("goods_kind", value)?),
        "moq" => d.moq = Some(number("moq", &value)?),
        "price_fen" => d.price_fen = Some(number("price_fen", &value)?),
        "sales_30d" => d.sales_30d = Some(number("sales_30d", &value)?),
        "listed_on" => {
            let text = string("listed_on", value)?;
            d.listed_day = Some(parse_day(&text).ok_or_else(|| {
                FieldError::new(
                    "listed_on",
                    format!("{text:?} is not a date: use YYYY-MM-DD"),
                )
            })?);
        }
        "tiers" => d.tiers = Some(tiers(value)?),
        "images" => {
            let Value::Array(items) = value else {
                return Err(FieldError::new(
                    "images",
                    "must be a list of URLs: [\"https://…\"]",
                ));
            };
            d.images = items
                .into_iter()
                .map(|v| string("images", v))
                .collect::<Result<_, _>>()?;
        }
        "supplier" => {
            let Value::Object(s) = value else {
                return Err(FieldError::new(
                    "supplier",
                    "must be an object: {\"id\": …} or {\"name\": …, \"kind\": …, \"years\": …}",
                ));
            };
            for (key, value) in s {
                match key.as_str() {
                    _ if value.is_null() => {}
                    "id" => d.supplier_id = Some(string("supplier.id", value)?),
                    "name" => d.supplier_name = Some(string("supplier.name", value)?),
                    "kind" => d.supplier_kind = Some(string("supplier.kind", value)?),
                    "years" => d.supplier_years = Some(number("supplier.years", &value)?),
                    other => {
                        return Err(FieldError::new(
                            "supplier",
                            format!(
                                "has an unknown field {other:?}; a supplier has id, name, kind and years"
                            ),
                        ));
                    }
                }
            }
        }
        "remove" => match value {
            Value::Bool(remove) => d.remove = remove,
            _ => return Err(FieldError::new("remove", "must be true or false")),
        },
        other => {
            return Err(FieldError::new(
                "(row)",
                format!(
                    "has an unknown field {other:?}; the fields are {}",
                    FIELDS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn string(field: &'static str, value: Value) -> Result<String, FieldError> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(FieldError::new(field, format!("must be text, not {other}"))),
    }
}

fn number(field: &'static str, value: &Value) -> Result<u32, FieldError> {
    match value {
        Value::Number(n) => whole_number(field, &n.to_string()),
        Value::String(s) => whole_number(field, s),
        other => Err(FieldError::new(
            field,
            format!("must be a whole number, not {other}"),
        )),
    }
}

fn tiers(value: Value) -> Result<Vec<api::PriceTier>, FieldError> {
    let shape = || {
        FieldError::new(
            "tiers",
            "must be a list like [{\"min_qty\": 10, \"price_fen\": 1250}, …] (prices in fen)",
        )
    };
    let Value::Array(items) = value else {
        return Err(shape());
    };
    items
        .iter()
        .map(|item| {
            let (Some(qty), Some(price)) = (item.get("min_qty"), item.get("price_fen")) else {
                return Err(shape());
            };
            if item.as_object().is_some_and(|o| o.len() != 2) {
                return Err(shape());
            }
            Ok(api::PriceTier {
                min_qty: number("tiers", qty)?,
                price_fen: number("tiers", price)?,
            })
        })
        .collect()
}

/// Writes one product as a line.
pub fn write(out: &mut impl Write, product: &Product) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &product.to_api())?;
    out.write_all(b"\n")
}
