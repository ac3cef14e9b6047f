use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Whether a CSS media query matches, following changes (a resize, a rotated
/// phone). Where the browser cannot say, it matches.
pub fn use_media_query(query: &str) -> Signal<bool> {
    let media = window().match_media(query).ok().flatten();
    let (matches, set_matches) = signal(media.as_ref().is_none_or(|m| m.matches()));
    if let Some(media) = media {
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
    matches.into()
}
