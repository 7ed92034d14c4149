//! The live charts: four for a single architecture, or small multiples (latency and throughput
//! for each) when several run side by side. Each can be saved as SVG or PNG.

use super::download::{download_png, download_text};
use crate::engine::scenario::Architecture;
use crate::explainer::charts;
use crate::explainer::charts::DataTable;
use crate::explainer::series::{series, Series};
use crate::explainer::session::Session;
use leptos::prelude::*;

struct Chart {
    name: &'static str,
    caption: String,
    svg: String,
    size: (u32, u32),
    table: DataTable,
}

type Draw = fn(&Series, (u32, u32)) -> String;
type Lines = for<'a> fn(&'a Series) -> Vec<charts::Line<'a>>;

const ALL: [(&str, Draw, Lines); 4] = [
    ("latency", charts::latency::draw, charts::latency::lines),
    (
        "throughput",
        charts::throughput::draw,
        charts::throughput::lines,
    ),
    (
        "instances",
        charts::instances::draw,
        charts::instances::lines,
    ),
    ("cost", charts::cost::draw, charts::cost::lines),
];

fn draw_all(s: &Series, arch: Architecture, several: bool) -> Vec<Chart> {
    let (size, which) = if several {
        ((400, 220), &ALL[..2])
    } else {
        ((460, 240), &ALL[..])
    };
    let caption = if several {
        arch.title().to_string()
    } else {
        String::new()
    };
    which
        .iter()
        .map(|&(name, draw, lines)| {
            Chart {
                name,
                caption: caption.clone(),
                svg: draw(s, size),
                size,
                table: DataTable::of(&s.t, &lines(s), 30),
            }
        })
        .collect()
}

#[component]
pub fn ChartsPanel(
    session: StoredValue<Session, LocalStorage>,
    frame: RwSignal<u64>,
    #[prop(into)] archs: Signal<Vec<Architecture>>,
) -> impl IntoView {
    let charts = move || {
        frame.get();
        let archs = archs.get();
        session.with_value(|s| {
            archs
                .iter()
                .filter_map(|&arch| {
                    s.sims.iter().find(|x| x.arch == arch).map(|sim| {
                        draw_all(&series(&sim.metrics, sim.now()), arch, archs.len() > 1)
                    })
                })
                .flatten()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="charts" aria-label="Charts">
            {move || charts().into_iter().map(|c| {
                let file = if c.caption.is_empty() { c.name.to_string() } else { format!("{}-{}", c.caption.to_ascii_lowercase(), c.name) };
                let (svg_for_svg, svg_for_png, file_svg, file_png, size) = (c.svg.clone(), c.svg.clone(), format!("archflow-{file}.svg"), format!("archflow-{file}.png"), c.size);
                view! {
                    <figure class="chart" data-chart=c.name data-arch=c.caption.to_ascii_lowercase()>
                        {(!c.caption.is_empty()).then(|| view! { <figcaption>{c.caption.clone()}</figcaption> })}
                        <div class="chart-svg" inner_html=c.svg></div>
                        <details class="chart-table">
                            <summary>"Data table"</summary>
                            <table>
                                <thead><tr>{c.table.header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                                <tbody>{c.table.rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
                            </table>
                        </details>
                        <div class="chart-downloads">
                            <button class="download-svg" on:click=move |_| download_text(&file_svg, "image/svg+xml", &svg_for_svg)>"SVG"</button>
                            <button class="download-png" on:click=move |_| download_png(&file_png, &svg_for_png, size.0, size.1)>"PNG"</button>
                        </div>
                    </figure>
                }
            }).collect_view()}
        </section>
    }
}
