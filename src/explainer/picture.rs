//! What one architecture's diagram shows at a moment: where its boxes sit, what each says, and
//! which sampled requests are on their way as dots; and that picture as SVG. Worked out here,
//! away from the page, so that the full diagram and its thumbnail draw the same picture, tests
//! read it natively, and the page redraws it each frame as one piece of markup rather than a
//! tree of components (smaller code, one DOM update).

use super::animation::{dot_at, dot_stride, dots_svg, per_dot_note, Dot, DOT_SPACING_PX};
use super::format::escaped;
use super::layout::{layout, Layout, Point};
use super::node_text::{status_lines, LINE};
use crate::engine::scenario::Architecture;
use crate::engine::simulation::Simulation;
use crate::engine::topology::{NodeState, Role};
use std::fmt::Write;

/// Each network hop is drawn over at least this much real time, so a dot can be followed.
const MIN_HOP_REAL_S: f64 = 0.35;

/// Several architectures are shown side by side only when each diagram gets this much width;
/// otherwise one at a time, the others as thumbnails.
pub const SIDE_BY_SIDE_MIN_PX: f64 = 600.0;

/// A thumbnail's width, and the text size its boxes are laid out for (it shows no text).
pub const THUMBNAIL_PX: f64 = 260.0;
pub const THUMBNAIL_TEXT_PX: f64 = 5.0;

/// A compact embed's diagram fills the height its iframe leaves it. It is drawn with its text when
/// that fits (with its caption line); when it does not, as its shapes and dots alone, like a
/// thumbnail, laid out at least this wide and scaled to fit, so no text is ever shrunk below the
/// size it is written at (the chart beside it carries the numbers).
pub const GLANCE_MIN_WIDTH_PX: f64 = 720.0;
const CAPTION_PX: f64 = 28.0;

/// Whether a diagram `text_height` tall (drawn with its text) is too tall for `room`.
pub fn glance(text_height: f64, room: f64) -> bool {
    text_height + CAPTION_PX > room
}

/// The glance's description for a screen reader: the boxes it draws, by name.
pub fn glance_label(arch: Architecture, p: &Picture) -> String {
    let names: Vec<&str> = p.nodes.iter().map(|n| n.label.as_str()).collect();
    format!(
        "{} architecture diagram: {}",
        arch.title(),
        names.join(", ")
    )
}

/// What the stage shows of `archs` in `width` pixels, the reader having chosen `chosen`.
#[derive(Clone, Debug, PartialEq)]
pub struct StagePlan {
    /// The architectures offered as thumbnails; none when every diagram is shown.
    pub choices: Vec<Architecture>,
    /// The full diagrams drawn.
    pub shown: Vec<Architecture>,
}

/// Side by side when each diagram gets `SIDE_BY_SIDE_MIN_PX`, otherwise one at a time: the
/// reader's choice while the chapter has it, else the chapter's first.
pub fn stage_plan(width: f64, archs: &[Architecture], chosen: Option<Architecture>) -> StagePlan {
    if archs.len() < 2 || width >= 2.0 * SIDE_BY_SIDE_MIN_PX {
        return StagePlan {
            choices: Vec::new(),
            shown: archs.to_vec(),
        };
    }
    let one = chosen
        .filter(|a| archs.contains(a))
        .or_else(|| archs.first().copied());
    StagePlan {
        choices: archs.to_vec(),
        shown: one.into_iter().collect(),
    }
}

pub struct NodeView {
    pub at: Point,
    pub label: String,
    /// The CSS class of its role.
    pub class: &'static str,
    pub lines: [String; 2],
    pub state: NodeState,
}

pub struct Picture {
    pub layout: Layout,
    pub edges: Vec<(Point, Point)>,
    pub nodes: Vec<NodeView>,
    pub dots: Vec<Dot>,
    /// "1 dot ≈ N requests", when dots are sampled.
    pub per_dot: Option<String>,
}

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

