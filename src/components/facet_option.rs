//! One selectable facet value: a checkbox with its name and result count.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;

/// How long a mouse rests on a value (or the keyboard's focus stays) before it
/// counts as an intent to choose it: long enough that passing over the list
/// asks for nothing.
const RESTING_INTENT: Duration = Duration::from_millis(65);

/// The id of the plain GET form a page the server rendered has for its
/// filters (before, or without, the app): the values' checkboxes belong to it.
pub const FILTER_FORM: &str = "filter-form";

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
    /// Called when the shopper looks likely to toggle it: a mouse resting on
    /// it, a finger touching it, the keyboard's focus staying on it. The
    /// caller fetches what the toggle would show, so the click finds it there.
    #[prop(into)]
    on_intent: Callback<()>,
    /// Extra class, e.g. for nesting.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let disabled = move || count.get() == Some(0) && !checked.get();
    view! {
        <label
            class=format!("facet-option {class}")
            class:disabled=disabled
            // A finger is over it only as it touches: that is intent already.
            on:pointerover=move |ev| match ev.pointer_type().as_str() {
                "mouse" => intent_soon(on_intent),
                _ => on_intent.run(()),
            }
            on:pointerout=move |_| no_intent()
        >
            <input
                type="checkbox"
                name=name
                form=FILTER_FORM
                value=value
                // The attribute for the page the server renders, the property after.
                checked=move || checked.get()
                prop:checked=move || checked.get()
                disabled=disabled
                // Tabbing past a value asks nothing; stopping on it, as before Space, does.
                on:focus=move |_| intent_soon(on_intent)
                on:blur=move |_| no_intent()
                on:change=move |_| on_toggle()
            />
            <span class="facet-label">{move || label.get()}</span>
            <span class="facet-count">
                {move || count.get().map(|c| c.to_string()).unwrap_or_default()}
            </span>
        </label>
    }
}

thread_local! {
    /// The one pending intent: there is one pointer, and one focus.
    static PENDING_INTENT: Cell<Option<TimeoutHandle>> = const { Cell::new(None) };
}

/// Runs `intent` unless the pointer moves off, or the focus leaves, within
/// [`RESTING_INTENT`].
fn intent_soon(intent: Callback<()>) {
    no_intent();
    // By then the shopper may have left the page (the browser's back, say),
    // and its callback with it: then there is nothing to ask.
    let ask = move || {
        let _ = intent.try_run(());
    };
    let pending = set_timeout_with_handle(ask, RESTING_INTENT).ok();
    PENDING_INTENT.set(pending);
}

fn no_intent() {
    if let Some(pending) = PENDING_INTENT.take() {
        pending.clear();
    }
}
