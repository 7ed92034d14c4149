//! The live charts: four for a single architecture, or small multiples (latency and throughput
//! for each) when several run side by side.

use crate::engine::scenario::Architecture;
use crate::explainer::charts;
use crate::explainer::series::series;
use crate::explainer::session::Session;
use leptos::prelude::*;

#[component]
pub fn ChartsPanel(
    session: StoredValue<Session, LocalStorage>,
    frame: RwSignal<u64>,
    #[prop(into)] archs: Signal<Vec<Architecture>>,
) -> impl IntoView {
    let svgs = move || {
        frame.get();
        let archs = archs.get();
        session.with_value(|s| {
            let mut out: Vec<(String, String, String)> = Vec::new();
            for &arch in &archs {
                let Some(sim) = s.sims.iter().find(|x| x.arch == arch) else {
                    continue;
                };
                let ser = series(&sim.metrics, sim.now());
                if archs.len() == 1 {
                    let size = (460, 240);
                    out.push((
                        "latency".into(),
                        String::new(),
                        charts::latency::draw(&ser, size),
                    ));
                    out.push((
                        "throughput".into(),
                        String::new(),
                        charts::throughput::draw(&ser, size),
                    ));
                    out.push((
                        "instances".into(),
                        String::new(),
                        charts::instances::draw(&ser, size),
                    ));
                    out.push(("cost".into(), String::new(), charts::cost::draw(&ser, size)));
                } else {
                    let size = (400, 220);
                    out.push((
                        "latency".into(),
                        arch.title().into(),
                        charts::latency::draw(&ser, size),
                    ));
                    out.push((
                        "throughput".into(),
                        arch.title().into(),
                        charts::throughput::draw(&ser, size),
                    ));
                }
            }
            out
        })
    };
    view! {
        <section class="charts" aria-label="Charts">
            {move || svgs().into_iter().map(|(name, caption, svg)| view! {
                <figure class="chart" data-chart=name.clone() data-arch=caption.to_lowercase()>
                    {(!caption.is_empty()).then(|| view! { <figcaption>{caption.clone()}</figcaption> })}
                    <div class="chart-svg" inner_html=svg></div>
                </figure>
            }).collect_view()}
        </section>
    }
}
