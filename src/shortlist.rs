//! The shopper's 进货单, kept in localStorage across visits and the same in
//! every tab: a change in one tab reaches the others through the `storage` event.

use beltmart_contract::Shortlist;
use leptos::prelude::*;

use crate::hooks::{Store, use_stored_signal};

const KEY: &str = "beltmart.shortlist";

/// The shortlist, shared by the header, the cards, the product page and `/list`.
#[derive(Clone, Copy)]
pub struct MyShortlist(pub RwSignal<Shortlist>);

/// A stored list that no longer reads (edited by hand, another version) starts empty.
fn read(saved: Option<&str>) -> Shortlist {
    saved
        .and_then(|items| Shortlist::parse_items(items).ok())
        .unwrap_or_default()
}

pub fn provide_shortlist() {
    let list = use_stored_signal(Store::Local, KEY, read, Shortlist::items);
    let on_storage = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(KEY) {
            let changed = read(ev.new_value().as_deref());
            if list.with_untracked(|now| *now != changed) {
                list.set(changed);
            }
        }
    });
    // The app lives as long as the page.
    std::mem::forget(on_storage);
    provide_context(MyShortlist(list));
}

/// The app's shortlist; a component mounted on its own (a test, a host page's
/// widget) gets an empty one of its own.
pub fn use_shortlist() -> RwSignal<Shortlist> {
    use_context::<MyShortlist>().map_or_else(|| RwSignal::new(Shortlist::default()), |s| s.0)
}
