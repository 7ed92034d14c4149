//! The live charts: four for a single architecture, or small multiples (latency and throughput
//! for each) when several run side by side. Each can be saved as SVG or PNG.

use super::download::{download_png, download_text};
use super::observed_size::{observed, Side};
use super::run::use_run;
use crate::engine::scenario::Architecture;
use crate::explainer::charts;
use crate::explainer::charts::{ChartKind, DataTable};
use crate::explainer::series::{series, Series};
use crate::explainer::text_size::chart_grid;
use leptos::prelude::*;

struct Chart {
    kind: ChartKind,
    caption: String,
    svg: String,
    canvas: charts::Canvas,
    table: DataTable,
    /// What the chart leaves out, said under it (the long jobs, under latency).
    note: Option<String>,
}

type Draw = fn(&Series, charts::Canvas) -> String;
type Lines = for<'a> fn(&'a Series) -> Vec<charts::Line<'a>>;

fn drawing(kind: ChartKind) -> (Draw, Lines) {
    match kind {
        ChartKind::Latency => (charts::latency::draw, charts::latency::lines),
        ChartKind::Throughput => (charts::throughput::draw, charts::throughput::lines),
        ChartKind::Cost => (charts::cost::draw, charts::cost::lines),
        ChartKind::Instances => (charts::instances::draw, charts::instances::lines),
    }
}

/// One architecture's charts; `tops[i]` is the y axis shared by the i-th chart of every
/// architecture on screen, so that their heights compare.
fn draw_all(
    s: &Series,
    arch: Architecture,
    kinds: &[ChartKind],
    canvas: charts::Canvas,
    tops: &[f64],
    several: bool,
) -> Vec<Chart> {
    let caption = if several {
        arch.title().to_string()
    } else {
        String::new()
    };
    kinds
        .iter()
        .zip(tops)
        .map(|(&kind, &top)| {
            let (draw, lines) = drawing(kind);
            let canvas = charts::Canvas {
                y_top: several.then_some(top),
                ..canvas
            };
            Chart {
                kind,
                caption: caption.clone(),
                svg: draw(s, canvas),
                canvas,
                table: DataTable::of(&s.t, &lines(s), 30),
                note: (kind == ChartKind::Latency)
                    .then(|| charts::latency::long_jobs_note(s))
                    .flatten(),
            }
        })
        .collect()
}

#[component]
pub fn ChartsPanel(
    #[prop(into)] archs: Signal<Vec<Architecture>>,
    /// Size of the charts' text in CSS pixels.
    #[prop(into)]
    text_px: Signal<f64>,
    /// The one chart to draw (a compact embed, the projector's stage); None: the usual set.
    #[prop(into)]
    only: Signal<Option<ChartKind>>,
) -> impl IntoView {
    let run = use_run();
    let (session, frame) = (run.session, run.slow_frame);
    let section = NodeRef::<leptos::html::Section>::new();
    let width = observed(section, Side::Width);
    let grid = move || {
        let archs = archs.get();
        let several = archs.len() > 1;
        chart_grid(
            width.get(),
            ChartKind::shown(several, only.get()).len() * archs.len(),
            text_px.get(),
        )
    };
    let charts = move || {
        frame.get();
        let archs = archs.get();
        let (_, canvas) = grid();
        let several = archs.len() > 1;
        session.with_value(|s| {
            let all: Vec<(Architecture, Series)> = archs
                .iter()
                .filter_map(|&arch| {
                    let sim = s.sims.iter().find(|x| x.arch == arch)?;
                    Some((arch, series(&sim.metrics, sim.now(), &s.scenario)))
                })
                .collect();
            let kinds = ChartKind::shown(several, only.get());
            let tops: Vec<f64> = kinds
                .iter()
                .map(|&kind| {
                    let (_, lines) = drawing(kind);
                    all.iter()
                        .map(|(_, s)| charts::y_top(&lines(s)))
                        .fold(1.0, f64::max)
                })
                .collect();
            all.iter()
                .flat_map(|(arch, s)| draw_all(s, *arch, kinds, canvas, &tops, several))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class=move || format!("charts cols-{}", grid().0) aria-label="Charts" node_ref=section>
            {move || charts().into_iter().map(|c| {
                let file = if c.caption.is_empty() { c.kind.id().to_string() } else { format!("{}-{}", c.caption.to_ascii_lowercase(), c.kind.id()) };
                let no_note = c.note.is_none();
                let (svg_for_svg, svg_for_png, file_svg, file_png, canvas) = (c.svg.clone(), c.svg.clone(), format!("archflow-{file}.svg"), format!("archflow-{file}.png"), c.canvas);
                view! {
                    <figure class="chart" data-chart=c.kind.id() data-arch=c.caption.to_ascii_lowercase()>
                        {(!c.caption.is_empty()).then(|| view! { <figcaption>{c.caption.clone()}</figcaption> })}
                        <div class="chart-svg" inner_html=c.svg></div>
                        <p class="chart-note" hidden=no_note>{c.note}</p>
                        <details class="chart-table">
                            <summary>"Data table"</summary>
                            <table inner_html=c.table.html()></table>
                        </details>
                        <div class="chart-downloads">
                            <button class="download-svg" on:click=move |_| download_text(&file_svg, "image/svg+xml", &svg_for_svg)>"SVG"</button>
                            <button class="download-png" on:click=move |_| download_png(&file_png, &svg_for_png, canvas.width, canvas.height)>"PNG"</button>
                        </div>
                    </figure>
                }
            }).collect_view()}
        </section>
    }
}
