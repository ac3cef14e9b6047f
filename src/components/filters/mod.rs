//! The filter panel: category tree, cities by province with their belts, and
//! price. On a desktop every change is a new URL; in the phone drawer changes
//! collect in a pending query until the shopper applies them. Counts come from
//! the latest results for whichever query the panel shows.

use beltmart_contract::{
    CatalogQuery, Facet, FacetCount, Facets, PriceBucket, PriceRange, QueryError,
};
use leptos::prelude::*;

use super::facet_option::FacetOption;
use super::price_histogram::PriceHistogram;
use crate::i18n::{Texts, use_lang};
use crate::taxonomy::use_taxonomy;

/// Cities a province shows before "更多 (N)".
const CITIES_SHOWN: usize = 5;

fn count_of(counts: &[FacetCount], id: &str) -> Option<u64> {
    counts.iter().find(|c| c.id == id).map(|c| c.count)
}

/// The count of `id` in one facet of the latest results.
fn facet_count(
    facets: Signal<Option<Facets>>,
    pick: fn(&Facets) -> &Vec<FacetCount>,
    id: String,
) -> Signal<Option<u64>> {
    Signal::derive(move || facets.with(|f| f.as_ref().and_then(|f| count_of(pick(f), &id))))
}

/// A value of a list facet as the filter panel shows it.
#[derive(Clone)]
struct Choice {
    id: String,
    zh: String,
    en: String,
}

impl Choice {
    fn new(id: &str, zh: &str, en: &str) -> Choice {
        Choice {
            id: id.to_owned(),
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }

    fn label(&self) -> Signal<String> {
        let lang = use_lang();
        let (zh, en) = (self.zh.clone(), self.en.clone());
        Signal::derive(move || lang.get().pick(&zh, &en).to_owned())
    }
}

/// Everything a facet checkbox needs to read and change the query.
#[derive(Clone, Copy)]
pub struct FilterState {
    /// The query the panel shows and changes.
    pub query: Signal<CatalogQuery>,
    /// Facet counts and price spread of that query's results.
    pub facets: Signal<Option<Facets>>,
    pub histogram: Signal<Option<Vec<PriceBucket>>>,
    pub go: Callback<CatalogQuery>,
}

impl FilterState {
    /// A checkbox for one value of a list facet.
    fn option(self, facet: Facet, choice: &Choice, class: &'static str) -> impl IntoView + use<> {
        let pick: fn(&Facets) -> &Vec<FacetCount> = match facet {
            Facet::Category => |f| &f.category,
            Facet::City => |f| &f.city,
            Facet::Belt => |f| &f.belt,
            Facet::GoodsKind => |f| &f.goods_kind,
            Facet::SupplierKind => |f| &f.supplier_kind,
        };
        let FilterState {
            query, facets, go, ..
        } = self;
        let (for_checked, for_toggle) = (choice.id.clone(), choice.id.clone());
        view! {
            <FacetOption
                label=choice.label()
                class
                name=facet.key()
                value=choice.id.clone()
                count=facet_count(facets, pick, choice.id.clone())
                checked=Signal::derive(move || query.with(|q| q.values(facet).contains(&for_checked)))
                on_toggle=move || go.run(query.get_untracked().toggled(facet, &for_toggle))
            />
        }
    }
}

/// A group that opens and closes, open from the start when it holds a selection.
/// With a `header` (a checkbox of its own), the toggle is a chevron labelled `title`.
#[component]
fn Group(
    /// Id of what the group holds (a category or province), for tests and styling.
    key: String,
    #[prop(into)] title: Signal<String>,
    open: bool,
    #[prop(optional)] header: Option<Children>,
    children: ChildrenFn,
) -> impl IntoView {
    let expanded = RwSignal::new(open);
    let has_header = header.is_some();
    view! {
        <div class="group" data-group=key>
            <div class="group-head">
                <button
                    type="button"
                    class="group-toggle"
                    aria-expanded=move || expanded.get().to_string()
                    aria-label=move || has_header.then(|| title.get())
                    on:click=move |_| expanded.update(|e| *e = !*e)
                >
                    <span class="chevron" aria-hidden="true"></span>
                    {move || (!has_header).then(|| title.get())}
                </button>
                {header.map(|h| h())}
            </div>
            <Show when=move || expanded.get()>
                <div class="group-body">{children()}</div>
            </Show>
        </div>
    }
}

#[component]
pub fn CategoryFilter(state: FilterState) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let tree = move || {
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            let selected = state.query.get_untracked().category;
            let groups = t.categories.iter().map(|top| {
                let open = top.children.iter().any(|l| selected.contains(&l.id));
                let top = Choice::new(&top.id, &top.name_zh, &top.name_en);
                let leaves: Vec<Choice> = t
                    .categories
                    .iter()
                    .find(|c| c.id == top.id)
                    .into_iter()
                    .flat_map(|c| &c.children)
                    .map(|l| Choice::new(&l.id, &l.name_zh, &l.name_en))
                    .collect();
                let header = state.option(Facet::Category, &top, "");
                view! {
                    <Group key=top.id.clone() title=top.label() open header=Box::new(move || header.into_any())>
                        {leaves.iter().map(|leaf| state.option(Facet::Category, leaf, "nested")).collect_view()}
                    </Group>
                }
            });
            Some(groups.collect_view())
        })
    };
    view! {
        <fieldset class="filter">
            <legend>{move || lang.get().texts().category}</legend>
            {tree}
        </fieldset>
    }
}

