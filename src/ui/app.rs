//! The page: chapter navigation, the diagram(s), time controls, "try this" actions, charts, extra
//! panels and claim checks. State that changes every frame lives in the Session (non-reactive);
//! the `frame` signal tells views to redraw, `slow_frame` (twice a second) the heavier ones.

use super::actions_taken::{ask_restart, ActionsTaken, RestartQuestion};
use super::charts_panel::ChartsPanel;
use super::claims::ClaimList;
use super::clicked::{clicked_button, moved_slider};
use super::console::{keep_console_in_step, open_console};
use super::controls::{Clock, Controls, MAX_LOG_SPEED, MIN_LOG_SPEED};
use super::diagrams::Diagrams;
use super::embed_dialog::EmbedDialog;
use super::embed_height::report_height;
use super::export::ExportPanel;
use super::frame_loop;
use super::panels::{BreakEvenPanel, ComparisonTable, TraceLogs};
use super::run::Run;
use super::storage::load_playground;
#[cfg(feature = "traffic")]
use super::traffic::TrafficPanel;
use crate::engine::report::Report;
use crate::engine::scenario::{Architecture, Scenario};
use crate::explainer::animation::legend_html;
use crate::explainer::announce::announcement;
use crate::explainer::cadence::{work_ms, Cadence, Frame};
use crate::explainer::chapters::{Beat, Chapter, Panel, Step, TryAction, CHAPTERS, PLAYGROUND};
use crate::explainer::embed::{parse as parse_embed, shown_actions, shown_chart, Layout, Theme};
use crate::explainer::format::elements_html;
use crate::explainer::handout::run_html;
use crate::explainer::keys::{bindings_html, command_for, Command, SPEED_STEP};
use crate::explainer::knobs::knobs_html;
use crate::explainer::pacing::speed_at;
use crate::explainer::pages::{address, elsewhere};
use crate::explainer::presenter::{beat_line, landing_log_speed, next, Next, Place, Seen};
use crate::explainer::session::Session;
use crate::explainer::share::{decode, encode, long_link_notice, View};
use crate::explainer::text_size::{PRESENTER_TEXT_PX, TEXT_PX};
use crate::explainer::try_buttons::try_buttons_html;
use leptos::prelude::*;

/// Simulation work per animation frame is done in slices of this many events until the frame's
/// budget (explainer::cadence) has passed, so a fast-forward or a replay never blocks a frame.
const EVENTS_PER_SLICE: u64 = 5_000;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

const ARTICLE_URL: &str = "https://fathomtech.io/blog/microservices-vs-serverless/";

