//! The rules every imported row and taxonomy must follow, in one place for both
//! file formats. A row is read into a [`Draft`] (whatever its fields said), then
//! checked here field by field, so that one report names every problem.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use beltmart_contract::{self as api, MAX_ID_LEN, PriceRange, is_slug};

use crate::domain::product::{Product, today};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_UNIT_CHARS: usize = 8;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_IMAGES: usize = 9;
pub const MAX_URL_BYTES: usize = 1_000;
pub const MAX_TIERS: usize = 10;
pub const MAX_MOQ: u32 = 1_000_000;
pub const MAX_YEARS: u32 = 100;
pub const MAX_SALES: u32 = 100_000_000;
/// Unit prices are above 0 and below ¥1 000 000.
pub const MAX_PRICE_FEN: u32 = 100_000_000 - 1;
/// The earliest listing date a row may carry.
const FIRST_DAY: u32 = 10_957; // 2000-01-01

/// One problem with one field of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The field as the JSON Lines format names it (`supplier.kind`, `tiers`,
    /// `audits[2].as_of`).
    pub field: Cow<'static, str>,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// A row as a file gave it: every field optional until checked.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    pub id: Option<String>,
    pub title: Option<String>,
    pub category: Option<String>,
    pub city: Option<String>,
    pub belt: Option<String>,
    pub unit: Option<String>,
    pub moq: Option<u32>,
    pub tiers: Option<Vec<api::PriceTier>>,
    pub goods_kind: Option<String>,
    /// The supplier's id; without it, the supplier of `supplier_name` in the belt (made if missing).
    pub supplier_id: Option<String>,
    pub supplier_name: Option<String>,
    pub supplier_kind: Option<String>,
    pub supplier_years: Option<u32>,
    pub sales_30d: Option<u32>,
    pub listed_day: Option<u32>,
    pub images: Vec<String>,
    /// Derived from the tiers; a file may carry it (an export does), and then it must agree.
    pub price_fen: Option<u32>,
    /// Upsert mode: remove the product with this id.
    pub remove: bool,
}

/// A checked row.
#[allow(clippy::large_enum_variant)] // one at a time, never stored in bulk
pub enum Checked {
    Product {
        product: Product,
        /// Unknown in the file: kept from the product it replaces, or a default.
        sales_30d: Option<u32>,
        listed_day: Option<u32>,
    },
    Remove(String),
}

/// The ids a row may refer to, from the taxonomy in force.
pub struct Known {
    pub(crate) leaves: HashSet<String>,
    top_categories: HashSet<String>,
    pub(crate) cities: HashSet<String>,
    /// Belt id → its city id.
    pub(crate) belt_city: HashMap<String, String>,
    goods_kinds: Vec<String>,
    pub(crate) supplier_kinds: Vec<String>,
}

impl Known {
    pub fn new(t: &api::Taxonomy) -> Known {
        let cities = t.regions.iter().flat_map(|p| &p.cities);
        Known {
            leaves: t
                .categories
                .iter()
                .flat_map(|c| &c.children)
                .map(|c| c.id.clone())
                .collect(),
            top_categories: t.categories.iter().map(|c| c.id.clone()).collect(),
            cities: cities.clone().map(|c| c.id.clone()).collect(),
            belt_city: cities
                .flat_map(|c| c.belts.iter().map(move |b| (b.id.clone(), c.id.clone())))
                .collect(),
            goods_kinds: t.goods_kinds.iter().map(|k| k.id.clone()).collect(),
            supplier_kinds: t.supplier_kinds.iter().map(|k| k.id.clone()).collect(),
        }
    }
}

