//! The deterministic sample catalog: real belts from `sample_data`, synthetic
//! suppliers and products. The same seed and size always give the same catalog.

use super::sample_data::{BeltDef, CATEGORIES, CityDef, LeafDef, PROVINCES};

/// Kinds of supplier, as 1688 labels them: (id, 中文, English).
pub const SUPPLIER_KINDS: [(&str, &str, &str); 4] = [
    ("source-factory", "源头工厂", "Source factory"),
    ("specialized", "专精特新", "Specialised SME"),
    ("brand-oem", "大牌代工厂", "Big-brand OEM"),
    ("large-factory", "规模工厂", "Large-scale factory"),
];

/// Kinds of goods: (id, 中文, English).
pub const GOODS_KINDS: [(&str, &str, &str); 3] = [
    ("factory-brand", "厂牌", "Factory brand"),
    ("white-label", "白牌", "White label"),
    ("brand-alternative", "大牌平替", "Big-brand alternative"),
];

/// Predefined price bands: (price parameter, 中文, English).
pub const PRICE_BANDS: [(&str, &str, &str); 6] = [
    ("-10", "10元以下", "Under ¥10"),
    ("10-30", "10–30元", "¥10–30"),
    ("30-50", "30–50元", "¥30–50"),
    ("50-100", "50–100元", "¥50–100"),
    ("100-300", "100–300元", "¥100–300"),
    ("300-", "300元以上", "¥300 and up"),
];

/// Bump when the generator's output changes, so caches keyed on the catalog version move on.
const GENERATOR_VERSION: u32 = 1;

pub fn catalog_version(seed: u64, products: u32) -> String {
    format!("g{GENERATOR_VERSION}-s{seed}-n{products}")
}

/// Shop-name words for supplier names.
const BRAND_WORDS: &[&str] = &[
    "鸿星", "恒达", "嘉禾", "信诚", "万顺", "金诺", "华美", "俊朗", "凯越", "宏图", "联创", "启明",
    "福瑞", "泰和", "锦程", "顺昌", "新源", "永盛", "卓越", "天成", "美佳", "博远", "安泰", "瑞丰",
];

const SEASON_WORDS: &[&str] = &[
    "2026新款",
    "爆款",
    "跨境",
    "源头直供",
    "工厂直销",
    "现货",
    "一件代发",
];

/// SplitMix64: tiny, fast and stable across versions and platforms, which a
/// reproducible sample catalog needs more than statistical perfection.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// A belt with where it is, flattened from the province → city → belt tree.
pub struct BeltRef {
    pub city: &'static CityDef,
    pub belt: &'static BeltDef,
}

pub fn all_belts() -> Vec<BeltRef> {
    PROVINCES
        .iter()
        .flat_map(|p| p.cities.iter())
        .flat_map(|city| city.belts.iter().map(move |belt| BeltRef { city, belt }))
        .collect()
}

pub fn find_leaf(id: &str) -> Option<&'static LeafDef> {
    CATEGORIES
        .iter()
        .flat_map(|c| c.leaves.iter())
        .find(|leaf| leaf.id == id)
}

pub struct NewSupplier {
    pub id: u32,
    pub name: String,
    pub kind: &'static str,
    pub years: u32,
    pub belt: &'static str,
}

pub struct NewProduct {
    pub id: String,
    pub title: String,
    pub category: &'static str,
    pub belt: &'static str,
    pub supplier_id: u32,
    pub goods_kind: &'static str,
    pub unit: &'static str,
    pub moq: u32,
    pub sales_30d: u32,
    /// Days since 1970-01-01.
    pub listed_day: u32,
    /// Ascending `min_qty`, descending unit price; the first starts at the MOQ.
    pub tiers: Vec<(u32, u32)>,
}

/// Suppliers per belt grow slowly with catalog size: a big catalog has more
/// factories, but each still lists many products.
pub fn suppliers(seed: u64, products: u32) -> Vec<NewSupplier> {
    let mut rng = Rng::new(seed ^ 0x5u64);
    let belts = all_belts();
    let per_belt = (products / belts.len().max(1) as u32 / 40).clamp(3, 200);
    let mut out = Vec::new();
    for b in &belts {
        for _ in 0..per_belt {
            let kind = SUPPLIER_KINDS[weighted(&mut rng, &[45, 15, 15, 25])].0;
            let leaf = find_leaf(rng.pick(b.belt.categories)).map_or("", |l| l.name_zh);
            let suffix = rng.pick(&["厂", "有限公司", "制品厂", "实业有限公司"]);
            out.push(NewSupplier {
                id: out.len() as u32 + 1,
                name: format!(
                    "{}{}{}{}",
                    b.city.name_zh,
                    rng.pick(BRAND_WORDS),
                    leaf,
                    suffix
                ),
                kind,
                years: rng.between(1, 18),
                belt: b.belt.id,
            });
        }
    }
    out
}

