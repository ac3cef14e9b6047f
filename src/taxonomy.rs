//! Looking up names in the taxonomy that the app loads once at start.

use beltmart_contract::{Belt, Category, City, ProductList, Province, Taxonomy};
use leptos::prelude::*;

use crate::api::{self, Remote};
use crate::i18n::Lang;

/// The taxonomy, once loaded, shared with every page.
pub type TaxonomyRemote = Remote<Taxonomy>;

pub fn use_taxonomy() -> TaxonomyRemote {
    expect_context::<TaxonomyRemote>()
}

/// When a list answer comes from a newer catalog than the taxonomy (a site
/// owner imported meanwhile), reloads the taxonomy and forgets remembered
/// answers, so names, belts and counts follow the new catalog.
pub fn follow_catalog_version(list: Remote<ProductList>) {
    let taxonomy = use_taxonomy();
    Effect::new(move |_| {
        let seen = list
            .value
            .with(|l| l.as_ref().map(|l| l.catalog_version.clone()));
        let known = taxonomy
            .value
            .with_untracked(|t| t.as_ref().map(|t| t.catalog_version.clone()));
        if let (Some(seen), Some(known)) = (seen, known)
            && !seen.is_empty()
            && seen != known
        {
            api::forget_recent_answers();
            taxonomy.retry();
        }
    });
}

/// Every category, top-level and leaf.
pub fn categories(t: &Taxonomy) -> impl Iterator<Item = &Category> {
    t.categories
        .iter()
        .flat_map(|c| std::iter::once(c).chain(&c.children))
}

pub fn cities(t: &Taxonomy) -> impl Iterator<Item = (&Province, &City)> {
    t.regions
        .iter()
        .flat_map(|p| p.cities.iter().map(move |c| (p, c)))
}

pub fn belts(t: &Taxonomy) -> impl Iterator<Item = (&City, &Belt)> {
    cities(t).flat_map(|(_, c)| c.belts.iter().map(move |b| (c, b)))
}

/// The name of any category, city, belt, kind or price band in `lang`; the id
/// itself when the taxonomy does not know it (a stale link).
pub fn name(t: &Taxonomy, id: &str, lang: Lang) -> String {
    let found = categories(t)
        .map(|c| (&c.id, &c.name_zh, &c.name_en))
        .chain(cities(t).map(|(_, c)| (&c.id, &c.name_zh, &c.name_en)))
        .chain(belts(t).map(|(_, b)| (&b.id, &b.name_zh, &b.name_en)))
        .chain(
            t.goods_kinds
                .iter()
                .chain(&t.supplier_kinds)
                .chain(&t.price_bands)
                .map(|n| (&n.id, &n.name_zh, &n.name_en)),
        )
        .find(|(known, _, _)| *known == id);
    match found {
        Some((_, zh, en)) => lang.pick(zh, en).to_owned(),
        None => id.to_owned(),
    }
}
