//! Nodes take time: the Kubernetes Cluster Autoscaler's rule for the cluster's machines.
//!
//! A pod is placed only where the nodes that are up have room for its CPU and memory requests;
//! otherwise it is pending. Every `scan_s` the autoscaler looks: for pending pods it asks for
//! the nodes they need, which join `node_join_s` later (the autoscaler noticing, the cloud
//! launching the instance, the node joining and becoming ready); nodes that have not been needed
//! for `unneeded_s` are removed. Nodes are billed from launch to removal. Defaults and sources are
//! in the README ("Model notes").

use crate::validation::Checker;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeScaling {
    /// From a pod found pending to the node it asked for taking pods, seconds.
    pub node_join_s: f64,
    /// How long a node must be unneeded before it is removed, seconds.
    pub unneeded_s: f64,
    /// How often the autoscaler looks, seconds.
    pub scan_s: f64,
}

crate::tagged::settings_reader!(NodeScaling {
    node_join_s,
    unneeded_s,
    scan_s
});

impl Default for NodeScaling {
    fn default() -> Self {
        NodeScaling {
            node_join_s: 90.0,
            unneeded_s: 600.0,
            scan_s: 10.0,
        }
    }
}

impl NodeScaling {
    pub fn check(&mut self, path: &str, c: &mut Checker) {
        let d = NodeScaling::default();
        c.number(
            &format!("{path}.node_join_s"),
            &mut self.node_join_s,
            0.0,
            3600.0,
            "s",
            d.node_join_s,
        );
        c.number(
            &format!("{path}.unneeded_s"),
            &mut self.unneeded_s,
            0.0,
            86_400.0,
            "s",
            d.unneeded_s,
        );
        c.number(
            &format!("{path}.scan_s"),
            &mut self.scan_s,
            1.0,
            600.0,
            "s",
            d.scan_s,
        );
    }
}

/// The cluster's nodes: those up, those launched and not yet joined, and since when more are
/// up than the placed pods need.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePool {
    pub up: u32,
    pub joining: u32,
    unneeded_since: Option<f64>,
}

/// What a scan decided.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NodeChange {
    None,
    /// Launch this many nodes; each joins after `node_join_s`.
    Launch(u32),
    /// Remove this many nodes now.
    Remove(u32),
}

impl NodePool {
    pub fn new(up: u32) -> Self {
        NodePool {
            up,
            joining: 0,
            unneeded_since: None,
        }
    }

    /// Nodes billed: up, and launched but not joined yet.
    pub fn billed(&self) -> u32 {
        self.up + self.joining
    }

    /// One scan, given the nodes every pod (pending ones included) needs.
    pub fn scan(&mut self, now: f64, wanted: u32, cfg: &NodeScaling) -> NodeChange {
        let billed = self.billed();
        if wanted > billed {
            self.unneeded_since = None;
            self.joining += wanted - billed;
            return NodeChange::Launch(wanted - billed);
        }
        // Nodes up beyond what the pods need; one still joining is never removed.
        let spare = self.up.saturating_sub(wanted);
        if spare == 0 {
            self.unneeded_since = None;
            return NodeChange::None;
        }
        match self.unneeded_since {
            None => {
                self.unneeded_since = Some(now);
                NodeChange::None
            }
            Some(since) if now - since >= cfg.unneeded_s => {
                self.unneeded_since = None;
                self.up -= spare;
                NodeChange::Remove(spare)
            }
            Some(_) => NodeChange::None,
        }
    }

    /// A launched node has joined and takes pods.
    pub fn joined(&mut self) {
        self.joining -= 1;
        self.up += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_pods_launch_nodes_that_count_from_launch_and_join_later() {
        let cfg = NodeScaling::default();
        let mut pool = NodePool::new(2);
        assert_eq!(pool.scan(0.0, 2, &cfg), NodeChange::None);
        assert_eq!(pool.scan(10.0, 5, &cfg), NodeChange::Launch(3));
        assert_eq!((pool.up, pool.billed()), (2, 5));
        // Asked again before they join, it launches nothing more.
        assert_eq!(pool.scan(20.0, 5, &cfg), NodeChange::None);
        pool.joined();
        assert_eq!((pool.up, pool.joining), (3, 2));
    }

    #[test]
    fn a_node_goes_only_after_being_unneeded_for_the_whole_period() {
        let cfg = NodeScaling::default();
        let mut pool = NodePool::new(4);
        assert_eq!(pool.scan(0.0, 2, &cfg), NodeChange::None);
        assert_eq!(pool.scan(599.0, 2, &cfg), NodeChange::None);
        // Needed again for a moment: the clock starts over.
        assert_eq!(pool.scan(599.5, 4, &cfg), NodeChange::None);
        assert_eq!(pool.scan(600.0, 2, &cfg), NodeChange::None);
        assert_eq!(pool.scan(1199.0, 2, &cfg), NodeChange::None);
        assert_eq!(pool.scan(1200.0, 2, &cfg), NodeChange::Remove(2));
        assert_eq!(pool.billed(), 2);
    }
}
