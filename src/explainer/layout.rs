//! Where each node of a topology sits in the diagram: columns by distance from the clients,
//! nodes spread evenly down each column. Coordinates are in a fixed view box.

use crate::engine::topology::Topology;

pub const VIEW_W: f64 = 800.0;
pub const VIEW_H: f64 = 420.0;
const MARGIN_X: f64 = 70.0;
const MARGIN_Y: f64 = 50.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Positions for every node, in node order.
pub fn layout(topo: &Topology) -> Vec<Point> {
    let n = topo.nodes.len();
    // Longest path from the client, so every edge points right (the call graph has no cycles;
    // n rounds of relaxation reach every depth).
    let mut depth = vec![usize::MAX; n];
    depth[Topology::CLIENT as usize] = 0;
    for _ in 0..n {
        for &(from, to) in &topo.edges {
            if depth[from as usize] != usize::MAX && (depth[to as usize] == usize::MAX || depth[to as usize] < depth[from as usize] + 1) {
                depth[to as usize] = depth[from as usize] + 1;
            }
        }
    }
    let max_depth = depth.iter().filter(|&&d| d != usize::MAX).max().copied().unwrap_or(0);
    for d in depth.iter_mut().filter(|d| **d == usize::MAX) {
        *d = max_depth + 1;
    }
    let columns = depth.iter().max().copied().unwrap_or(0) + 1;
    let col_x = |d: usize| if columns == 1 { VIEW_W / 2.0 } else { MARGIN_X + d as f64 * (VIEW_W - 2.0 * MARGIN_X) / (columns - 1) as f64 };
    let mut out = vec![Point { x: 0.0, y: 0.0 }; n];
    for d in 0..columns {
        let members: Vec<usize> = (0..n).filter(|&i| depth[i] == d).collect();
        let k = members.len();
        for (row, &i) in members.iter().enumerate() {
            let y = MARGIN_Y + (row as f64 + 0.5) * (VIEW_H - 2.0 * MARGIN_Y) / k as f64;
            out[i] = Point { x: col_x(d), y };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::{Architecture, Scenario};
    use crate::engine::system::System;

    #[test]
    fn client_is_leftmost_and_every_node_is_inside_the_view() {
        for arch in Architecture::ALL {
            let sys = System::new(arch, &Scenario::default());
            let pts = layout(&sys.topology);
            assert_eq!(pts.len(), sys.topology.nodes.len());
            let client = pts[0];
            for p in &pts {
                assert!(p.x >= client.x, "{arch:?}");
                assert!(p.x > 0.0 && p.x < VIEW_W && p.y > 0.0 && p.y < VIEW_H, "{arch:?} {p:?}");
            }
            // No two nodes on top of each other.
            for i in 0..pts.len() {
                for j in i + 1..pts.len() {
                    let d = ((pts[i].x - pts[j].x).powi(2) + (pts[i].y - pts[j].y).powi(2)).sqrt();
                    assert!(d > 30.0, "{arch:?}: nodes {i} and {j} overlap");
                }
            }
        }
    }

    #[test]
    fn each_hop_moves_right_in_the_microservice_chain() {
        let sys = System::new(Architecture::Microservices, &Scenario::default());
        let pts = layout(&sys.topology);
        for &(a, b) in &sys.topology.edges {
            assert!(pts[b as usize].x > pts[a as usize].x, "edge {a}->{b}");
        }
    }
}
