//! One request's journey as the per-service logs would show it. Each service logs only its own
//! part; the shared trace id is what lets a reader stitch the request back together.

use super::format::{escaped, ms};
use crate::engine::rng::splitmix64;
use crate::engine::topology::{Role, Topology};
use crate::engine::trace::{Hop, Outcome, Trace};

#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The service (node label) whose log this line is in.
    pub service: String,
    pub at_s: f64,
    pub text: String,
}

/// A short, stable trace id for a request.
pub fn trace_id(seed: u64, request: u64) -> String {
    format!("{:016x}", splitmix64(seed ^ splitmix64(request)))
}

/// The log lines a traced request leaves, in time order: one per component it passed through,
/// written when the component first saw it and stating how long it held the request. A caller
/// that waited on a synchronous call is passed again on the way back; that is the same log line.
pub fn log_lines(trace: &Trace, topo: &Topology, seed: u64, kind_name: &str) -> Vec<LogLine> {
    let id = trace_id(seed, trace.id);
    let visited: Vec<&Hop> = trace
        .hops
        .iter()
        .filter(|h| {
            topo.nodes
                .get(h.node as usize)
                .is_some_and(|n| n.role != Role::Client)
        })
        .collect();
    // The component the request ended at reports its outcome.
    let last = visited.last().map(|h| h.node);
    let mut lines = Vec::new();
    for (n, h) in visited.iter().enumerate() {
        if visited[..n].iter().any(|e| e.node == h.node) {
            continue;
        }
        let node = &topo.nodes[h.node as usize];
        let left = visited[n..]
            .iter()
            .filter(|e| e.node == h.node)
            .map(|e| e.depart)
            .fold(h.depart, f64::max);
        let spent = if left.is_finite() {
            ms((left - h.arrive) * 1000.0)
        } else {
            "still running".into()
        };
        let status = match (Some(h.node) == last, trace.outcome) {
            (true, Outcome::Failed) => " ERROR",
            (true, Outcome::Throttled) => " 429",
            (true, Outcome::TimedOut) => " TIMEOUT",
            _ => "",
        };
        lines.push(LogLine {
            service: node.label.clone(),
            at_s: h.arrive,
            text: format!("trace={id} {kind_name} {spent}{status}"),
        });
    }
    lines
}

/// The lines as HTML list items: the service, the time, then the line as its log has it.
pub fn lines_html(lines: &[LogLine]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for l in lines {
        let _ = write!(
            out,
            r#"<li><span class="log-service">{}</span><span class="log-time">t={:.3}s</span><code>{}</code></li>"#,
            escaped(&l.service),
            l.at_s,
            escaped(&l.text)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::{Architecture, Scenario};
    use crate::engine::simulation::Simulation;

    #[test]
    fn a_microservice_request_leaves_one_line_per_service_all_with_the_same_id() {
        let sc = Scenario {
            duration_s: 30.0,
            trace_fraction: Some(1.0),
            ..Scenario::default()
        };
        let mut sim = Simulation::new(&sc, Architecture::Microservices);
        sim.run_to_end();
        let checkout = sc.workload.kind_index("checkout").unwrap() as u16;
        let t = sim
            .traces
            .recent
            .iter()
            .find(|t| t.kind == checkout)
            .expect("a traced checkout");
        let lines = log_lines(t, &sim.system.topology, sc.seed, "checkout");
        let services: Vec<&str> = lines.iter().map(|l| l.service.as_str()).collect();
        assert_eq!(services, vec!["gateway", "orders", "payments"]);
        let id = trace_id(sc.seed, t.id);
        assert!(lines
            .iter()
            .all(|l| l.text.starts_with(&format!("trace={id} checkout "))));
        assert!(lines.windows(2).all(|w| w[0].at_s <= w[1].at_s));
        let html = lines_html(&lines);
        assert_eq!(html.matches("<li>").count(), 3);
        assert!(html.starts_with(
            r#"<li><span class="log-service">gateway</span><span class="log-time">t="#
        ));
    }
}