#[component]
pub fn App() -> impl IntoView {
    // A share link in the URL fragment restores chapter, scenario, time and speed.
    let location = web_sys::window().map(|w| w.location());
    let fragment = location
        .as_ref()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    let query = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let (mut linked, mut link_problems) = decode(&fragment);
    // Embed mode (`?embed=1&chapter=...`): one chapter's diagram, charts and play controls.
    let (embed, embed_problems) = parse_embed(&query);
    link_problems.extend(embed_problems);
    if let (Some(c), true) = (embed.chapter, fragment.len() < 2) {
        linked.chapter = c;
        linked.scenario = (c.scenario)();
    }
    if embed.embed {
        linked.playing = embed.autoplay;
    }
    let compact_embed = embed.embed && embed.layout == Layout::Compact;
    // A link to a chapter built into the other page opens it there (see explainer::pages).
    if let Some(page) = elsewhere(linked.chapter, HAS_IMPORTER) {
        open_page(&address(page, &query, &fragment), Visit::Replace);
    }
    let chapter_index = RwSignal::new(
        CHAPTERS
            .iter()
            .position(|c| c.id == linked.chapter.id)
            .unwrap_or(0),
    );
    let notices = RwSignal::new(link_problems);
    if linked.chapter.id == PLAYGROUND && !fragment.contains("s=") {
        linked.scenario = starting_scenario(linked.chapter, notices);
    }
    let session = StoredValue::new_local(Session::new(linked.scenario.clone()));
    let clock = Clock::new();
    clock.playing.set(linked.playing);
    clock.log_speed.set(linked.log_speed);
    if linked.time_s > 0.0 {
        clock.seek_to(linked.time_s);
    }
    let share_link = RwSignal::new(String::new());
    let embedding = RwSignal::new(false);
    let link_here = move || link_to_view(session, &CHAPTERS[chapter_index.get_untracked()], clock);
    let copy_link = move |_| {
        let link = link_here();
        // The clipboard may be refused (no permission, insecure context); the link is shown anyway.
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&link);
        }
        let has_series = session.with_value(|s| s.scenario.workload.series().is_some());
        if let Some(notice) = long_link_notice(link.len(), has_series) {
            notices.update(|n| n.push(notice));
        }
        share_link.set(link);
    };
    // The handout's account of the run, written when the page is printed (by its button or the
    // browser's own command): see explainer::handout.
    let fill_handout = move || {
        let link = link_here();
        let html = session.with_value(|s| {
            run_html(
                &CHAPTERS[chapter_index.get_untracked()],
                &s.scenario,
                s.now(),
                &link,
            )
        });
        if let Some(block) = document().query_selector(".handout").ok().flatten() {
            block.set_inner_html(&html);
        }
    };
    let _ = window_event_listener(leptos::ev::beforeprint, move |_| fill_handout());
    let print_handout = move |_| {
        fill_handout();
        let _ = web_sys::window().map(|w| w.print());
    };
    let frame = RwSignal::new(0u64);
    let slow_frame = RwSignal::new(0u64);
    let run = Run {
        session,
        clock,
        frame,
        slow_frame,
        in_playground: Signal::derive(move || CHAPTERS[chapter_index.get()].id == PLAYGROUND),
    };
    run.provide();
    // A jump's progress, shown once it has taken longer than a glance.
    let progress = RwSignal::new(None::<(f64, f64)>);

    // The presenter's place in the chapter's script, what it points at, and where it stops.
    let place = RwSignal::new(Place::Start);
    // Restart's question, open while it waits for an answer (see actions_taken).
    let asking_restart = RwSignal::new(false);
    let highlight = RwSignal::new(None::<&'static str>);
    let pause_at = RwSignal::new(None::<f64>);
    // When the beat began, in simulated seconds: its line counts what the room saw since.
    let beat_from = RwSignal::new(0.0);

    let choose = move |i: usize| {
        if let Some(page) = elsewhere(&CHAPTERS[i], HAS_IMPORTER) {
            let view = View {
                chapter: &CHAPTERS[i],
                scenario: (CHAPTERS[i].scenario)(),
                time_s: 0.0,
                log_speed: clock.log_speed.get_untracked(),
                playing: clock.playing.get_untracked(),
            };
            let query = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .unwrap_or_default();
            open_page(&address(page, &query, &encode(&view)), Visit::Go);
            return;
        }
        chapter_index.set(i);
        session.set_value(Session::new(starting_scenario(&CHAPTERS[i], notices)));
        clock.restart();
        place.set(Place::Start);
        highlight.set(None);
        pause_at.set(None);
        asking_restart.set(false);
        frame.update(|f| *f += 1);
        slow_frame.update(|f| *f += 1);
    };

    // A new scenario for this chapter (an imported traffic series), replayed from zero.
    let replay = Callback::new(move |sc: Scenario| {
        session.update_value(|s| s.start_over(sc));
        clock.restart();
        frame.update(|f| *f += 1);
        slow_frame.update(|f| *f += 1);
    });

    let mut cadence = Cadence::default();
    // The live region: what happened since the last announcement, every few seconds at most.
    let live_text = RwSignal::new(String::new());
    let mut announced: Option<(u64, Report)> = None;
    frame_loop::run(move |dt| {
        let playing = clock.playing.get_untracked();
        let speed = clock.speed();
        let caught_up = session
            .try_update_value(|s| {
                if playing {
                    // An idle stretch races by: see explainer::pacing.
                    s.play(dt * speed_at(&s.scenario, s.now(), speed));
                }
                if let Some(stop) = pause_at.get_untracked() {
                    if s.target >= stop {
                        s.target = stop;
                        clock.playing.set(false);
                        pause_at.set(None);
                    }
                }
                if let Some(t) = clock.take_seek() {
                    s.seek(t);
                }
                if clock.take_stop() {
                    s.stop_jump();
                }
                let start = now_ms();
                let budget_ms = work_ms(s.progress().is_some());
                loop {
                    let done = s.work(EVENTS_PER_SLICE);
                    if done || now_ms() - start > budget_ms {
                        break done;
                    }
                }
            })
            .unwrap_or(true);
        let (jump, version, now) = session.with_value(|s| (s.progress(), s.version, s.now()));
        let redraws = cadence.next(Frame {
            dt,
            jumping: jump.is_some(),
            version,
            caught_up,
            now,
            playing,
        });
        let shown = jump.filter(|_| redraws.progress);
        if progress.get_untracked() != shown {
            progress.set(shown);
        }
        if redraws.announce {
            let report = session.with_value(|s| s.report());
            if let Some((v, before)) = &announced {
                if *v == version {
                    if let Some(text) = announcement(before, &report) {
                        live_text.set(text);
                    }
                }
            }
            announced = Some((version, report));
        }
        if redraws.charts {
            slow_frame.update(|f| *f += 1);
        }
        if redraws.diagrams {
            frame.update(|f| *f += 1);
        }
    });

    let act = move |a: TryAction| {
        run.change(|s| s.take(a));
        clock.playing.set(true);
    };
    // One handler for the chapter's buttons, drawn as markup (explainer::try_buttons).
    let try_clicked = move |ev: leptos::ev::MouseEvent| {
        let actions = shown_actions(&CHAPTERS[chapter_index.get_untracked()], &embed);
        if let Some(&a) = clicked_button(&ev).and_then(|i| actions.get(i)) {
            act(a);
        }
    };
    // One handler for the chapter's sliders, drawn as markup (explainer::knobs): a setting moved
    // replays the run with it, the actions taken kept.
    let knob_moved = move |ev: leptos::ev::Event| {
        let knobs = CHAPTERS[chapter_index.get_untracked()].knobs;
        if let Some((knob, value)) = moved_slider(&ev).and_then(|(i, v)| Some((*knobs.get(i)?, v)))
        {
            run.change(|s| s.adjust(|sc| knob.set(sc, value)));
        }
    };
    let scenario_version = run.scenario_version();
    let restart = Callback::new(move |()| {
        if session.with_value(|s| s.taken().is_empty()) {
            clock.restart();
        } else {
            ask_restart(asking_restart);
        }
    });

    let run_beat = move |b: &Beat| {
        let from = session.with_value(Session::now);
        beat_from.set(from);
        for step in b.steps {
            match *step {
                Step::Do(a) => act(a),
                Step::RunTo(t) => {
                    // Fast enough to land in a few seconds, whatever the span.
                    clock
                        .log_speed
                        .set(landing_log_speed(from, t, MAX_LOG_SPEED));
                    pause_at.set(Some(t));
                    clock.playing.set(true);
                }
                Step::Highlight(label) => highlight.set(Some(label)),
            }
        }
    };

    // Keyboard first, for trainers: see explainer::keys. Keys typed into a form field are theirs.
    let presenter = RwSignal::new(false);
    let show_help = RwSignal::new(false);
    let projecting = RwSignal::new(false);
    // Leaving full screen (Esc, or the browser's own control) leaves the stage too.
    let _ = window_event_listener(leptos::ev::fullscreenchange, move |_| {
        if document().fullscreen_element().is_none() {
            projecting.set(false);
        }
    });
    // → and the clicker: the next beat (asking first where it asks), or the next chapter.
    let forward = move || {
        let i = chapter_index.get_untracked();
        match next(i, place.get_untracked(), presenter.get_untracked()) {
            // The room predicts with the run paused; the next press plays the beat.
            Next::Ask(b) => {
                place.set(Place::Asking(b));
                clock.playing.set(false);
            }
            Next::Beat(b) => {
                place.set(Place::Played(b));
                run_beat(&CHAPTERS[i].script[b]);
            }
            Next::Chapter(c) => choose(c),
        }
    };
    let back = move || choose(chapter_index.get_untracked().saturating_sub(1));
    // The presenter's console, in another window, follows the walk and walks it. Embedded
    // widgets stay out of it: a post may hold several.
    if !embed.embed {
        keep_console_in_step(move || (chapter_index.get(), place.get()), forward, back);
    }
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        use wasm_bindgen::JsCast;
        let in_field = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if in_field || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let Some(command) = command_for(&ev.key()) else {
            return;
        };
        ev.prevent_default();
        match command {
            Command::NextChapter => forward(),
            Command::PreviousChapter => back(),
            Command::PlayPause => clock.playing.update(|p| *p = !*p),
            Command::Faster => clock
                .log_speed
                .update(|v| *v = (*v + SPEED_STEP).min(MAX_LOG_SPEED)),
            Command::Slower => clock
                .log_speed
                .update(|v| *v = (*v - SPEED_STEP).max(MIN_LOG_SPEED)),
            Command::Restart => restart.run(()),
            // The projector's stage: the diagram and the chapter's chart, large, full screen.
            Command::Fullscreen => {
                let document = document();
                if projecting.get_untracked() {
                    document.exit_fullscreen();
                    projecting.set(false);
                } else {
                    projecting.set(true);
                    if let Some(root) = document.document_element() {
                        // Refused outside a user gesture or in a sandboxed frame; the stage
                        // fills the window anyway.
                        let _ = root.request_fullscreen();
                    }
                }
            }
            Command::Presenter => presenter.update(|p| *p = !*p),
            // The console walks the presenter's script, so the projected window presents.
            Command::Console => {
                presenter.set(true);
                open_console();
            }
            Command::Help => show_help.update(|h| *h = !*h),
            Command::CloseDialog => {
                show_help.set(false);
                asking_restart.set(false);
            }
        }
    });

    if embed.embed {
        pause_when_out_of_view(clock);
        report_height();
    }

    // Text in diagrams and charts, in CSS px: at least 12 everywhere, 20 on a projector, with a
    // pixel to spare for rounding.
    let text_px = Signal::derive(move || {
        if presenter.get() {
            PRESENTER_TEXT_PX
        } else {
            TEXT_PX
        }
    });
    let chapter = move || -> &'static Chapter { &CHAPTERS[chapter_index.get()] };
    // The diagrams on screen: the chapter's, or (playground) every architecture simulated.
    let archs = Signal::derive(move || {
        slow_frame.get();
        let c = chapter();
        if c.archs.is_empty() {
            session.with_value(|s| s.scenario.architectures.clone())
        } else {
            c.archs.to_vec()
        }
    });
    let has = move |p: Panel| chapter().panels.contains(&p);
    let now = move || {
        frame.get();
        session.with_value(|s| (s.now(), s.duration()))
    };
    let speed = Signal::derive(move || 10f64.powf(clock.log_speed.get()));

    view! {
        <div class="page" class:presenter=move || presenter.get() class:embed=embed.embed
            class:theme-dark=embed.theme == Theme::Dark class:theme-auto=embed.theme == Theme::Auto
            class:compact=compact_embed class:projecting=move || projecting.get()>
        <div class="help" role="dialog" aria-label="Keyboard shortcuts" hidden=move || !show_help.get()>
            <h2>"Keys"</h2>
            <dl inner_html=bindings_html()></dl>
            <button class="close-help" on:click=move |_| show_help.set(false)>"Close (Esc)"</button>
        </div>
        <header class="top">
            <h1>"archflow"</h1>
            <p class="subtitle">"Microservices vs. serverless, simulated: an interactive reading of Eamon Tang's article for Fathom."</p>
        </header>
        <div class="notice" role="alert" hidden=move || notices.with(Vec::is_empty)>
            <p>"Some of what was given could not be used; the rest was. What was wrong:"</p>
            <ul inner_html=move || notices.with(|n| elements_html("li", n))></ul>
        </div>
        <nav class="chapters" aria-label="Chapters">
            {CHAPTERS.iter().enumerate().map(|(i, c)| view! {
                <button class="chapter-tab" class:active=move || chapter_index.get() == i
                    aria-current=move || { if chapter_index.get() == i { "page" } else { "false" } }
                    on:click=move |_| choose(i)>{c.title}</button>
            }).collect_view()}
        </nav>
        <main class="chapter" data-chapter=move || chapter().id>
            <p class="beat" role="status" hidden=move || !presenter.get() || chapter().script.is_empty()
                data-shows=move || match place.get() {
                    Place::Played(b) => chapter().script.get(b).map(|b| b.shows.name()),
                    _ => None,
                }>{move || {
                slow_frame.get();
                let seen = session.with_value(|s| Seen::on_screen(&s.sims, chapter().archs, beat_from.get()));
                beat_line(chapter(), place.get(), seen)
            }}</p>
            <section class="narration">
                <h2>{move || chapter().title}</h2>
                <div class="narration-text" inner_html=move || elements_html("p", chapter().narration)></div>
            </section>
            <section class="stage">
                <Diagrams archs=archs text_px=text_px speed=speed highlight=highlight
                    fit=Signal::derive(move || projecting.get() || compact_embed) />
                <ul class="legend" aria-label="Legend" inner_html=legend_html()></ul>
                <Controls clock=clock now=Signal::derive(now) progress=progress restart=restart />
                <div class="knobs" role="group" aria-label="Settings" hidden=move || chapter().knobs.is_empty() on:change=knob_moved
                    inner_html=move || { scenario_version.get(); session.with_value(|s| knobs_html(chapter().knobs, &s.scenario)) }></div>
                <RestartQuestion asking=asking_restart />
                <div class="share">
                    <button class="copy-link" on:click=copy_link>"Copy link to this view"</button>
                    <button class="copy-embed" aria-haspopup="dialog" on:click=move |_| embedding.set(true)>"Embed this chapter"</button>
                    <button class="print-handout" on:click=print_handout>"Print a handout"</button>
                    <input class="share-link" readonly aria-label="Link or embed code to copy" hidden=move || share_link.with(String::is_empty) prop:value=move || share_link.get() />
                </div>
                <div class="try" role="group" aria-label="Try this" hidden=move || chapter().actions.is_empty()>
                    <span class="try-label">"Try this:"</span>
                    <span class="try-actions" on:click=try_clicked inner_html=move || try_buttons_html(shown_actions(chapter(), &embed))></span>
                    <ActionsTaken />
                </div>
            </section>
            <ChartsPanel archs=archs text_px=text_px only=Signal::derive(move || if projecting.get() { Some(chapter().chart) } else { shown_chart(chapter(), &embed) }) />
            <div class="panels">
                {move || has(Panel::Editor).then(editor_panel)}
                {move || has(Panel::Traffic).then(|| traffic_panel(replay, Callback::new(move |()| clock.seek_to(f64::MAX))))}
                {move || has(Panel::Export).then(|| view! { <ExportPanel notices=notices /> })}
                {move || has(Panel::Comparison).then(|| view! { <ComparisonTable /> })}
                {move || has(Panel::BreakEven).then(|| view! { <BreakEvenPanel text_px=text_px /> })}
                {move || has(Panel::TraceLogs).then(|| {
                    let arch = chapter().archs.first().copied().unwrap_or(Architecture::Microservices);
                    view! { <TraceLogs arch=arch /> }
                })}
            </div>
            <ClaimList claims=Signal::derive(move || chapter().claims) />
            <section class="handout" aria-hidden="true"></section>
        </main>
        {embed.embed.then(|| view! {
            <p class="open-full"><a href=move || format!("./#f=1&c={}", chapter().id) target="_blank" rel="noopener">"Open the full explainer \u{2197}"</a></p>
        })}
        <EmbedDialog open=embedding on_screen=Signal::derive(chapter) />
        <div class="visually-hidden" role="status" aria-live="polite">{move || live_text.get()}</div>
        <footer class="credits">
            <p>
                "Based on "
                <a href=ARTICLE_URL rel="noopener">"\u{201c}Microservices vs. Serverless\u{201d}"</a>
                " by Eamon Tang, published by Fathom. The explanations here are our own; every number comes from the simulation running in your browser, and nothing is sent anywhere. Press ? for keyboard shortcuts."
            </p>
        </footer>
        </div>
    }
}