/// A city with its belts, as the city filter lists them.
#[derive(Clone)]
struct CityChoice {
    city: Choice,
    belts: Vec<Choice>,
    /// Lowercase names and ids of the city, its belts and province: what the filter box matches.
    search_text: String,
}

impl FilterState {
    fn city_node(self, c: &CityChoice) -> impl IntoView + use<> {
        view! {
            <div class="tree-node">
                {self.option(Facet::City, &c.city, "")}
                {c.belts.iter().map(|b| self.option(Facet::Belt, b, "nested belt")).collect_view()}
            </div>
        }
    }
}

#[component]
pub fn CityFilter(state: FilterState) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let needle = RwSignal::new(String::new());
    let is_selected = move |c: &CityChoice| {
        state.query.with_untracked(|q| {
            q.city.contains(&c.city.id) || c.belts.iter().any(|b| q.belt.contains(&b.id))
        })
    };
    let provinces = move || {
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            let groups: Vec<(Choice, Vec<CityChoice>)> = t
                .regions
                .iter()
                .map(|p| {
                    let province = Choice::new(&p.id, &p.name_zh, &p.name_en);
                    let cities = p
                        .cities
                        .iter()
                        .map(|c| {
                            let belts: Vec<Choice> = c
                                .belts
                                .iter()
                                .map(|b| Choice::new(&b.id, &b.name_zh, &b.name_en))
                                .collect();
                            let mut search_text =
                                [&c.id, &c.name_zh, &c.name_en, &p.name_zh, &p.name_en]
                                    .map(|s| s.as_str())
                                    .join(" ");
                            for b in &belts {
                                search_text.push_str(&format!(" {} {} {}", b.id, b.zh, b.en));
                            }
                            CityChoice {
                                city: Choice::new(&c.id, &c.name_zh, &c.name_en),
                                belts,
                                search_text: search_text.to_ascii_lowercase(),
                            }
                        })
                        .collect();
                    (province, cities)
                })
                .collect();
            Some(groups)
        })
    };
    let provinces = Memo::new(move |_| provinces().map(StoredValue::new));
    let facets = state.facets;
    // Typing 义乌 or yiwu lists the matching cities (with their belts) without the province groups.
    let matches = move || {
        // ASCII case folding is enough (names are Chinese or pinyin/English) and
        // spares the WASM Unicode's case tables.
        let needle = needle.with(|n| n.trim().to_ascii_lowercase());
        if needle.is_empty() {
            return None;
        }
        let groups = provinces.get()?;
        let found: Vec<CityChoice> = groups.with_value(|g| {
            g.iter()
                .flat_map(|(_, cities)| cities)
                .filter(|c| c.search_text.contains(&needle))
                .cloned()
                .collect()
        });
        Some(if found.is_empty() {
            view! { <p class="facet-empty">{texts().no_city_matches}</p> }.into_any()
        } else {
            found
                .iter()
                .map(|c| state.city_node(c))
                .collect_view()
                .into_any()
        })
    };
    let grouped = move || {
        let groups = provinces.get()?;
        Some(groups.with_value(|g| {
            g.iter()
                .map(|(province, cities)| {
                    let open = cities.iter().any(is_selected);
                    let city_ids: Vec<String> = cities.iter().map(|c| c.city.id.clone()).collect();
                    let name = province.label();
                    let title = Signal::derive(move || {
                        let total: Option<u64> =
                            facets.with(|f| f.as_ref().map(|f| city_ids.iter().filter_map(|id| count_of(&f.city, id)).sum()));
                        match total {
                            Some(total) => format!("{} ({total})", name.get()),
                            None => name.get(),
                        }
                    });
                    // Long provinces show their first cities and "更多 (N)"; a selected city is never hidden.
                    let shown = cities.len().min(CITIES_SHOWN);
                    let hidden = cities.len() - shown;
                    let more = RwSignal::new(cities.iter().skip(shown).any(is_selected));
                    let cities = StoredValue::new(cities.clone());
                    let nodes = move |shown: std::ops::Range<usize>| {
                        cities.with_value(|c| c.get(shown).unwrap_or_default().iter().map(|c| state.city_node(c)).collect_view())
                    };
                    view! {
                        <Group key=province.id.clone() title open>
                            {nodes(0..shown)}
                            <Show when=move || more.get()>
                                {nodes(shown..shown + hidden)}
                            </Show>
                            {(hidden > 0).then(|| view! {
                                <button type="button" class="link-button more" aria-expanded=move || more.get().to_string()
                                    on:click=move |_| more.update(|m| *m = !*m)>
                                    {move || if more.get() { texts().show_less.to_owned() } else { format!("{} ({hidden})", texts().show_more) }}
                                </button>
                            })}
                        </Group>
                    }
                })
                .collect_view()
        }))
    };
    view! {
        <fieldset class="filter">
            <legend>{move || texts().city}</legend>
            <label class="facet-search">
                <span class="visually-hidden">{move || texts().city_search}</span>
                <input type="search" placeholder=move || texts().city_search autocomplete="off"
                    prop:value=move || needle.get() on:input=move |ev| needle.set(event_target_value(&ev))
                    on:change=move |ev| needle.set(event_target_value(&ev)) />
            </label>
            {move || matches().unwrap_or_else(|| grouped().into_any())}
        </fieldset>
    }
}

