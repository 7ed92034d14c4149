//! Where each node of a topology sits in the diagram: layers by longest distance from the
//! clients, nodes spread evenly across each layer. Wide screens lay the layers out left to right;
//! phones stack them top to bottom so labels stay readable.

use crate::engine::topology::Topology;

/// Size of a node's box in view-box units.
pub const NODE_W: f64 = 150.0;
pub const NODE_H: f64 = 44.0;
const MARGIN: f64 = 20.0;
/// Distance between layers, and between nodes in one layer.
const LAYER_GAP_H: f64 = 190.0;
const SLOT_H: f64 = 64.0;
const LAYER_GAP_V: f64 = 96.0;
const SLOT_V: f64 = 164.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    /// Clients on the left (wide screens).
    Horizontal,
    /// Clients on top (phones).
    Vertical,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub points: Vec<Point>,
    pub width: f64,
    pub height: f64,
}

/// Longest path from the client, so every edge points forward (the call graph has no cycles;
/// n rounds of relaxation reach every depth). Unreachable nodes go last.
fn depths(topo: &Topology) -> Vec<usize> {
    let n = topo.nodes.len();
    let mut depth = vec![usize::MAX; n];
    depth[Topology::CLIENT as usize] = 0;
    for _ in 0..n {
        for &(from, to) in &topo.edges {
            let d = depth[from as usize];
            if d != usize::MAX && (depth[to as usize] == usize::MAX || depth[to as usize] < d + 1) {
                depth[to as usize] = d + 1;
            }
        }
    }
    let deepest = depth
        .iter()
        .filter(|&&d| d != usize::MAX)
        .max()
        .copied()
        .unwrap_or(0);
    depth
        .into_iter()
        .map(|d| if d == usize::MAX { deepest + 1 } else { d })
        .collect()
}

pub fn layout(topo: &Topology, orientation: Orientation) -> Layout {
    let depth = depths(topo);
    let n = depth.len();
    let layers = depth.iter().max().map_or(1, |d| d + 1);
    let members: Vec<Vec<usize>> = (0..layers)
        .map(|d| (0..n).filter(|&i| depth[i] == d).collect())
        .collect();
    let widest = members.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let (layer_gap, slot) = match orientation {
        Orientation::Horizontal => (LAYER_GAP_H, SLOT_H),
        Orientation::Vertical => (LAYER_GAP_V, SLOT_V),
    };
    let (node_along, node_across) = match orientation {
        Orientation::Horizontal => (NODE_W, NODE_H),
        Orientation::Vertical => (NODE_H, NODE_W),
    };
    let along = 2.0 * MARGIN + node_along + (layers - 1) as f64 * layer_gap;
    let across = 2.0 * MARGIN + node_across + (widest - 1) as f64 * slot + 20.0;
    let mut points = vec![Point { x: 0.0, y: 0.0 }; n];
    for (d, layer) in members.iter().enumerate() {
        let a = MARGIN + node_along / 2.0 + d as f64 * layer_gap;
        let k = layer.len() as f64;
        for (row, &i) in layer.iter().enumerate() {
            let c = across / 2.0 + (row as f64 - (k - 1.0) / 2.0) * slot;
            points[i] = match orientation {
                Orientation::Horizontal => Point { x: a, y: c },
                Orientation::Vertical => Point { x: c, y: a },
            };
        }
    }
    let (width, height) = match orientation {
        Orientation::Horizontal => (along, across),
        Orientation::Vertical => (across, along),
    };
    Layout {
        points,
        width,
        height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::{Architecture, Scenario};
    use crate::engine::system::System;

    #[test]
    fn nodes_fit_the_view_and_never_overlap() {
        for arch in Architecture::ALL {
            for o in [Orientation::Horizontal, Orientation::Vertical] {
                let sys = System::new(arch, &Scenario::default());
                let l = layout(&sys.topology, o);
                assert_eq!(l.points.len(), sys.topology.nodes.len());
                for p in &l.points {
                    assert!(
                        p.x - NODE_W / 2.0 >= 0.0 && p.x + NODE_W / 2.0 <= l.width,
                        "{arch:?} {o:?} {p:?} in {}",
                        l.width
                    );
                    assert!(
                        p.y - NODE_H / 2.0 >= 0.0 && p.y + NODE_H / 2.0 <= l.height,
                        "{arch:?} {o:?} {p:?} in {}",
                        l.height
                    );
                }
                for i in 0..l.points.len() {
                    for j in i + 1..l.points.len() {
                        let (a, b) = (l.points[i], l.points[j]);
                        let apart = (a.x - b.x).abs() >= NODE_W + 10.0
                            || (a.y - b.y).abs() >= NODE_H + 10.0;
                        assert!(apart, "{arch:?} {o:?}: nodes {i} and {j} overlap");
                    }
                }
            }
        }
    }

    #[test]
    fn each_module_has_one_store_node_even_when_two_parts_use_it() {
        use crate::engine::topology::Role;
        for arch in Architecture::ALL {
            let sys = System::new(arch, &Scenario::default());
            let mut stores: Vec<_> = sys
                .topology
                .nodes
                .iter()
                .filter(|n| n.role == Role::Store)
                .map(|n| n.module)
                .collect();
            let n = stores.len();
            stores.sort();
            stores.dedup();
            assert_eq!(stores.len(), n, "{arch:?}: a module's store is drawn twice");
        }
    }

    #[test]
    fn every_edge_points_forward() {
        let sys = System::new(Architecture::Microservices, &Scenario::default());
        let h = layout(&sys.topology, Orientation::Horizontal);
        let v = layout(&sys.topology, Orientation::Vertical);
        for &(a, b) in &sys.topology.edges {
            assert!(
                h.points[b as usize].x > h.points[a as usize].x,
                "edge {a}->{b}"
            );
            assert!(
                v.points[b as usize].y > v.points[a as usize].y,
                "edge {a}->{b}"
            );
        }
    }

    #[test]
    fn a_phone_layout_is_narrower_than_a_wide_one() {
        let sys = System::new(Architecture::Microservices, &Scenario::default());
        let h = layout(&sys.topology, Orientation::Horizontal);
        let v = layout(&sys.topology, Orientation::Vertical);
        assert!(v.width / v.height < h.width / h.height);
    }
}
