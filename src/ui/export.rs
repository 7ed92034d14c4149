//! Export and import: the scenario (the same JSON the headless runner reads), the metrics as CSV,
//! the report as JSON; and loading a scenario file back.

use super::download::download_text;
use super::run::use_run;
use crate::engine::scenario::MAX_FILE_BYTES;
use crate::explainer::export::{metrics_csv, report_json};
use crate::explainer::playground::{apply_text, to_text, Edit};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ExportPanel(notices: RwSignal<Vec<String>>) -> impl IntoView {
    let run = use_run();
    let session = run.session;
    let scenario = move |_| {
        download_text(
            "archflow-scenario.json",
            "application/json",
            &session.with_value(|s| to_text(&s.scenario)),
        )
    };
    let metrics = move |_| {
        download_text(
            "archflow-metrics.csv",
            "text/csv",
            &session.with_value(|s| metrics_csv(&s.sims)),
        )
    };
    let report = move |_| {
        download_text(
            "archflow-report.json",
            "application/json",
            &session.with_value(|s| report_json(&s.report())),
        )
    };
    let load = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        if file.size() > MAX_FILE_BYTES as f64 {
            notices.update(|n| {
                n.push(format!(
                    "{} is {:.0} KB; a scenario file may be at most {} KB",
                    file.name(),
                    file.size() / 1024.0,
                    MAX_FILE_BYTES / 1024
                ))
            });
            return;
        }
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        let name = file.name();
        let reader2 = reader.clone();
        let onload = Closure::once_into_js(move || {
            let text = reader2
                .result()
                .ok()
                .and_then(|r| r.as_string())
                .unwrap_or_default();
            match apply_text(&text) {
                Edit::Applied(sc, errors) => {
                    notices.update(|n| n.extend(errors.iter().map(|e| format!("{name}: {e}"))));
                    run.change(|s| s.set_scenario(*sc));
                }
                Edit::Rejected(message) => {
                    notices.update(|n| n.push(format!("{name} was not loaded: {message}")))
                }
            }
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        let _ = reader.read_as_text(&file);
    };
    view! {
        <section class="export" aria-label="Export and import">
            <h3>"Take it with you"</h3>
            <div class="export-buttons">
                <button class="export-scenario" on:click=scenario>"Scenario (JSON)"</button>
                <button class="export-metrics" on:click=metrics>"Metrics (CSV)"</button>
                <button class="export-report" on:click=report>"Report (JSON)"</button>
                <label class="load-scenario">"Load a scenario file " <input type="file" accept=".json,application/json" on:change=load /></label>
            </div>
            <p class="note">"The scenario file runs unchanged in the headless runner: cargo run --release --bin simulate -- archflow-scenario.json"</p>
        </section>
    }
}
