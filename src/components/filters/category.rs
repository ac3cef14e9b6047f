use beltmart_contract::Facet;
use leptos::prelude::*;

use super::group::Group;
use super::{Choice, FilterState};
use crate::i18n::use_lang;
use crate::taxonomy::use_taxonomy;

/// Top-level categories, each a checkbox and a group of its leaves.
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
                let leaves: Vec<Choice> = top
                    .children
                    .iter()
                    .map(|l| Choice::new(&l.id, &l.name_zh, &l.name_en))
                    .collect();
                let top = Choice::new(&top.id, &top.name_zh, &top.name_en);
                let header = state.option(Facet::Category, &top, "");
                view! {
                    <Group key=top.id.clone() title=top.label() open header=Some(header)>
                        {leaves
                            .iter()
                            .map(|leaf| state.option(Facet::Category, leaf, "nested"))
                            .collect_view()}
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
