//! CSV: a header row, then one product per row, the JSON Lines fields flattened
//! (`supplier_name`, …), tiers as `min_qty:yuan` pairs (`1:12.50|100:11.00`),
//! images separated by `|`. UTF-8 with or without a BOM, or GBK/GB18030 as
//! Excel saves it on a Chinese system: detected, or named with `--encoding`.

use std::io::{self, BufRead, BufReader, Read, Write};

use beltmart_contract::{self as api, format_yuan, parse_yuan};
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::{Encoding, Row, whole_number};
use crate::domain::product::{Product, format_day, parse_day};
use crate::files::validate::{Draft, FieldError};

/// Every column, in the order export writes them. `remove` is for upsert files.
pub const COLUMNS: [&str; 17] = [
    "id",
    "title",
    "category",
    "city",
    "belt",
    "unit",
    "moq",
    "tiers",
    "goods_kind",
    "supplier_id",
    "supplier_name",
    "supplier_kind",
    "supplier_years",
    "sales_30d",
    "listed_on",
    "images",
    "remove",
];
/// The columns a file of products cannot do without (`supplier_id` may be
/// left out: the supplier is then found or made by its name).
const REQUIRED: [&str; 11] = [
    "id",
    "title",
    "category",
    "city",
    "belt",
    "unit",
    "moq",
    "tiers",
    "goods_kind",
    "supplier_name",
    "supplier_kind",
];
/// Export writes every column but `remove`, the last.
const EXPORTED: usize = COLUMNS.len() - 1;

/// How much of the file decides its encoding when `--encoding auto`.
const SNIFF_BYTES: usize = 64 << 10;

/// Reads the header, then yields the rows. A header that is not a Beltmart
/// header (unknown or missing columns) is an error of the whole file.
pub fn rows(
    input: impl Read + 'static,
    encoding: Encoding,
) -> anyhow::Result<impl Iterator<Item = anyhow::Result<Row>>> {
    let check = |columns: &[String]| check_header(columns, &COLUMNS, &REQUIRED);
    let (columns, records) = table(input, encoding, &COLUMNS[..EXPORTED], check)?;
    Ok(records.map(move |record| {
        let (line, record) = record?;
        let draft = record
            .map_err(|e| vec![e])
            .and_then(|r| parse(&columns, &r));
        Ok(Row { line, draft })
    }))
}

/// One record of a table: its line, and its cells or why they do not fit the header.
pub type Record = (u64, Result<csv::StringRecord, FieldError>);

/// A reader that turns `\r\n` into `\n`. The csv crate counts a record's
/// line one short after a `\r\n` ending, the ending Excel writes on Windows, so
/// a report named the line above the bad one; with `\n` alone it counts right.
struct LfLines<R> {
    inner: R,
    /// A `\r` ending the last chunk, not yet known to precede a `\n`.
    held_cr: bool,
}

impl<R: Read> LfLines<R> {
    fn new(inner: R) -> LfLines<R> {
        LfLines {
            inner,
            held_cr: false,
        }
    }
}

impl<R: Read> Read for LfLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.len() < 2 {
            return self.inner.read(buf);
        }
        // Room for a held `\r` in front of what is read.
        let start = usize::from(self.held_cr);
        let read = self.inner.read(&mut buf[start..])?;
        if self.held_cr {
            buf[0] = b'\r';
            self.held_cr = false;
        }
        let mut end = start + read;
        if read == 0 {
            return Ok(end);
        }
        if buf[end - 1] == b'\r' {
            self.held_cr = true;
            end -= 1;
        }
        let mut kept = 0;
        for i in 0..end {
            let crlf = buf[i] == b'\r' && i + 1 < end && buf[i + 1] == b'\n';
            if !crlf {
                buf[kept] = buf[i];
                kept += 1;
            }
        }
        if kept == 0 && self.held_cr {
            // Only a `\r` so far: read on rather than report the end of the file.
            return self.read(buf);
        }
        Ok(kept)
    }
}

