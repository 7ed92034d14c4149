//! The benchmark workloads, shared by the native benchmark (benches/engine.rs) and the browser
//! one (tests/wasm_bench.rs) so both measure exactly the same work. Timing is the caller's job:
//! the engine itself never reads a clock.

use super::distribution::Distribution;
use super::report::{run_scenario, ArchReport};
use super::scenario::{Architecture, Scenario};
use super::simulation::Simulation;
use super::workload::RequestKind;

pub struct Case {
    pub name: &'static str,
    pub scenario: Scenario,
}

/// The SimFaaS README case: 10^6 s at 0.9 requests/s (about 900,000 requests).
pub fn simfaas_readme() -> Case {
    let text = include_str!("../../../scenarios/simfaas-readme.json");
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

/// Runs a case to the end on one thread, architecture after architecture, so native and wasm
/// figures compare like with like; returns (requests, events processed).
pub fn run(case: &Case) -> (u64, u64) {
    case.scenario
        .architectures
        .iter()
        .fold((0, 0), |(r, e), &a| {
            let mut sim = Simulation::new(&case.scenario, a);
            sim.run_to_end();
            let report = ArchReport::of(&sim);
            (r + report.requests, e + report.events_processed)
        })
}

/// Runs a case as the headless runner does (natively: architectures on all cores); returns the
/// events processed.
pub fn run_parallel(case: &Case) -> u64 {
    run_scenario(&case.scenario)
        .1
        .architectures
        .values()
        .map(|a| a.events_processed)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_are_valid_and_both_ways_of_running_do_the_same_work() {
        for c in [simfaas_readme(), hour_at_1000_rps(), ten_million_requests()] {
            assert_eq!(c.scenario.validate(), Ok(()), "{}", c.name);
        }
        let small = Case {
            name: "small",
            scenario: Scenario {
                duration_s: 60.0,
                ..Scenario::default()
            },
        };
        assert_eq!(run(&small).1, run_parallel(&small));
    }
}