/// `sim` now, drawn `width` pixels wide with text of `text_px`, at `speed` simulated seconds per
/// real second.
pub fn picture(sim: &Simulation, width: f64, text_px: f64, speed: f64) -> Picture {
    let topo = &sim.system.topology;
    let layout = layout(topo, width, text_px);
    let pts = &layout.points;
    let states = sim.node_states();
    let t = sim.now();
    // Each hop lasts at least MIN_HOP_REAL_S of real time at the current speed.
    let min_travel = MIN_HOP_REAL_S * speed;
    // Every kept trace is a candidate: the ring spans half a minute even in a crowd
    // (engine::trace::TRACE_SPAN_S), and at high speed a dot stays out that long.
    let mut dots: Vec<Dot> = sim
        .traces
        .recent
        .iter()
        .chain(sim.live_traces().iter())
        .filter_map(|tr| dot_at(tr, t, min_travel, pts))
        .collect();
    let edges: Vec<(Point, Point)> = topo
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
    let nodes = topo
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let state = states
                .iter()
                .find(|x| x.node as usize == i)
                .copied()
                .unwrap_or_default();
            NodeView {
                at: pts[i],
                label: n.label.clone(),
                class: role_class(n.role),
                lines: status_lines(n.role, &state),
                state,
            }
        })
        .collect();
    Picture {
        per_dot: per_dot_note(stride, sim.traces.fraction()),
        layout,
        edges,
        nodes,
        dots,
    }
}

