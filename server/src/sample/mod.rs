//! The deterministic sample catalog: the real belts of the built-in taxonomy,
//! synthetic suppliers and products from `data/sample_hints.json`. The same
//! seed and size always give the same catalog.

use beltmart_contract as api;

mod factories;
pub mod pictures;

use crate::domain::product::Product;
use crate::domain::supplier;
use crate::domain::taxonomy::{LeafHints, SampleHints, builtin_taxonomy, sample_hints};

/// Bump when the generator's output changes, so caches keyed on the catalog version move on.
const GENERATOR_VERSION: u32 = 4;

pub fn catalog_version(seed: u64, products: u32) -> String {
    format!("g{GENERATOR_VERSION}-s{seed}-n{products}")
}

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

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u32) as usize]
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Where a product can come from: a belt, one of its specialties, and the
/// factories of that belt that make it.
struct Source<'a> {
    province: &'a api::Province,
    city: &'a api::City,
    belt: &'a api::Belt,
    leaf: &'a api::Category,
    hints: &'a LeafHints,
    /// Into the generator's suppliers.
    suppliers: Vec<usize>,
}

/// The sample catalog's products, generated one at a time (a million fit in a stream).
pub struct Generator {
    taxonomy: api::Taxonomy,
    hints: SampleHints,
    seed: u64,
    count: u32,
}

impl Generator {
    pub fn new(seed: u64, count: u32) -> Generator {
        Generator {
            taxonomy: builtin_taxonomy(),
            hints: sample_hints(),
            seed,
            count,
        }
    }

    pub fn taxonomy(&self) -> api::Taxonomy {
        api::Taxonomy {
            catalog_version: catalog_version(self.seed, self.count),
            ..self.taxonomy.clone()
        }
    }

    /// The factories, in id order within each city (`yiwu-1`, `yiwu-2` …).
    pub fn suppliers(&self) -> Vec<api::SupplierProfile> {
        self.sources().1
    }

    /// Every (belt, specialty) with its own suppliers, so that a 女装 product is
    /// sold by a 女装 factory of its belt; and the suppliers.
    fn sources(&self) -> (Vec<Source<'_>>, Vec<api::SupplierProfile>) {
        let mut rng = Rng::new(self.seed ^ 0x5);
        let leaves: Vec<&api::Category> = self
            .taxonomy
            .categories
            .iter()
            .flat_map(|c| &c.children)
            .collect();
        let mut sources = Vec::new();
        for (province, city) in self.taxonomy.all_cities() {
            for belt in &city.belts {
                for leaf_id in &belt.categories {
                    let leaf = leaves
                        .iter()
                        .find(|l| &l.id == leaf_id)
                        .expect("belt specialties are leaves");
                    let hints = &self.hints.leaves[leaf_id];
                    sources.push(Source {
                        province,
                        city,
                        belt,
                        leaf,
                        hints,
                        suppliers: Vec::new(),
                    });
                }
            }
        }
        // Suppliers per source grow slowly with catalog size: a big catalog has
        // more factories, but each still lists many products.
        let per_source = (self.count / sources.len().max(1) as u32 / 40).clamp(3, 200);
        let mut suppliers: Vec<api::SupplierProfile> = Vec::new();
        let mut names = std::collections::HashSet::new();
        let mut per_city: std::collections::HashMap<&str, u32> = Default::default();
        for source in &mut sources {
            for _ in 0..per_source {
                let name = self.supplier_name(&mut rng, source, &mut names);
                let n = per_city.entry(&source.city.id).or_default();
                *n += 1;
                let identity = factories::Identity {
                    id: format!("{}-{n}", source.city.id),
                    name,
                    province: source.province,
                    city: source.city,
                    belt: source.belt,
                    leaf: source.leaf,
                    unit: &source.hints.unit,
                    kinds: self.supplier_kinds(&mut rng),
                    years: rng.between(1, 18),
                };
                let hints = &self.hints.factory_evidence;
                source.suppliers.push(suppliers.len());
                suppliers.push(factories::profile(&mut rng, hints, identity));
            }
        }
        (sources, suppliers)
    }

