//! A product as the catalog stores it: what `GET /api/v1/products/{id}` returns,
//! minus what is derived (the city comes from the belt, `price_fen` from the
//! first tier, images default to the generated pictures).

use beltmart_contract as api;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub id: String,
    pub title: String,
    /// Leaf category id.
    pub category: String,
    pub city: String,
    pub belt: String,
    pub unit: String,
    pub moq: u32,
    /// Ascending `min_qty`, falling unit price; the first starts at `moq`.
    pub tiers: Vec<api::PriceTier>,
    pub goods_kind: String,
    pub supplier: api::Supplier,
    pub sales_30d: u32,
    /// Days since 1970-01-01.
    pub listed_day: u32,
    /// Image URLs (http(s) or paths); empty means the generated pictures.
    pub images: Vec<String>,
}

impl Product {
    /// The unit price of the first tier: the most a buyer pays per unit.
    pub fn price_fen(&self) -> u32 {
        self.tiers.first().map_or(0, |t| t.price_fen)
    }

    /// The API's (and the JSON Lines file's) form, with `images` as stored.
    pub fn to_api(&self) -> api::ProductDetail {
        api::ProductDetail {
            id: self.id.clone(),
            title: self.title.clone(),
            price_fen: self.price_fen(),
            moq: self.moq,
            unit: self.unit.clone(),
            category: self.category.clone(),
            city: self.city.clone(),
            belt: self.belt.clone(),
            images: self.images.clone(),
            pictures: Vec::new(),
            goods_kind: self.goods_kind.clone(),
            sales_30d: self.sales_30d,
            listed_on: format_day(self.listed_day),
            tiers: self.tiers.clone(),
            supplier: self.supplier.clone(),
        }
    }
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian).
pub fn format_day(days: u32) -> String {
    // Howard Hinnant's civil_from_days.
    let z = i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date from 1970 on; `None` if it is not a real date.
pub fn parse_day(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<i64>().ok())?
    };
    let (y, m, d) = (
        number(&text[..4])?,
        number(&text[5..7])?,
        number(&text[8..])?,
    );
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > days_in_month[(m - 1) as usize] {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    u32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// Today, in days since 1970-01-01 (UTC).
pub fn today() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(19_723), "2024-01-01");
        for day in (0..40_000).step_by(7) {
            assert_eq!(parse_day(&format_day(day)), Some(day));
        }
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "1969-12-31",
            "2024-1-01",
            "20240101",
            "2024-01-0x",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        assert_eq!(parse_day("2024-02-29"), Some(19_782));
    }
}

/// How tiers and image URLs are kept in a text column, by every store.
pub mod stored {
    use beltmart_contract as api;

    /// Tiers as `min_qty:price_fen` pairs, space-separated: `10:2500 100:2300`.
    pub fn encode_tiers(tiers: &[api::PriceTier]) -> String {
        let pairs: Vec<String> = tiers
            .iter()
            .map(|t| format!("{}:{}", t.min_qty, t.price_fen))
            .collect();
        pairs.join(" ")
    }

    /// `None` when the text is not what [`encode_tiers`] writes.
    pub fn decode_tiers(text: &str) -> Option<Vec<api::PriceTier>> {
        text.split(' ')
            .map(|pair| {
                let (qty, price) = pair.split_once(':')?;
                Some(api::PriceTier {
                    min_qty: qty.parse().ok()?,
                    price_fen: price.parse().ok()?,
                })
            })
            .collect()
    }

    /// Image URLs, one per line (a URL never contains a line break).
    pub fn encode_images(images: &[String]) -> String {
        images.join("\n")
    }

    pub fn decode_images(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }
}