/// Checks a row; `upsert` allows removal rows. Every problem is reported, not just the first.
pub fn check(draft: Draft, known: &Known, upsert: bool) -> Result<Checked, Vec<FieldError>> {
    let mut errors = Vec::new();
    let id = required(&mut errors, "id", draft.id);
    if let Some(id) = &id
        && !is_slug(id)
    {
        errors.push(FieldError::new(
            "id",
            format!("{id:?} is not an id: use lowercase letters, digits and single hyphens, at most {MAX_ID_LEN} characters (p1234, jj-shoe-7)"),
        ));
    }
    if draft.remove {
        if !upsert {
            errors.push(FieldError::new(
                "remove",
                "removing products needs --mode upsert; in replace mode, leave the row out",
            ));
        }
        return match (id, errors.is_empty()) {
            (Some(id), true) => Ok(Checked::Remove(id)),
            _ => Err(errors),
        };
    }
    let title = text(&mut errors, "title", draft.title, MAX_TITLE_CHARS);
    let unit = text(&mut errors, "unit", draft.unit, MAX_UNIT_CHARS);
    // With its id, the supplier's record says the rest; without, the row names it.
    let by_id = draft.supplier_id.is_some();
    if let Some(id) = draft.supplier_id.as_deref()
        && !is_slug(id)
    {
        errors.push(FieldError::new(
            "supplier.id",
            format!("{id:?} is not an id: use lowercase letters, digits and single hyphens"),
        ));
    }
    let supplier_name = match (by_id, draft.supplier_name) {
        (true, None) => Some(String::new()),
        (_, name) => text(&mut errors, "supplier.name", name, MAX_NAME_CHARS),
    };
    let category = required(&mut errors, "category", draft.category);
    if let Some(category) = &category
        && !known.leaves.contains(category)
    {
        let hint = if known.top_categories.contains(category) {
            "is a top-level category; use one of its leaf categories"
        } else {
            "is not a category of the taxonomy"
        };
        errors.push(FieldError::new("category", format!("{category:?} {hint}")));
    }
    let city = required(&mut errors, "city", draft.city);
    let belt = required(&mut errors, "belt", draft.belt);
    if let Some(city) = &city
        && !known.cities.contains(city)
    {
        errors.push(FieldError::new(
            "city",
            format!("{city:?} is not a city of the taxonomy"),
        ));
    }
    if let Some(belt) = &belt {
        match known.belt_city.get(belt) {
            None => errors.push(FieldError::new(
                "belt",
                format!("{belt:?} is not a belt of the taxonomy"),
            )),
            Some(home)
                if city
                    .as_ref()
                    .is_some_and(|c| c != home && known.cities.contains(c)) =>
            {
                errors.push(FieldError::new(
                    "belt",
                    format!(
                        "{belt:?} is in {home}, not in {}: fix the belt or the city",
                        city.as_deref().unwrap_or_default()
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    let goods_kind = one_of(
        &mut errors,
        "goods_kind",
        draft.goods_kind,
        &known.goods_kinds,
    );
    let supplier_kind = match (by_id, draft.supplier_kind) {
        (true, None) => Some(String::new()),
        (_, kind) => one_of(&mut errors, "supplier.kind", kind, &known.supplier_kinds),
    };
    let moq = required(&mut errors, "moq", draft.moq);
    if let Some(moq) = moq
        && !(1..=MAX_MOQ).contains(&moq)
    {
        errors.push(FieldError::new(
            "moq",
            format!("{moq} is not a minimum order: use a whole number from 1 to {MAX_MOQ}"),
        ));
    }
    let tiers = required(&mut errors, "tiers", draft.tiers);
    if let Some(tiers) = &tiers {
        check_tiers(&mut errors, tiers, moq, draft.price_fen);
    }
    let years = draft.supplier_years.unwrap_or(0);
    if years > MAX_YEARS {
        errors.push(FieldError::new(
            "supplier.years",
            format!("{years} years is more than {MAX_YEARS}"),
        ));
    }
    if let Some(sales) = draft.sales_30d
        && sales > MAX_SALES
    {
        errors.push(FieldError::new(
            "sales_30d",
            format!("{sales} is more than {MAX_SALES}"),
        ));
    }
    if let Some(day) = draft.listed_day
        && !(FIRST_DAY..=today() + 1).contains(&day)
    {
        errors.push(FieldError::new(
            "listed_on",
            "use a date from 2000-01-01 to today",
        ));
    }
    check_images(&mut errors, &draft.images);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (
        Some(id),
        Some(title),
        Some(unit),
        Some(supplier_name),
        Some(category),
        Some(city),
        Some(belt),
    ) = (id, title, unit, supplier_name, category, city, belt)
    else {
        unreachable!("a missing field is an error");
    };
    let (Some(goods_kind), Some(supplier_kind), Some(moq), Some(tiers)) =
        (goods_kind, supplier_kind, moq, tiers)
    else {
        unreachable!("a missing field is an error");
    };
    Ok(Checked::Product {
        product: Product {
            id,
            title,
            category,
            city,
            belt,
            unit,
            moq,
            tiers,
            goods_kind,
            supplier: api::Supplier {
                id: draft.supplier_id.unwrap_or_default(),
                name: supplier_name,
                kind: supplier_kind,
                years,
            },
            sales_30d: draft.sales_30d.unwrap_or(0),
            listed_day: draft.listed_day.unwrap_or_else(today),
            images: draft.images,
        },
        sales_30d: draft.sales_30d,
        listed_day: draft.listed_day,
    })
}

pub(crate) fn required<T>(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: Option<T>,
) -> Option<T> {
    if value.is_none() {
        errors.push(FieldError::new(field, "is required"));
    }
    value
}

/// Required text: trimmed, not empty, within `max` characters, no control characters.
fn text(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: Option<String>,
    max: usize,
) -> Option<String> {
    let value = required(errors, field, value)?.trim().to_owned();
    if value.is_empty() {
        errors.push(FieldError::new(field, "is empty"));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!(
                "is {} characters long; at most {max}",
                value.chars().count()
            ),
        ));
    } else if value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "contains a control character (a tab, line break or invisible code); remove it",
        ));
    } else if value.contains('\u{fffd}') {
        errors.push(FieldError::new(field, "contains text that is not valid in the file's encoding; save the file as UTF-8 (or pass --encoding gbk)"));
    }
    Some(value)
}

fn one_of(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: Option<String>,
    known: &[String],
) -> Option<String> {
    let value = required(errors, field, value)?;
    if !known.contains(&value) {
        errors.push(FieldError::new(
            field,
            format!("{value:?} is not one of {}", known.join(", ")),
        ));
    }
    Some(value)
}

fn check_tiers(
    errors: &mut Vec<FieldError>,
    tiers: &[api::PriceTier],
    moq: Option<u32>,
    price_fen: Option<u32>,
) {
    let mut problem = |message: String| errors.push(FieldError::new("tiers", message));
    let Some(first) = tiers.first() else {
        return problem("needs at least one tier: the price at the minimum order".into());
    };
    if tiers.len() > MAX_TIERS {
        problem(format!("has {} tiers; at most {MAX_TIERS}", tiers.len()));
    }
    if let Some(moq) = moq
        && first.min_qty != moq
    {
        problem(format!(
            "the first tier starts at {}, but moq is {moq}: the first tier is the price at the minimum order",
            first.min_qty
        ));
    }
    for t in tiers {
        if t.price_fen == 0 || t.price_fen > MAX_PRICE_FEN {
            problem(format!(
                "a unit price of {} fen is not above ¥0 and below ¥1 000 000",
                t.price_fen
            ));
        }
    }
    for pair in tiers.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.min_qty <= a.min_qty {
            problem(format!(
                "quantities must rise: {} comes after {}",
                b.min_qty, a.min_qty
            ));
        } else if b.price_fen >= a.price_fen {
            problem(format!(
                "unit prices must fall as quantities rise: {} fen at {} is not below {} fen at {}",
                b.price_fen, b.min_qty, a.price_fen, a.min_qty
            ));
        }
    }
    if let Some(price) = price_fen
        && price != first.price_fen
    {
        errors.push(FieldError::new(
            "price_fen",
            format!("{price} differs from the first tier's {}: price_fen is the first tier's price; change the tiers (or leave price_fen out)", first.price_fen),
        ));
    }
}

