use leptos::prelude::*;

/// A group that opens and closes, open from the start when it holds a selection.
/// With a `header` (a checkbox of its own), the toggle is a chevron labelled `title`.
#[component]
pub(super) fn Group(
    /// Id of what the group holds (a category or province), for tests and styling.
    key: String,
    #[prop(into)] title: Signal<String>,
    open: bool,
    #[prop(optional)] header: Option<Children>,
    children: ChildrenFn,
) -> impl IntoView {
    let expanded = RwSignal::new(open);
    let has_header = header.is_some();
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
                {header.map(|h| h())}
            </div>
            <Show when=move || expanded.get()>
                <div class="group-body">{children()}</div>
            </Show>
        </div>
    }
}