/// Reads a CSV table: decodes it, reads and checks the header (`check`),
/// and yields each record with its line. `header` is shown when the file is empty.
pub fn table(
    input: impl Read + 'static,
    encoding: Encoding,
    header: &[&str],
    check: impl Fn(&[String]) -> anyhow::Result<()>,
) -> anyhow::Result<(Vec<String>, impl Iterator<Item = anyhow::Result<Record>>)> {
    let mut input = BufReader::with_capacity(SNIFF_BYTES, input);
    let encoding = match encoding {
        Encoding::Auto if looks_like_utf8(input.fill_buf()?) => encoding_rs::UTF_8,
        Encoding::Auto | Encoding::Gbk => encoding_rs::GB18030,
        Encoding::Utf8 => encoding_rs::UTF_8,
    };
    // A BOM wins over the guess; undecodable bytes become U+FFFD, which the validator reports.
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(input);
    let reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(LfLines::new(decoded));
    let mut records = reader.into_records();
    let first = match records.next() {
        None => anyhow::bail!(
            "line 1: the file is empty; it needs a header row ({})",
            header.join(",")
        ),
        Some(first) => {
            first.map_err(|e| anyhow::anyhow!("line 1: the header row cannot be read: {e}"))?
        }
    };
    let columns: Vec<String> = first
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    check(&columns)?;
    let width = columns.len();
    Ok((columns, records.map(move |record| {
        let record = record.map_err(|e| match e.kind() {
            csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::FileTooLarge => anyhow::anyhow!("{io}"),
            _ => anyhow::anyhow!("{}: the file cannot be read as CSV: {e}", e.position().map_or("the file".into(), |p| format!("line {}", p.line()))),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != width {
            let error = FieldError::new(
                "(row)",
                format!("has {} fields but the header has {width}; is a comma inside a field that is not quoted?", record.len()),
            );
            return Ok((line, Err(error)));
        }
        Ok((line, Ok(record)))
    })))
}

/// Valid UTF-8, allowing a character cut off at the end of the sample.
fn looks_like_utf8(sample: &[u8]) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// A header's problems (unknown or repeated columns, missing required ones),
/// as an error of the whole file. `known` are every column, in export order; a
/// file of removals only (upsert) needs just `id` and `remove`.
pub fn check_header(columns: &[String], known: &[&str], required: &[&str]) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        if !known.contains(&c.as_str()) {
            problems.push(format!("unknown column {c:?}"));
        } else if columns[..i].contains(c) {
            problems.push(format!("column {c:?} appears twice"));
        }
    }
    let has = |c: &str| columns.iter().any(|have| have == c);
    let removals_only = has("remove") && has("id") && columns.len() == 2;
    let missing: Vec<&str> = required.iter().copied().filter(|c| !has(c)).collect();
    if !missing.is_empty() && !removals_only {
        problems.push(format!("missing column(s) {}", missing.join(", ")));
    }
    if problems.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "line 1 (the header): {}; the columns are {} (see docs/catalog.md)",
        problems.join("; "),
        known.join(",")
    )
}

fn parse(columns: &[String], record: &csv::StringRecord) -> Result<Draft, Vec<FieldError>> {
    let mut draft = Draft::default();
    let mut errors = Vec::new();
    for (column, value) in columns.iter().zip(record.iter()) {
        let value = value.trim();
        if value.is_empty() {
            continue; // an empty cell is a field left out
        }
        if let Err(e) = set(&mut draft, column, value) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(draft)
    } else {
        Err(errors)
    }
}

