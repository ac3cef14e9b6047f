//! `/factories`: the factories of some belts, cities and kinds, searchable by
//! name, most products first. The URL is the state, as in the catalog.

use beltmart_contract::{FacetCount, SupplierList, SupplierQuery, SupplierSummary, path};
use leptos::prelude::*;

use super::say;
use crate::api;
use crate::components::notice::{ErrorNotice, LoadingBar};
use crate::hooks::use_document_title;
use crate::i18n::{Lang, use_lang};
use crate::router::urls::{factories_href, factory_href};
use crate::router::{NavigateOptions, use_location, use_navigate};
use crate::taxonomy::use_name;

/// `query` with `id` added to or removed from the list parameter `key`, on page 1.
fn toggled(query: &SupplierQuery, key: &str, id: &str) -> SupplierQuery {
    let mut next = query.clone();
    let values = match key {
        "belt" => &mut next.belt,
        "city" => &mut next.city,
        _ => &mut next.kind,
    };
    match values.iter().position(|v| v == id) {
        Some(at) => drop(values.remove(at)),
        None => values.push(id.to_owned()),
    }
    next.page = 1;
    next
}

#[component]
pub fn FactoryList() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let parsed = Memo::new(move |_| SupplierQuery::parse(&location.search.get()));
    let query = Memo::new(move |_| parsed.get().unwrap_or_default());
    let list = api::remote::<SupplierList>(move || parsed.get().ok().map(|q| path::suppliers(&q)));
    let heading = move || say(lang.get(), "工厂", "Factories");
    use_document_title(move || format!("{} · Beltmart", heading()));
    view! {
        <section class="factory-list">
            <h1>{heading}</h1>
            <NameSearch query />
            <Chosen query />
            <LoadingBar loading=list.loading />
            {move || {
                list.error
                    .get()
                    .map(|error| view! { <ErrorNotice error on_retry=move || list.retry() /> })
            }}
            {move || {
                list.value.get().map(|l| view! { <Listed list=l query=query.get_untracked() /> })
            }}
        </section>
    }
}

/// The name box: a GET form, so it works before (and without) the app.
#[component]
fn NameSearch(query: Memo<SupplierQuery>) -> impl IntoView {
    let lang = use_lang();
    let input = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = input.get().map(|i| i.value()).unwrap_or_default();
        let next = SupplierQuery {
            q: q.trim().to_owned(),
            page: 1,
            ..query.get_untracked()
        };
        navigate(&factories_href(&next), NavigateOptions::default());
    };
    view! {
        <form
            class="factory-search"
            method="get"
            action=factories_href(&SupplierQuery::default())
            on:submit=submit
        >
            <label for="factory-q">
                {move || say(lang.get(), "按名称找工厂", "Find a factory by name")}
            </label>
            <input
                id="factory-q"
                name="q"
                type="search"
                node_ref=input
                prop:value=move || query.get().q
            />
            <button type="submit" class="button">
                {move || lang.get().texts().search_button}
            </button>
        </form>
    }
}

/// The chosen belts and cities, each a link that drops it.
#[component]
fn Chosen(query: Memo<SupplierQuery>) -> impl IntoView {
    move || {
        let q = query.get();
        let chips = [("belt", &q.belt), ("city", &q.city)]
            .into_iter()
            .flat_map(|(key, ids)| ids.iter().map(move |id| (key, id.clone())))
            .map(|(key, id)| {
                let href = factories_href(&toggled(&q, key, &id));
                view! {
                    <li>
                        <a class="chip" href=href>
                            {use_name(id)}
                            " ×"
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="chip-row">{chips}</ul> }
    }
}

#[component]
fn Listed(list: SupplierList, query: SupplierQuery) -> impl IntoView {
    let lang = use_lang();
    let kinds = kind_links(&list.facets.kind, &query);
    let rows = list
        .items
        .into_iter()
        .map(|s| view! { <FactoryRow factory=s /> })
        .collect_view();
    let total = list.total;
    let pages = total.div_ceil(u64::from(query.per_page)).max(1) as u32;
    let step = |page: u32| {
        factories_href(&SupplierQuery {
            page,
            ..query.clone()
        })
    };
    let previous = (query.page > 1).then(|| step(query.page - 1));
    let next = (query.page < pages).then(|| step(query.page + 1));
    view! {
        <ul class="chip-row">{kinds}</ul>
        <p class="result-count" role="status">
            {move || match lang.get() {
                Lang::Zh => format!("共 {total} 家工厂"),
                Lang::En => format!("{total} factories"),
            }}
        </p>
        <ul class="factory-rows">{rows}</ul>
        <nav class="pagination">
            {previous
                .map(|href| {
                    view! {
                        <a class="page" href=href rel="prev">
                            "‹"
                        </a>
                    }
                })} <span class="page current">{format!("{} / {pages}", query.page)}</span>
            {next
                .map(|href| {
                    view! {
                        <a class="page" href=href rel="next">
                            "›"
                        </a>
                    }
                })}
        </nav>
    }
}

/// Each kind with how many factories choosing it gives; a chosen one is pressed.
fn kind_links(counts: &[FacetCount], query: &SupplierQuery) -> impl IntoView + use<> {
    counts
        .iter()
        .map(|c| {
            let chosen = query.kind.contains(&c.id);
            let href = factories_href(&toggled(query, "kind", &c.id));
            let count = c.count;
            view! {
                <li>
                    <a
                        class="chip"
                        href=href
                        aria-current=chosen.then_some("true")
                        data-kind=c.id.clone()
                    >
                        {use_name(c.id.clone())}
                        " "
                        {count}
                    </a>
                </li>
            }
        })
        .collect_view()
}

#[component]
fn FactoryRow(factory: SupplierSummary) -> impl IntoView {
    let lang = use_lang();
    let s = factory;
    let kinds = s
        .kinds
        .iter()
        .map(|k| {
            view! {
                <span class="badge" data-kind=k.clone()>
                    {use_name(k.clone())}
                </span>
            }
        })
        .collect_view();
    let (count, audits, certificates, years) = (
        s.product_count,
        s.valid_audits,
        s.valid_certificates,
        s.years,
    );
    let stats = move || match lang.get() {
        Lang::Zh => {
            format!("{count} 件商品 · 入驻 {years} 年 · ")
                + &format!("有效验厂 {audits} · 有效证书 {certificates}")
        }
        Lang::En => {
            format!("{count} products · {years} years · ")
                + &format!("{audits} valid audits · {certificates} certificates")
        }
    };
    view! {
        <li class="factory-row">
            <a href=factory_href(&s.id) class="factory-name">
                {s.name.clone()}
            </a>
            <p>{kinds} " " {use_name(s.city.clone())} " · " {use_name(s.belt.clone())}</p>
            <p class="factory-stats">{stats}</p>
        </li>
    }
}
