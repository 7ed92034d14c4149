//! The "try this" actions taken on the run on screen, each with its undo, and the question that
//! Restart asks while there are any (see explainer::action_log).

use super::clicked::clicked_button;
use super::run::use_run;
use crate::explainer::action_log::Taken;
use crate::explainer::session::Session;
use crate::explainer::try_buttons::undo_buttons_html;
use leptos::prelude::*;

/// The list under the "try this" buttons; hidden while nothing has been taken.
#[component]
pub fn ActionsTaken() -> impl IntoView {
    let run = use_run();
    let session = run.session;
    // The list changes only with the scenario.
    let version = run.scenario_version();
    let taken = move || {
        version.get();
        session.with_value(|s| s.taken().iter().map(Taken::describe).collect::<Vec<_>>())
    };
    // One handler for the list's buttons, drawn as markup (explainer::try_buttons).
    let undo = move |ev: leptos::ev::MouseEvent| {
        if let Some(i) = clicked_button(&ev) {
            run.change(|s| s.undo(i));
        }
    };
    view! {
        <div class="taken" hidden=move || taken().is_empty()>
            <span class="try-label">"Taken:"</span>
            <span class="undo-buttons" on:click=undo inner_html=move || undo_buttons_html(&taken())></span>
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
pub fn RestartQuestion(asking: RwSignal<bool>) -> impl IntoView {
    let run = use_run();
    let count = move || run.session.with_value(|s| s.taken().len());
    let keep = move |_| {
        asking.set(false);
        run.clock.restart();
    };
    view! {
        <div class="restart-question" role="alertdialog" aria-label="Restart" hidden=move || !asking.get()>
            <p>{move || { asking.get(); let n = count(); format!("Restart from 0:00 without the {n} action{} you took, or replay {}?", if n == 1 { "" } else { "s" }, if n == 1 { "it" } else { "them" }) }}</p>
            <button class="restart-clear" on:click=move |_| { asking.set(false); run.change(Session::restart_without_actions); }>"Without them"</button>
            <button class="restart-keep" on:click=keep>"Replay them"</button>
            <button class="restart-cancel" on:click=move |_| asking.set(false)>"Cancel"</button>
        </div>
    }
}