fn set(d: &mut Draft, column: &str, value: &str) -> Result<(), FieldError> {
    let text = || Some(value.to_owned());
    match column {
        "id" => d.id = text(),
        "title" => d.title = text(),
        "category" => d.category = text(),
        "city" => d.city = text(),
        "belt" => d.belt = text(),
        "unit" => d.unit = text(),
        "goods_kind" => d.goods_kind = text(),
        "supplier_id" => d.supplier_id = text(),
        "supplier_name" => d.supplier_name = text(),
        "supplier_kind" => d.supplier_kind = text(),
        "moq" => d.moq = Some(whole_number("moq", value)?),
        "supplier_years" => d.supplier_years = Some(whole_number("supplier.years", value)?),
        "sales_30d" => d.sales_30d = Some(whole_number("sales_30d", value)?),
        "listed_on" => {
            d.listed_day = Some(parse_day(value).ok_or_else(|| {
                FieldError::new("listed_on", format!("{value:?} is not a date: use YYYY-MM-DD (format the column as text in Excel)"))
            })?);
        }
        "tiers" => d.tiers = Some(parse_tiers(value)?),
        "images" => d.images = value.split('|').map(|u| u.trim().to_owned()).collect(),
        "remove" => {
            d.remove = match value.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "y" | "remove" => true,
                "0" | "false" | "no" | "n" => false,
                _ => {
                    return Err(FieldError::new(
                        "remove",
                        format!("{value:?}: use yes or leave it empty"),
                    ));
                }
            }
        }
        _ => unreachable!("the header was checked"),
    }
    Ok(())
}

/// `1:12.50|100:11.00|1000:9.80`: quantity, colon, unit price in yuan.
fn parse_tiers(value: &str) -> Result<Vec<api::PriceTier>, FieldError> {
    value
        .split('|')
        .map(|pair| {
            let bad = || {
                FieldError::new(
                    "tiers",
                    format!("{:?} is not a tier: write quantity:yuan, tiers separated by |, as in 1:12.50|100:11.00", pair.trim()),
                )
            };
            let (qty, yuan) = pair.split_once(':').ok_or_else(bad)?;
            Ok(api::PriceTier {
                min_qty: whole_number("tiers", qty).map_err(|_| bad())?,
                price_fen: parse_yuan(yuan.trim()).ok_or_else(bad)?,
            })
        })
        .collect()
}

/// The header row for export.
pub fn write_header(out: &mut csv::Writer<impl Write>) -> csv::Result<()> {
    out.write_record(&COLUMNS[..EXPORTED])
}

/// One product as a row, in the order of the header.
pub fn write(out: &mut csv::Writer<impl Write>, p: &Product) -> csv::Result<()> {
    let tiers: Vec<String> = p
        .tiers
        .iter()
        .map(|t| format!("{}:{}", t.min_qty, format_yuan(t.price_fen)))
        .collect();
    out.write_record([
        p.id.as_str(),
        &p.title,
        &p.category,
        &p.city,
        &p.belt,
        &p.unit,
        &p.moq.to_string(),
        &tiers.join("|"),
        &p.goods_kind,
        &p.supplier.id,
        &p.supplier.name,
        &p.supplier.kind,
        &p.supplier.years.to_string(),
        &p.sales_30d.to_string(),
        &format_day(p.listed_day),
        &p.images.join("|"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives its bytes `chunk` at a time, as a network or a decoder may.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn crlf_endings_read_as_lf_in_any_chunks() {
        let text = b"id,title\r\nyw-1,\"a\r\nb\"\r\nyw-2,c\r";
        for chunk in 1..=text.len() {
            let mut out = String::new();
            LfLines::new(Trickle(text, chunk))
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(
                out, "id,title\nyw-1,\"a\nb\"\nyw-2,c\r",
                "chunks of {chunk}"
            );
        }
    }

    #[test]
    fn a_bad_row_of_an_excel_csv_is_named_by_its_own_line() {
        let text = "id,title\r\nyw-1,a\r\nyw-2,b,extra\r\n";
        let (_, records) = table(Box::new(io::Cursor::new(text)), Encoding::Utf8, &[], |_| {
            Ok(())
        })
        .unwrap();
        let lines: Vec<u64> = records.map(|r| r.unwrap().0).collect();
        assert_eq!(lines, [2, 3]);
    }
}
