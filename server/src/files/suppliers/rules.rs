//! The rules every suppliers row follows, field by field, so that one report
//! names every problem of a row (`audits[2].as_of`, not just "bad audit").

use beltmart_contract::{self as api, FACT_SOURCES, is_slug};
use serde_json::{Map, Value};

use super::Checked;
use crate::domain::product::{format_day, parse_day, today};
use crate::files::validate::{FieldError, Known, MAX_NAME_CHARS, MAX_YEARS};

/// Certificates or audits a factory lists, at most.
pub const MAX_EVIDENCE_ITEMS: usize = 20;
const MAX_KINDS: usize = 4;
const MAX_MAIN_CATEGORIES: usize = 20;
const MAX_NUMBER_CHARS: usize = 64;
const FIRST_FOUNDED: u32 = 1850;

/// Fields the server derives or adds: a file may carry them (an API answer
/// saved as a row does); they are not read.
const DERIVED: [&str; 3] = ["product_count", "peers", "catalog_version"];
const FIELDS: [&str; 11] = [
    "id",
    "name",
    "city",
    "belt",
    "kinds",
    "founded",
    "years",
    "facts",
    "certificates",
    "audits",
    "remove",
];

/// Errors of one row, with the field each is about.
struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field.into(), message));
    }
}

pub fn check(
    mut row: Map<String, Value>,
    known: &Known,
    upsert: bool,
) -> Result<Checked, Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    for key in row.keys() {
        if !FIELDS.contains(&key.as_str()) && !DERIVED.contains(&key.as_str()) {
            e.add(
                "(row)",
                format!(
                    "has an unknown field {key:?}; the fields are {}",
                    FIELDS.join(", ")
                ),
            );
        }
    }
    let mut take = |key: &str| row.remove(key).filter(|v| !v.is_null());
    let id = text(&mut e, "id", take("id"), 64);
    if let Some(id) = &id
        && !is_slug(id)
    {
        e.add("id", format!("{id:?} is not an id: use lowercase letters, digits and single hyphens (jinjiang-hengda)"));
    }
    match take("remove") {
        None | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => {
            if !upsert {
                e.add(
                    "remove",
                    "removing suppliers needs --mode upsert; in replace mode, leave the row out",
                );
            }
            return match (id, e.0.is_empty()) {
                (Some(id), true) => Ok(Checked::Remove(id)),
                _ => Err(e.0),
            };
        }
        Some(_) => e.add("remove", "must be true or false"),
    }
    let name = text(&mut e, "name", take("name"), MAX_NAME_CHARS);
    let belt = text(&mut e, "belt", take("belt"), 64);
    let city = take("city").and_then(|v| string(&mut e, "city", v));
    let home = belt.as_ref().and_then(|b| match known.belt_city.get(b) {
        None => {
            e.add("belt", format!("{b:?} is not a belt of the taxonomy"));
            None
        }
        Some(home) => Some(home.clone()),
    });
    if let (Some(city), Some(home)) = (&city, &home)
        && city != home
    {
        e.add(
            "city",
            format!("{city:?} is not the belt's city ({home}); fix it, or leave city out"),
        );
    }
    let kinds = take("kinds");
    if kinds
        .as_ref()
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        e.add(
            "kinds",
            "lists no kind; give at least one (source-factory, …)",
        );
    }
    let supplier_kinds = &known.supplier_kinds;
    let kinds = ids(
        &mut e,
        "kinds",
        kinds,
        supplier_kinds,
        "supplier kind",
        MAX_KINDS,
    );
    let founded = take("founded").and_then(|v| number(&mut e, "founded", &v));
    let this_year: u32 = format_day(today())[..4].parse().unwrap_or(u32::MAX);
    if let Some(year) = founded
        && !(FIRST_FOUNDED..=this_year).contains(&year)
    {
        e.add(
            "founded",
            format!("{year} is not a founding year from {FIRST_FOUNDED} to this year"),
        );
    }
    let years = required(&mut e, "years", take("years")).and_then(|v| number(&mut e, "years", &v));
    if let Some(y) = years
        && y > MAX_YEARS
    {
        e.add("years", format!("{y} years is more than {MAX_YEARS}"));
    }
    let facts = take("facts")
        .map(|v| facts(&mut e, v, known))
        .unwrap_or_default();
    let certificates = list(&mut e, "certificates", take("certificates"), certificate);
    let audits = list(&mut e, "audits", take("audits"), audit);
    let (Some(id), Some(name), Some(belt), Some(kinds), Some(years), true) =
        (id, name, belt, kinds, years, e.0.is_empty())
    else {
        return Err(e.0);
    };
    Ok(Checked::Supplier(Box::new(api::SupplierProfile {
        id,
        name,
        city: home.unwrap_or_default(),
        belt,
        kinds,
        founded,
        years,
        facts,
        certificates,
        audits,
    })))
}

