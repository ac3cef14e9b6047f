//! Any path the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_lang;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    let texts = move || lang.get().texts();
    Effect::new(move |_| document().set_title(&format!("{} · Beltmart", texts().page_not_found)));
    view! {
        <section class="not-found">
            <h1>{move || texts().page_not_found}</h1>
            <p>{move || texts().page_not_found_hint}</p>
            <A href="/" attr:class="button">{move || texts().home}</A>
        </section>
    }
}