/// The link to the view on screen. It holds time to a tenth of a second; the view moves to exactly
/// that time so the link reproduces what is on screen. (A function rather than a closure: the
/// page's two callers would otherwise each compile a copy.)
fn link_to_view(
    session: StoredValue<Session, LocalStorage>,
    chapter: &'static Chapter,
    clock: Clock,
) -> String {
    let view = session
        .try_update_value(|s| {
            let t = ((s.now() * 10.0).ceil() / 10.0).min(s.duration());
            s.target = s.target.max(t);
            View {
                chapter,
                scenario: s.scenario.clone(),
                time_s: t,
                log_speed: clock.log_speed.get_untracked(),
                playing: clock.playing.get_untracked(),
            }
        })
        .expect("the session lives as long as the app");
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    format!(
        "{}#{}",
        base.split('#').next().unwrap_or_default(),
        encode(&view)
    )
}

/// An embedded widget pauses while it is scrolled out of view, and resumes if it had been
/// playing. (A hidden tab pauses by itself: browsers stop animation frames there.)
fn pause_when_out_of_view(clock: Clock) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let mut paused_by_us = false;
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let visible = entries.iter().any(|e| {
            e.unchecked_into::<web_sys::IntersectionObserverEntry>()
                .is_intersecting()
        });
        if !visible && clock.playing.get_untracked() {
            clock.playing.set(false);
            paused_by_us = true;
        } else if visible && paused_by_us {
            clock.playing.set(true);
            paused_by_us = false;
        }
    });
    if let Ok(observer) = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer holds the callback for the life of the page.
    callback.forget();
}

