use std::time::Duration;

use leptos::prelude::*;

/// An action that runs once calls have paused for a while.
#[derive(Clone, Copy)]
pub struct Debounced {
    pending: StoredValue<Option<TimeoutHandle>>,
    delay: Duration,
    action: StoredValue<Box<dyn Fn()>, LocalStorage>,
}

impl Debounced {
    /// Runs the action after the delay, unless called again before then.
    pub fn call(&self) {
        self.cancel();
        let action = self.action;
        let run = move || {
            action.try_with_value(|run| run());
        };
        self.pending
            .try_set_value(set_timeout_with_handle(run, self.delay).ok());
    }

    /// Forgets a pending run (the shopper pressed Enter instead).
    pub fn cancel(&self) {
        if let Some(handle) = self.pending.try_get_value().flatten() {
            handle.clear();
        }
        self.pending.try_set_value(None);
    }
}

/// `action`, run once calls pause for `delay`; a pending run is dropped with the owner.
pub fn use_debounce(delay: Duration, action: impl Fn() + 'static) -> Debounced {
    let debounced = Debounced {
        pending: StoredValue::new(None),
        delay,
        action: StoredValue::new_local(Box::new(action)),
    };
    on_cleanup(move || debounced.cancel());
    debounced
}
