//! The engine against a naive oracle: on random small catalogs and random
//! queries, `search` gives what filtering and counting every product one by
//! one gives (totals, the page in its order, every facet's disjunctive counts,
//! the histogram, what dropping each parameter would give, the nearest quantity).

use beltmart_contract::{self as api, CatalogQuery, PriceRange, Sort, tier_price};
use proptest::prelude::*;

use super::SearchIndex;
use super::keys::HISTOGRAM_EDGES_FEN;
use super::orders::popularity;
use super::param::Param;
use crate::domain::product::Product;
use crate::domain::supplier;
use crate::domain::taxonomy::builtin_taxonomy;

/// Words titles are made of, and keywords drawn from.
const WORDS: [&str; 8] = [
    "袜子",
    "运动鞋",
    "Toy",
    "玩具",
    "儿童",
    "sock",
    "鞋",
    "义乌",
];
const QUANTITIES: [u32; 6] = [1, 2, 5, 10, 50, 100];

/// The taxonomy's values the random catalogs use (a few of each).
struct Values {
    taxonomy: api::Taxonomy,
    parents: Vec<(String, Vec<String>)>,
    leaves: Vec<api::Category>,
    /// (city, belt) pairs, with the city's and belt's names.
    belts: Vec<(api::City, api::Belt)>,
    /// Four factories, some of several kinds.
    suppliers: Vec<api::SupplierProfile>,
}

impl Values {
    fn new() -> Values {
        let taxonomy = builtin_taxonomy();
        let parents = taxonomy
            .categories
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    c.children.iter().map(|l| l.id.clone()).collect(),
                )
            })
            .collect();
        let leaves = taxonomy.categories.iter().flat_map(|c| c.children.clone());
        let cities = taxonomy.regions.iter().flat_map(|r| r.cities.clone());
        let belts = cities.flat_map(|c| c.belts.clone().into_iter().map(move |b| (c.clone(), b)));
        let kinds = |picks: &[usize]| -> Vec<String> {
            picks
                .iter()
                .map(|&k| taxonomy.supplier_kinds[k].id.clone())
                .collect()
        };
        let suppliers = [vec![0], vec![1, 2], vec![3, 0], vec![2]]
            .iter()
            .enumerate()
            .map(|(n, picks)| api::SupplierProfile {
                id: format!("s{n}"),
                name: format!("厂{n}"),
                city: String::new(),
                belt: String::new(),
                kinds: kinds(picks),
                founded: None,
                years: 3,
                facts: Default::default(),
                certificates: Vec::new(),
                audits: Vec::new(),
            })
            .collect();
        Values {
            parents,
            leaves: leaves.take(5).collect(),
            belts: belts.take(5).collect(),
            suppliers,
            taxonomy,
        }
    }
}

fn product(values: &Values, n: usize, choice: &ProductChoice) -> Product {
    let (city, belt) = &values.belts[choice.belt % values.belts.len()];
    let taxonomy = &values.taxonomy;
    let mut steps: Vec<u32> = choice.steps.iter().map(|&s| QUANTITIES[s]).collect();
    steps.sort_unstable();
    steps.dedup();
    let tiers: Vec<api::PriceTier> = steps
        .iter()
        .enumerate()
        .map(|(i, &min_qty)| api::PriceTier {
            min_qty,
            price_fen: choice.price_fen.saturating_sub(i as u32 * 150).max(1),
        })
        .collect();
    Product {
        id: format!("p{n}"),
        title: choice
            .title
            .iter()
            .map(|&w| WORDS[w])
            .collect::<Vec<_>>()
            .join(" "),
        category: values.leaves[choice.leaf % values.leaves.len()].id.clone(),
        city: city.id.clone(),
        belt: belt.id.clone(),
        unit: "件".into(),
        moq: tiers[0].min_qty,
        tiers,
        goods_kind: taxonomy.goods_kinds[choice.goods % taxonomy.goods_kinds.len()]
            .id
            .clone(),
        supplier: supplier::reference(&values.suppliers[choice.supplier % values.suppliers.len()]),
        sales_30d: choice.sales,
        listed_day: 19_000 + choice.listed,
        images: Vec::new(),
    }
}

