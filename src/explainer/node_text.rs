//! The words inside a diagram node, its name and what it is doing, and the room they take at a
//! given text size. The layout sizes every box from these, so a label never spills out of its
//! box at any size the page draws text at.

use super::text_size::text_width;
use crate::engine::topology::{NodeState, Role, Topology};

/// Height of one line of text, as a multiple of the text size.
pub const LINE: f64 = 1.25;
/// Room between the text and the box's edge, as a multiple of the text size.
const PAD: f64 = 0.6;

/// What a node shows under its name: up to two lines, empty where there is nothing to say.
pub fn status_lines(role: Role, st: &NodeState) -> [String; 2] {
    match role {
        Role::Client | Role::Database | Role::Store => [String::new(), String::new()],
        _ if st.down => ["down".into(), String::new()],
        _ if st.starting > 0 && st.instances == 0 => ["starting".into(), String::new()],
        Role::Function => [
            format!("{} busy, {} warm", st.busy, st.idle),
            if st.starting > 0 {
                format!("{} starting", st.starting)
            } else {
                String::new()
            },
        ],
        _ => [
            format!("{} busy, {} queued", st.busy, st.queued),
            format!("{} up", st.instances),
        ],
    }
}

/// The box every node of `topo` is drawn in at text size `px`: wide enough for the longest name
/// and for the status lines with three-digit counts, tall enough for three lines.
pub fn box_size(topo: &Topology, px: f64) -> (f64, f64) {
    let busiest = NodeState {
        busy: 999,
        queued: 999,
        instances: 999,
        idle: 999,
        starting: 999,
        ..NodeState::default()
    };
    let widest = topo
        .nodes
        .iter()
        .flat_map(|n| {
            let [a, b] = status_lines(n.role, &busiest);
            [
                text_width(&n.label, px, true),
                text_width(&a, px, false),
                text_width(&b, px, false),
            ]
        })
        .fold(0.0, f64::max);
    (
        (widest + 2.0 * PAD * px).ceil(),
        (3.0 * LINE * px + PAD * px).ceil(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::{Architecture, Scenario};
    use crate::engine::system::System;

    #[test]
    fn status_says_what_each_kind_of_node_is_doing() {
        let st = NodeState {
            busy: 3,
            queued: 2,
            instances: 4,
            idle: 1,
            ..NodeState::default()
        };
        assert_eq!(
            status_lines(Role::Service, &st),
            ["3 busy, 2 queued".to_string(), "4 up".to_string()]
        );
        assert_eq!(
            status_lines(Role::Function, &st),
            ["3 busy, 1 warm".to_string(), String::new()]
        );
        let starting = NodeState { starting: 2, ..st };
        assert_eq!(status_lines(Role::Function, &starting)[1], "2 starting");
        let booting = NodeState {
            starting: 1,
            instances: 0,
            ..st
        };
        assert_eq!(status_lines(Role::Service, &booting)[0], "starting");
        let down = NodeState { down: true, ..st };
        assert_eq!(status_lines(Role::App, &down)[0], "down");
        assert_eq!(
            status_lines(Role::Store, &st),
            [String::new(), String::new()]
        );
    }

    #[test]
    fn boxes_grow_with_the_text_and_hold_the_longest_line() {
        let sys = System::new(Architecture::Microservices, &Scenario::default());
        let (w13, h13) = box_size(&sys.topology, 13.0);
        let (w21, h21) = box_size(&sys.topology, 21.0);
        assert!(w21 > w13 * 1.5 && h21 > h13 * 1.5);
        // "999 busy, 999 queued" is the longest line: 20 glyphs.
        assert!(w13 >= text_width("999 busy, 999 queued", 13.0, false) + 13.0);
        assert!(h13 >= 3.0 * LINE * 13.0);
    }
}
