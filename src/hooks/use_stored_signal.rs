use leptos::prelude::*;

use crate::rendering::SERVER_RENDERED;

/// Which of the browser's stores keeps a value.
#[derive(Clone, Copy, Debug)]
pub enum Store {
    /// Across visits (`localStorage`).
    Local,
    /// For the tab's session, surviving reloads (`sessionStorage`).
    Session,
}

impl Store {
    fn open(self) -> Option<web_sys::Storage> {
        match self {
            Store::Local => window().local_storage(),
            Store::Session => window().session_storage(),
        }
        .ok()
        .flatten()
    }
}

/// A signal kept in the browser's storage under `key`: `read` makes the first
/// value from what was saved (`None` when nothing was, or storage is blocked),
/// and every change is saved as `write` renders it. A render that must match
/// the server's starts from `read(None)` and takes the saved value after it.
pub fn use_stored_signal<T>(
    store: Store,
    key: &'static str,
    read: impl Fn(Option<&str>) -> T + 'static,
    write: fn(&T) -> String,
) -> RwSignal<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let fresh = crate::rendering::like_server().then(|| read(None));
    let saved = move || {
        let storage = store.open();
        let saved = storage
            .as_ref()
            .and_then(|s| s.get_item(key).ok().flatten());
        (read(saved.as_deref()), storage)
    };
    let (value, mut storage) = match fresh {
        Some(fresh) => (RwSignal::new(fresh), None),
        None => {
            let (first, storage) = saved();
            (RwSignal::new(first), Some(storage))
        }
    };
    Effect::new(move |_| {
        // After hydration (never in the client-rendered build): the saved value.
        if SERVER_RENDERED && storage.is_none() {
            let (saved, opened) = saved();
            // What the server rendered with is often what was saved: then
            // nothing that reads it renders again.
            if value.with_untracked(|now| *now != saved) {
                value.set(saved);
            }
            storage = Some(opened);
        }
        if let Some(Some(storage)) = &storage {
            // A full or blocked store only costs the memory of it.
            let _ = storage.set_item(key, &value.with(write));
        }
    });
    value
}
