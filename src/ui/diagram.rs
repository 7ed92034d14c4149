//! One architecture's diagram: components with their live state, and sampled requests as dots.

use super::observed_width::observed_width;
use super::run::use_run;
use crate::engine::scenario::Architecture;
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
    let run = use_run();
    let (session, frame) = (run.session, run.frame);
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
