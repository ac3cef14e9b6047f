//! When exactly one belt is chosen, the catalog opens with a header about it:
//! where it is, what it makes, how many factories and products.

use beltmart_contract::{CatalogQuery, Facet, Facets};
use leptos::prelude::*;

use crate::i18n::use_lang;
use crate::router::urls::factories_href;
use crate::taxonomy::{name, use_taxonomy};

#[component]
pub fn BeltHeader(query: Signal<CatalogQuery>, facets: Signal<Option<Facets>>) -> impl IntoView {
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
            let products = facets.with(|f| f.as_ref().and_then(|f| f.count(Facet::Belt, &belt_id)));
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
                    <p>
                        <a href=factories_href(
                            &beltmart_contract::SupplierQuery {
                                belt: vec![belt.id.clone()],
                                ..Default::default()
                            },
                        )>{lang.pick("本站的工厂 →", "Its factories here →")}</a>
                    </p>
                </header>
            })
        })
    }
}
