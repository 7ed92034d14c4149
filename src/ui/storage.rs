//! The playground's scenario survives a reload in localStorage. A stored entry that no longer
//! reads cleanly is reported and copied aside under another key, never silently dropped or
//! overwritten.

use crate::engine::scenario::Scenario;
use crate::explainer::playground::{apply_text, to_text, Edit};

const KEY: &str = "archflow.playground";
const SET_ASIDE: &str = "archflow.playground.unreadable";

fn storage() -> Option<web_sys::Storage> {
    // Unavailable in some privacy modes and sandboxed frames; the playground then simply starts fresh.
    web_sys::window()?.local_storage().ok()?
}

/// The stored playground scenario, if any, and what was wrong with what was stored.
pub fn load_playground() -> (Option<Scenario>, Vec<String>) {
    let Some(store) = storage() else {
        return (None, vec![]);
    };
    let Some(text) = store.get_item(KEY).ok().flatten() else {
        return (None, vec![]);
    };
    match apply_text(&text) {
        Edit::Applied(sc, errors) => {
            let mut notes: Vec<String> = errors
                .iter()
                .map(|e| format!("saved playground: {e}"))
                .collect();
            if !errors.is_empty() {
                // The repaired playground replaces the stored one at the next save; the text as
                // it was stays readable.
                let _ = store.set_item(SET_ASIDE, &text);
                notes.push(format!(
                    "the saved playground as it was is kept in localStorage under \"{SET_ASIDE}\""
                ));
            }
            (Some(*sc), notes)
        }
        Edit::Rejected(message) => {
            let _ = store.set_item(SET_ASIDE, &text);
            let _ = store.remove_item(KEY);
            (None, vec![format!("the saved playground could not be read ({message}); it was kept aside in localStorage under \"{SET_ASIDE}\" and the playground starts from its defaults")])
        }
    }
}

pub fn save_playground(scenario: &Scenario) {
    if let Some(store) = storage() {
        let _ = store.set_item(KEY, &to_text(scenario));
    }
}
