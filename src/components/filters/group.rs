use leptos::prelude::*;

/// A group that opens and closes, open from the start when it holds a selection.
/// With a `header` (a checkbox of its own), the toggle is a chevron labelled `title`.
///
/// The server renders it as `<details>`, which opens without JavaScript: the
/// panel it renders is never hydrated (the app builds its own in its place,
/// pages/catalog/drawer.rs), so its markup may differ from the app's.
#[component]
pub(super) fn Group<H, C>(
    /// Id of what the group holds (a category or province), for tests and styling.
    key: String,
    #[prop(into)] title: Signal<String>,
    open: bool,
    header: Option<H>,
    children: TypedChildrenFn<C>,
) -> impl IntoView
where
    H: IntoView + 'static,
    C: IntoView + 'static,
{
    let has_header = header.is_some();
    let children = children.into_inner();
    #[cfg(feature = "ssr")]
    {
        view! {
            <details class="group" data-group=key open=open>
                <summary class="group-head">
                    <span class="group-toggle">
                        <span class="chevron" aria-hidden="true"></span>
                        {(!has_header).then(|| title.get())}
                    </span>
                    {header}
                </summary>
                <div class="group-body">{children()}</div>
            </details>
        }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let expanded = RwSignal::new(open);
        view! {
            <div class="group" data-group=key>
                <div class="group-head">
                    <button
                        type="button"
                        class="group-toggle"
                        aria-expanded=move || expanded.get().to_string()
                        aria-label=move || has_header.then(|| title.get())
                        on:click=move |_| expanded.update(|e| *e = !*e)
                    >
                        <span class="chevron" aria-hidden="true"></span>
                        {move || (!has_header).then(|| title.get())}
                    </button>
                    {header}
                </div>
                {move || {
                    expanded.get().then(|| view! { <div class="group-body">{children()}</div> })
                }}
            </div>
        }
    }
}