    /// A name no other factory of the belt has: city, brand word, specialty, ending.
    fn supplier_name(
        &self,
        rng: &mut Rng,
        source: &Source,
        taken: &mut std::collections::HashSet<(String, String)>,
    ) -> String {
        let h = &self.hints;
        for attempt in 0.. {
            let second = match attempt {
                0..8 => "",
                _ => rng.pick(&h.brand_words).as_str(),
            };
            let name = format!(
                "{}{}{second}{}{}",
                source.city.name_zh,
                rng.pick(&h.brand_words),
                source.leaf.name_zh,
                rng.pick(&h.supplier_suffixes)
            );
            if taken.insert((source.belt.id.clone(), name.clone())) {
                return name;
            }
        }
        unreachable!("the loop above returns")
    }

    /// The main kind, and for some factories a second one (专精特新 and 大牌代工厂).
    fn supplier_kinds(&self, rng: &mut Rng) -> Vec<String> {
        let kinds = &self.taxonomy.supplier_kinds;
        let main = weighted(rng, &[45, 15, 15, 25]).min(kinds.len() - 1);
        let mut chosen = vec![kinds[main].id.clone()];
        if rng.chance(0.15) {
            let other = &kinds[rng.below(kinds.len() as u32) as usize].id;
            if !chosen.contains(other) {
                chosen.push(other.clone());
            }
        }
        chosen
    }

    /// Generates the products, `p1` to `p{count}`.
    pub fn products(&self) -> impl Iterator<Item = Product> + '_ {
        let (sources, suppliers) = self.sources();
        let goods_kinds = &self.taxonomy.goods_kinds;
        let mut rng = Rng::new(self.seed);
        (1..=self.count).map(move |n| {
            let source = rng.pick(&sources);
            let h = source.hints;
            let supplier = supplier::reference(&suppliers[*rng.pick(&source.suppliers)]);
            let goods_kind = goods_kinds
                [weighted(&mut rng, &[35, 45, 20]).min(goods_kinds.len() - 1)]
            .id
            .clone();
            let title = self.title(&mut rng, h, &goods_kind);
            let one_piece = h.one_piece_share * self.hints.one_piece_by_goods_kind[&goods_kind];
            let moq = match rng.chance(one_piece) {
                true => 1,
                false => nice_quantity(rng.between(h.moq.0, h.moq.1)),
            };
            let top_price = skewed(&mut rng, h.price_fen.0, h.price_fen.1);
            Product {
                id: format!("p{n}"),
                title,
                category: source.leaf.id.clone(),
                city: source.city.id.clone(),
                belt: source.belt.id.clone(),
                unit: h.unit.clone(),
                moq,
                sales_30d: (rng.unit().powi(4) * 20_000.0) as u32,
                listed_day: rng.between(FIRST_LISTING_DAY, LAST_LISTING_DAY),
                tiers: tiers(&mut rng, moq, top_price),
                goods_kind,
                supplier,
                images: Vec::new(),
            }
        })
    }

    fn title(&self, rng: &mut Rng, leaf: &LeafHints, goods_kind: &str) -> String {
        let mut words: Vec<&str> = Vec::new();
        match goods_kind {
            "factory-brand" => words.push(rng.pick(&self.hints.brand_words).as_str()),
            "brand-alternative" => words.push(*rng.pick(&["大牌平替", "大牌同厂", "同款平替"])),
            _ => {}
        }
        if rng.chance(0.5) {
            words.push(rng.pick(&self.hints.season_words).as_str());
        }
        let first = rng.pick(&leaf.traits);
        let second = rng.pick(&leaf.traits);
        let noun = rng.pick(&leaf.nouns);
        let mut name = first.clone();
        if second != first {
            name.push_str(second);
        }
        name.push_str(noun);
        words.push(&name);
        if !leaf.audience.is_empty() && rng.chance(0.6) {
            words.push(rng.pick(&leaf.audience).as_str());
        }
        words.join(" ")
    }
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