/// The codec's price errors, in the shopper's language.
fn price_problem(texts: &Texts, err: &QueryError) -> String {
    match err {
        QueryError::PriceMinAboveMax { .. } => texts.price_min_above_max.to_owned(),
        _ => texts.price_invalid.to_owned(),
    }
}

#[component]
pub fn PriceFilter(state: FilterState) -> impl IntoView {
    let FilterState {
        query,
        facets,
        go,
        histogram,
    } = state;
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let bands = move || {
        taxonomy.value.with(|t| {
            let t = t.as_ref()?;
            Some(
                t.price_bands
                    .iter()
                    .map(|band| {
                        let range = PriceRange::parse(&band.id).unwrap_or_default();
                        let (zh, en) = (band.name_zh.clone(), band.name_en.clone());
                        view! {
                            <FacetOption
                                name="price"
                                value=band.id.clone()
                                label=Signal::derive(move || lang.get().pick(&zh, &en).to_owned())
                                count=facet_count(facets, |f| &f.price, band.id.clone())
                                checked=Signal::derive(move || query.with(|q| q.price == range))
                                on_toggle=move || {
                                    let current = query.get_untracked();
                                    let next = if current.price == range { PriceRange::ANY } else { range };
                                    go.run(current.with(|q| q.price = next));
                                }
                            />
                        }
                    })
                    .collect_view(),
            )
        })
    };
    // The custom range: typed in yuan, checked by the same codec as the URL.
    let min = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let price = query.with(|q| q.price);
        let yuan = |fen: Option<u32>| {
            fen.map(|f| {
                PriceRange {
                    min_fen: Some(f),
                    max_fen: None,
                }
                .to_string()
                .trim_end_matches('-')
                .to_owned()
            })
        };
        min.set(yuan(price.min_fen).unwrap_or_default());
        max.set(yuan(price.max_fen).unwrap_or_default());
        problem.set(None);
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = format!(
            "{}-{}",
            min.get_untracked().trim(),
            max.get_untracked().trim()
        );
        match PriceRange::parse(&text) {
            Ok(range) => {
                problem.set(None);
                go.run(query.get_untracked().with(|q| q.price = range));
            }
            Err(err) => problem.set(Some(price_problem(lang.get_untracked().texts(), &err))),
        }
    };
    view! {
        <fieldset class="filter">
            <legend>{move || lang.get().texts().price}</legend>
            <PriceHistogram buckets=histogram selected=Signal::derive(move || query.with(|q| q.price)) />
            {bands}
            <form class="price-range" on:submit=apply novalidate>
                <label>
                    <span class="visually-hidden">{move || lang.get().texts().price_min}</span>
                    <input type="text" inputmode="decimal" size="6" placeholder=move || lang.get().texts().price_min
                        prop:value=move || min.get() on:input=move |ev| min.set(event_target_value(&ev))
                        aria-invalid=move || problem.with(Option::is_some).to_string() />
                </label>
                <span aria-hidden="true">"–"</span>
                <label>
                    <span class="visually-hidden">{move || lang.get().texts().price_max}</span>
                    <input type="text" inputmode="decimal" size="6" placeholder=move || lang.get().texts().price_max
                        prop:value=move || max.get() on:input=move |ev| max.set(event_target_value(&ev))
                        aria-invalid=move || problem.with(Option::is_some).to_string() />
                </label>
                <button type="submit" class="button">{move || lang.get().texts().price_apply}</button>
            </form>
            {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
        </fieldset>
    }
}
