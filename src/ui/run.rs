//! The run on the page, shared with every view through leptos context: the session (with its
//! report, made once per state of the run), the clock, the two redraw signals, and the one way
//! to change the scenario, which also keeps the playground's stored copy.

use super::controls::Clock;
use super::storage::save_playground;
use crate::explainer::session::Session;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Run {
    pub session: StoredValue<Session, LocalStorage>,
    pub clock: Clock,
    /// Ticks when the diagrams should redraw (every animation frame that moved the run).
    pub frame: RwSignal<u64>,
    /// Ticks when the charts, tables and claims should (about twice a second).
    pub slow_frame: RwSignal<u64>,
    /// Whether the scenario on screen is the playground's, kept in the browser's storage.
    pub in_playground: Signal<bool>,
}

impl Run {
    /// Shares the run with every view below `App`.
    pub fn provide(self) {
        provide_context(self);
    }

    /// Every change to the scenario (an action, an undo, an edit, a loaded file) goes through
    /// here, so that the playground's stored copy always matches what runs.
    pub fn change(&self, how: impl FnOnce(&mut Session)) {
        let keep = self.in_playground.get_untracked();
        self.session.update_value(|s| {
            how(s);
            if keep {
                save_playground(&s.scenario);
            }
        });
    }

    /// The scenario's version as a signal, for views that change only with the scenario (an
    /// action, an undo, an edit) and not with the time: read on every frame, it notifies only
    /// when the version moves.
    pub fn scenario_version(&self) -> Memo<u64> {
        let (session, frame) = (self.session, self.frame);
        Memo::new(move |_| {
            frame.get();
            session.with_value(|s| s.version)
        })
    }
}

/// The run, from any view inside `App`.
pub fn use_run() -> Run {
    expect_context::<Run>()
}
