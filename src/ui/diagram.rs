//! One architecture's diagram: components with their live state, and sampled requests as dots.

use super::observed_width::observed_width;
use crate::engine::scenario::Architecture;
use crate::explainer::animation::dots_svg;
use crate::explainer::picture::{diagram_svg, picture, Picture};
use crate::explainer::session::Session;
use leptos::prelude::*;

/// `arch`'s picture now, if it is simulated.
pub fn picture_of(
    session: StoredValue<Session, LocalStorage>,
    arch: Architecture,
    width: f64,
    text_px: f64,
    speed: f64,
) -> Option<Picture> {
    session.with_value(|s| {
        let sim = s.sims.iter().find(|x| x.arch == arch)?;
        Some(picture(sim, width, text_px, speed))
    })
}

#[component]
pub fn Diagram(
    arch: Architecture,
    session: StoredValue<Session, LocalStorage>,
    frame: RwSignal<u64>,
    /// Size of the diagram's text in CSS pixels; boxes and spacing follow it.
    #[prop(into)]
    text_px: Signal<f64>,
    /// Simulated seconds per real second.
    #[prop(into)]
    speed: Signal<f64>,
    /// The node the presenter points at, by label.
    #[prop(into)]
    highlight: Signal<Option<&'static str>>,
) -> impl IntoView {
    let figure = NodeRef::<leptos::html::Figure>::new();
    let width = observed_width(figure);
    let drawn = move || {
        frame.get();
        let px = text_px.get();
        let p = picture_of(session, arch, width.get(), px, speed.get_untracked())?;
        let (w, h) = (p.layout.width, p.layout.height);
        Some(view! {
            <figcaption>{arch.title()}<span class="per-dot">{p.per_dot.as_ref().map(|n| format!(" \u{b7} {n}"))}</span></figcaption>
            <svg viewBox=format!("0 0 {w:.0} {h:.0}") width=format!("{w:.0}") height=format!("{h:.0}")
                role="img" aria-label=format!("{} architecture diagram", arch.title())
                inner_html=diagram_svg(&p, px, highlight.get_untracked())></svg>
        })
    };
    view! {
        <figure class="diagram" data-arch=arch.key() node_ref=figure>
            {drawn}
        </figure>
    }
}

/// What the dots' shapes and colours mean.
#[component]
pub fn Legend() -> impl IntoView {
    use crate::engine::trace::Outcome;
    use crate::explainer::animation::Dot;
    let items = [
        (Outcome::Ok, "served"),
        (Outcome::ColdStart, "cold start"),
        (Outcome::Throttled, "throttled (429)"),
        (Outcome::Failed, "failed (5xx)"),
        (Outcome::TimedOut, "timed out"),
    ];
    view! {
        <ul class="legend" aria-label="Legend">
            {items.into_iter().map(|(outcome, label)| {
                let svg = dots_svg(&[Dot { id: 0, x: 8.0, y: 8.0, outcome, moving: false }]);
                view! { <li><svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" inner_html=svg></svg>{label}</li> }
            }).collect_view()}
        </ul>
    }
}