fn required(e: &mut Errors, field: &str, value: Option<Value>) -> Option<Value> {
    if value.is_none() {
        e.add(field, "is required");
    }
    value
}

fn string(e: &mut Errors, field: &str, value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        other => {
            e.add(field, format!("must be text, not {other}"));
            None
        }
    }
}

/// Required text: trimmed, not empty, within `max` characters, no control characters.
fn text(e: &mut Errors, field: &str, value: Option<Value>, max: usize) -> Option<String> {
    let value = required(e, field, value)?;
    let value = string(e, field, value)?;
    let value = value.trim().to_owned();
    if value.is_empty() {
        e.add(field, "is empty");
    } else if value.chars().count() > max {
        e.add(
            field,
            format!(
                "is {} characters long; at most {max}",
                value.chars().count()
            ),
        );
    } else if value.chars().any(char::is_control) {
        e.add(
            field,
            "contains control characters (a line break, a tab); remove them",
        );
    } else {
        return Some(value);
    }
    None
}

fn number(e: &mut Errors, field: &str, value: &Value) -> Option<u32> {
    match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
        Some(n) => Some(n),
        None => {
            e.add(field, format!("{value} is not a whole number"));
            None
        }
    }
}

/// A list of ids, each one of `allowed`, none twice.
fn ids(
    e: &mut Errors,
    field: &str,
    value: Option<Value>,
    allowed: &[String],
    what: &str,
    max: usize,
) -> Option<Vec<String>> {
    let Value::Array(items) = required(e, field, value)? else {
        e.add(field, format!("must be a list of {what} ids: [\"…\"]"));
        return None;
    };
    if items.len() > max {
        e.add(field, format!("lists {}; at most {max}", items.len()));
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for item in items {
        match item {
            Value::String(id) if !allowed.contains(&id) => {
                e.add(field, format!("{id:?} is not a {what} of the taxonomy"))
            }
            Value::String(id) if out.contains(&id) => {
                e.add(field, format!("{id:?} is listed twice"))
            }
            Value::String(id) => out.push(id),
            other => e.add(field, format!("{other} is not a {what} id")),
        }
    }
    Some(out)
}

/// A list of objects, each checked by `item` with its place (`audits[2]`).
fn list<T>(
    e: &mut Errors,
    field: &str,
    value: Option<Value>,
    item: fn(&mut Errors, &str, Map<String, Value>) -> Option<T>,
) -> Vec<T> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        e.add(field, "must be a list of objects");
        return Vec::new();
    };
    if items.len() > MAX_EVIDENCE_ITEMS {
        e.add(
            field,
            format!("lists {}; at most {MAX_EVIDENCE_ITEMS}", items.len()),
        );
        return Vec::new();
    }
    let mut out = Vec::new();
    for (n, value) in items.into_iter().enumerate() {
        let place = format!("{field}[{}]", n + 1);
        match value {
            Value::Object(object) => out.extend(item(e, &place, object)),
            _ => e.add(place, "must be an object"),
        }
    }
    out
}

fn certificate(e: &mut Errors, place: &str, mut o: Map<String, Value>) -> Option<api::Certificate> {
    let name = text(
        e,
        &format!("{place}.name"),
        o.remove("name"),
        MAX_NAME_CHARS,
    );
    let issuer = text(
        e,
        &format!("{place}.issuer"),
        o.remove("issuer"),
        MAX_NAME_CHARS,
    );
    let number = match o.remove("number").filter(|v| !v.is_null()) {
        None => Some(String::new()),
        some => text(e, &format!("{place}.number"), some, MAX_NUMBER_CHARS),
    };
    let evidence = evidence(e, place, o, &["name", "issuer", "number"]);
    Some(api::Certificate {
        name: name?,
        number: number?,
        issuer: issuer?,
        evidence: evidence?,
    })
}

fn audit(e: &mut Errors, place: &str, mut o: Map<String, Value>) -> Option<api::Audit> {
    let by = text(e, &format!("{place}.by"), o.remove("by"), MAX_NAME_CHARS);
    let evidence = evidence(e, place, o, &["by"]);
    Some(api::Audit {
        by: by?,
        evidence: evidence?,
    })
}

