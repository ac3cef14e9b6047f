//! One selectable facet value: a checkbox with its name and result count.

use leptos::prelude::*;

/// A value is disabled, not hidden, when choosing it would give no results;
/// a selected value is never disabled, so it can always be unchosen.
#[component]
pub fn FacetOption(
    /// Shown name.
    #[prop(into)]
    label: Signal<String>,
    /// Results if this value were chosen (disjunctive count); `None` while unknown.
    #[prop(into)]
    count: Signal<Option<u64>>,
    #[prop(into)] checked: Signal<bool>,
    /// The query parameter (`category`, `city`, …) and the value's id: the
    /// checkbox's `name` and `value`, as in a plain HTML form.
    name: &'static str,
    value: String,
    /// Called with nothing; the caller knows which value this is.
    on_toggle: impl Fn() + 'static,
    /// Extra class, e.g. for nesting.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let disabled = move || count.get() == Some(0) && !checked.get();
    view! {
        <label class=format!("facet-option {class}") class:disabled=disabled>
            <input
                type="checkbox"
                name=name
                form=super::filters::FILTER_FORM
                value=value
                // The attribute for the page the server renders, the property after.
                checked=move || checked.get()
                prop:checked=move || checked.get()
                disabled=disabled
                on:change=move |_| on_toggle()
            />
            <span class="facet-label">{move || label.get()}</span>
            <span class="facet-count">
                {move || count.get().map(|c| c.to_string()).unwrap_or_default()}
            </span>
        </label>
    }
}
