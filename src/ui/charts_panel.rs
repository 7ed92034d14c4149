//! The live charts: four for a single architecture, or small multiples (latency and throughput
//! for each) when several run side by side. Each can be saved as SVG or PNG.

use super::download::{download_png, download_text};
use crate::engine::scenario::Architecture;
use crate::explainer::charts;
use crate::explainer::series::{series, Series};
use crate::explainer::session::Session;
use leptos::prelude::*;

struct Chart {
    name: &'static str,
    caption: String,
    svg: String,
    size: (u32, u32),
}

fn draw_all(s: &Series, arch: Architecture, several: bool) -> Vec<Chart> {
    type Draw = fn(&Series, (u32, u32)) -> String;
    let (size, which): ((u32, u32), &[(&'static str, Draw)]) = if several {
        (
            (400, 220),
            &[
                ("latency", charts::latency::draw),
                ("throughput", charts::throughput::draw),
            ],
        )
    } else {
        (
            (460, 240),
            &[
                ("latency", charts::latency::draw),
                ("throughput", charts::throughput::draw),
                ("instances", charts::instances::draw),
                ("cost", charts::cost::draw),
            ],
        )
    };
    let caption = if several {
        arch.title().to_string()
    } else {
        String::new()
    };
    which
        .iter()
        .map(|&(name, draw)| Chart {
            name,
            caption: caption.clone(),
            svg: draw(s, size),
            size,
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
                let file = if c.caption.is_empty() { c.name.to_string() } else { format!("{}-{}", c.caption.to_lowercase(), c.name) };
                let (svg_for_svg, svg_for_png, file_svg, file_png, size) = (c.svg.clone(), c.svg.clone(), format!("archflow-{file}.svg"), format!("archflow-{file}.png"), c.size);
                view! {
                    <figure class="chart" data-chart=c.name data-arch=c.caption.to_lowercase()>
                        {(!c.caption.is_empty()).then(|| view! { <figcaption>{c.caption.clone()}</figcaption> })}
                        <div class="chart-svg" inner_html=c.svg></div>
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
