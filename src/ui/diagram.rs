//! One architecture's diagram: components with their live state, and sampled requests as dots.

use crate::engine::scenario::Architecture;
use crate::engine::topology::Role;
use crate::explainer::animation::{dot_at, dots_svg};
use crate::explainer::layout::{layout, Orientation, NODE_H, NODE_W};
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
    #[prop(into)] orientation: Signal<Orientation>,
    /// Simulated seconds per real second.
    #[prop(into)]
    speed: Signal<f64>,
    /// The node the presenter points at, by label.
    #[prop(into)]
    highlight: Signal<Option<&'static str>>,
) -> impl IntoView {
    let picture = move || {
        frame.get();
        session.with_value(|s| {
            let sim = s.sims.iter().find(|x| x.arch == arch)?;
            let topo = &sim.system.topology;
            let l = layout(topo, orientation.get());
            let pts = &l.points;
            let states = sim.node_states();
            let t = sim.now();
            // Each hop lasts at least MIN_HOP_REAL_S of real time at the current speed.
            let min_travel = MIN_HOP_REAL_S * speed.get_untracked();
            let dots: Vec<_> = sim
                .traces
                .recent
                .iter()
                .rev()
                .take(1500)
                .chain(sim.live_traces().iter())
                .filter_map(|tr| dot_at(tr, t, min_travel, pts))
                .take(1000)
                .collect();
            let edges: Vec<_> = topo
                .edges
                .iter()
                .map(|&(a, b)| (pts[a as usize], pts[b as usize]))
                .collect();
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
                    (pts[i], n.label.clone(), role_class(n.role), st)
                })
                .collect();
            Some((
                format!("0 0 {:.0} {:.0}", l.width, l.height),
                edges,
                nodes,
                dots_svg(&dots),
                dots.len(),
            ))
        })
    };
    view! {
        <figure class="diagram" data-arch=arch.key()>
            <figcaption>{arch.title()}</figcaption>
            {move || picture().map(|(view_box, edges, nodes, dots, count)| view! {
            <svg viewBox=view_box role="img" aria-label=format!("{} architecture diagram", arch.title())>
                    <g class="edges">
                        {edges.into_iter().map(|(a, b)| view! { <line x1=a.x y1=a.y x2=b.x y2=b.y /> }).collect_view()}
                    </g>
                    <g class="nodes">
                        {nodes.into_iter().map(|(p, label, class, st)| {
                            let status = if st.down { "down".to_string() }
                                else if st.starting > 0 && st.instances == 0 { "starting".to_string() }
                                else if class == "function" { format!("{} busy, {} warm, {} starting", st.busy, st.idle, st.starting) }
                                else if class == "client" || class == "store" { String::new() }
                                else { format!("{} busy, {} queued, {} up", st.busy, st.queued, st.instances) };
                            let is_highlighted = highlight.get_untracked() == Some(label.as_str());
                            view! {
                                <g class=format!("node {class}") class:down=st.down class:faulty=st.faulty class:throttling=st.throttling
                                    class:highlight=is_highlighted>
                                    <rect x=p.x - NODE_W / 2.0 y=p.y - NODE_H / 2.0 width=NODE_W height=NODE_H rx="8" />
                                    <text x=p.x y=p.y - 4.0 text-anchor="middle" class="label">{label}</text>
                                    <text x=p.x y=p.y + 12.0 text-anchor="middle" class="state">{status}</text>
                                </g>
                            }
                        }).collect_view()}
                    </g>
                    <g class="dots" data-count=count inner_html=dots></g>
            </svg>
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
