//! The playground's scenario editor: every parameter as JSON. Problems are listed by field; the
//! text the reader typed is kept as typed.

use super::run::use_run;
use crate::explainer::format::elements_html;
use crate::explainer::playground::{apply_text, to_text, Edit};
use leptos::prelude::*;

#[component]
pub fn ScenarioEditor() -> impl IntoView {
    let run = use_run();
    let session = run.session;
    let text = RwSignal::new(session.with_value(|s| to_text(&s.scenario)));
    let problems = RwSignal::new(Vec::<String>::new());
    let status = RwSignal::new(String::new());
    let apply = move |_| match apply_text(&text.get_untracked()) {
        Edit::Applied(sc, errors) => {
            let n = errors.len();
            problems.set(errors.iter().map(|e| e.to_string()).collect());
            run.change(|s| s.set_scenario(*sc));
            status.set(if n == 0 {
                "Applied.".into()
            } else {
                format!("Applied; {n} value(s) were replaced by defaults:")
            });
        }
        Edit::Rejected(message) => {
            problems.set(vec![message]);
            status.set("Not applied; the scenario is unchanged:".into());
        }
    };
    let reset = move |_| {
        text.set(session.with_value(|s| to_text(&s.scenario)));
        problems.set(vec![]);
        status.set("Showing the scenario that is running.".into());
    };
    view! {
        <section class="editor" aria-label="Scenario editor">
            <h3>"Scenario"</h3>
            <label for="scenario-text" class="note">"Every field, unit and range is documented in the README; omitted fields take their defaults."</label>
            <textarea id="scenario-text" spellcheck="false" rows="18"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="editor-buttons">
                <button class="apply" on:click=apply>"Apply"</button>
                <button class="reset" on:click=reset>"Show running scenario"</button>
            </div>
            <p class="editor-status" role="status">{move || status.get()}</p>
            <ul class="problems" inner_html=move || problems.with(|p| elements_html("li", p))></ul>
        </section>
    }
}