fn check_images(errors: &mut Vec<FieldError>, images: &[String]) {
    if images.len() > MAX_IMAGES {
        errors.push(FieldError::new(
            "images",
            format!("has {}; at most {MAX_IMAGES}", images.len()),
        ));
    }
    for text in images {
        if image_kind(text).is_none() {
            errors.push(FieldError::new(
                "images",
                format!(
                    "{:?} is not an http(s) URL, a path starting with /, a picture's path in the images folder (photos/shoe.jpg) or a stored picture (picture:…)",
                    truncate(text, 80)
                ),
            ));
        }
    }
}

/// What a row's image names.
#[derive(Debug, PartialEq, Eq)]
pub enum Image<'a> {
    /// `https://cdn.example.com/a.jpg`, `http://…` or `/images/a.jpg`: shown as it is.
    Link,
    /// `picture:3fa2…`: a picture the catalog stores (as export writes it).
    Stored(&'a str),
    /// `photos/shoe.jpg`: a file in the images folder, read and stored at import.
    File,
}

/// What `text` names, when it is an image at all: no other scheme (no
/// `javascript:`, no `data:`), no spaces, quotes or control characters, no
/// way out of the images folder.
pub fn image_kind(text: &str) -> Option<Image<'_>> {
    let clean = text.len() <= MAX_URL_BYTES
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'));
    if !clean {
        return None;
    }
    if let Some(name) = crate::pictures::referenced(text) {
        return crate::pictures::is_name(name).then_some(Image::Stored(name));
    }
    let host = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .map(|rest| rest.split('/').next().unwrap_or_default());
    let link = match host {
        Some(host) => !host.is_empty(),
        None => text.starts_with('/') && !text.starts_with("//"),
    };
    if link {
        return Some(Image::Link);
    }
    let file = host.is_none()
        && !text.is_empty()
        && !text.starts_with('/')
        && !text.contains(':')
        && text
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    file.then_some(Image::File)
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