/// Index into `weights` chosen with probability proportional to its weight.
fn weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let mut roll = rng.below(weights.iter().sum());
    for (i, &w) in weights.iter().enumerate() {
        if roll < w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

/// 2024-01-01 and 2026-11-20, in days since the epoch: the listing-date window.
const FIRST_LISTING_DAY: u32 = 19_723;
const LAST_LISTING_DAY: u32 = 20_777;

/// Generates `count` products; `suppliers` must come from [`suppliers`] with the same seed.
pub fn products(
    seed: u64,
    count: u32,
    suppliers: &[NewSupplier],
) -> impl Iterator<Item = NewProduct> + '_ {
    let belts = all_belts();
    let mut by_belt: Vec<Vec<u32>> = vec![Vec::new(); belts.len()];
    for s in suppliers {
        let at = belts
            .iter()
            .position(|b| b.belt.id == s.belt)
            .expect("supplier of a known belt");
        by_belt[at].push(s.id);
    }
    let mut rng = Rng::new(seed);
    (1..=count).map(move |n| {
        let at = rng.below(belts.len() as u32) as usize;
        let belt = &belts[at];
        let leaf = find_leaf(rng.pick(belt.belt.categories)).expect("belt categories are leaves");
        let supplier_id = rng.pick(&by_belt[at]);
        let goods_kind = GOODS_KINDS[weighted(&mut rng, &[35, 45, 20])].0;
        let title = title(&mut rng, leaf, goods_kind);
        let moq = nice_quantity(rng.between(leaf.moq.0, leaf.moq.1));
        let top_price = skewed(&mut rng, leaf.price_fen.0, leaf.price_fen.1);
        NewProduct {
            id: format!("p{n}"),
            title,
            category: leaf.id,
            belt: belt.belt.id,
            supplier_id,
            goods_kind,
            unit: leaf.unit,
            moq,
            sales_30d: (rng.unit().powi(4) * 20_000.0) as u32,
            listed_day: rng.between(FIRST_LISTING_DAY, LAST_LISTING_DAY),
            tiers: tiers(&mut rng, moq, top_price),
        }
    })
}

/// Prices cluster at the cheap end of a category's range, as on wholesale sites.
fn skewed(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    let fen = lo as f64 + rng.unit().powi(2) * (hi - lo) as f64;
    // Wholesale prices end in round fen: ¥12.50, ¥8.80.
    ((fen / 10.0).round() as u32 * 10).max(10)
}

fn nice_quantity(n: u32) -> u32 {
    const STEPS: [u32; 12] = [1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 500, 1000];
    STEPS.into_iter().rev().find(|&s| s <= n).unwrap_or(1)
}

fn tiers(rng: &mut Rng, moq: u32, top_price: u32) -> Vec<(u32, u32)> {
    let count = rng.between(2, 4);
    let mut out = vec![(moq, top_price)];
    let (mut qty, mut price) = (moq, top_price);
    for _ in 1..count {
        qty = nice_quantity(qty * rng.between(4, 10)).max(qty + 1);
        price = (price * rng.between(85, 96) / 100 / 10 * 10).max(10);
        if price >= out.last().map_or(u32::MAX, |t| t.1) {
            break;
        }
        out.push((qty, price));
    }
    out
}

fn title(rng: &mut Rng, leaf: &LeafDef, goods_kind: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    match goods_kind {
        "factory-brand" => words.push(rng.pick(BRAND_WORDS)),
        "brand-alternative" => words.push(rng.pick(&["大牌平替", "大牌同厂", "同款平替"])),
        _ => {}
    }
    if rng.chance(0.5) {
        words.push(rng.pick(SEASON_WORDS));
    }
    let first = rng.pick(leaf.traits);
    let second = rng.pick(leaf.traits);
    let noun = rng.pick(leaf.nouns);
    let mut name = String::from(first);
    if second != first {
        name.push_str(second);
    }
    name.push_str(noun);
    words.push(&name);
    if !leaf.audience.is_empty() && rng.chance(0.6) {
        words.push(rng.pick(leaf.audience));
    }
    words.join(" ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_catalog() {
        let s = suppliers(7, 500);
        let a: Vec<String> = products(7, 50, &s).map(|p| p.title).collect();
        let b: Vec<String> = products(7, 50, &suppliers(7, 500))
            .map(|p| p.title)
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn tiers_fall_in_price_as_quantity_rises() {
        let s = suppliers(1, 2000);
        for p in products(1, 2000, &s) {
            assert_eq!(p.tiers[0].0, p.moq);
            for pair in p.tiers.windows(2) {
                assert!(
                    pair[0].0 < pair[1].0 && pair[0].1 > pair[1].1,
                    "{:?}",
                    p.tiers
                );
            }
        }
    }

    #[test]
    fn formats_days() {
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(FIRST_LISTING_DAY), "2024-01-01");
        assert_eq!(format_day(LAST_LISTING_DAY), "2026-11-20");
    }
}
