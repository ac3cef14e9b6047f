use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Whether a CSS media query matches, following changes (a resize, a rotated
/// phone). Where the browser cannot say, it matches; so does a render that
/// must match the server's, until it is done.
pub fn use_media_query(query: &'static str) -> Signal<bool> {
    let (matches, set_matches) = signal(true);
    if crate::rendering::like_server() {
        Effect::new(move |_| follow(query, set_matches));
    } else {
        follow(query, set_matches);
    }
    matches.into()
}

fn follow(query: &str, set_matches: WriteSignal<bool>) {
    let Some(media) = window().match_media(query).ok().flatten() else {
        return;
    };
    set_matches.set(media.matches());
    let on_change = Closure::<dyn Fn()>::new({
        let media = media.clone();
        move || {
            set_matches.try_set(media.matches());
        }
    });
    media.set_onchange(Some(on_change.as_ref().unchecked_ref()));
    let on_change = StoredValue::new_local(on_change);
    on_cleanup(move || {
        media.set_onchange(None);
        on_change.dispose();
    });
}
