use beltmart_contract::{Facet, Province, Taxonomy};
use leptos::either::Either;
use leptos::prelude::*;

use super::group::Group;
use super::{Choice, FilterState};
use crate::i18n::use_lang;
use crate::taxonomy::use_taxonomy;

/// Cities a province shows before "更多 (N)".
const CITIES_SHOWN: usize = 5;

/// A city with its belts, as the city filter lists them.
#[derive(Clone)]
struct CityChoice {
    city: Choice,
    belts: Vec<Choice>,
    /// Lowercase names and ids of the city, its belts and province: what the filter box matches.
    search_text: String,
}

impl CityChoice {
    fn is_selected(&self, state: FilterState) -> bool {
        state.query.with_untracked(|q| {
            q.city.contains(&self.city.id) || self.belts.iter().any(|b| q.belt.contains(&b.id))
        })
    }

    fn view(&self, state: FilterState) -> impl IntoView + use<> {
        view! {
            <div class="tree-node">
                {state.option(Facet::City, &self.city, "")}
                {self
                    .belts
                    .iter()
                    .map(|b| state.option(Facet::Belt, b, "nested belt"))
                    .collect_view()}
            </div>
        }
    }
}

type ProvinceChoices = Vec<(Choice, Vec<CityChoice>)>;

fn province_choices(t: &Taxonomy) -> ProvinceChoices {
    let city_choices = |p: &Province| {
        p.cities
            .iter()
            .map(|c| {
                let belts: Vec<Choice> = c
                    .belts
                    .iter()
                    .map(|b| Choice::new(&b.id, &b.name_zh, &b.name_en))
                    .collect();
                let mut search_text = [&c.id, &c.name_zh, &c.name_en, &p.name_zh, &p.name_en]
                    .map(|s| s.as_str())
                    .join(" ");
                for b in &belts {
                    search_text.push_str(&format!(" {} {} {}", b.id, b.zh, b.en));
                }
                CityChoice {
                    city: Choice::new(&c.id, &c.name_zh, &c.name_en),
                    belts,
                    // ASCII case folding is enough (names are Chinese or
                    // pinyin/English) and spares the WASM Unicode's case tables.
                    search_text: search_text.to_ascii_lowercase(),
                }
            })
            .collect()
    };
    t.regions
        .iter()
        .map(|p| (Choice::new(&p.id, &p.name_zh, &p.name_en), city_choices(p)))
        .collect()
}

/// Cities by province with their belts, and a box that finds a city by name.
#[component]
pub fn CityFilter(state: FilterState) -> impl IntoView {
    let taxonomy = use_taxonomy();
    let lang = use_lang();
    let texts = move || lang.get().texts();
    let needle = RwSignal::new(String::new());
    let provinces = Memo::new(move |_| {
        taxonomy
            .value
            .with(|t| t.as_ref().map(|t| StoredValue::new(province_choices(t))))
    });
    // Typing 义乌 or yiwu lists the matching cities (with their belts),
    // without the province groups.
    let matches = move || {
        let needle = needle.with(|n| n.trim().to_ascii_lowercase());
        if needle.is_empty() {
            return None;
        }
        let found: Vec<CityChoice> = provinces.get()?.with_value(|g| {
            g.iter()
                .flat_map(|(_, cities)| cities)
                .filter(|c| c.search_text.contains(&needle))
                .cloned()
                .collect()
        });
        Some(if found.is_empty() {
            Either::Left(view! { <p class="facet-empty">{texts().no_city_matches}</p> })
        } else {
            Either::Right(found.iter().map(|c| c.view(state)).collect_view())
        })
    };
    let grouped = move || {
        provinces.get().map(|groups| {
            groups.with_value(|g| {
                g.iter()
                    .map(|(province, cities)| {
                        let (province, cities) = (province.clone(), cities.clone());
                        view! { <ProvinceGroup province cities state /> }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <fieldset class="filter">
            <legend>{move || texts().city}</legend>
            <label class="facet-search">
                <span class="visually-hidden">{move || texts().city_search}</span>
                <input
                    type="search"
                    placeholder=move || texts().city_search
                    autocomplete="off"
                    prop:value=move || needle.get()
                    on:input=move |ev| needle.set(event_target_value(&ev))
                    on:change=move |ev| needle.set(event_target_value(&ev))
                />
            </label>
            {move || matches().map_or_else(|| Either::Right(grouped()), Either::Left)}
        </fieldset>
    }
}

/// One province: its total in the title, its first cities, and "更多 (N)" for
/// the rest. A selected city is never hidden.
/// A province's group has no checkbox of its own.
const NO_HEADER: Option<()> = None;

#[component]
fn ProvinceGroup(province: Choice, cities: Vec<CityChoice>, state: FilterState) -> impl IntoView {
    let open = cities.iter().any(|c| c.is_selected(state));
    let city_ids: Vec<String> = cities.iter().map(|c| c.city.id.clone()).collect();
    let name = province.label();
    let title = Signal::derive(move || {
        let total: Option<u64> = state.facets.with(|f| {
            let f = f.as_ref()?;
            Some(
                city_ids
                    .iter()
                    .filter_map(|id| f.count(Facet::City, id))
                    .sum(),
            )
        });
        match total {
            Some(total) => format!("{} ({total})", name.get()),
            None => name.get(),
        }
    });
    let shown = cities.len().min(CITIES_SHOWN);
    let hidden = cities.len() - shown;
    let more = RwSignal::new(cities.iter().skip(shown).any(|c| c.is_selected(state)));
    let cities = StoredValue::new(cities);
    let nodes = move |range: std::ops::Range<usize>| {
        cities.with_value(|c| {
            c.get(range)
                .unwrap_or_default()
                .iter()
                .map(|c| c.view(state))
                .collect_view()
        })
    };
    view! {
        <Group key=province.id.clone() title open header=NO_HEADER>
            {nodes(0..shown)}
            {(hidden > 0).then(|| more_cities(more, hidden, move || nodes(shown..shown + hidden)))}
        </Group>
    }
}

/// "更多 (N)": the province's other cities, behind a button that says how many
/// (in the server's render, a `<details>`, which opens without JavaScript).
fn more_cities<V: IntoView + 'static>(
    more: RwSignal<bool>,
    hidden: usize,
    cities: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    {
        let label = format!("{} ({hidden})", lang.get_untracked().texts().show_more);
        view! {
            <details class="more-cities" open=more.get_untracked()>
                <summary class="link-button more">{label}</summary>
                {cities()}
            </details>
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let label = move || {
            let texts = lang.get().texts();
            match more.get() {
                true => texts.show_less.to_owned(),
                false => format!("{} ({hidden})", texts.show_more),
            }
        };
        view! {
            {move || more.get().then(&cities)}
            <button
                type="button"
                class="link-button more"
                aria-expanded=move || more.get().to_string()
                on:click=move |_| more.update(|m| *m = !*m)
            >
                {label}
            </button>
        }
    }
}