/// The edges, the boxes coloured by state, and the dots: all a thumbnail shows. The box named
/// `highlight` is outlined (the presenter points at it).
pub fn shapes_svg(p: &Picture, highlight: Option<&str>) -> String {
    let (w, h) = (p.layout.node_w, p.layout.node_h);
    let mut out = String::from(r#"<g class="edges">"#);
    for (a, b) in &p.edges {
        let _ = write!(
            out,
            r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
            a.x, a.y, b.x, b.y
        );
    }
    out.push_str(r#"</g><g class="boxes">"#);
    for n in &p.nodes {
        let _ = write!(
            out,
            r#"<rect class="box {}{}" x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" rx="8"/>"#,
            n.class,
            state_classes(n, highlight),
            n.at.x - w / 2.0,
            n.at.y - h / 2.0
        );
    }
    let _ = write!(
        out,
        r#"</g><g class="dots" data-count="{}">{}</g>"#,
        p.dots.len(),
        dots_svg(&p.dots)
    );
    out
}

/// The full diagram: the shapes, then each box's name and state over the dots, on a halo, so a
/// busy path never hides a name.
pub fn diagram_svg(p: &Picture, text_px: f64, highlight: Option<&str>) -> String {
    let mut out = shapes_svg(p, highlight);
    out.push_str(r#"<g class="nodes">"#);
    let line = LINE * text_px;
    for n in &p.nodes {
        let _ = write!(
            out,
            r#"<g class="node {}{}" font-size="{text_px}">"#,
            n.class,
            state_classes(n, highlight)
        );
        let texts = [
            (-line, "label", escaped(&n.label)),
            (0.0, "state", escaped(&n.lines[0])),
            (line, "state", escaped(&n.lines[1])),
        ];
        for (dy, class, text) in texts {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" dominant-baseline="middle" class="{class}">{text}</text>"#,
                n.at.x,
                n.at.y + dy
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
    out
}

/// The classes a node's state adds to its box and its text.
fn state_classes(n: &NodeView, highlight: Option<&str>) -> String {
    let mut out = String::new();
    for (on, class) in [
        (n.state.down, " down"),
        (n.state.faulty, " faulty"),
        (n.state.throttling, " throttling"),
        (highlight == Some(n.label.as_str()), " highlight"),
    ] {
        if on {
            out.push_str(class);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::Scenario;

    #[test]
    fn several_diagrams_share_the_stage_only_when_each_gets_its_width() {
        use Architecture::*;
        let all = [Monolith, Microservices, Serverless, Hybrid];
        let plan = |width, archs: &[Architecture], chosen| stage_plan(width, archs, chosen);
        assert_eq!(plan(390.0, &[Monolith], None).shown, [Monolith]);
        assert!(plan(390.0, &[Monolith], None).choices.is_empty());
        let narrow = plan(1100.0, &all, None);
        assert_eq!((narrow.choices.len(), narrow.shown), (4, vec![Monolith]));
        assert_eq!(plan(1100.0, &all, Some(Serverless)).shown, [Serverless]);
        // A choice the chapter does not have falls back to its first.
        assert_eq!(
            plan(1100.0, &[Serverless, Microservices], Some(Hybrid)).shown,
            [Serverless]
        );
        let wide = plan(1300.0, &[Serverless, Microservices], Some(Microservices));
        assert!(wide.choices.is_empty() && wide.shown.len() == 2);
    }

    #[test]
    fn a_thumbnail_and_the_full_diagram_show_the_same_run() {
        let sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        let mut sim = Simulation::new(&sc, Architecture::Microservices);
        sim.run_until(60.0);
        let full = picture(&sim, 800.0, 14.0, 1.0);
        let thumb = picture(&sim, THUMBNAIL_PX, THUMBNAIL_TEXT_PX, 1.0);
        assert!(full.layout.width <= 800.0 && thumb.layout.width <= THUMBNAIL_PX + 1.0);
        assert_eq!(full.nodes.len(), thumb.nodes.len());
        let states = |p: &Picture| p.nodes.iter().map(|n| n.state).collect::<Vec<_>>();
        assert_eq!(states(&full), states(&thumb));
        assert!(!full.dots.is_empty(), "requests are on their way at 60 s");
        // The thumbnail has less path, so at most as many dots.
        assert!(thumb.dots.len() <= full.dots.len());
        assert!(full.nodes.iter().any(|n| n.class == "gateway"));
        // The thumbnail has no text; the diagram names every box, and outlines the one pointed at.
        let small = shapes_svg(&thumb, None);
        assert!(!small.contains("<text") && small.matches("<rect").count() == thumb.nodes.len());
        let svg = diagram_svg(&full, 14.0, Some("payments"));
        assert_eq!(svg.matches(r#"class="label""#).count(), full.nodes.len());
        assert_eq!(svg.matches("highlight").count(), 2, "the box and its text");
        assert!(svg.contains(">payments</text>"));
    }

    #[test]
    fn a_compact_stage_too_short_for_the_diagrams_text_gets_its_shapes_named_for_a_screen_reader() {
        let sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        let sim = Simulation::new(&sc, Architecture::Serverless);
        // On a phone the boxes stack, far taller than a compact widget's stage.
        let narrow = picture(&sim, 300.0, 13.0, 1.0);
        let wide = picture(&sim, GLANCE_MIN_WIDTH_PX, 13.0, 1.0);
        assert!(
            glance(narrow.layout.height, 300.0),
            "{}",
            narrow.layout.height
        );
        assert!(!glance(wide.layout.height, wide.layout.height + 40.0));
        // The glance is laid out wide, so it is no taller than it is wide and scales down evenly.
        assert!(wide.layout.height < wide.layout.width);
        let label = glance_label(Architecture::Serverless, &wide);
        assert!(
            label.starts_with("Serverless architecture diagram: "),
            "{label}"
        );
        assert_eq!(label.matches(", ").count() + 1, wide.nodes.len());
        assert!(label.contains("API Gateway"));
    }

    #[test]
    fn a_crashed_box_is_drawn_down() {
        let mut sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        crate::explainer::chapters::TryAction::Bug("payments").apply(&mut sc, 10.0);
        let mut sim = Simulation::new(&sc, Architecture::Monolith);
        sim.run_until(30.0);
        let p = picture(&sim, 800.0, 14.0, 1.0);
        let svg = diagram_svg(&p, 14.0, None);
        assert!(svg.contains(r#"class="box app down faulty""#), "{svg}");
    }
}