/// A taxonomy file's problems, each with where it is (`regions[0].cities[1]`).
pub fn check_taxonomy(t: &api::Taxonomy) -> Vec<(String, String)> {
    let mut check = TaxonomyCheck::default();
    for (i, top) in t.categories.iter().enumerate() {
        let at = format!("categories[{i}]");
        check.named("category", &at, &top.id, &top.name_zh, &top.name_en);
        if top.children.is_empty() {
            check.problem(
                &at,
                "a top-level category needs at least one leaf in children".into(),
            );
        }
        for (j, leaf) in top.children.iter().enumerate() {
            let at = format!("{at}.children[{j}]");
            check.named("category", &at, &leaf.id, &leaf.name_zh, &leaf.name_en);
            if !leaf.children.is_empty() {
                check.problem(
                    &at,
                    "categories have two levels: a leaf has no children".into(),
                );
            }
        }
    }
    let leaves: HashSet<&str> = t
        .categories
        .iter()
        .flat_map(|c| &c.children)
        .map(|c| c.id.as_str())
        .collect();
    for (i, province) in t.regions.iter().enumerate() {
        let at = format!("regions[{i}]");
        check.named(
            "province",
            &at,
            &province.id,
            &province.name_zh,
            &province.name_en,
        );
        for (j, city) in province.cities.iter().enumerate() {
            let at = format!("{at}.cities[{j}]");
            check.named("city", &at, &city.id, &city.name_zh, &city.name_en);
            if let Some([lon, lat]) = city.coordinates
                && !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat))
            {
                check.problem(
                    &at,
                    format!("coordinates [{lon}, {lat}] are not [longitude, latitude] in degrees"),
                );
            }
            for (k, belt) in city.belts.iter().enumerate() {
                let at = format!("{at}.belts[{k}]");
                check.named("belt", &at, &belt.id, &belt.name_zh, &belt.name_en);
                for category in belt
                    .categories
                    .iter()
                    .filter(|c| !leaves.contains(c.as_str()))
                {
                    check.problem(
                        &at,
                        format!("specialty {category:?} is not a leaf category of this taxonomy"),
                    );
                }
            }
        }
    }
    for (list, words) in [
        ("goods_kinds", &t.goods_kinds),
        ("supplier_kinds", &t.supplier_kinds),
    ] {
        if words.is_empty() {
            check.problem(list, "needs at least one entry".into());
        }
        for (i, w) in words.iter().enumerate() {
            check.named(list, &format!("{list}[{i}]"), &w.id, &w.name_zh, &w.name_en);
        }
    }
    if t.price_bands.len() > 8 {
        check.problem("price_bands", "at most 8 price bands".into());
    }
    for (i, band) in t.price_bands.iter().enumerate() {
        let at = format!("price_bands[{i}]");
        if PriceRange::parse(&band.id).is_err() {
            check.problem(
                &at,
                format!(
                    "id {:?} is not a price range in yuan such as 10-30, -10 or 300-",
                    band.id
                ),
            );
        }
        check.names(&at, &band.name_zh, &band.name_en);
    }
    check.problems
}

