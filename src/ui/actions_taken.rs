//! The "try this" actions taken on the run on screen, each with its undo, and the question that
//! Restart asks while there are any (see explainer::action_log).

use super::controls::Clock;
use super::scenario_version::scenario_version;
use crate::explainer::action_log::Taken;
use crate::explainer::session::Session;
use leptos::prelude::*;

/// The list under the "try this" buttons; hidden while nothing has been taken.
#[component]
pub fn ActionsTaken(
    session: StoredValue<Session, LocalStorage>,
    frame: RwSignal<u64>,
    /// Undoes the action at this place in the list.
    undo: Callback<usize>,
) -> impl IntoView {
    // The list changes only with the scenario.
    let version = scenario_version(session, frame);
    let taken = move || {
        version.get();
        session.with_value(|s| s.taken().iter().map(Taken::describe).collect::<Vec<_>>())
    };
    view! {
        <div class="taken" hidden=move || taken().is_empty()>
            <span class="try-label">"Taken:"</span>
            {move || taken().into_iter().enumerate().map(|(i, taken)| view! {
                <button class="undo" aria-label=format!("Undo {taken}") on:click=move |_| undo.run(i)>{format!("{taken}\u{a0}\u{2715}")}</button>
            }).collect_view()}
        </div>
    }
}

/// Shows the question and gives its first answer the focus (it may be asked from the keyboard),
/// once the page has drawn it: leptos updates the page in a task of its own.
pub fn ask_restart(asking: RwSignal<bool>) {
    asking.set(true);
    leptos::task::spawn_local(async {
        use wasm_bindgen::JsCast;
        if let Some(button) = document()
            .query_selector(".restart-clear")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = button.focus();
        }
    });
}

/// Asked by Restart while actions are taken: start again without them, or with them.
#[component]
pub fn RestartQuestion(
    session: StoredValue<Session, LocalStorage>,
    clock: Clock,
    asking: RwSignal<bool>,
    /// Starts again from zero without the actions.
    clear: Callback<()>,
) -> impl IntoView {
    let count = move || session.with_value(|s| s.taken().len());
    let keep = move |_| {
        asking.set(false);
        clock.restart();
    };
    view! {
        <div class="restart-question" role="alertdialog" aria-label="Restart" hidden=move || !asking.get()>
            <p>{move || { asking.get(); let n = count(); format!("Restart from 0:00 without the {n} action{} you took, or replay {}?", if n == 1 { "" } else { "s" }, if n == 1 { "it" } else { "them" }) }}</p>
            <button class="restart-clear" on:click=move |_| { asking.set(false); clear.run(()); }>"Without them"</button>
            <button class="restart-keep" on:click=keep>"Replay them"</button>
            <button class="restart-cancel" on:click=move |_| asking.set(false)>"Cancel"</button>
        </div>
    }
}
