//! When exactly one belt is chosen, the catalog opens with a header about it:
//! where it is, what it makes, how many factories and products, and the
//! factories with the most products (the answer's `belt_factories`), each a
//! link, with one to all of them.

use beltmart_contract::{CatalogQuery, Facet, ProductList, SupplierQuery};
use leptos::prelude::*;

use crate::api::Remote;
use crate::i18n::use_lang;
use crate::router::urls::{factories_href, factory_href};
use crate::taxonomy::{name, use_taxonomy};

#[component]
pub fn BeltHeader(query: Signal<CatalogQuery>, list: Remote<ProductList>) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    move || {
        let belt_id = query.with(|q| (q.belt.len() == 1).then(|| q.belt[0].clone()))?;
        let lang = lang.get();
        let texts = lang.texts();
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            let (city, belt) = t.all_belts().find(|(_, b)| b.id == belt_id)?;
            let (province, _) = t.all_cities().find(|(_, c)| c.id == city.id)?;
            let specialty = belt
                .categories
                .iter()
                .map(|c| name(t, c, lang))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "));
            let (products, factories) = list.value.with(|l| match l {
                Some(l) => (
                    l.facets.count(Facet::Belt, &belt_id),
                    l.belt_factories.clone(),
                ),
                None => (None, Vec::new()),
            });
            let all = factories_href(&SupplierQuery {
                belt: vec![belt.id.clone()],
                ..Default::default()
            });
            // Links in a paragraph, not a list: a list's view code costs the
            // first load 0.4 KB brotli more (docs/perf.md).
            let links: Vec<_> = factories
                .into_iter()
                .map(|f| {
                    view! {
                        <a href=factory_href(&f.id) class="chip">
                            {f.name}
                        </a>
                    }
                })
                .collect();
            Some(view! {
                <header class="belt-header">
                    <h1>{lang.pick(&belt.name_zh, &belt.name_en).to_owned()}</h1>
                    <p class="belt-place">
                        {lang.pick(&province.name_zh, &province.name_en).to_owned()} " · "
                        {lang.pick(&city.name_zh, &city.name_en).to_owned()}
                    </p>
                    <p>{texts.specialty} ": " {specialty}</p>
                    <p class="belt-stats">
                        <span>{texts.factory_count.of(belt.factories)}</span>
                        {products.map(|p| view! { <span>{texts.product_count.of(p)}</span> })}
                    </p>
                    <p class="chip-row belt-factories">{links}</p>
                    <p>
                        <a href=all class="belt-all">
                            {lang.pick("本站的全部工厂 →", "All its factories here →")}
                        </a>
                    </p>
                </header>
            })
        })
    }
}