/// Collects a taxonomy's problems; ids must be unique within their kind.
#[derive(Default)]
struct TaxonomyCheck {
    problems: Vec<(String, String)>,
    /// (kind, id) → where it was first seen.
    seen: HashMap<(&'static str, String), String>,
}

impl TaxonomyCheck {
    fn problem(&mut self, at: &str, message: String) {
        self.problems.push((at.to_owned(), message));
    }

    fn named(&mut self, kind: &'static str, at: &str, id: &str, zh: &str, en: &str) {
        if !is_slug(id) {
            self.problem(
                at,
                format!("id {id:?} is not a slug: lowercase letters, digits and single hyphens"),
            );
        }
        if let Some(first) = self.seen.insert((kind, id.to_owned()), at.to_owned()) {
            self.problem(at, format!("id {id:?} is used twice: also at {first}"));
        }
        self.names(at, zh, en);
    }

    fn names(&mut self, at: &str, zh: &str, en: &str) {
        for (field, name) in [("name_zh", zh), ("name_en", en)] {
            if name.trim().is_empty()
                || name.chars().count() > MAX_NAME_CHARS
                || name.chars().any(char::is_control)
            {
                self.problem(at, format!("{field} must be 1 to {MAX_NAME_CHARS} characters without control characters"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::builtin_taxonomy;

    #[test]
    fn the_builtin_taxonomy_is_valid() {
        assert_eq!(
            check_taxonomy(&builtin_taxonomy()),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn images_are_links_stored_pictures_or_files_in_the_folder() {
        for link in [
            "https://cdn.example.com/a.jpg",
            "http://img.example.cn/x/y.png?w=400",
            "/images/p1.webp",
        ] {
            assert_eq!(image_kind(link), Some(Image::Link), "{link}");
        }
        let stored = "picture:0123456789abcdef0123456789abcdef";
        let name = "0123456789abcdef0123456789abcdef";
        assert_eq!(image_kind(stored), Some(Image::Stored(name)));
        for file in ["a.jpg", "photos/鞋-1.jpeg", "2026/12/x.png"] {
            assert_eq!(image_kind(file), Some(Image::File), "{file}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "//evil.example/a.png",
            "ftp://x/a.png",
            "https:///a.png",
            "/a b.jpg",
            "/a\"onerror=x",
            "../etc/passwd",
            "photos/../../x.jpg",
            "./a.jpg",
            "a//b.jpg",
            "photos/",
            "C:\\photos\\a.jpg",
            "c:a.jpg",
            "picture:../../x",
            "picture:0123",
            "",
        ] {
            assert_eq!(image_kind(bad), None, "{bad}");
        }
    }
}
