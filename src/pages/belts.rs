//! `/belts`: every belt, grouped province → city, with its specialty and
//! product count; each opens the catalog filtered to it.

use beltmart_contract::{CatalogQuery, ProductList};
use leptos::prelude::*;

use crate::api;
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::i18n::use_lang;
use crate::pages::catalog::catalog_href;
use crate::taxonomy::{name, use_taxonomy};

#[component]
pub fn BeltsPage() -> impl IntoView {
    let lang = use_lang();
    let taxonomy = use_taxonomy();
    // One product is enough: the belt facet of an unfiltered query counts every belt's products.
    let counts = api::remote::<ProductList>(|| {
        Some(api::products_path(&CatalogQuery {
            per_page: 1,
            ..Default::default()
        }))
    });
    Effect::new(move |_| {
        document().set_title(&format!("{} · Beltmart", lang.get().texts().belts_title))
    });
    let regions = move || {
        let lang = lang.get();
        let texts = lang.texts();
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            let count_of = |id: &str| counts.value.with(|l| l.as_ref().and_then(|l| l.facets.belt.iter().find(|c| c.id == id).map(|c| c.count)));
            Some(
                t.regions
                    .iter()
                    .map(|province| {
                        let cities = province
                            .cities
                            .iter()
                            .map(|city| {
                                let belts = city
                                    .belts
                                    .iter()
                                    .map(|belt| {
                                        let href = catalog_href(&CatalogQuery { belt: vec![belt.id.clone()], ..Default::default() });
                                        let specialty = belt.categories.iter().map(|c| name(t, c, lang)).collect::<Vec<_>>().join(lang.pick("、", ", "));
                                        let products = count_of(&belt.id).map(|n| format!(" · {n} {}", texts.products));
                                        let belt_name = lang.pick(&belt.name_zh, &belt.name_en).to_owned();
                                        let stats = format!("{} {}", belt.factories, texts.factories);
                                        view! {
                                            <li class="belt">
                                                <a href=href class="belt-link">
                                                    <span class="belt-name">{belt_name}</span>
                                                    <span class="belt-specialty">{texts.specialty} ": " {specialty}</span>
                                                    <span class="belt-stats">{stats} {products}</span>
                                                </a>
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <section class="belt-city">
                                        <h3>{lang.pick(&city.name_zh, &city.name_en).to_owned()}</h3>
                                        <ul class="belt-list">{belts}</ul>
                                    </section>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="belt-province" id=province.id.clone()>
                                <h2>{lang.pick(&province.name_zh, &province.name_en).to_owned()}</h2>
                                {cities}
                            </section>
                        }
                    })
                    .collect_view(),
            )
        })
    };
    view! {
        <article class="belts-page">
            <h1>{move || lang.get().texts().belts_title}</h1>
            <p>{move || lang.get().texts().belts_intro}</p>
            <LoadingBar loading=Signal::derive(move || taxonomy.loading.get() || counts.loading.get()) />
            {move || taxonomy.error.get().map(|error| view! { <ErrorNotice error on_retry=move || taxonomy.retry() /> })}
            {regions}
        </article>
    }
}
