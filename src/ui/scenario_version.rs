//! The session's scenario version as a signal, for views that change only with the scenario (an
//! action, an undo, an edit) and not with the time: read on every `frame`, it notifies only when
//! the version moves.

use crate::explainer::session::Session;
use leptos::prelude::*;

pub fn scenario_version(
    session: StoredValue<Session, LocalStorage>,
    frame: RwSignal<u64>,
) -> Memo<u64> {
    Memo::new(move |_| {
        frame.get();
        session.with_value(|s| s.version)
    })
}
