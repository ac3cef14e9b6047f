//! Pictures the page has loaded, kept referenced. The browser keeps a loaded
//! picture in its memory cache only while something refers to it: once a
//! card shows another product, its old picture goes with the next garbage
//! collection, and going back to those results loads every picture again
//! from the disk cache (a task each on the page's thread, and a frame that
//! takes twice as long). Kept here, they are there at once.

use std::cell::RefCell;
use std::collections::VecDeque;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Event, HtmlElement, HtmlImageElement};

use super::CARD_SIZES;

/// About a dozen pages of results (24 each): those a shopper goes back and
/// forth between. A 400 px product photo is 20–50 KB, so at most ~15 MB.
const KEPT_PICTURES: usize = 288;

thread_local! {
    /// By URL, the least recently loaded first.
    static KEPT: RefCell<VecDeque<(String, HtmlImageElement)>> =
        const { RefCell::new(VecDeque::new()) };
}

/// From now on, keeps every picture that loads inside `root`, and those it
/// has already loaded (a server-rendered page's, before the app started).
pub fn keep_pictures_loaded_in(root: &HtmlElement) {
    let on_load = Closure::<dyn Fn(Event)>::new(|event: Event| {
        if let Some(picture) = event.target().and_then(|t| t.dyn_into().ok()) {
            keep_loaded(&picture);
        }
    });
    // `load` does not bubble: heard on the way down instead.
    let listening = root.add_event_listener_with_callback_and_bool(
        "load",
        on_load.as_ref().unchecked_ref(),
        true,
    );
    if listening.is_ok() {
        on_load.forget();
    }
    let pictures = root.get_elements_by_tag_name("img");
    for n in 0..pictures.length() {
        if let Some(picture) = pictures.item(n).and_then(|p| p.dyn_into().ok()) {
            keep_loaded(&picture);
        }
    }
}

fn keep_loaded(picture: &HtmlImageElement) {
    if picture.complete() && picture.natural_width() > 0 {
        keep(&picture.current_src(), None);
    }
}

/// Loads the picture at `url` (or the one of `srcset` a card would pick),
/// unless it is kept, and keeps it.
pub fn keep(url: &str, srcset: Option<&str>) {
    KEPT.with_borrow_mut(|kept| {
        if let Some(at) = kept.iter().position(|(kept_url, _)| kept_url == url) {
            if let Some(picture) = kept.remove(at) {
                kept.push_back(picture);
            }
            return;
        }
        let Ok(picture) = HtmlImageElement::new() else {
            return;
        };
        if let Some(set) = srcset {
            picture.set_sizes(CARD_SIZES);
            picture.set_srcset(set);
        }
        picture.set_src(url);
        if kept.len() == KEPT_PICTURES {
            kept.pop_front();
        }
        kept.push_back((url.to_owned(), picture));
    });
}
