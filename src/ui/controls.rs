//! Time controls: play/pause, step, speed on a logarithmic scale, restart and a timeline.

use crate::explainer::format::{clock as format_clock, jump_target, whole_percent};
use leptos::prelude::*;

/// Speeds from 0.1x to 3000x real time, as a power of ten.
pub const MIN_LOG_SPEED: f64 = -1.0;
pub const MAX_LOG_SPEED: f64 = 3.5;

#[derive(Clone, Copy)]
pub struct Clock {
    pub playing: RwSignal<bool>,
    /// log10 of simulated seconds per real second.
    pub log_speed: RwSignal<f64>,
    seek: RwSignal<Option<f64>>,
    stop: RwSignal<bool>,
}

impl Clock {
    pub fn new() -> Self {
        Clock {
            playing: RwSignal::new(true),
            log_speed: RwSignal::new(0.0),
            seek: RwSignal::new(None),
            stop: RwSignal::new(false),
        }
    }

    pub fn speed(&self) -> f64 {
        10f64.powf(self.log_speed.get_untracked())
    }

    pub fn seek_to(&self, t: f64) {
        self.seek.set(Some(t));
    }

    /// The pending jump, if any; taken once.
    pub fn take_seek(&self) -> Option<f64> {
        take(self.seek)
    }

    /// Stops a long jump where it has got to, and pauses there.
    pub fn stop_jump(&self) {
        self.playing.set(false);
        self.stop.set(true);
    }

    /// Whether a stop was asked for; taken once.
    pub fn take_stop(&self) -> bool {
        take(self.stop)
    }

    pub fn restart(&self) {
        self.seek_to(0.0);
    }
}

/// A request the frame loop takes once: the value, with the signal reset to "nothing asked".
fn take<T: Clone + Default + PartialEq + Send + Sync + 'static>(request: RwSignal<T>) -> T {
    let asked = request.get_untracked();
    if asked != T::default() {
        request.set(T::default());
    }
    asked
}

impl Default for Clock {
    fn default() -> Self {
        Self::new()
    }
}

/// How a speed reads on the control.
/// A range input's number as the browser reads it (`valueAsNumber`), so the page needs no
/// decimal parser of its own; `None` while the input holds no number.
fn range_value(ev: &leptos::ev::Event) -> Option<f64> {
    let value = event_target::<web_sys::HtmlInputElement>(ev).value_as_number();
    value.is_finite().then_some(value)
}

pub fn speed_label(log_speed: f64) -> String {
    let s = 10f64.powf(log_speed);
    if s < 1.0 {
        format!("{s:.1}x")
    } else {
        format!("{:.0}x", s)
    }
}

#[component]
pub fn Controls(
    clock: Clock,
    #[prop(into)] now: Signal<(f64, f64)>,
    /// A long jump's progress (0 to 1) and target time.
    #[prop(into, optional)]
    progress: Signal<Option<(f64, f64)>>,
    /// Restart: the app asks first while actions are taken.
    restart: Callback<()>,
) -> impl IntoView {
    let toggle = move |_| clock.playing.update(|p| *p = !*p);
    let step = move |_| {
        clock.playing.set(false);
        let (t, _) = now.get_untracked();
        clock.seek_to(t + 1.0);
    };
    view! {
        <div class="controls" role="group" aria-label="Time controls">
            <button class="play" on:click=toggle aria-pressed=move || clock.playing.get().to_string()>
                {move || { if clock.playing.get() { "Pause" } else { "Play" } }}
            </button>
            <button class="step" on:click=step>"Step 1 s"</button>
            <button class="restart" on:click=move |_| restart.run(())>"Restart"</button>
            <label class="speed">
                "Speed "
                <input type="range" min=MIN_LOG_SPEED max=MAX_LOG_SPEED step="0.05"
                    prop:value=move || clock.log_speed.get().to_string()
                    on:input=move |ev| {
                        if let Some(v) = range_value(&ev) {
                            clock.log_speed.set(v.clamp(MIN_LOG_SPEED, MAX_LOG_SPEED));
                        }
                    } />
                <output class="speed-value">{move || speed_label(clock.log_speed.get())}</output>
            </label>
            <label class="timeline">
                <span class="visually-hidden">"Simulated time"</span>
                <input type="range" min="0" max=move || now.get().1 step="1"
                    prop:value=move || now.get().0.to_string()
                    on:input=move |ev| {
                        if let Some(v) = range_value(&ev) {
                            clock.seek_to(v);
                        }
                    } />
            </label>
            // Built once per jump and updated in place, so the Stop button is not replaced
            // under the pointer; only the jump's target is announced, not every percent.
            <Show when=move || progress.get().is_some()>
                <span class="jump">
                    <progress max="1" aria-label="Computing"
                        prop:value=move || progress.get().map_or(0.0, |(done, _)| done)></progress>
                    <span class="jump-text" role="status">{move || progress.get().map(|(_, to)| jump_target(to))}</span>
                    <span class="jump-percent">{move || progress.get().map(|(done, _)| whole_percent(done))}</span>
                    <button class="stop-jump" on:click=move |_| clock.stop_jump()>"Stop here"</button>
                </span>
            </Show>
            <output class="time">{move || { let (t, d) = now.get(); format!("{} / {}", format_clock(t), format_clock(d)) }}</output>
        </div>
    }
}
