//! The extra panels a chapter can show: the side-by-side table, the break-even chart and the
//! per-service trace logs.

use super::observed_size::{observed, Side};
use super::run::use_run;
use crate::engine::scenario::Architecture;
use crate::explainer::charts;
use crate::explainer::comparison::{rows, rows_html, HEADERS};
use crate::explainer::text_size::chart_grid;
use crate::explainer::trace_log::{lines_html, log_lines};
use leptos::prelude::*;

#[component]
pub fn ComparisonTable() -> impl IntoView {
    let run = use_run();
    let session = run.session;
    let table = move || {
        run.slow_frame.get();
        session.with_value(|s| rows(&s.report(), s.now()))
    };
    view! {
        <section class="comparison" aria-label="Side by side">
            <h3>"Same traffic, every architecture, so far"</h3>
            <div class="table-wrap">
                <table>
                    <thead><tr>{HEADERS.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                    <tbody inner_html=move || rows_html(&table())></tbody>
                </table>
            </div>
            <p class="note">"Bold marks the best in a column. p50 and p99 are of the requests that succeeded; read them with the success rate. Cost per month extrapolates the run so far."</p>
        </section>
    }
}

#[component]
pub fn BreakEvenPanel(
    /// Size of the chart's text in CSS pixels.
    #[prop(into)]
    text_px: Signal<f64>,
) -> impl IntoView {
    let run = use_run();
    let session = run.session;
    let section = NodeRef::<leptos::html::Section>::new();
    let width = observed(section, Side::Width);
    // The curve depends on the scenario, not on the time: drawn again only when it changes.
    let version = run.scenario_version();
    let content = move || {
        version.get();
        let (_, canvas) = chart_grid(width.get(), 1, text_px.get());
        session.with_value(|s| charts::break_even::view(&s.scenario, canvas))
    };
    view! {
        <section class="break-even" aria-label="Cost against traffic" node_ref=section>
            {move || { let (svg, text) = content(); view! {
                <figure class="chart" data-chart="break-even"><div class="chart-svg" inner_html=svg></div></figure>
                <p class="finding">{text}</p>
            } }}
        </section>
    }
}

#[component]
pub fn TraceLogs(arch: Architecture) -> impl IntoView {
    let run = use_run();
    let session = run.session;
    let logs = move || {
        run.slow_frame.get();
        session.with_value(|s| {
            let sim = s.sims.iter().find(|x| x.arch == arch)?;
            // The latest finished request that crossed the most components.
            let trace = sim
                .traces
                .recent
                .iter()
                .rev()
                .take(200)
                .max_by_key(|t| t.hops.len())?;
            let kind = s
                .scenario
                .workload
                .kinds
                .get(trace.kind as usize)
                .map_or("request", |k| k.name.as_str());
            Some(log_lines(
                trace,
                &sim.system.topology,
                s.scenario.seed,
                kind,
            ))
        })
    };
    view! {
        <section class="trace-logs" aria-label="One request in the logs">
            <h3>"One request, as each component's log shows it"</h3>
            <p class="note">"Every component keeps its own log. Only the shared trace id ties the lines of one request together; without it, finding them means searching every log by time."</p>
            <ol class="log-lines" inner_html=move || lines_html(&logs().unwrap_or_default())></ol>
        </section>
    }
}