#[derive(Clone, Debug)]
struct ProductChoice {
    leaf: usize,
    belt: usize,
    goods: usize,
    supplier: usize,
    title: Vec<usize>,
    steps: Vec<usize>,
    price_fen: u32,
    sales: u32,
    listed: u32,
}

fn product_choice() -> impl Strategy<Value = ProductChoice> {
    (
        (0..5usize, 0..5usize, 0..3usize, 0..4usize),
        prop::collection::vec(0..WORDS.len(), 1..4),
        prop::collection::vec(0..QUANTITIES.len(), 1..4),
        // Coarse prices, sales and days, so that orders meet ties.
        ((1u32..60).prop_map(|p| p * 250), 0u32..8, 0u32..6),
    )
        .prop_map(
            |((leaf, belt, goods, supplier), title, steps, (price_fen, sales, listed))| {
                ProductChoice {
                    leaf,
                    belt,
                    goods,
                    supplier,
                    title,
                    steps,
                    price_fen,
                    sales,
                    listed,
                }
            },
        )
}

#[derive(Clone, Debug)]
struct QueryChoice {
    category: Vec<usize>,
    city: Vec<usize>,
    belt: Vec<usize>,
    goods: Vec<usize>,
    supplier: Vec<usize>,
    factories: Vec<usize>,
    price: (Option<u32>, Option<u32>),
    qty: Option<u32>,
    keyword: Option<usize>,
    sort: usize,
    page: u32,
    per_page: u32,
}

fn query_choice() -> impl Strategy<Value = QueryChoice> {
    // Each parameter is set now and then, so that many queries match enough
    // products to show ties and several pages.
    let some = || prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(0..8usize, 1..3)];
    (
        (some(), some(), some(), some(), some(), some()),
        (
            prop::option::weighted(0.2, 0u32..20_000),
            prop::option::weighted(0.2, 0u32..40_000),
        ),
        prop::option::weighted(0.4, prop::sample::select(vec![1u32, 3, 10, 60, 200])),
        prop::option::weighted(0.3, 0..WORDS.len() + 2),
        (0..5usize, 1u32..4, 1u32..8),
    )
        .prop_map(
            |((category, city, belt, goods, supplier, factories), price, qty, keyword, sort)| {
                QueryChoice {
                    category,
                    city,
                    belt,
                    goods,
                    supplier,
                    factories,
                    price,
                    qty,
                    keyword,
                    sort: sort.0,
                    page: sort.1,
                    per_page: sort.2,
                }
            },
        )
}

/// Ids by position, past the known ones an id no catalog has.
fn ids(picks: &[usize], known: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = picks
        .iter()
        .map(|&at| known.get(at).cloned().unwrap_or_else(|| "nowhere".into()))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn query(values: &Values, choice: &QueryChoice) -> CatalogQuery {
    let t = &values.taxonomy;
    let categories: Vec<String> = values
        .leaves
        .iter()
        .map(|l| l.id.clone())
        .chain(values.parents.iter().take(2).map(|(id, _)| id.clone()))
        .collect();
    let cities: Vec<String> = values.belts.iter().map(|(c, _)| c.id.clone()).collect();
    let belts: Vec<String> = values.belts.iter().map(|(_, b)| b.id.clone()).collect();
    let goods: Vec<String> = t.goods_kinds.iter().map(|k| k.id.clone()).collect();
    let suppliers: Vec<String> = t.supplier_kinds.iter().map(|k| k.id.clone()).collect();
    let factories: Vec<String> = values.suppliers.iter().map(|s| s.id.clone()).collect();
    let (min_fen, max_fen) = match choice.price {
        (Some(min), Some(max)) if min > max => (Some(max), Some(min)),
        range => range,
    };
    // Past the words, a city's and a belt's name (which the keyword matches too).
    let keyword = match choice.keyword {
        None => String::new(),
        Some(at) if at < WORDS.len() => WORDS[at].to_lowercase(),
        Some(at) if at == WORDS.len() => values.belts[0].0.name_zh.clone(),
        Some(_) => values.belts[1].1.name_en.to_lowercase(),
    };
    CatalogQuery {
        category: ids(&choice.category, &categories),
        city: ids(&choice.city, &cities),
        belt: ids(&choice.belt, &belts),
        goods_kind: ids(&choice.goods, &goods),
        supplier_kind: ids(&choice.supplier, &suppliers),
        supplier: ids(&choice.factories, &factories),
        price: PriceRange { min_fen, max_fen },
        qty: choice.qty,
        q: keyword,
        sort: [
            Sort::Relevance,
            Sort::PriceAsc,
            Sort::PriceDesc,
            Sort::Sales,
            Sort::Newest,
        ][choice.sort],
        page: choice.page,
        per_page: choice.per_page,
    }
}

/// The oracle: every product looked at one by one.
struct Naive<'a> {
    values: &'a Values,
    products: &'a [Product],
    query: &'a CatalogQuery,
}

