//! `/belts`: every belt, grouped province → city, with its specialty and
//! product count; each opens the catalog filtered to it.

use beltmart_contract::{Belt, CatalogQuery, City, Facets, ProductList, Province, Taxonomy};
use leptos::prelude::*;

use crate::api;
use crate::components::belt_map::{Dot, belt_map, products_of};
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::hooks::use_document_title;
use crate::i18n::{Lang, use_lang};
use crate::router::urls::catalog_href;
use crate::taxonomy::{name, use_taxonomy};

#[component]
pub fn BeltsPage() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let taxonomy = use_taxonomy();
    // One product is enough: the belt facet of an unfiltered query counts every belt's products.
    let counts = api::remote::<ProductList>(|| {
        let one = CatalogQuery {
            per_page: 1,
            ..Default::default()
        };
        Some(api::products_path(&one))
    });
    use_document_title(move || format!("{} · Beltmart", texts().belts_title));
    let regions = move || {
        let lang = lang.get();
        let facets = counts.value.with(|l| l.as_ref().map(|l| l.facets.clone()));
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            let provinces = t.regions.iter().map(|province| {
                province_section(
                    Place {
                        t,
                        lang,
                        facets: facets.as_ref(),
                    },
                    province,
                )
            });
            Some(provinces.collect_view())
        })
    };
    let map = move || {
        let lang = lang.get();
        let facets = counts.value.with(|l| l.as_ref().map(|l| l.facets.clone()));
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            let dots = t
                .all_cities()
                .map(|(_, city)| Dot {
                    city,
                    belts: belt_names(city, lang),
                    products: products_of(facets.as_ref(), city),
                })
                .collect();
            belt_map(dots, lang)
        })
    };
    let loading = Signal::derive(move || taxonomy.loading.get() || counts.loading.get());
    let error = move || {
        let error = taxonomy.error.get()?;
        Some(view! { <ErrorNotice error on_retry=move || taxonomy.retry() /> })
    };
    view! {
        <article class="belts-page">
            <h1>{move || texts().belts_title}</h1>
            <p>{move || texts().belts_intro}</p>
            <LoadingBar loading />
            {error}
            {map}
            {regions}
        </article>
    }
}

/// What every section of the directory reads.
#[derive(Clone, Copy)]
struct Place<'a> {
    t: &'a Taxonomy,
    lang: Lang,
    facets: Option<&'a Facets>,
}

fn province_section(place: Place, province: &Province) -> impl IntoView + use<> {
    let lang = place.lang;
    let cities = province.cities.iter().map(|city| city_section(place, city));
    view! {
        <section class="belt-province" id=province.id.clone()>
            <h2>{lang.pick(&province.name_zh, &province.name_en).to_owned()}</h2>
            {cities.collect_view()}
        </section>
    }
}

fn city_section(place: Place, city: &City) -> impl IntoView + use<> {
    let lang = place.lang;
    let belts = city.belts.iter().map(|belt| belt_item(place, belt));
    view! {
        <section class="belt-city">
            <h3>{lang.pick(&city.name_zh, &city.name_en).to_owned()}</h3>
            <ul class="belt-list">{belts.collect_view()}</ul>
        </section>
    }
}

fn belt_item(Place { t, lang, facets }: Place, belt: &Belt) -> impl IntoView + use<> {
    let texts = lang.texts();
    let href = catalog_href(&CatalogQuery {
        belt: vec![belt.id.clone()],
        ..Default::default()
    });
    let specialty: Vec<String> = belt.categories.iter().map(|c| name(t, c, lang)).collect();
    let specialty = specialty.join(lang.pick("、", ", "));
    let products = facets
        .and_then(|f| f.count(beltmart_contract::Facet::Belt, &belt.id))
        .map(|n| format!(" · {}", texts.product_count.of(n)));
    view! {
        <li class="belt">
            <a href=href class="belt-link">
                <span class="belt-name">{lang.pick(&belt.name_zh, &belt.name_en).to_owned()}</span>
                <span class="belt-specialty">{texts.specialty} ": " {specialty}</span>
                <span class="belt-stats">{texts.factory_count.of(belt.factories)} {products}</span>
            </a>
        </li>
    }
}

/// A city's belts by name: "义乌小商品产业带、义乌饰品产业带".
fn belt_names(city: &City, lang: Lang) -> String {
    let names: Vec<&str> = city
        .belts
        .iter()
        .map(|b| lang.pick(&b.name_zh, &b.name_en))
        .collect();
    names.join(lang.pick("、", ", "))
}
