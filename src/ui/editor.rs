//! The playground's scenario editor, in two tabs: a form of every setting the engine checks
//! (explainer::scenario_form), each change run at once, and the whole scenario as JSON, numbered
//! by line, each problem pointing at its line. The text the reader typed is kept as typed. The
//! markup is built as text by tested functions, with one handler per kind of event, which costs
//! the page far less than a view per control.

use super::run::use_run;
use crate::explainer::json_lines::{
    gutter_html, line_of, line_of_message, line_span, problems_html,
};
use crate::explainer::playground::{apply_text, tabs_html, to_text, Edit, Tab};
use crate::explainer::scenario_form::{apply, form_html, Entered, Section, FIRST_OPEN};
use leptos::ev::{Event, MouseEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The sections the reader has open in the form on the page, so that a redraw keeps them open.
fn open_sections() -> Vec<Section> {
    let sections = document().query_selector_all(".scenario-form details");
    match sections {
        Ok(list) if list.length() > 0 => (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
            .filter(|e| e.has_attribute("open"))
            .filter_map(|e| e.get_attribute("data-section")?.parse::<usize>().ok())
            .filter_map(|i| Section::ALL.get(i).copied())
            .collect(),
        // Not drawn yet.
        _ => FIRST_OPEN.to_vec(),
    }
}

/// The form field an event came from: its element, its path and what it holds.
fn entered(target: web_sys::Element) -> Option<(web_sys::Element, String, Entered)> {
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

/// Says beside the field what was wrong with what was entered in it (or, with `None`, clears
/// that), where the reader is looking, and to a screen reader at once.
fn tell_field(target: &web_sys::Element, problem: Option<&str>) {
    let Some(field) = target.closest(".field").ok().flatten() else {
        return;
    };
    let shown = field.query_selector(".form-problem").ok().flatten();
    match (shown, problem) {
        (Some(p), Some(message)) => p.set_text_content(Some(message)),
        (None, Some(message)) => {
            if let Ok(p) = document().create_element("p") {
                p.set_class_name("form-problem");
                let _ = p.set_attribute("role", "alert");
                p.set_text_content(Some(message));
                let _ = field.append_child(&p);
            }
        }
        (Some(p), None) => {
            p.remove();
            let _ = target.remove_attribute("aria-invalid");
        }
        (None, None) => {}
    }
    if problem.is_some() {
        let _ = target.set_attribute("aria-invalid", "true");
    }
}

fn target_element(ev: &Event) -> Option<web_sys::Element> {
    ev.target()?.dyn_into::<web_sys::Element>().ok()
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
    let field_changed = move |target: web_sys::Element| {
        let Some((target, path, entry)) = entered(target) else {
            return;
        };
        match session.with_value(|s| apply(&s.scenario, &path, &entry)) {
            Ok(next) => {
                run.change(|s| s.set_scenario(next));
                own_change.set_value(Some(session.with_value(|s| s.version)));
                tell_field(&target, None);
            }
            Err(message) => tell_field(
                &target,
                Some(&format!("Not applied, the run is unchanged. {message}")),
            ),
        }
    };

    // The JSON tab.
    let text = RwSignal::new(session.with_value(|s| to_text(&s.scenario)));
    let problems = RwSignal::new(Vec::<(Option<usize>, String)>::new());
    let status = RwSignal::new(String::new());
    let text_area = NodeRef::<leptos::html::Textarea>::new();
    let gutter = NodeRef::<leptos::html::Pre>::new();
    let apply_json = move || {
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
    let to_line = move |line: usize| {
        if let Some(t) = text_area.get_untracked() {
            let value = t.value();
            if let Some((start, end)) = line_span(&value, line) {
                let _ = t.focus();
                let _ = t.set_selection_range(start, end);
                // Browsers do not scroll a text field to a selection made by script: bring the
                // line into view, two lines below the top (the gutter follows the scroll).
                let per_line = t.scroll_height() as f64 / value.split('\n').count() as f64;
                t.set_scroll_top((line.saturating_sub(3) as f64 * per_line) as i32);
            }
        }
    };
    // Every button of the editor, by what it names.
    let clicked = move |ev: MouseEvent| {
        let Some(button) = target_element(&ev).and_then(|e| e.closest("button").ok().flatten())
        else {
            return;
        };
        if let Some(t) = button
            .get_attribute("data-tab")
            .and_then(|id| Tab::from_id(&id))
        {
            tab.set(t);
        } else if let Some(line) = button.get_attribute("data-line") {
            line.parse().map(to_line).unwrap_or_default();
        } else if button.class_name() == "apply" {
            apply_json();
        } else if button.class_name() == "reset" {
            text.set(session.with_value(|s| to_text(&s.scenario)));
            problems.set(vec![]);
            status.set("Showing the scenario that is running.".into());
        }
    };
    let changed = move |ev: Event| {
        if let Some(target) =
            target_element(&ev).filter(|e| e.closest(".scenario-form").ok().flatten().is_some())
        {
            field_changed(target);
        }
    };
    let follow_scroll = move |_| {
        if let (Some(t), Some(g)) = (text_area.get_untracked(), gutter.get_untracked()) {
            g.set_scroll_top(t.scroll_top());
        }
    };
    let bad_lines =
        move || problems.with(|p| p.iter().filter_map(|(line, _)| *line).collect::<Vec<_>>());

    view! {
        <section class="editor" class:json=move || tab.get() == Tab::Json aria-label="Scenario editor"
            on:click=clicked on:change=changed>
            <h3>"Scenario"</h3>
            <div class="editor-tabs" role="tablist" aria-label="Edit the scenario as" inner_html=move || tabs_html(tab.get())></div>
            <div id="panel-form" role="tabpanel" aria-labelledby="tab-form">
                <p class="note">"Every setting the engine checks, with its unit, range and meaning; a change runs at once. Names, lists and distribution families (adding a request kind, a rate shape or an event) are edited in the JSON tab."</p>
                <form class="scenario-form" inner_html=move || form.get()></form>
            </div>
            <div id="panel-json" role="tabpanel" aria-labelledby="tab-json">
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
                    <button type="button" class="apply">"Apply"</button>
                    <button type="button" class="reset">"Show running scenario"</button>
                </div>
                <p class="editor-status" role="status">{move || status.get()}</p>
                <ul class="problems" inner_html=move || problems.with(|p| problems_html(p))></ul>
            </div>
        </section>
    }
}
