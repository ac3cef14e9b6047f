use leptos::prelude::*;

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
/// and every change is saved as `write` renders it.
pub fn use_stored_signal<T>(
    store: Store,
    key: &'static str,
    read: impl FnOnce(Option<&str>) -> T,
    write: fn(&T) -> String,
) -> RwSignal<T>
where
    T: Send + Sync + 'static,
{
    let storage = store.open();
    let saved = storage
        .as_ref()
        .and_then(|s| s.get_item(key).ok().flatten());
    let value = RwSignal::new(read(saved.as_deref()));
    Effect::new(move |_| {
        if let Some(storage) = &storage {
            // A full or blocked store only costs the memory of it.
            let _ = storage.set_item(key, &value.with(write));
        }
    });
    value
}
