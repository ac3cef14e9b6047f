//! Back and forward return to where the shopper was: positions are remembered
//! per URL, and restored once the page for that URL has its content again
//! (the browser's own restoration runs before an SPA has rendered anything).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use leptos::prelude::*;

thread_local! {
    static POSITIONS: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
    /// Set by a history move (popstate) until the new page has been scrolled.
    static RESTORE_PENDING: Cell<bool> = const { Cell::new(false) };
}

fn current_url() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// Starts remembering scroll positions; call once when the app starts.
pub fn remember_positions() {
    if cfg!(feature = "ssr") {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let on_scroll = window_event_listener(leptos::ev::scroll, |_| {
        // While a history move is pending, scroll events come from the old page's content.
        if !RESTORE_PENDING.get() {
            let y = window().scroll_y().unwrap_or(0.0);
            POSITIONS.with_borrow_mut(|p| p.insert(current_url(), y));
        }
    });
    let on_history = window_event_listener(leptos::ev::popstate, |_| RESTORE_PENDING.set(true));
    // The app lives as long as the page.
    std::mem::forget((on_scroll, on_history));
}

/// After a back or forward move, scrolls to where the shopper was on that URL;
/// call when the page's content for the URL is on screen.
pub fn restore_after_history_move() {
    if !RESTORE_PENDING.replace(false) {
        return;
    }
    let y = POSITIONS
        .with_borrow(|p| p.get(&current_url()).copied())
        .unwrap_or(0.0);
    request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y));
}
