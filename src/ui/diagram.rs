//! One architecture's diagram: components with their live state, and sampled requests as dots.

use super::observed_size::{observed, Side};
use super::run::use_run;
use crate::engine::scenario::Architecture;
use crate::explainer::picture::{
    diagram_svg, glance, glance_label, picture, shapes_svg, Picture, GLANCE_MIN_WIDTH_PX,
};
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
    /// The height to fit (a compact embed's stage); None: as tall as the diagram needs.
    #[prop(into)]
    room: Signal<Option<f64>>,
) -> impl IntoView {
    let run = use_run();
    let (session, frame) = (run.session, run.frame);
    let figure = NodeRef::<leptos::html::Figure>::new();
    let width = observed(figure, Side::Width);
    let drawn = move || {
        frame.get();
        let px = text_px.get();
        let speed = speed.get_untracked();
        let highlight = highlight.get_untracked();
        let mut p = picture_of(session, arch, width.get(), px, speed)?;
        // Too tall for a compact widget's stage: its shapes, laid out wide and scaled to fit.
        let glance = room.get().is_some_and(|room| glance(p.layout.height, room));
        if glance {
            p = picture_of(
                session,
                arch,
                width.get().max(GLANCE_MIN_WIDTH_PX),
                px,
                speed,
            )?;
        }
        let (w, h) = (p.layout.width, p.layout.height);
        // Drawn at the size it is shown at, so its text is the size it is written at.
        let size = (!glance).then(|| (format!("{w:.0}"), format!("{h:.0}")));
        let (label, inner) = if glance {
            (glance_label(arch, &p), shapes_svg(&p, highlight))
        } else {
            (
                format!("{} architecture diagram", arch.title()),
                diagram_svg(&p, px, highlight),
            )
        };
        Some(view! {
            <figcaption>{arch.title()}<span class="per-dot">{p.per_dot.as_ref().map(|n| format!(" \u{b7} {n}"))}</span></figcaption>
            <svg class=if glance { "glance" } else { "" } viewBox=format!("0 0 {w:.0} {h:.0}")
                width=size.as_ref().map(|s| s.0.clone()) height=size.map(|s| s.1)
                role="img" aria-label=label inner_html=inner></svg>
        })
    };
    view! {
        <figure class="diagram" data-arch=arch.key() node_ref=figure>
            {drawn}
        </figure>
    }
}
