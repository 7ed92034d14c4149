//! One architecture's diagram: components with their live state, and sampled requests as dots.

use super::observed_width::observed_width;
use crate::engine::scenario::Architecture;
use crate::engine::topology::Role;
use crate::explainer::animation::{dot_at, dot_stride, dots_svg, per_dot_note, DOT_SPACING_PX};
use crate::explainer::layout::layout;
use crate::explainer::node_text::{status_lines, LINE};
use crate::explainer::session::Session;
use leptos::prelude::*;

/// Each network hop is drawn over at least this much real time, so a dot can be followed.
const MIN_HOP_REAL_S: f64 = 0.35;

fn role_class(r: Role) -> &'static str {
    match r {
        Role::Client => "client",
        Role::App => "app",
        Role::Database | Role::Store => "store",
        Role::ApiGateway | Role::Gateway => "gateway",
        Role::Service => "service",
        Role::Function => "function",
    }
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
    let picture = move || {
        frame.get();
        let px = text_px.get();
        let width = width.get();
        session.with_value(|s| {
            let sim = s.sims.iter().find(|x| x.arch == arch)?;
            let topo = &sim.system.topology;
            let l = layout(topo, width, px);
            let pts = &l.points;
            let states = sim.node_states();
            let t = sim.now();
            // Each hop lasts at least MIN_HOP_REAL_S of real time at the current speed.
            let min_travel = MIN_HOP_REAL_S * speed.get_untracked();
            // Every kept trace is a candidate: the ring spans half a minute even in a crowd
            // (engine::trace::TRACE_SPAN_S), and at high speed a dot stays out that long.
            let mut dots: Vec<_> = sim
                .traces
                .recent
                .iter()
                .chain(sim.live_traces().iter())
                .filter_map(|tr| dot_at(tr, t, min_travel, pts))
                .collect();
            let edges: Vec<_> = topo
                .edges
                .iter()
                .map(|&(a, b)| (pts[a as usize], pts[b as usize]))
                .collect();
            // One dot per few pixels of path at most: see explainer::animation::dot_stride.
            let path_px: f64 = edges
                .iter()
                .map(|(a, b)| libm::hypot(b.x - a.x, b.y - a.y))
                .sum();
            let stride = dot_stride(dots.len(), path_px / DOT_SPACING_PX);
            dots.retain(|d| d.id % stride == 0);
            let note = per_dot_note(stride, sim.traces.fraction());
            let nodes: Vec<_> = topo
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let st = states
                        .iter()
                        .find(|x| x.node as usize == i)
                        .copied()
                        .unwrap_or_default();
                    (
                        pts[i],
                        n.label.clone(),
                        role_class(n.role),
                        status_lines(n.role, &st),
                        st,
                    )
                })
                .collect();
            Some((l, edges, nodes, dots_svg(&dots), dots.len(), note))
        })
    };
    view! {
        <figure class="diagram" data-arch=arch.key() node_ref=figure>
            {move || picture().map(|(l, edges, nodes, dots, count, note)| {
                let (w, h, px) = (l.node_w, l.node_h, text_px.get_untracked());
                let line = LINE * px;
                let boxes = nodes.iter().map(|(p, label, class, _, st)| view! {
                    <rect class=format!("box {class}") class:down=st.down class:faulty=st.faulty class:throttling=st.throttling
                        class:highlight=highlight.get_untracked() == Some(label.as_str())
                        x=p.x - w / 2.0 y=p.y - h / 2.0 width=w height=h rx="8" />
                }).collect_view();
                // Text goes over the dots, on a halo, so a busy path never hides a name.
                let words = nodes.into_iter().map(|(p, label, class, [first, second], st)| {
                    let pointed_at = highlight.get_untracked() == Some(label.as_str());
                    view! {
                    <g class=format!("node {class}") class:down=st.down class:highlight=pointed_at font-size=px>
                        <text x=p.x y=p.y - line text-anchor="middle" dominant-baseline="middle" class="label">{label}</text>
                        <text x=p.x y=p.y text-anchor="middle" dominant-baseline="middle" class="state">{first}</text>
                        <text x=p.x y=p.y + line text-anchor="middle" dominant-baseline="middle" class="state">{second}</text>
                    </g>
                    }
                }).collect_view();
                view! {
                    <figcaption>{arch.title()}<span class="per-dot">{note.map(|n| format!(" \u{b7} {n}"))}</span></figcaption>
                    <svg viewBox=format!("0 0 {:.0} {:.0}", l.width, l.height) width=format!("{:.0}", l.width) height=format!("{:.0}", l.height)
                        role="img" aria-label=format!("{} architecture diagram", arch.title())>
                        <g class="edges">
                            {edges.into_iter().map(|(a, b)| view! { <line x1=a.x y1=a.y x2=b.x y2=b.y /> }).collect_view()}
                        </g>
                        <g class="boxes">{boxes}</g>
                        <g class="dots" data-count=count inner_html=dots></g>
                        <g class="nodes">{words}</g>
                    </svg>
                }
            })}
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
