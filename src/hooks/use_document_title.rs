use leptos::prelude::*;

/// Keeps the tab's title as `title` says, following its signals.
pub fn use_document_title(title: impl Fn() -> String + 'static) {
    #[cfg(feature = "ssr")]
    crate::rendering::server::set_title(title());
    Effect::new(move |_| document().set_title(&title()));
}
