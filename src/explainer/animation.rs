//! Where a sampled request's dot is at a moment of display time. Network hops inside a cluster take
//! half a millisecond, far too short to see, so every hop is stretched to at least `min_travel`
//! of simulated time and the rest of that trace shifts later by the same amount: the dot is late,
//! never out of order.

use super::layout::Point;
use crate::engine::trace::{Outcome, Trace};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    pub id: u64,
    pub x: f64,
    pub y: f64,
    pub outcome: Outcome,
    /// Travelling along an edge (rather than waiting or working at a node).
    pub moving: bool,
}

/// The dot for `trace` at time `t`, if it is on screen then.
pub fn dot_at(trace: &Trace, t: f64, min_travel: f64, nodes: &[Point]) -> Option<Dot> {
    let hops = &trace.hops;
    let first = hops.first()?;
    if t < first.arrive {
        return None;
    }
    let mut shift = 0.0;
    let node = |i: usize| nodes.get(hops[i].node as usize).copied();
    for i in 0..hops.len() {
        let arrive = hops[i].arrive + shift;
        let depart = hops[i].depart + shift;
        // Still finishing (or never finishing within the trace) at this node.
        if t >= arrive && t <= depart {
            let p = node(i)?;
            // Spread waiting dots around the node so a queue is visible as a cloud.
            let angle = (trace.id % 12) as f64 * std::f64::consts::TAU / 12.0;
            let r = if i + 1 == hops.len() {
                0.0
            } else {
                14.0 + (trace.id % 3) as f64 * 5.0
            };
            let outcome = if i + 1 == hops.len() {
                trace.outcome
            } else {
                Outcome::Ok
            };
            return Some(Dot {
                id: trace.id,
                // libm's, which the engine already brings, rather than a second copy of sin
                // and cos from the standard library in the page.
                x: p.x + r * libm::cos(angle),
                y: p.y + r * libm::sin(angle),
                outcome,
                moving: false,
            });
        }
        if i + 1 == hops.len() {
            return None;
        }
        let travel = hops[i + 1].arrive - hops[i].depart;
        let shown = travel.max(min_travel);
        if t > depart && t < depart + shown {
            let (a, b) = (node(i)?, node(i + 1)?);
            let f = (t - depart) / shown;
            let last_leg = i + 2 == hops.len();
            let outcome = if last_leg { trace.outcome } else { Outcome::Ok };
            return Some(Dot {
                id: trace.id,
                x: a.x + (b.x - a.x) * f,
                y: a.y + (b.y - a.y) * f,
                outcome,
                moving: true,
            });
        }
        shift += shown - travel;
    }
    None
}

/// Path length, in CSS px, that one dot drawn gets: closer than this, dots run into bars.
pub const DOT_SPACING_PX: f64 = 8.0;

/// Dots drawn per sampled request: the smallest power of two that leaves at most `room` of
/// `dots`, so that dots stay dots at any speed. Dots are kept by id (`id % stride == 0`), and
/// powers of two nest: a dot kept at 4 is also kept at 2, so speeding up takes dots away without
/// moving the others.
pub fn dot_stride(dots: usize, room: f64) -> u64 {
    let room = room.max(1.0);
    let mut stride = 1u64;
    while dots as f64 > room * stride as f64 {
        stride *= 2;
    }
    stride
}

/// "1 dot ≈ N requests", when a dot stands for more than one: the engine follows a `fraction` of
/// requests, and the diagram draws one in `stride` of those.
pub fn per_dot_note(stride: u64, fraction: f64) -> Option<String> {
    let per_dot = stride as f64 / fraction.clamp(1e-9, 1.0);
    (per_dot >= 1.5).then(|| {
        format!(
            "1 dot \u{2248} {} requests",
            super::format::compact(per_dot.round())
        )
    })
}

/// SVG for a set of dots. Outcome is shown by shape as well as colour: ok a filled circle, cold
/// start a ringed circle, throttled a triangle, failed a cross, timed out a diamond.
pub fn dots_svg(dots: &[Dot]) -> String {
    let mut out = String::with_capacity(dots.len() * 80);
    for d in dots {
        let (x, y) = (d.x, d.y);
        let piece = match d.outcome {
            Outcome::Ok => format!(
                r##"<circle class="dot ok" cx="{x:.1}" cy="{y:.1}" r="4.5" fill="#0072B2"/>"##
            ),
            Outcome::ColdStart => format!(
                r##"<circle class="dot cold" cx="{x:.1}" cy="{y:.1}" r="5" fill="#56B4E9" stroke="#1d3b53" stroke-width="1.5"/>"##
            ),
            Outcome::Throttled => format!(
                r##"<path class="dot throttled" d="M{:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}Z" fill="#E69F00"/>"##,
                x,
                y - 6.0,
                x + 5.5,
                y + 4.0,
                x - 5.5,
                y + 4.0
            ),
            Outcome::Failed => format!(
                r##"<path class="dot failed" d="M{:.1},{:.1}l10,10m0,-10l-10,10" stroke="#D55E00" stroke-width="3"/>"##,
                x - 5.0,
                y - 5.0
            ),
            Outcome::TimedOut => format!(
                r##"<path class="dot timed-out" d="M{:.1},{:.1}l6,6l-6,6l-6,-6Z" fill="#CC79A7"/>"##,
                x,
                y - 6.0
            ),
        };
        out.push_str(&piece);
    }
    out
}

