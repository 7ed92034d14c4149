//! The "Your traffic" panel: bring a series (a file dropped or chosen, pasted text, or a bundled
//! example), see what was read, and choose the window and scale to replay. Reading and checking
//! are `explainer::traffic_import` and `explainer::your_traffic`; this wires them to the page.
//! A refusal is shown beside the panel and what is on screen keeps running.

use crate::engine::scenario::Scenario;
use crate::explainer::decimal;
use crate::explainer::traffic_import::{
    read, ImportError, ImportOptions, Imported, Layout, PrometheusValues, MAX_BYTES,
};
use crate::explainer::your_traffic::{
    example_name, scale_label, scale_of_slider, scenario, slider_of_scale, window_label, Replay,
    ReplayProblem, EXAMPLES,
};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the panel says about the last input.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Nothing,
    Reading(String),
    Read(String),
    Refused(String),
    /// Gaps: the reader may agree to fill them with zero.
    Gaps(String),
}

#[component]
pub fn TrafficPanel(
    /// Starts the replay of a new scenario from zero.
    load: Callback<Scenario>,
    /// Jumps to the end of the replay, with the jump's progress and stop button.
    to_end: Callback<()>,
) -> impl IntoView {
    // The last text given and its name, kept so that an option changed afterwards (fill the
    // gaps, Prometheus rates) reads it again.
    let given = StoredValue::new((String::new(), String::new()));
    let options = RwSignal::new(ImportOptions::default());
    let imported = RwSignal::new(None::<Arc<Imported>>);
    let replay = RwSignal::new(None::<Replay>);
    let status = RwSignal::new(Status::Nothing);
    let problem = RwSignal::new(None::<ReplayProblem>);
    let pasted = RwSignal::new(String::new());

    let apply = move |r: Replay| {
        let Some(i) = imported.get_untracked() else {
            return;
        };
        replay.set(Some(r));
        let name = given.with_value(|(_, name)| name.clone());
        match scenario(&i, r, &format!("{name}: {}", i.summary())) {
            Ok(sc) => {
                problem.set(None);
                load.run(sc);
            }
            Err(p) => problem.set(Some(p)),
        }
    };
    let ingest = move || {
        let result = given.with_value(|(text, _)| read(text, options.get_untracked()));
        let name = given.with_value(|(_, name)| name.clone());
        match result {
            Ok(i) => {
                status.set(Status::Read(format!("Read {name}: {}.", i.summary())));
                let all = Replay::all(&i);
                imported.set(Some(Arc::new(i)));
                apply(all);
            }
            Err(ImportError::Gaps { message, .. }) => {
                status.set(Status::Gaps(format!("{name}: {message}.")))
            }
            Err(ImportError::Unreadable(message)) => status.set(Status::Refused(format!(
                "{name} was not used: {message}. What is on screen is unchanged."
            ))),
        }
    };
    let take = move |text: String, name: String| {
        given.set_value((text, name));
        options.update(|o| o.fill_gaps = false);
        ingest();
    };
    let read_file = move |file: web_sys::File| {
        let name = file.name();
        if file.size() >= MAX_BYTES as f64 {
            status.set(Status::Refused(format!(
                "{name} was not read: it is {:.1} MB, and the most accepted is {} MB; export a shorter range or a coarser interval. What is on screen is unchanged.",
                file.size() / 1e6,
                MAX_BYTES / 1_000_000
            )));
            return;
        }
        let Ok(reader) = web_sys::FileReader::new() else {
            return;
        };
        status.set(Status::Reading(format!("Reading {name}\u{2026}")));
        let done = reader.clone();
        let onload = Closure::once_into_js(move || {
            let text = done.result().ok().and_then(|r| r.as_string());
            match text {
                Some(text) => take(text, name),
                None => status.set(Status::Refused(format!(
                    "{name} could not be read as text; give a CSV or JSON file"
                ))),
            }
        });
        reader.set_onload(Some(onload.unchecked_ref()));
        let _ = reader.read_as_text(&file);
    };
    let on_file = move |ev: web_sys::Event| {
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            read_file(file);
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            read_file(file);
        }
    };
    let on_example = move |ev: web_sys::Event| {
        let file = event_target_value(&ev);
        if file.is_empty() {
            return;
        }
        status.set(Status::Reading(format!(
            "Loading the example {}\u{2026}",
            example_name(&file)
        )));
        leptos::task::spawn_local(async move {
            match fetch_text(&format!("examples/traffic/{file}")).await {
                Ok(text) => take(text, format!("the example {}", example_name(&file))),
                Err(e) => status.set(Status::Refused(format!(
                    "the example {file} could not be loaded ({e}); the page may have been opened from a copy without its examples folder"
                ))),
            }
        });
    };
    let fill_gaps = move |_| {
        options.update(|o| o.fill_gaps = true);
        ingest();
    };
    let prometheus = move |ev: web_sys::Event| {
        let rate = event_target_value(&ev) == "rate";
        options.update(|o| {
            o.prometheus = if rate {
                PrometheusValues::Rate
            } else {
                PrometheusValues::Increase
            }
        });
        ingest();
    };
    let rows = move || imported.get().map_or(0, |i| i.rows());
    let current = move || {
        replay.get().unwrap_or(Replay {
            from: 0,
            to: rows(),
            scale: 1.0,
        })
    };
    let label = move |row: usize| {
        imported
            .get()
            .map(|i| window_label(&i, row))
            .unwrap_or_default()
    };
    let gaps = move || matches!(status.get(), Status::Gaps(_));
    let fit = move || match problem.get() {
        Some(ReplayProblem::TooMany { fits_scale, .. }) => Some(fits_scale),
        _ => None,
    };
    view! {
        <section class="traffic" aria-label="Your traffic">
            <h3>"Bring your traffic"</h3>
            <div class="traffic-inputs">
                <label class="traffic-file"
                    on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                    on:drop=on_drop>
                    "Drop a file here, or choose one: "
                    <input type="file" accept=".csv,.tsv,.txt,.json,text/csv,application/json" on:change=on_file />
                </label>
                <label class="traffic-example">"Or an example: "
                    <select on:change=on_example>
                        <option value="">"choose\u{2026}"</option>
                        {EXAMPLES.iter().map(|(file, name)| view! { <option value=*file>{*name}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <details class="traffic-paste">
                <summary>"Or paste the text"</summary>
                <textarea rows="6" spellcheck="false" aria-label="Traffic as text"
                    placeholder="time,requests\n2025-11-20T10:00:00Z,412\n2025-11-20T10:01:00Z,388"
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <button class="traffic-read" on:click=move |_| take(pasted.get_untracked(), "the pasted text".into())>"Read it"</button>
            </details>
            // Every part is always in the page and shown or hidden, which keeps the page small:
            // each conditional view would be code of its own.
            <div class="traffic-status" role="status" aria-live="polite">
                <p class=move || status_class(&status.get())>{move || status_text(&status.get())}</p>
                <button class="fill-gaps" hidden=move || !gaps() on:click=fill_gaps>"Fill the gaps with zero and replay"</button>
            </div>
            <label class="traffic-prometheus" hidden=move || imported.get().is_none_or(|i| i.layout != Layout::Prometheus)>
                "The Prometheus values are "
                <select on:change=prometheus>
                    <option value="increase">"counts per step (increase)"</option>
                    <option value="rate">"per second (rate)"</option>
                </select>
            </label>
            <fieldset class="traffic-replay" hidden=move || rows() == 0>
                <legend>"What to replay"</legend>
                <button class="replay-to-end" on:click=move |_| to_end.run(())>"Replay all of it now, to the end"</button>
                <label>{move || format!("From {}", label(current().from))}
                    <input type="range" class="replay-from" min="0" max=move || rows().saturating_sub(1) step="1"
                        prop:value=move || current().from
                        on:change=move |ev| {
                            let from: usize = event_target_value(&ev).parse().unwrap_or(0);
                            let r = current();
                            apply(Replay { from, to: r.to.max(from + 1), ..r });
                        } />
                </label>
                <label>{move || format!("to {}", label(current().to))}
                    <input type="range" class="replay-to" min="1" max=rows step="1"
                        prop:value=move || current().to
                        on:change=move |ev| {
                            let to: usize = event_target_value(&ev).parse().unwrap_or(1);
                            let r = current();
                            apply(Replay { from: r.from.min(to.saturating_sub(1)), to, ..r });
                        } />
                </label>
                <label>{move || format!("Traffic {}", scale_label(current().scale))}
                    <input type="range" class="replay-scale" min="-1" max="2" step="0.05"
                        prop:value=move || slider_of_scale(current().scale)
                        on:change=move |ev| {
                            let scale = scale_of_slider(decimal::read(&event_target_value(&ev)).unwrap_or(0.0));
                            apply(Replay { scale, ..current() });
                        } />
                </label>
            </fieldset>
            <div class="traffic-problem replay-problem" role="alert" hidden=move || problem.get().is_none()>
                <p>{move || problem.get().map(|p| format!("Not replayed: {p}. What is on screen is unchanged.")).unwrap_or_default()}</p>
                <button class="use-scale" hidden=move || fit().is_none()
                    on:click=move |_| if let Some(scale) = fit() { apply(Replay { scale, ..current() }) }>
                    {move || fit().map(|s| format!("Replay it {}", scale_label(s))).unwrap_or_default()}
                </button>
            </div>
        </section>
    }
}

fn status_class(status: &Status) -> &'static str {
    match status {
        Status::Refused(_) | Status::Gaps(_) => "traffic-problem",
        Status::Read(_) => "traffic-read-summary",
        Status::Nothing | Status::Reading(_) => "note",
    }
}

fn status_text(status: &Status) -> String {
    match status {
        Status::Nothing => "Accepted: CSV with a time and a count column (or one count column per request kind), CloudWatch CSV or JSON, and Prometheus range-query JSON. The README shows an example of each.".into(),
        Status::Reading(m) | Status::Read(m) | Status::Refused(m) | Status::Gaps(m) => m.clone(),
    }
}

/// The text at `url`, relative to the page.
async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the request failed".to_string())?
        .dyn_into()
        .map_err(|_| "no response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| "no text".to_string())?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "the body is not text".to_string())
}
