//! The components of one architecture and how requests travel between them. The engine builds it
//! from the scenario; the UI lays it out and draws it; traces refer to its node numbers.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Client,
    App,
    Database,
    ApiGateway,
    Gateway,
    Service,
    Function,
    Store,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    pub label: String,
    pub role: Role,
    /// The business module it serves, if any (index into `Workload::modules`).
    pub module: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Topology {
    pub nodes: Vec<Node>,
    pub edges: Vec<(u16, u16)>,
}

impl Topology {
    pub const CLIENT: u16 = 0;

    pub fn with_client() -> Self {
        let mut t = Topology::default();
        t.add("Clients", Role::Client, None);
        t
    }

    pub fn add(&mut self, label: impl Into<String>, role: Role, module: Option<usize>) -> u16 {
        self.nodes.push(Node {
            label: label.into(),
            role,
            module,
        });
        (self.nodes.len() - 1) as u16
    }

    pub fn link(&mut self, a: u16, b: u16) {
        if !self.edges.contains(&(a, b)) {
            self.edges.push((a, b));
        }
    }

    /// The data store of a module: every part that talks to it shares the one node.
    pub fn store(&mut self, module: usize, module_name: &str) -> u16 {
        self.find(Role::Store, Some(module))
            .unwrap_or_else(|| self.add(format!("{module_name} DB"), Role::Store, Some(module)))
    }

    pub fn find(&self, role: Role, module: Option<usize>) -> Option<u16> {
        self.nodes
            .iter()
            .position(|n| n.role == role && n.module == module)
            .map(|i| i as u16)
    }
}

/// What one node is doing right now, for the diagram.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct NodeState {
    pub node: u16,
    /// Requests being served.
    pub busy: u32,
    /// Requests waiting.
    pub queued: u32,
    /// Machines, pods or function instances able to serve.
    pub instances: u32,
    /// Function instances kept warm with no work.
    pub idle: u32,
    /// Instances starting (pods booting, functions initialising, an app restarting).
    pub starting: u32,
    /// Not serving at all (crashed or restarting).
    pub down: bool,
    /// Turned requests away with 429 in the last second.
    pub throttling: bool,
    /// A bug is active here.
    pub faulty: bool,
}