/// What the dots' shapes and colours mean: one list item per outcome, its dot then its name.
pub fn legend_html() -> String {
    [
        (Outcome::Ok, "served"),
        (Outcome::ColdStart, "cold start"),
        (Outcome::Throttled, "throttled (429)"),
        (Outcome::Failed, "failed (5xx)"),
        (Outcome::TimedOut, "timed out"),
    ]
    .into_iter()
    .map(|(outcome, label)| {
        let dot = dots_svg(&[Dot {
            id: 0,
            x: 8.0,
            y: 8.0,
            outcome,
            moving: false,
        }]);
        format!(
            r#"<li><svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">{dot}</svg>{label}</li>"#
        )
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::trace::Hop;

    fn trace() -> Trace {
        Trace {
            id: 0,
            kind: 0,
            hops: vec![
                Hop {
                    node: 0,
                    arrive: 0.0,
                    depart: 0.0,
                },
                Hop {
                    node: 1,
                    arrive: 0.001,
                    depart: 1.0,
                },
                Hop {
                    node: 0,
                    arrive: 1.0,
                    depart: 1.0,
                },
            ],
            outcome: Outcome::Failed,
            failure: None,
            end: 1.0,
        }
    }

    fn nodes() -> Vec<Point> {
        vec![Point { x: 0.0, y: 0.0 }, Point { x: 100.0, y: 0.0 }]
    }

    #[test]
    fn each_outcome_has_its_own_shape() {
        let mk = |outcome| Dot {
            id: 1,
            x: 10.0,
            y: 10.0,
            outcome,
            moving: true,
        };
        let svg = dots_svg(&[
            mk(Outcome::Ok),
            mk(Outcome::ColdStart),
            mk(Outcome::Throttled),
            mk(Outcome::Failed),
            mk(Outcome::TimedOut),
        ]);
        for class in [
            "dot ok",
            "dot cold",
            "dot throttled",
            "dot failed",
            "dot timed-out",
        ] {
            assert_eq!(svg.matches(class).count(), 1, "{class}");
        }
        assert_eq!(svg.matches("<circle").count(), 2);
        assert_eq!(svg.matches("<path").count(), 3);
    }

    #[test]
    fn dots_are_thinned_by_powers_of_two_to_the_room_there_is() {
        assert_eq!(dot_stride(100, 200.0), 1);
        assert_eq!(dot_stride(200, 200.0), 1);
        assert_eq!(dot_stride(201, 200.0), 2);
        assert_eq!(dot_stride(1000, 200.0), 8);
        assert_eq!(dot_stride(5, 0.0), 8, "room for one at least");
        assert_eq!(per_dot_note(1, 1.0), None, "every request drawn");
        assert_eq!(
            per_dot_note(4, 0.4).as_deref(),
            Some("1 dot \u{2248} 10 requests")
        );
        assert_eq!(
            per_dot_note(64, 0.02).as_deref(),
            Some("1 dot \u{2248} 3200 requests")
        );
    }

    #[test]
    fn a_short_hop_is_stretched_and_the_dot_moves_along_the_edge() {
        let d = dot_at(&trace(), 0.05, 0.1, &nodes()).unwrap();
        assert!(d.moving);
        assert!(
            (d.x - 50.0).abs() < 1e-9,
            "halfway at half the stretched hop: {}",
            d.x
        );
        let later = dot_at(&trace(), 0.5, 0.1, &nodes()).unwrap();
        assert!(!later.moving, "then it works at the node");
        assert!((later.x - 100.0).abs() < 25.0);
    }

    #[test]
    fn the_return_leg_shows_the_outcome_and_the_dot_disappears_after() {
        // Working at node 1 is shifted by 0.099 s of stretch, so it leaves at 1.099.
        let back = dot_at(&trace(), 1.15, 0.1, &nodes()).unwrap();
        assert!(back.moving);
        assert_eq!(back.outcome, Outcome::Failed);
        assert!(back.x < 100.0 && back.x > 0.0);
        assert!(dot_at(&trace(), 5.0, 0.1, &nodes()).is_none());
        assert!(dot_at(&trace(), -1.0, 0.1, &nodes()).is_none());
    }
}
