//! Suppliers files: one factory per row, the object `GET /api/v1/suppliers/{id}`
//! returns (JSON Lines) or its fields flattened (CSV). Both readers give a row
//! as the JSON object; [`check`] holds every rule, so one report names every
//! bad field of every row, in either format.

pub mod csv;
mod rules;

use std::io::{self, Read, Write};

use beltmart_contract as api;
use serde_json::Value;

use super::formats::jsonl::{self, Lines};
use super::formats::{Encoding, Format};
use super::validate::FieldError;
pub use rules::check;

/// A checked suppliers row.
pub enum Checked {
    Supplier(Box<api::SupplierProfile>),
    Remove(String),
}

/// One row: where it starts, and the object it holds or why it is unreadable.
pub struct Row {
    pub line: u64,
    pub object: Result<serde_json::Map<String, Value>, Vec<FieldError>>,
}

/// Reads the rows of a suppliers file.
pub fn rows(
    input: impl Read + 'static,
    format: Format,
    encoding: Encoding,
) -> anyhow::Result<Box<dyn Iterator<Item = anyhow::Result<Row>>>> {
    Ok(match format {
        Format::Jsonl => Box::new(Lines::new(input).map(|line| {
            let (line, bytes) = line?;
            let shape = "each line is one supplier, {\"id\": …, \"name\": …}";
            let object = bytes
                .map_err(|e| vec![e])
                .and_then(|b| jsonl::object(&b, shape));
            Ok(Row { line, object })
        })),
        Format::Csv => Box::new(csv::rows(input, encoding)?),
    })
}

/// Writes one supplier as a JSON line (what the API returns, without what it derives).
pub fn write_jsonl(out: &mut impl Write, supplier: &api::SupplierProfile) -> io::Result<()> {
    serde_json::to_writer(&mut *out, supplier)?;
    out.write_all(b"\n")
}
