//! The playground's scenario editor, in two tabs: a form of every setting the engine checks
//! (explainer::scenario_form), each change run at once, and the whole scenario as JSON, numbered
//! by line, each problem pointing at its line. The text the reader typed is kept as typed.

use super::run::use_run;
use crate::explainer::json_lines::{
    gutter_html, line_of, line_of_message, line_span, problems_html,
};
use crate::explainer::playground::{apply_text, to_text, Edit};
use crate::explainer::scenario_form::{apply, form_html, Entered, Section, FIRST_OPEN};
use leptos::ev::{Event, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Form,
    Json,
}

/// The sections the reader has open in the form on the page, so that a redraw keeps them open.
fn open_sections() -> Vec<Section> {
    let Some(list) = document()
        .query_selector_all(".scenario-form details[open]")
        .ok()
    else {
        return FIRST_OPEN.to_vec();
    };
    if document()
        .query_selector(".scenario-form details")
        .ok()
        .flatten()
        .is_none()
    {
        return FIRST_OPEN.to_vec();
    }
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-section")?.parse::<usize>().ok())
        .filter_map(|i| Section::ALL.get(i).copied())
        .collect()
}

/// The field an input event came from: its path and what it holds.
fn entered(ev: &Event) -> Option<(web_sys::Element, String, Entered)> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let path = target.get_attribute("name")?;
    let entry = if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        if input.type_() == "checkbox" {
            Entered::Checked(input.checked())
        } else {
            Entered::Text(input.value())
        }
    } else {
        Entered::Text(target.dyn_ref::<web_sys::HtmlSelectElement>()?.value())
    };
    Some((target, path, entry))
}

#[component]
pub fn ScenarioEditor() -> impl IntoView {
    let run = use_run();
    let session = run.session;
    let version = run.scenario_version();
    let tab = RwSignal::new(Tab::Form);

    // The form: redrawn when the scenario changes elsewhere (an action, an undo, the JSON tab),
    // not after its own change, which the fields already show, so the field keeps the focus.
    let own_change = StoredValue::new(None::<u64>);
    let form = Memo::new(move |previous: Option<&String>| {
        let v = version.get();
        match previous {
            Some(html) if own_change.get_value() == Some(v) => html.clone(),
            _ => session.with_value(|s| form_html(&s.scenario, &untrack(open_sections))),
        }
    });
    let form_problem = RwSignal::new(String::new());
    let on_form_change = move |ev: Event| {
        let Some((target, path, entry)) = entered(&ev) else {
            return;
        };
        match session.with_value(|s| apply(&s.scenario, &path, &entry)) {
            Ok(next) => {
                run.change(|s| s.set_scenario(next));
                own_change.set_value(Some(session.with_value(|s| s.version)));
                let _ = target.remove_attribute("aria-invalid");
                form_problem.set(String::new());
            }
            Err(message) => {
                let _ = target.set_attribute("aria-invalid", "true");
                form_problem.set(format!("Not applied, the run is unchanged. {message}"));
            }
        }
    };

    // The JSON tab.
    let text = RwSignal::new(session.with_value(|s| to_text(&s.scenario)));
    let problems = RwSignal::new(Vec::<(Option<usize>, String)>::new());
    let status = RwSignal::new(String::new());
    let text_area = NodeRef::<leptos::html::Textarea>::new();
    let gutter = NodeRef::<leptos::html::Pre>::new();
    let apply_json = move |_| {
        let typed = text.get_untracked();
        match apply_text(&typed) {
            Edit::Applied(sc, errors) => {
                let n = errors.len();
                problems.set(
                    errors
                        .iter()
                        .map(|e| (line_of(&typed, &e.path), e.to_string()))
                        .collect(),
                );
                run.change(|s| s.set_scenario(*sc));
                status.set(if n == 0 {
                    "Applied.".into()
                } else {
                    format!("Applied; {n} value(s) were replaced by defaults:")
                });
            }
            Edit::Rejected(message) => {
                problems.set(vec![(line_of_message(&message), message)]);
                status.set("Not applied; the scenario is unchanged:".into());
            }
        }
    };
    let reset = move |_| {
        text.set(session.with_value(|s| to_text(&s.scenario)));
        problems.set(vec![]);
        status.set("Showing the scenario that is running.".into());
    };
    let follow_scroll = move |_| {
        if let (Some(t), Some(g)) = (text_area.get_untracked(), gutter.get_untracked()) {
            g.set_scroll_top(t.scroll_top());
        }
    };
    let to_line = move |ev: MouseEvent| {
        let line = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button[data-line]").ok().flatten())
            .and_then(|b| b.get_attribute("data-line")?.parse::<usize>().ok());
        let (Some(line), Some(t)) = (line, text_area.get_untracked()) else {
            return;
        };
        if let Some((start, end)) = line_span(&t.value(), line) {
            let _ = t.focus();
            let _ = t.set_selection_range(start, end);
        }
    };
    let bad_lines =
        move || problems.with(|p| p.iter().filter_map(|(line, _)| *line).collect::<Vec<_>>());

    view! {
        <section class="editor" aria-label="Scenario editor">
            <h3>"Scenario"</h3>
            <div class="editor-tabs" role="tablist" aria-label="Edit the scenario as">
                <button role="tab" id="tab-form" aria-controls="panel-form"
                    aria-selected=move || (tab.get() == Tab::Form).to_string()
                    on:click=move |_| tab.set(Tab::Form)>"Form"</button>
                <button role="tab" id="tab-json" aria-controls="panel-json"
                    aria-selected=move || (tab.get() == Tab::Json).to_string()
                    on:click=move |_| tab.set(Tab::Json)>"JSON (advanced)"</button>
            </div>
            <div id="panel-form" role="tabpanel" aria-labelledby="tab-form" hidden=move || tab.get() != Tab::Form>
                <p class="note">"Every setting the engine checks, with its unit, range and meaning; a change runs at once. Names, lists and distribution families (adding a request kind, a rate shape or an event) are edited in the JSON tab."</p>
                <p class="form-problem" role="alert">{move || form_problem.get()}</p>
                <form class="scenario-form" on:change=on_form_change on:submit=|ev| ev.prevent_default() inner_html=move || form.get()></form>
            </div>
            <div id="panel-json" role="tabpanel" aria-labelledby="tab-json" hidden=move || tab.get() != Tab::Json>
                <label for="scenario-text" class="note">"The whole scenario; omitted fields take their defaults, and the Form tab gives each field's unit and range."</label>
                <div class="json-lines">
                    <pre class="gutter" aria-hidden="true" node_ref=gutter
                        inner_html=move || text.with(|t| gutter_html(t, &bad_lines()))></pre>
                    <textarea id="scenario-text" spellcheck="false" wrap="off" node_ref=text_area
                        prop:value=move || text.get()
                        on:scroll=follow_scroll
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <div class="editor-buttons">
                    <button class="apply" on:click=apply_json>"Apply"</button>
                    <button class="reset" on:click=reset>"Show running scenario"</button>
                </div>
                <p class="editor-status" role="status">{move || status.get()}</p>
                <ul class="problems" on:click=to_line inner_html=move || problems.with(|p| problems_html(p))></ul>
            </div>
        </section>
    }
}