/// Built with the chapters that take the reader's own scenario (traffic.html), or not (index.html).
const HAS_IMPORTER: bool = cfg!(feature = "traffic");

/// The importer, on the page built with it.
#[cfg(feature = "traffic")]
fn traffic_panel(load: Callback<Scenario>, to_end: Callback<()>) -> impl IntoView {
    view! { <TrafficPanel load=load to_end=to_end /> }
}

#[cfg(not(feature = "traffic"))]
fn traffic_panel(_: Callback<Scenario>, _: Callback<()>) -> impl IntoView {}

/// The playground's editor, on the page built with it (see explainer::pages).
#[cfg(feature = "traffic")]
fn editor_panel() -> impl IntoView {
    view! { <super::editor::ScenarioEditor /> }
}

#[cfg(not(feature = "traffic"))]
fn editor_panel() -> impl IntoView {}

/// How another page is opened: in place of this one in the history (a link that belongs
/// there), or as a step the Back button returns from (a chapter chosen here).
enum Visit {
    Replace,
    Go,
}

fn open_page(url: &str, visit: Visit) {
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = match visit {
            Visit::Replace => location.replace(url),
            Visit::Go => location.assign(url),
        };
    }
}

/// A chapter's scenario: the playground resumes what the reader last ran there (reporting a saved
/// entry it could not read); other chapters start from their defaults.
fn starting_scenario(
    chapter: &Chapter,
    notices: RwSignal<Vec<String>>,
) -> crate::engine::scenario::Scenario {
    if chapter.id == PLAYGROUND {
        let (saved, problems) = load_playground();
        if !problems.is_empty() {
            notices.update(|n| n.extend(problems));
        }
        if let Some(sc) = saved {
            return sc;
        }
    }
    (chapter.scenario)()
}
