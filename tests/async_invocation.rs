//! Asynchronous invocation (`serverless.async_kinds`): the client is answered 202 at once, the job
//! waits in Lambda's queue for an execution and then runs up to the function's 15-minute limit,
//! with no gateway waiting on it. README "Model notes" cites AWS's documentation.
#![cfg(not(target_arch = "wasm32"))]

use archflow::engine::distribution::Distribution;
use archflow::engine::metrics::FailureCause;
use archflow::engine::report::{run_scenario, ArchReport};
use archflow::engine::scenario::{Architecture, Scenario};
use archflow::engine::workload::RequestKind;

#[path = "common/queueing.rs"]
mod queueing;
use queueing::{close, erlang_c};

fn run(sc: &Scenario) -> ArchReport {
    sc.validate().unwrap();
    run_scenario(sc).1.architectures[&Architecture::Serverless].clone()
}

/// Export jobs of `work_s` on a full vCPU, one every 100 s on average, for an hour and a half.
fn exports(work_s: f64, asynchronous: bool) -> Scenario {
    let mut sc = Scenario {
        duration_s: 5400.0,
        warmup_s: 0.0,
        architectures: vec![Architecture::Serverless],
        ..Scenario::default()
    };
    sc.workload.rate_per_s = 0.01;
    sc.workload.kinds = vec![RequestKind {
        name: "export".into(),
        share: 1.0,
        work: Distribution::Constant { value_s: work_s },
        db: Distribution::Constant { value_s: 0.0 },
        modules: vec!["orders".into()],
    }];
    sc.serverless.memory_mb = 1769.0;
    if asynchronous {
        sc.serverless.async_kinds = vec!["export".into()];
    }
    sc
}

#[test]
fn a_twenty_minute_export_fails_at_the_gateway_when_synchronous_and_at_fifteen_minutes_when_queued()
{
    // Synchronous: the client waits through API Gateway and gets a 504 at 30 s.
    let sync = run(&exports(1200.0, false));
    assert!(sync.failed[&FailureCause::GatewayTimeout] > 20);
    assert_eq!(sync.completed, 0);
    assert!(sync.async_jobs.is_none());
    // Asynchronous: every client has its 202 after API Gateway's 10 ms, and each job is killed
    // at Lambda's 900 s instead.
    let queued = run(&exports(1200.0, true));
    assert_eq!(queued.failed_total, 0);
    assert_eq!(queued.completed, queued.requests);
    assert!(
        (queued.latency_ms.p99 - 10.0).abs() < 0.5,
        "{}",
        queued.latency_ms.p99
    );
    let jobs = queued.async_jobs.clone().expect("async jobs are reported");
    assert!(jobs.killed > 20 && jobs.killed == jobs.failed, "{jobs:?}");
    assert_eq!(jobs.finished, 0);
    // An 8-minute export queued this way runs to its end.
    let eight = run(&exports(480.0, true)).async_jobs.expect("reported");
    assert!(eight.finished > 20 && eight.failed == 0, "{eight:?}");
}

#[test]
fn queued_jobs_wait_for_the_accounts_limit_as_an_m_m_c_queue_predicts() {
    // Jobs of exponential length (mean 10 s) at 0.15 a second under an account limit of 2
    // executions, instantly initialised: an M/M/2 queue at load 0.75. Erlang C gives the mean
    // wait, 12.9 s. About 150,000 jobs per seed put the standard error near 2 % of it (waits are
    // correlated over busy periods), so allow 8 %.
    let (lambda, mean_s, c) = (0.15, 10.0, 2);
    let expected = erlang_c(lambda, 1.0 / mean_s, c) / (c as f64 / mean_s - lambda);
    for seed in [1, 2, 3] {
        let mut sc = exports(0.0, true);
        sc.seed = seed;
        sc.duration_s = 1_000_000.0;
        sc.workload.rate_per_s = lambda;
        sc.workload.kinds[0].work = Distribution::Exponential { mean_s };
        sc.serverless.init = Distribution::Constant { value_s: 0.0 };
        sc.serverless.account_limit = c;
        let r = run(&sc);
        let jobs = r.async_jobs.expect("reported");
        close(
            jobs.avg_wait_s,
            expected,
            0.08,
            &format!("seed {seed}: mean wait against Erlang C"),
        );
        // Little's law: the queue holds arrival rate x mean wait on average.
        assert!((jobs.avg_queue_depth - lambda * jobs.avg_wait_s).abs() < 0.05 * expected * lambda);
        assert!(jobs.longest_wait_s > 5.0 * expected);
        assert_eq!(r.failed_total, 0, "nothing is throttled: the jobs wait");
    }
}
