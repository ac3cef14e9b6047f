//! Looking up names in the taxonomy that the app loads once at start.

use beltmart_contract::{ProductList, Taxonomy};
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

/// The name of any category, city, belt, kind or price band in `lang`; the id
/// itself when the taxonomy does not know it (a stale link).
pub fn name(t: &Taxonomy, id: &str, lang: Lang) -> String {
    t.name(id)
        .map_or(id, |names| lang.pick(names.zh, names.en))
        .to_owned()
}

/// The name of `id` in `lang` as the loaded taxonomy has it; the id itself
/// before it has loaded.
pub fn name_or_id(taxonomy: TaxonomyRemote, id: &str, lang: Lang) -> String {
    taxonomy.value.with(|t| {
        t.as_ref()
            .map_or_else(|| id.to_owned(), |t| name(t, id, lang))
    })
}

/// The name of `id` in the shopper's language, following the language and the
/// taxonomy as they load or change; the id itself until then.
pub fn use_name(id: String) -> Signal<String> {
    let taxonomy = use_taxonomy();
    let lang = crate::i18n::use_lang();
    Signal::derive(move || {
        taxonomy.value.with(|t| match t {
            Some(t) => name(t, &id, lang.get()),
            None => id.clone(),
        })
    })
}
