use std::time::Duration;

use leptos::prelude::*;

use super::use_debounce;

/// True once `flag` has stayed true for `delay`, false again with it: for
/// what should show only when something takes long (a loading bar), not
/// flash for a moment each time it is quick.
pub fn use_lasting(flag: Signal<bool>, delay: Duration) -> Signal<bool> {
    let lasting = RwSignal::new(false);
    let up_a_while = use_debounce(delay, move || lasting.set(true));
    Effect::new(move |_| match flag.get() {
        true => up_a_while.call(),
        false => {
            up_a_while.cancel();
            lasting.set(false);
        }
    });
    lasting.into()
}
