//! Suppliers as CSV: one factory per row, for Excel. Lists are separated by
//! `|` (`source-factory|specialized`); a fact is `value;source;as_of;valid_until`
//! (`320;business_licence;2026-03-01;`); certificates are
//! `name;number;issuer;source;as_of;valid_until` and audits
//! `by;source;as_of;valid_until`, several separated by `|`.

use std::io::{Read, Write};

use beltmart_contract as api;
use serde_json::{Map, Value};

use super::Row;
use crate::files::formats::Encoding;
use crate::files::formats::csv::{check_header, table};
use crate::files::validate::FieldError;

/// Every column, in the order export writes them; `remove` is for upsert files.
pub const COLUMNS: [&str; 14] = [
    "id",
    "name",
    "city",
    "belt",
    "kinds",
    "founded",
    "years",
    "staff",
    "workshop_m2",
    "annual_capacity",
    "main_categories",
    "certificates",
    "audits",
    "remove",
];
const REQUIRED: [&str; 4] = ["id", "name", "belt", "kinds"];
const FACTS: [&str; 4] = ["staff", "workshop_m2", "annual_capacity", "main_categories"];
const CERTIFICATE: [&str; 3] = ["name", "number", "issuer"];
const AUDIT: [&str; 1] = ["by"];

pub fn rows(
    input: impl Read + 'static,
    encoding: Encoding,
) -> anyhow::Result<impl Iterator<Item = anyhow::Result<Row>>> {
    let exported = &COLUMNS[..COLUMNS.len() - 1];
    let check = |columns: &[String]| check_header(columns, &COLUMNS, &REQUIRED);
    let (columns, records) = table(input, encoding, exported, check)?;
    Ok(records.map(move |record| {
        let (line, record) = record?;
        let object = record.map_err(|e| vec![e]).and_then(|r| {
            let cells = columns.iter().map(String::as_str).zip(r.iter());
            object(cells)
        });
        Ok(Row { line, object })
    }))
}