/// The evidence fields of an object whose other fields (`own`) were taken.
fn evidence(
    e: &mut Errors,
    place: &str,
    mut o: Map<String, Value>,
    own: &[&str],
) -> Option<api::Evidence> {
    let source = text(e, &format!("{place}.source"), o.remove("source"), 32);
    if let Some(s) = &source
        && !FACT_SOURCES.contains(&s.as_str())
    {
        e.add(
            format!("{place}.source"),
            format!(
                "{s:?} is not a source; use one of {}",
                FACT_SOURCES.join(", ")
            ),
        );
    }
    let as_of = required(e, &format!("{place}.as_of"), o.remove("as_of"));
    let as_of = date(e, &format!("{place}.as_of"), as_of);
    if let Some((_, day)) = &as_of
        && *day > today() + 1
    {
        e.add(
            format!("{place}.as_of"),
            "is in the future; as_of is the day the fact was checked",
        );
    }
    let until = date(
        e,
        &format!("{place}.valid_until"),
        o.remove("valid_until").filter(|v| !v.is_null()),
    );
    if let (Some((_, from)), Some((_, to))) = (&as_of, &until)
        && to < from
    {
        e.add(format!("{place}.valid_until"), "is before as_of");
    }
    o.remove("expired");
    for key in o.keys() {
        let fields = [own, &["source", "as_of", "valid_until"]]
            .concat()
            .join(", ");
        e.add(
            place,
            format!("has an unknown field {key:?}; the fields are {fields}"),
        );
    }
    Some(api::Evidence {
        source: source.filter(|s| FACT_SOURCES.contains(&s.as_str()))?,
        as_of: as_of?.0,
        valid_until: until.map(|(text, _)| text),
        expired: false,
    })
}

/// A `YYYY-MM-DD` date, with its day number.
fn date(e: &mut Errors, field: &str, value: Option<Value>) -> Option<(String, u32)> {
    let text = string(e, field, value?)?;
    match parse_day(&text) {
        Some(day) => Some((text, day)),
        None => {
            e.add(field, format!("{text:?} is not a date: use YYYY-MM-DD"));
            None
        }
    }
}

fn facts(e: &mut Errors, value: Value, known: &Known) -> api::SupplierFacts {
    let Value::Object(mut o) = value else {
        e.add(
            "facts",
            "must be an object: {\"staff\": {\"value\": 120, \"source\": …, \"as_of\": …}}",
        );
        return api::SupplierFacts::default();
    };
    // Each fact's value and evidence, both checked even when one is bad.
    type Fact = (String, Value, Option<api::Evidence>);
    let mut fact = |key: &str| -> Option<Fact> {
        let place = format!("facts.{key}");
        match o.remove(key).filter(|v| !v.is_null())? {
            Value::Object(mut f) => {
                let value = required(e, &format!("{place}.value"), f.remove("value"));
                let evidence = evidence(e, &place, f, &["value"]);
                Some((place, value?, evidence))
            }
            _ => {
                e.add(
                    place,
                    "must be an object: {\"value\": …, \"source\": …, \"as_of\": …}",
                );
                None
            }
        }
    };
    let staff = fact("staff");
    let workshop = fact("workshop_m2");
    let capacity = fact("annual_capacity");
    let categories = fact("main_categories");
    for key in o.keys() {
        e.add("facts", format!("has an unknown fact {key:?}; the facts are staff, workshop_m2, annual_capacity, main_categories"));
    }
    let count = |e: &mut Errors, f: Option<Fact>| {
        let (place, value, evidence) = f?;
        let value = number(e, &format!("{place}.value"), &value)?;
        let evidence = evidence?;
        Some(api::CountFact { value, evidence })
    };
    api::SupplierFacts {
        staff: count(e, staff),
        workshop_m2: count(e, workshop),
        annual_capacity: capacity.and_then(|(place, value, evidence)| {
            let value = text(e, &format!("{place}.value"), Some(value), MAX_NAME_CHARS)?;
            let evidence = evidence?;
            Some(api::TextFact { value, evidence })
        }),
        main_categories: categories.and_then(|(place, value, evidence)| {
            let leaves: Vec<String> = known.leaves.iter().cloned().collect();
            let field = format!("{place}.value");
            let value = ids(
                e,
                &field,
                Some(value),
                &leaves,
                "leaf category",
                MAX_MAIN_CATEGORIES,
            )?;
            let evidence = evidence?;
            Some(api::ListFact { value, evidence })
        }),
    }
}
