//! The benchmark workloads, shared by the native benchmark (benches/engine.rs) and the browser
//! one (tests/wasm_bench.rs) so both measure exactly the same work. Timing is the caller's job:
//! the engine itself never reads a clock.

use super::distribution::Distribution;
use super::report::run_scenario;
use super::scenario::{Architecture, Scenario};
use super::workload::RequestKind;

pub struct Case {
    pub name: &'static str,
    pub scenario: Scenario,
}

/// The SimFaaS README case: 10^6 s at 0.9 requests/s (about 900,000 requests).
pub fn simfaas_readme() -> Case {
    let text = include_str!("../../scenarios/simfaas-readme.json");
    Case {
        name: "simfaas_readme",
        scenario: Scenario::parse_json(text).expect("bundled scenario parses"),
    }
}

/// One simulated hour at 1,000 requests/s through all four architectures.
pub fn hour_at_1000_rps() -> Case {
    let mut sc = Scenario {
        name: "hour_at_1000_rps".into(),
        duration_s: 3600.0,
        ..Scenario::default()
    };
    sc.workload.rate_per_s = 1000.0;
    sc.microservices.service_defaults.max_replicas = 200;
    Case {
        name: "hour_at_1000_rps",
        scenario: sc,
    }
}

/// Ten million light requests through serverless, for peak memory.
pub fn ten_million_requests() -> Case {
    let mut sc = Scenario {
        name: "ten_million".into(),
        duration_s: 10_000.0,
        architectures: vec![Architecture::Serverless],
        ..Scenario::default()
    };
    sc.workload.rate_per_s = 1000.0;
    sc.workload.kinds = vec![RequestKind {
        name: "api".into(),
        work: Distribution::exponential(0.005),
        db: Distribution::exponential(0.01),
        ..RequestKind::default()
    }];
    Case {
        name: "ten_million",
        scenario: sc,
    }
}

/// Runs a case to the end; returns (requests, events processed).
pub fn run(case: &Case) -> (u64, u64) {
    let (_, report) = run_scenario(&case.scenario);
    report
        .architectures
        .values()
        .fold((0, 0), |(r, e), a| (r + a.requests, e + a.events_processed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_valid_scenarios() {
        for c in [simfaas_readme(), hour_at_1000_rps(), ten_million_requests()] {
            assert_eq!(c.scenario.validate(), Ok(()), "{}", c.name);
        }
    }
}
