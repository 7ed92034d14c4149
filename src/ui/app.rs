//! The page: chapter navigation, the diagram(s), time controls, "try this" actions, charts and
//! claim checks. State that changes every frame lives in the Session (non-reactive); one `frame`
//! signal tells the views to redraw.

use super::claims::ClaimList;
use super::controls::{Clock, Controls};
use super::diagram::Diagram;
use super::frame_loop;
use crate::explainer::chapters::{Chapter, TryAction, CHAPTERS};
use crate::explainer::charts;
use crate::explainer::layout::Orientation;
use crate::explainer::series::series;
use crate::explainer::session::Session;
use leptos::prelude::*;

/// Events simulated per animation frame at most, so a frame never blocks for long.
const EVENTS_PER_FRAME: u64 = 40_000;

#[component]
pub fn App() -> impl IntoView {
    let chapter_index = RwSignal::new(0usize);
    let session = StoredValue::new_local(Session::new((CHAPTERS[0].scenario)()));
    let clock = Clock::new();
    let frame = RwSignal::new(0u64);
    let charts_frame = RwSignal::new(0u64);

    let choose = move |i: usize| {
        chapter_index.set(i);
        session.set_value(Session::new((CHAPTERS[i].scenario)()));
        clock.restart();
        frame.update(|f| *f += 1);
        charts_frame.update(|f| *f += 1);
    };

    let mut since_charts = 0.0;
    frame_loop::run(move |dt| {
        let playing = clock.playing.get_untracked();
        let speed = clock.speed();
        session.update_value(|s| {
            if playing {
                s.target = (s.target + dt * speed).min(s.duration());
            }
            if let Some(t) = clock.take_seek() {
                s.seek(t);
            }
            s.work(EVENTS_PER_FRAME);
        });
        since_charts += dt;
        if since_charts > 0.5 || !playing {
            since_charts = 0.0;
            charts_frame.update(|f| *f += 1);
        }
        frame.update(|f| *f += 1);
    });

    let act = move |a: TryAction| {
        session.update_value(|s| {
            let mut sc = s.scenario.clone();
            a.apply(&mut sc, s.now());
            s.set_scenario(sc);
        });
        clock.playing.set(true);
    };

    let orientation = narrow_screen_orientation();
    let chapter = move || -> &'static Chapter { &CHAPTERS[chapter_index.get()] };
    let now = move || {
        frame.get();
        session.with_value(|s| (s.now(), s.duration()))
    };

    view! {
        <header class="top">
            <h1>"archflow"</h1>
            <p class="subtitle">"Microservices vs. serverless, simulated. An interactive reading of Eamon Tang's article for Fathom."</p>
        </header>
        <nav class="chapters" aria-label="Chapters">
            {CHAPTERS.iter().enumerate().map(|(i, c)| view! {
                <button class="chapter-tab" class:active=move || chapter_index.get() == i
                    aria-current=move || { if chapter_index.get() == i { "page" } else { "false" } }
                    on:click=move |_| choose(i)>{c.title}</button>
            }).collect_view()}
        </nav>
        <main class="chapter" data-chapter=move || chapter().id>
            <section class="narration">
                <h2>{move || chapter().title}</h2>
                {move || chapter().narration.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            </section>
            <section class="stage">
                <div class=move || { if chapter().archs.len() > 1 { "diagrams multi" } else { "diagrams" } }>
                    {move || chapter().archs.iter().map(|&arch| view! { <Diagram arch=arch session=session frame=frame orientation=orientation /> }).collect_view()}
                </div>
                <Controls clock=clock now=Signal::derive(now) />
                <div class="try" role="group" aria-label="Try this">
                    <span class="try-label">"Try this:"</span>
                    {move || chapter().actions.iter().map(|&a| view! {
                        <button class="try-action" on:click=move |_| act(a)>{a.label()}</button>
                    }).collect_view()}
                </div>
            </section>
            <section class="charts" aria-label="Charts">
                {move || {
                    charts_frame.get();
                    let arch = chapter().archs[0];
                    session.with_value(|s| {
                        let sim = s.sims.iter().find(|x| x.arch == arch);
                        sim.map(|sim| {
                            let ser = series(&sim.metrics, sim.now());
                            let size = (460, 240);
                            vec![
                                ("latency", charts::latency::draw(&ser, size)),
                                ("throughput", charts::throughput::draw(&ser, size)),
                                ("instances", charts::instances::draw(&ser, size)),
                                ("cost", charts::cost::draw(&ser, size)),
                            ]
                        }).unwrap_or_default()
                    }).into_iter().map(|(name, svg)| view! { <figure class="chart" data-chart=name inner_html=svg></figure> }).collect_view()
                }}
            </section>
            <ClaimList session=session frame=charts_frame claims=Signal::derive(move || chapter().claims) />
        </main>
        <footer class="credits">
            <p>"Based on \u{201c}Microservices vs. Serverless\u{201d} by Eamon Tang, published by Fathom. The explanations here are our own; every number comes from the simulation running in your browser, and nothing is sent anywhere."</p>
        </footer>
    }
}

/// Diagrams stack top to bottom on narrow screens; follows the window as it is resized.
fn narrow_screen_orientation() -> Signal<Orientation> {
    let pick = || {
        let narrow = web_sys::window()
            .and_then(|w| w.match_media("(max-width: 700px)").ok().flatten())
            .is_some_and(|m| m.matches());
        if narrow {
            Orientation::Vertical
        } else {
            Orientation::Horizontal
        }
    };
    let o = RwSignal::new(pick());
    // The app lives as long as the page, so the listener is never removed.
    let _ = window_event_listener(leptos::ev::resize, move |_| o.set(pick()));
    o.into()
}