/// Prices cluster at the cheap end of a category's range, as on wholesale sites.
fn skewed(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    let fen = lo as f64 + rng.unit().powi(2) * (hi - lo) as f64;
    // Wholesale prices end in round fen: ¥12.50, ¥8.80.
    ((fen / 10.0).round() as u32 * 10).max(10)
}

/// The round quantities factories quote tiers at.
const NICE_QUANTITIES: [u32; 18] = [
    1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1_000, 2_000, 3_000, 5_000, 10_000, 20_000,
];

fn nice_quantity(n: u32) -> u32 {
    NICE_QUANTITIES
        .into_iter()
        .rev()
        .find(|&s| s <= n)
        .unwrap_or(1)
}

/// Two to four tiers from the MOQ up, each a round quantity several times the
/// last and a few percent cheaper per unit.
fn tiers(rng: &mut Rng, moq: u32, top_price: u32) -> Vec<api::PriceTier> {
    let count = rng.between(2, 4);
    let mut out = vec![api::PriceTier {
        min_qty: moq,
        price_fen: top_price,
    }];
    let (mut qty, mut price) = (moq, top_price);
    for _ in 1..count {
        let next_qty = nice_quantity(qty * rng.between(4, 10));
        let next_price = price * rng.between(85, 96) / 100 / 10 * 10;
        if next_qty <= qty || next_price >= price || next_price == 0 {
            break;
        }
        (qty, price) = (next_qty, next_price);
        out.push(api::PriceTier {
            min_qty: qty,
            price_fen: price,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_catalog() {
        let titles = |seed| -> Vec<String> {
            Generator::new(seed, 50)
                .products()
                .map(|p| p.title)
                .collect()
        };
        assert_eq!(titles(7), titles(7));
        assert_ne!(titles(7), titles(8));
    }

    #[test]
    fn tiers_step_up_in_round_quantities_and_down_in_price() {
        for p in Generator::new(1, 5000).products() {
            assert_eq!(p.tiers[0].min_qty, p.moq);
            for pair in p.tiers.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                // Not "≥ 1000 件" then "≥ 1001 件": each tier is a round number, at least double the last.
                assert!(NICE_QUANTITIES.contains(&b.min_qty), "{:?}", p.tiers);
                assert!(b.min_qty >= 2 * a.min_qty, "{:?}", p.tiers);
                assert!(b.price_fen < a.price_fen, "{:?}", p.tiers);
            }
        }
    }

    /// Like 1688, a good share of consumer goods sells from one piece, and
    /// goods bought by the case (fabric by the metre, socks) rarely do.
    #[test]
    fn about_a_third_sells_from_one_piece() {
        let products: Vec<Product> = Generator::new(5, 20_000).products().collect();
        let share = |keep: &dyn Fn(&Product) -> bool| {
            let kept: Vec<&Product> = products.iter().filter(|p| keep(p)).collect();
            kept.iter().filter(|p| p.moq == 1).count() as f64 / kept.len() as f64
        };
        let overall = share(&|_| true);
        assert!((0.25..0.40).contains(&overall), "{overall}");
        assert!(share(&|p| p.category == "fabrics") < 0.1);
        assert!(share(&|p| p.category == "womenswear") > 0.3);
        let kind = |k: &'static str| move |p: &Product| p.goods_kind == k;
        assert!(share(&kind("brand-alternative")) > share(&kind("white-label")));
        // A shopper who wants 20 pieces can buy from a good part of the catalog.
        let up_to_20 = products.iter().filter(|p| p.moq <= 20).count();
        assert!(up_to_20 as f64 / products.len() as f64 > 0.4, "{up_to_20}");
    }

    #[test]
    fn suppliers_make_what_they_sell() {
        let generator = Generator::new(3, 3000);
        let taxonomy = generator.taxonomy();
        let leaf_name = |id: &str| {
            taxonomy
                .categories
                .iter()
                .flat_map(|c| &c.children)
                .find(|l| l.id == id)
                .map(|l| l.name_zh.clone())
                .unwrap()
        };
        for p in generator.products() {
            assert!(
                p.supplier.name.contains(&leaf_name(&p.category)),
                "{} ({}) sold by {}",
                p.title,
                p.category,
                p.supplier.name
            );
        }
    }
}
