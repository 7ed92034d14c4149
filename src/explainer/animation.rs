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
            let r = if i + 1 == hops.len() { 0.0 } else { 14.0 + (trace.id % 3) as f64 * 5.0 };
            let outcome = if i + 1 == hops.len() { trace.outcome } else { Outcome::Ok };
            return Some(Dot { id: trace.id, x: p.x + r * angle.cos(), y: p.y + r * angle.sin(), outcome, moving: false });
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
            return Some(Dot { id: trace.id, x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f, outcome, moving: true });
        }
        shift += shown - travel;
    }
    None
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
                Hop { node: 0, arrive: 0.0, depart: 0.0 },
                Hop { node: 1, arrive: 0.001, depart: 1.0 },
                Hop { node: 0, arrive: 1.0, depart: 1.0 },
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
    fn a_short_hop_is_stretched_and_the_dot_moves_along_the_edge() {
        let d = dot_at(&trace(), 0.05, 0.1, &nodes()).unwrap();
        assert!(d.moving);
        assert!((d.x - 50.0).abs() < 1e-9, "halfway at half the stretched hop: {}", d.x);
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
