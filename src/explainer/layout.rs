//! Where each node of a topology sits in the diagram, in CSS pixels for the width the diagram is
//! given, so that its text is drawn at the size asked for: layers by longest distance from the
//! clients, laid out left to right when they fit across, otherwise top to bottom with a layer's
//! nodes wrapped into as many rows as the width needs. Boxes are sized for their text
//! (`node_text::box_size`).

use super::node_text::box_size;
use crate::engine::topology::Topology;

/// Room around the diagram, in pixels.
const MARGIN: f64 = 10.0;
/// Between neighbouring boxes, as a multiple of the text size.
const GAP: f64 = 1.0;
/// Between layers, as a multiple of the text size: room to see dots travel. Top to bottom (on a
/// phone) the gap is smaller, so that a deep diagram still fits the first screen.
const LAYER_GAP: f64 = 3.0;
const LAYER_GAP_DOWN: f64 = 2.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    /// Clients on the left: the layers fit across.
    Horizontal,
    /// Clients on top: narrow screens, or many layers.
    Vertical,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Centres of the nodes' boxes.
    pub points: Vec<Point>,
    pub width: f64,
    pub height: f64,
    /// Every node's box.
    pub node_w: f64,
    pub node_h: f64,
    pub orientation: Orientation,
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

/// Lays `topo` out in `width` pixels with text of `text_px`. A width narrower than one box is
/// widened to it (the page then scrolls rather than shrink the text).
pub fn layout(topo: &Topology, width: f64, text_px: f64) -> Layout {
    let depth = depths(topo);
    let n = depth.len();
    let layers = depth.iter().max().map_or(1, |d| d + 1);
    let members: Vec<Vec<usize>> = (0..layers)
        .map(|d| (0..n).filter(|&i| depth[i] == d).collect())
        .collect();
    let (bw, bh) = box_size(topo, text_px);
    let (gap, layer_gap) = (GAP * text_px, LAYER_GAP * text_px);
    let width = width.max(bw + 2.0 * MARGIN);
    let inner = width - 2.0 * MARGIN;
    let mut points = vec![Point { x: 0.0, y: 0.0 }; n];
    let across_fits = layers as f64 * bw + (layers - 1) as f64 * layer_gap <= inner;
    if across_fits {
        let widest = members.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
        let height = 2.0 * MARGIN + widest * bh + (widest - 1.0) * gap;
        let pitch = if layers > 1 {
            (inner - bw) / (layers - 1) as f64
        } else {
            0.0
        };
        for (d, layer) in members.iter().enumerate() {
            let x = if layers > 1 {
                MARGIN + bw / 2.0 + d as f64 * pitch
            } else {
                width / 2.0
            };
            let k = layer.len() as f64;
            for (row, &i) in layer.iter().enumerate() {
                let y = height / 2.0 + (row as f64 - (k - 1.0) / 2.0) * (bh + gap);
                points[i] = Point { x, y };
            }
        }
        return Layout {
            points,
            width,
            height,
            node_w: bw,
            node_h: bh,
            orientation: Orientation::Horizontal,
        };
    }
    let per_row = (((inner + gap) / (bw + gap)).floor() as usize).max(1);
    let layer_gap = LAYER_GAP_DOWN * text_px;
    let mut top = MARGIN;
    for layer in &members {
        for row in layer.chunks(per_row) {
            let k = row.len() as f64;
            let left = (width - (k * bw + (k - 1.0) * gap)) / 2.0;
            for (j, &i) in row.iter().enumerate() {
                points[i] = Point {
                    x: left + bw / 2.0 + j as f64 * (bw + gap),
                    y: top + bh / 2.0,
                };
            }
            top += bh + gap;
        }
        top += layer_gap - gap;
    }
    let height = top - layer_gap + MARGIN;
    Layout {
        points,
        width,
        height,
        node_w: bw,
        node_h: bh,
        orientation: Orientation::Vertical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::system::System;
    use crate::explainer::chapters::CHAPTERS;

    /// Every topology a chapter draws.
    fn topologies() -> Vec<(String, Topology)> {
        CHAPTERS
            .iter()
            .flat_map(|c| {
                let sc = (c.scenario)();
                sc.architectures
                    .iter()
                    .map(|&a| (format!("{} {a:?}", c.id), System::new(a, &sc).topology))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn boxes_fit_the_width_given_and_never_overlap() {
        for (name, topo) in topologies() {
            for text_px in [13.0, 21.0] {
                for width in [260.0, 320.0, 358.0, 440.0, 620.0, 900.0, 1400.0, 1860.0] {
                    let l = layout(&topo, width, text_px);
                    let at = format!("{name} at {width} px, text {text_px}");
                    assert_eq!(l.points.len(), topo.nodes.len());
                    assert!(
                        l.width == width
                            || (width < l.node_w + 2.0 * MARGIN
                                && l.width == l.node_w + 2.0 * MARGIN),
                        "{at}: {}",
                        l.width
                    );
                    for p in &l.points {
                        assert!(
                            p.x - l.node_w / 2.0 >= 0.0 && p.x + l.node_w / 2.0 <= l.width + 1e-9,
                            "{at}: {p:?} in {}",
                            l.width
                        );
                        assert!(
                            p.y - l.node_h / 2.0 >= 0.0 && p.y + l.node_h / 2.0 <= l.height + 1e-9,
                            "{at}: {p:?} in {}",
                            l.height
                        );
                    }
                    for i in 0..l.points.len() {
                        for j in i + 1..l.points.len() {
                            let (a, b) = (l.points[i], l.points[j]);
                            let apart = (a.x - b.x).abs() >= l.node_w + 0.5 * text_px
                                || (a.y - b.y).abs() >= l.node_h + 0.5 * text_px;
                            assert!(apart, "{at}: nodes {i} and {j} overlap");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn layers_run_across_when_they_fit_and_down_when_they_do_not() {
        for (name, topo) in topologies() {
            let wide = layout(&topo, 1860.0, 13.0);
            assert_eq!(wide.orientation, Orientation::Horizontal, "{name}");
            let phone = layout(&topo, 358.0, 13.0);
            assert_eq!(phone.orientation, Orientation::Vertical, "{name}");
            // Edges point forward either way, so a dot's path reads in one direction.
            for &(a, b) in &topo.edges {
                let (a, b) = (a as usize, b as usize);
                assert!(
                    wide.points[b].x > wide.points[a].x,
                    "{name}: edge {a}->{b} across"
                );
                assert!(
                    phone.points[b].y > phone.points[a].y,
                    "{name}: edge {a}->{b} down"
                );
            }
        }
    }

    #[test]
    fn each_module_has_one_store_node_even_when_two_parts_use_it() {
        use crate::engine::scenario::{Architecture, Scenario};
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
}
