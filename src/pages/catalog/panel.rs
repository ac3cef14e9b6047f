//! The filter panel's filters, and where their code comes from. In the build
//! that hydrates and splits (`hydrate` + `split`) that code is a WASM chunk of
//! its own, fetched once the page is hydrated: the server's panel (drawer.rs)
//! is on screen until then, and if the chunk never comes, its form still filters.

use leptos::prelude::*;

use crate::components::filters::{CategoryFilter, CityFilter, FilterState, PriceFilter};

#[component]
pub fn Panel(state: FilterState) -> impl IntoView {
    view! {
        <CategoryFilter state />
        <CityFilter state />
        <PriceFilter state />
    }
}

/// The panel as the app builds it: only once `code_here` says its code is.
pub fn live_panel(state: FilterState) -> impl IntoView {
    #[cfg(all(feature = "split", feature = "hydrate"))]
    {
        // Already fetched (`code_here`): resolves when first polled, so the
        // panel is built in the same task as the server's goes.
        // The shopper may have left the catalog while the code came (a first
        // visit that starts on another page, then back): nothing to build then.
        Suspend::new(send_wrapper::SendWrapper::new(async move {
            fetch_code().await.then_some(())?;
            state.query.try_with_untracked(|_| ())?;
            split::filter_panel(state).await.ok()
        }))
    }
    #[cfg(not(all(feature = "split", feature = "hydrate")))]
    view! { <Panel state /> }
}

/// Where the panel stands beside the results; narrower, it is in a drawer.
pub const BESIDE_RESULTS: &str = "(min-width: 641px)";

/// Whether the panel's code is here: at once, but in the build that splits it
/// out, where it is fetched the first time `wanted` (a wide screen, or the
/// drawer opening): a phone that never opens the drawer never fetches it.
pub fn code_here(wanted: Memo<bool>) -> Signal<bool> {
    #[cfg(all(feature = "split", feature = "hydrate"))]
    {
        let (here, set_here) = signal(false);
        Effect::new(move |asked: Option<bool>| {
            let ask = asked != Some(true) && wanted.get();
            if ask {
                leptos::task::spawn_local(async move {
                    if fetch_code().await {
                        set_here.try_set(true);
                    }
                });
            }
            asked == Some(true) || ask
        });
        here.into()
    }
    #[cfg(not(all(feature = "split", feature = "hydrate")))]
    {
        let _ = wanted;
        Signal::from(true)
    }
}

/// Fetches the panel's chunk; false if it did not come.
#[cfg(all(feature = "split", feature = "hydrate"))]
pub async fn fetch_code() -> bool {
    split::preload_filter_panel().await.is_ok()
}

#[cfg(all(feature = "split", feature = "hydrate"))]
mod split {
    use leptos::prelude::*;

    use super::Panel;
    use crate::components::filters::FilterState;
    use crate::rendering::ChunkNotLoaded;

    #[leptos::wasm_split::wasm_split(
        filter_panel,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        preload(preload_filter_panel)
    )]
    pub fn filter_panel(state: FilterState) -> Result<AnyView, ChunkNotLoaded> {
        Ok(view! { <Panel state /> }.into_any())
    }
}