/// The row as the JSON object the rules check; an empty cell is a field left out.
fn object<'a>(
    cells: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let mut object = Map::new();
    let mut facts = Map::new();
    let mut errors = Vec::new();
    for (column, cell) in cells {
        let cell = cell.trim();
        if cell.is_empty() {
            continue;
        }
        let value = match column {
            "kinds" => list(cell),
            "founded" | "years" => number(cell),
            "remove" => Value::Bool(matches!(
                cell.to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "y" | "remove"
            )),
            "certificates" | "audits" => {
                let own: &[&str] = if column == "audits" {
                    &AUDIT
                } else {
                    &CERTIFICATE
                };
                let items = cell.split('|').map(|item| evidenced(column, item, own));
                match items.collect::<Result<Vec<_>, _>>() {
                    Ok(items) => Value::Array(items),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            }
            fact if FACTS.contains(&fact) => {
                match evidenced(fact, cell, &["value"]) {
                    Ok(Value::Object(mut f)) => {
                        let text = f["value"].as_str().unwrap_or_default().to_owned();
                        f["value"] = match fact {
                            "staff" | "workshop_m2" => number(&text),
                            "main_categories" => list(&text),
                            _ => Value::String(text),
                        };
                        facts.insert(fact.to_owned(), Value::Object(f));
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(e),
                }
                continue;
            }
            _ => Value::String(cell.to_owned()),
        };
        object.insert(column.to_owned(), value);
    }
    if !facts.is_empty() {
        object.insert("facts".into(), Value::Object(facts));
    }
    if errors.is_empty() {
        Ok(object)
    } else {
        Err(errors)
    }
}

fn list(cell: &str) -> Value {
    cell.split('|')
        .map(|s| Value::String(s.trim().to_owned()))
        .collect()
}

/// A whole number as a JSON number; anything else as text, for the rules to name.
fn number(cell: &str) -> Value {
    cell.parse::<u64>()
        .map_or_else(|_| Value::String(cell.to_owned()), Value::from)
}

/// `own…;source;as_of;valid_until` as an object with those fields.
fn evidenced(column: &str, item: &str, own: &[&str]) -> Result<Value, FieldError> {
    let parts: Vec<&str> = item.split(';').map(str::trim).collect();
    let names = [own, &["source", "as_of", "valid_until"]].concat();
    if parts.len() != names.len() && parts.len() != names.len() - 1 {
        return Err(FieldError::new(
            column.to_owned(),
            format!(
                "{item:?} has {} parts; write {} separated by ;",
                parts.len(),
                names.join(";")
            ),
        ));
    }
    let mut object = Map::new();
    for (name, part) in names.iter().zip(parts).filter(|(_, p)| !p.is_empty()) {
        object.insert((*name).to_owned(), Value::String(part.to_owned()));
    }
    Ok(Value::Object(object))
}

pub fn write_header(out: &mut ::csv::Writer<impl Write>) -> ::csv::Result<()> {
    out.write_record(&COLUMNS[..COLUMNS.len() - 1])
}

/// One supplier as a row, in the order of the header.
pub fn write(out: &mut ::csv::Writer<impl Write>, s: &api::SupplierProfile) -> ::csv::Result<()> {
    let facts = &s.facts;
    let fact = |value: Option<String>, e: Option<&api::Evidence>| match (value, e) {
        (Some(value), Some(e)) => format!("{value};{}", evidence(e)),
        _ => String::new(),
    };
    let certificates: Vec<String> = (s.certificates.iter())
        .map(|c| {
            format!(
                "{};{};{};{}",
                c.name,
                c.number,
                c.issuer,
                evidence(&c.evidence)
            )
        })
        .collect();
    let audits: Vec<String> = (s.audits.iter())
        .map(|a| format!("{};{}", a.by, evidence(&a.evidence)))
        .collect();
    out.write_record([
        s.id.as_str(),
        &s.name,
        &s.city,
        &s.belt,
        &s.kinds.join("|"),
        &s.founded.map(|y| y.to_string()).unwrap_or_default(),
        &s.years.to_string(),
        &fact(
            facts.staff.as_ref().map(|f| f.value.to_string()),
            facts.staff.as_ref().map(|f| &f.evidence),
        ),
        &fact(
            facts.workshop_m2.as_ref().map(|f| f.value.to_string()),
            facts.workshop_m2.as_ref().map(|f| &f.evidence),
        ),
        &fact(
            facts.annual_capacity.as_ref().map(|f| f.value.clone()),
            facts.annual_capacity.as_ref().map(|f| &f.evidence),
        ),
        &fact(
            facts.main_categories.as_ref().map(|f| f.value.join("|")),
            facts.main_categories.as_ref().map(|f| &f.evidence),
        ),
        &certificates.join("|"),
        &audits.join("|"),
    ])
}

fn evidence(e: &api::Evidence) -> String {
    format!(
        "{};{};{}",
        e.source,
        e.as_of,
        e.valid_until.as_deref().unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_row_reads_as_the_json_object() {
        let cells = [
            ("id", "hengda"),
            ("kinds", "source-factory|specialized"),
            ("years", "8"),
            ("staff", "320;business_licence;2026-03-01;"),
            (
                "audits",
                "SGS;third_party_audit;2025-05-02;2026-05-01|BV;self_declared;2024-01-01",
            ),
            ("founded", ""),
        ];
        let read = object(cells.into_iter()).unwrap();
        assert_eq!(
            Value::Object(read),
            json!({
                "id": "hengda", "kinds": ["source-factory", "specialized"], "years": 8,
                "facts": {"staff": {"value": 320, "source": "business_licence", "as_of": "2026-03-01"}},
                "audits": [
                    {"by": "SGS", "source": "third_party_audit", "as_of": "2025-05-02", "valid_until": "2026-05-01"},
                    {"by": "BV", "source": "self_declared", "as_of": "2024-01-01"}
                ]
            })
        );
        let bad = object([("audits", "SGS;2025-05-02")].into_iter()).unwrap_err();
        assert_eq!(bad[0].field, "audits");
    }
}