impl Naive<'_> {
    /// The unit price the query sees: at `qty`, the tier that applies (the
    /// first below the MOQ, which the quantity filter rules out anyway).
    fn price(&self, p: &Product) -> u32 {
        let first = p.tiers[0].price_fen;
        self.query
            .qty
            .map_or(first, |qty| tier_price(&p.tiers, qty).unwrap_or(first))
    }

    fn keyword_matches(&self, p: &Product) -> bool {
        let q = &self.query.q;
        let taxonomy = &self.values.taxonomy;
        let named =
            |zh: &str, en: &str| zh.contains(q.as_str()) || en.to_lowercase().contains(q.as_str());
        let leaf = taxonomy
            .categories
            .iter()
            .flat_map(|c| &c.children)
            .find(|l| l.id == p.category);
        let cities = taxonomy.regions.iter().flat_map(|r| &r.cities);
        let city = cities.clone().find(|c| c.id == p.city);
        let belt = cities.flat_map(|c| &c.belts).find(|b| b.id == p.belt);
        p.title.to_lowercase().contains(q.as_str())
            || leaf.is_some_and(|l| named(&l.name_zh, &l.name_en))
            || city.is_some_and(|c| named(&c.name_zh, &c.name_en))
            || belt.is_some_and(|b| named(&b.name_zh, &b.name_en))
    }

    fn allows(&self, param: Param, p: &Product) -> bool {
        let q = self.query;
        let among = |ids: &[String], id: &String| ids.is_empty() || ids.contains(id);
        match param {
            Param::Category => {
                q.category.is_empty()
                    || q.category.contains(&p.category)
                    || self.values.parents.iter().any(|(parent, leaves)| {
                        q.category.contains(parent) && leaves.contains(&p.category)
                    })
            }
            Param::City => among(&q.city, &p.city),
            Param::Belt => among(&q.belt, &p.belt),
            Param::GoodsKind => among(&q.goods_kind, &p.goods_kind),
            Param::SupplierKind => {
                q.supplier_kind.is_empty()
                    || self.kinds(p).iter().any(|k| q.supplier_kind.contains(k))
            }
            Param::Supplier => among(&q.supplier, &p.supplier.id),
            Param::Price => q.price.contains(self.price(p)),
            Param::Keyword => q.q.is_empty() || self.keyword_matches(p),
            Param::Quantity => q.qty.is_none_or(|qty| p.moq <= qty),
        }
    }

    fn sets(&self, param: Param) -> bool {
        let q = self.query;
        match param {
            Param::Category => !q.category.is_empty(),
            Param::City => !q.city.is_empty(),
            Param::Belt => !q.belt.is_empty(),
            Param::GoodsKind => !q.goods_kind.is_empty(),
            Param::SupplierKind => !q.supplier_kind.is_empty(),
            Param::Supplier => !q.supplier.is_empty(),
            Param::Price => !q.price.is_any(),
            Param::Keyword => !q.q.is_empty(),
            Param::Quantity => q.qty.is_some(),
        }
    }

    /// The products every parameter but `except` allows, in natural order.
    fn matching(&self, except: Option<Param>) -> Vec<(usize, &Product)> {
        let allowed = |p: &Product| {
            Param::ALL
                .into_iter()
                .filter(|&param| Some(param) != except)
                .all(|param| self.allows(param, p))
        };
        self.products
            .iter()
            .enumerate()
            .filter(|(_, p)| allowed(p))
            .collect()
    }

    /// Every product's place in the order of popularity.
    fn popularity_rank(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.products.len()).collect();
        let score =
            |at: usize| popularity(self.products[at].sales_30d, self.products[at].listed_day);
        order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
        let mut rank = vec![0; order.len()];
        for (r, at) in order.into_iter().enumerate() {
            rank[at] = r;
        }
        rank
    }

    fn page(&self) -> Vec<String> {
        let mut matched = self.matching(None);
        let rank = self.popularity_rank();
        let q = self.query;
        let title_at = |p: &Product| {
            p.title
                .to_lowercase()
                .find(q.q.as_str())
                .unwrap_or(usize::MAX)
        };
        match q.sort {
            Sort::Relevance if !q.q.is_empty() => {
                matched.sort_by_key(|&(at, p)| (title_at(p), rank[at], at))
            }
            Sort::Relevance => matched.sort_by_key(|&(at, _)| (rank[at], at)),
            Sort::PriceAsc => matched.sort_by_key(|&(at, p)| (self.price(p), at)),
            Sort::PriceDesc => matched
                .sort_by_key(|&(at, p)| (std::cmp::Reverse(self.price(p)), std::cmp::Reverse(at))),
            Sort::Sales => matched.sort_by_key(|&(at, p)| (std::cmp::Reverse(p.sales_30d), at)),
            Sort::Newest => matched.sort_by_key(|&(at, p)| (std::cmp::Reverse(p.listed_day), at)),
        }
        let offset = ((q.page - 1) * q.per_page) as usize;
        matched
            .into_iter()
            .skip(offset)
            .take(q.per_page as usize)
            .map(|(_, p)| p.id.clone())
            .collect()
    }

    /// Counts of `ids` among the products every parameter but `facet` allows.
    fn counts(
        &self,
        facet: Param,
        ids: &[String],
        value: impl Fn(&Product) -> &String,
    ) -> Vec<api::FacetCount> {
        self.counts_of_any(facet, ids, |p| vec![value(p).clone()])
    }

    /// Counts of a facet whose products may have several values.
    fn counts_of_any(
        &self,
        facet: Param,
        ids: &[String],
        values: impl Fn(&Product) -> Vec<String>,
    ) -> Vec<api::FacetCount> {
        let products = self.matching(Some(facet));
        ids.iter()
            .map(|id| api::FacetCount {
                id: id.clone(),
                count: products
                    .iter()
                    .filter(|(_, p)| values(p).contains(id))
                    .count() as u64,
            })
            .collect()
    }

    /// The kinds of the product's supplier.
    fn kinds(&self, p: &Product) -> Vec<String> {
        let supplier = self.values.suppliers.iter().find(|s| s.id == p.supplier.id);
        supplier.map(|s| s.kinds.clone()).unwrap_or_default()
    }

    fn facets(&self) -> api::Facets {
        let t = &self.values.taxonomy;
        let leaves: Vec<String> = t
            .categories
            .iter()
            .flat_map(|c| &c.children)
            .map(|l| l.id.clone())
            .collect();
        let cities: Vec<&api::City> = t.regions.iter().flat_map(|r| &r.cities).collect();
        let belts: Vec<String> = cities
            .iter()
            .flat_map(|c| &c.belts)
            .map(|b| b.id.clone())
            .collect();
        let cities: Vec<String> = cities.iter().map(|c| c.id.clone()).collect();
        let leaf_counts = self.counts(Param::Category, &leaves, |p| &p.category);
        let mut category: Vec<api::FacetCount> = self
            .values
            .parents
            .iter()
            .map(|(id, children)| api::FacetCount {
                id: id.clone(),
                count: leaf_counts
                    .iter()
                    .filter(|c| children.contains(&c.id))
                    .map(|c| c.count)
                    .sum(),
            })
            .collect();
        category.extend(leaf_counts);
        let priced = self.matching(Some(Param::Price));
        let ids = |kinds: &[api::Named]| kinds.iter().map(|k| k.id.clone()).collect::<Vec<_>>();
        api::Facets {
            category,
            city: self.counts(Param::City, &cities, |p| &p.city),
            belt: self.counts(Param::Belt, &belts, |p| &p.belt),
            price: t
                .price_bands
                .iter()
                .map(|band| {
                    let range = PriceRange::parse(&band.id).unwrap();
                    api::FacetCount {
                        id: band.id.clone(),
                        count: priced
                            .iter()
                            .filter(|(_, p)| range.contains(self.price(p)))
                            .count() as u64,
                    }
                })
                .collect(),
            goods_kind: self.counts(Param::GoodsKind, &ids(&t.goods_kinds), |p| &p.goods_kind),
            supplier_kind: self.counts_of_any(Param::SupplierKind, &ids(&t.supplier_kinds), |p| {
                self.kinds(p)
            }),
        }
    }

    fn histogram(&self) -> Vec<u64> {
        let mut buckets = vec![0; HISTOGRAM_EDGES_FEN.len()];
        for (_, p) in self.matching(Some(Param::Price)) {
            let price = self.price(p);
            buckets[HISTOGRAM_EDGES_FEN
                .iter()
                .rposition(|&edge| edge <= price)
                .unwrap()] += 1;
        }
        buckets
    }

    fn relaxed(&self) -> Vec<api::FacetCount> {
        Param::ALL
            .into_iter()
            .filter(|&param| self.sets(param))
            .map(|param| api::FacetCount {
                id: param.filter().key().to_owned(),
                count: self.matching(Some(param)).len() as u64,
            })
            .collect()
    }

    fn nearest_qty(&self, total: u64) -> Option<u32> {
        (self.query.qty.is_some() && total == 0)
            .then(|| {
                self.matching(Some(Param::Quantity))
                    .iter()
                    .map(|(_, p)| p.moq)
                    .min()
            })
            .flatten()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn search_agrees_with_filtering_and_counting_one_by_one(
        catalog in prop::collection::vec(product_choice(), 0..40),
        queries in prop::collection::vec(query_choice(), 1..6),
    ) {
        let values = Values::new();
        let products: Vec<Product> = catalog
            .iter()
            .enumerate()
            .map(|(n, choice)| product(&values, n + 1, choice))
            .collect();
        let index = SearchIndex::build(&values.taxonomy, &values.suppliers, products.clone());
        // Natural id order, as the index keeps them.
        let mut products = products;
        products.sort_by(|a, b| (a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)));
        for choice in &queries {
            let query = query(&values, choice);
            let naive = Naive { values: &values, products: &products, query: &query };
            let answer = index.search(&query, |id, n| format!("/{id}/{n}"));
            let total = naive.matching(None).len() as u64;
            prop_assert_eq!(answer.total, total, "total of {:?}", &query);
            prop_assert_eq!(index.count(&query), total);
            let page: Vec<String> = answer.items.iter().map(|item| item.id.clone()).collect();
            prop_assert_eq!(page, naive.page(), "page of {:?}", &query);
            for item in &answer.items {
                let product = products.iter().find(|p| p.id == item.id).unwrap();
                prop_assert_eq!(item.price_fen, naive.price(product));
            }
            prop_assert_eq!(&answer.facets, &naive.facets(), "facets of {:?}", &query);
            let histogram: Vec<u64> = answer.price_histogram.iter().map(|b| b.count).collect();
            prop_assert_eq!(histogram, naive.histogram(), "histogram of {:?}", &query);
            prop_assert_eq!(&answer.relaxed, &naive.relaxed(), "relaxed of {:?}", &query);
            prop_assert_eq!(answer.nearest_qty, naive.nearest_qty(total));
        }
    }
}
