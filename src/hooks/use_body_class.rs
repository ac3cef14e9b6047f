use leptos::prelude::*;

/// Puts `class` on `<body>` while `on` is true, and takes it off when the
/// owner goes away (`drawer-open` stops the page behind a drawer scrolling).
pub fn use_body_class(class: &'static str, on: impl Fn() -> bool + 'static) {
    if cfg!(feature = "ssr") {
        return;
    }
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.class_list().toggle_with_force(class, on());
        }
    });
    on_cleanup(move || {
        if let Some(body) = document().body() {
            let _ = body.class_list().remove_1(class);
        }
    });
}
