//! The engine against queueing theory and published FaaS results, over several seeds, with
//! tolerances a correct engine meets every time. Each test fails if the model is wrong: the
//! expected figures come from closed-form results and papers, not from the engine.

use archflow::engine::report::{run_scenario, ArchReport};
use archflow::engine::scenario::{Architecture, Scenario};

fn load(name: &str) -> Scenario {
    let text = std::fs::read_to_string(format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    let sc = Scenario::parse_json(&text).unwrap();
    sc.validate().unwrap();
    sc
}

#[path = "common/queueing.rs"]
mod queueing;
use queueing::{close, erlang_c};

fn run(sc: &Scenario, arch: Architecture) -> ArchReport {
    run_scenario(sc).1.architectures[&arch].clone()
}

#[test]
fn erlang_c_mmc_matches_closed_form() {
    let pw = erlang_c(90.0, 10.0, 10);
    assert!((pw - 0.6687).abs() < 1e-3, "the formula itself: {pw}");
    let wait_ms = pw / (10.0 * 10.0 - 90.0) * 1000.0;
    for seed in [1, 2, 3] {
        let mut sc = load("erlang-c.json");
        sc.seed = seed;
        let r = run(&sc, Architecture::Monolith);
        close(r.prob_wait.unwrap(), pw, 0.03, "P(wait)");
        close(r.avg_wait_ms.unwrap(), wait_ms, 0.08, "mean wait ms");
        close(r.latency_ms.mean, wait_ms + 100.0, 0.03, "mean response ms");
        assert_eq!(r.failed_total, 0);
    }
}

#[test]
fn mm1_mean_response_is_one_second() {
    for seed in [1, 2] {
        let mut sc = load("mm1.json");
        sc.seed = seed;
        let r = run(&sc, Architecture::Monolith);
        close(r.latency_ms.mean, 1000.0, 0.06, "M/M/1 mean response ms");
    }
}

#[test]
fn simfaas_readme_case() {
    for seed in [1, 2] {
        let mut sc = load("simfaas-readme.json");
        sc.seed = seed;
        let r = run(&sc, Architecture::Serverless);
        close(r.requests as f64, 900_000.0, 0.01, "requests");
        close(
            r.cold_start_probability.unwrap(),
            0.0014,
            0.15,
            "cold-start probability",
        );
        close(r.avg_instances, 7.66, 0.04, "average instances");
        close(r.avg_running, 1.79, 0.03, "average running");
        close(r.avg_idle, 5.87, 0.04, "average idle");
        assert_eq!(r.rejection_probability, Some(0.0));
    }
}

#[test]
fn mahmoudi_khazaei_steady_state_follows_littles_law() {
    let r = run(&load("mahmoudi-khazaei.json"), Architecture::Serverless);
    close(
        r.avg_running,
        200.0,
        0.03,
        "running = lambda x service time",
    );
    close(r.avg_instances, 251.0, 0.04, "instances");
}
