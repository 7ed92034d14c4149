//! The container models against queueing theory and against the behaviours the explainer teaches:
//! processor sharing (insensitive to the service-time distribution), CPU limits below a core, a
//! tandem of stations (Jackson's product form), the cascade of synchronous calls with and without
//! protection, and releases. The expected figures come from closed forms, not from the engine.
//!
//! Tolerances: each theory run serves 100,000 to 300,000 requests per seed. Response times of a
//! queue at 70-75 % load are strongly autocorrelated; batch means over runs of this length put the
//! standard error of the mean response at 1 to 2 %, so 6 % is more than three standard errors and
//! a correct engine meets it on every seed, while a first-come-first-served CPU (off by 25 % for
//! the lognormal case), an unlimited pod (off by 2x) or a lost hop term fails it.

use archflow::engine::distribution::Distribution;
use archflow::engine::metrics::FailureCause;
use archflow::engine::models::microservices::ServiceSpec;
use archflow::engine::models::resilience::CallPolicy;
use archflow::engine::report::{run_scenario, ArchReport};
use archflow::engine::scenario::{Architecture, Scenario};
use archflow::engine::timeline::{BugEffect, TimelineEvent};
use archflow::engine::workload::{RateShape, RequestKind};

#[path = "common/queueing.rs"]
mod queueing;
use queueing::{close, erlang_c};

const SEEDS: [u64; 3] = [1, 2, 3];

fn run(sc: &Scenario, arch: Architecture) -> ArchReport {
    sc.validate().unwrap();
    run_scenario(sc).1.architectures[&arch].clone()
}

/// Mean response time of M/M/c, seconds. c cores shared by processor sharing have the same
/// number-in-system process (death rate min(n, c) mu), so the same mean.
fn mmc_response(lambda: f64, mu: f64, c: u32) -> f64 {
    1.0 / mu + erlang_c(lambda, mu, c) / (c as f64 * mu - lambda)
}

fn one_kind(work: Distribution, db: Distribution, modules: &[&str]) -> Vec<RequestKind> {
    vec![RequestKind {
        name: "job".into(),
        share: 1.0,
        work,
        db,
        modules: modules.iter().map(|m| m.to_string()).collect(),
    }]
}

/// A monolith whose threads never run out, so only its cores queue.
fn cpu_bound_monolith(seed: u64, rate: f64, work: Distribution, db: Distribution) -> Scenario {
    let mut sc = Scenario {
        seed,
        duration_s: 20_000.0,
        warmup_s: 500.0,
        architectures: vec![Architecture::Monolith],
        ..Scenario::default()
    };
    sc.workload.rate_per_s = rate;
    sc.workload.kinds = one_kind(work, db, &["app"]);
    sc.monolith.machine = "t3.medium".into(); // 2 vCPU
    sc.monolith.workers = 4096;
    sc.monolith.queue_limit = 1_000_000;
    sc
}

#[test]
fn shared_cores_give_the_mmc_mean_whatever_the_service_time_distribution() {
    // 2 cores, 15 requests/s of 100 ms: 75 % load. Processor sharing is insensitive: the mean
    // response is M/M/2's for a constant, an exponential and a heavy lognormal service time alike.
    let want = mmc_response(15.0, 10.0, 2);
    let lognormal_median = 0.1 / (0.5f64).exp(); // sigma 1: mean = median x e^(1/2)
    for seed in SEEDS {
        for (name, work) in [
            ("constant", Distribution::constant(0.1)),
            ("exponential", Distribution::exponential(0.1)),
            ("lognormal", Distribution::lognormal(lognormal_median, 1.0)),
        ] {
            let sc = cpu_bound_monolith(seed, 15.0, work, Distribution::constant(0.0));
            let r = run(&sc, Architecture::Monolith);
            close(
                r.latency_ms.mean / 1000.0,
                want,
                0.06,
                &format!("{name} seed {seed}"),
            );
        }
    }
}

#[test]
fn a_short_request_is_not_stuck_behind_long_ones() {
    // First come, first served, a 4 ms page waits for the 300 ms reports ahead of it on the
    // cores; time-sliced, it gets its share at once. Its median stays within a few times 4 ms.
    let mut sc = cpu_bound_monolith(
        1,
        5.0,
        Distribution::constant(0.0),
        Distribution::constant(0.0),
    );
    sc.duration_s = 3000.0;
    sc.workload.kinds = vec![
        RequestKind {
            name: "page".into(),
            share: 0.8,
            work: Distribution::constant(0.004),
            db: Distribution::constant(0.0),
            modules: vec!["app".into()],
        },
        RequestKind {
            name: "report".into(),
            share: 0.2,
            work: Distribution::constant(1.5),
            db: Distribution::constant(0.0),
            modules: vec!["app".into()],
        },
    ];
    sc.architectures = vec![Architecture::Monolith];
    let r = run(&sc, Architecture::Monolith);
    assert!(
        r.latency_ms.p50 < 20.0,
        "a 4 ms page's median is {} ms",
        r.latency_ms.p50
    );
}

/// One service behind the gateway, one pod, no autoscaling, no network time.
fn single_service(seed: u64, rate: f64, pod_vcpu: f64, workers: u32) -> Scenario {
    let mut sc = Scenario {
        seed,
        duration_s: 30_000.0,
        warmup_s: 500.0,
        architectures: vec![Architecture::Microservices],
        ..Scenario::default()
    };
    sc.workload.rate_per_s = rate;
    sc.workload.kinds = one_kind(
        Distribution::exponential(0.1),
        Distribution::constant(0.0),
        &["svc"],
    );
    let ms = &mut sc.microservices;
    ms.autoscaling.enabled = false;
    ms.network_hop_ms = 0.0;
    ms.gateway_work_ms = 0.0;
    ms.ingress_timeout_s = 0.0;
    ms.service_defaults = ServiceSpec {
        min_replicas: 1,
        max_replicas: 1,
        workers_per_pod: workers,
        queue_per_pod: 100_000,
        pod_vcpu,
        ..ServiceSpec::default()
    };
    sc
}

#[test]
fn a_pod_gets_only_its_cpu_limit() {
    // 3 requests/s of 100 ms on one worker: M/M/1. With a whole core, mu = 10/s and the mean is
    // 1/(10 - 3) s; limited to half a core, every request runs at half speed: mu = 5/s, 1/(5 - 3).
    for seed in SEEDS {
        let full = run(
            &single_service(seed, 3.0, 1.0, 1),
            Architecture::Microservices,
        );
        close(full.latency_ms.mean / 1000.0, 1.0 / 7.0, 0.06, "1 vCPU");
        let half = run(
            &single_service(seed, 3.0, 0.5, 1),
            Architecture::Microservices,
        );
        close(half.latency_ms.mean / 1000.0, 1.0 / 2.0, 0.06, "0.5 vCPU");
    }
}

#[test]
fn many_workers_on_one_limited_cpu_form_a_processor_sharing_queue() {
    // M/M/1-PS: E[T] = E[S] / (1 - rho), with E[S] at the pod's speed (0.5 vCPU: 0.2 s).
    for seed in SEEDS {
        let r = run(
            &single_service(seed, 3.5, 0.5, 256),
            Architecture::Microservices,
        );
        close(
            r.latency_ms.mean / 1000.0,
            0.2 / (1.0 - 0.7),
            0.06,
            "M/M/1-PS",
        );
    }
}

#[test]
fn a_tandem_of_stations_matches_jacksons_formula() {
    // The application's cores, then the database server's cores, each M/M/2: in a Jackson
    // network the mean response is the sum of the stations' means (plus the two hops).
    for seed in SEEDS {
        let mut sc = cpu_bound_monolith(
            seed,
            15.0,
            Distribution::exponential(0.1),
            Distribution::exponential(0.08),
        );
        sc.monolith.db_on_same_machine = false;
        let want = mmc_response(15.0, 10.0, 2) + mmc_response(15.0, 12.5, 2) + 0.001;
        let r = run(&sc, Architecture::Monolith);
        close(r.latency_ms.mean / 1000.0, want, 0.06, "tandem");
    }
}

/// Chapter 2's traffic with payments' database 1,000 times slower from 100 s to 400 s. The
/// autoscaler stays on, as in the chapter: it adds pods for CPU, never for threads held waiting.
fn cascade(protected: bool, seed: u64) -> ArchReport {
    let mut sc = Scenario {
        seed,
        duration_s: 500.0,
        architectures: vec![Architecture::Microservices],
        ..Scenario::default()
    };
    sc.workload.rate_per_s = 25.0;
    if protected {
        sc.microservices.calls = CallPolicy::protected();
    }
    sc.events.push(TimelineEvent::Bug {
        at_s: 100.0,
        duration_s: 300.0,
        target: "payments".into(),
        effect: BugEffect::SlowDb { factor: 1000.0 },
    });
    run(&sc, Architecture::Microservices)
}

#[test]
fn a_slow_service_fails_its_callers_other_endpoints_unless_calls_are_protected() {
    for seed in SEEDS {
        let bare = cascade(false, seed);
        let browse = bare.failed_by_kind["browse"];
        // Browse (users, orders) never calls payments; it fails because orders' threads are all
        // waiting on checkout's calls to payments.
        assert!(
            browse as f64 > 0.2 * bare.requests_by_kind["browse"] as f64 * 0.6,
            "seed {seed}: only {browse} browse requests failed without protection"
        );
        let guarded = cascade(true, seed);
        assert_eq!(
            guarded.failed_by_kind["browse"], 0,
            "seed {seed}: with a timeout and a breaker browse keeps working"
        );
        let fast_fails =
            guarded.failed[&FailureCause::CircuitOpen] + guarded.failed[&FailureCause::CallTimeout];
        assert!(
            fast_fails > 0,
            "the slow path fails by timeout or open breaker"
        );
        assert!(
            guarded.time_to_failure_ms.unwrap().p50 < 2500.0,
            "and fails fast: {:?}",
            guarded.time_to_failure_ms
        );
    }
}

fn release(copies: u32) -> ArchReport {
    let mut sc = Scenario {
        duration_s: 400.0,
        architectures: vec![Architecture::Monolith],
        ..Scenario::default()
    };
    sc.monolith.copies = copies;
    sc.events.push(TimelineEvent::Deploy {
        at_s: 100.0,
        target: "*".into(),
    });
    run(&sc, Architecture::Monolith)
}

#[test]
fn a_release_rolls_through_two_copies_without_a_failure_and_takes_one_copy_down() {
    let one = release(1);
    assert!(
        one.failed[&FailureCause::Unavailable] > 500,
        "45 s of downtime at 20 requests/s: {}",
        one.failed[&FailureCause::Unavailable]
    );
    let two = release(2);
    assert_eq!(two.failed_total, 0, "{:?}", two.failed);
    assert!(
        two.avg_starting > 0.1,
        "each copy restarted in turn: {} copies starting on average",
        two.avg_starting
    );
}

fn monolith_bug(effect: BugEffect) -> ArchReport {
    let mut sc = Scenario {
        duration_s: 300.0,
        architectures: vec![Architecture::Monolith],
        ..Scenario::default()
    };
    sc.events.push(TimelineEvent::Bug {
        at_s: 100.0,
        duration_s: 60.0,
        target: "payments".into(),
        effect,
    });
    run(&sc, Architecture::Monolith)
}

#[test]
fn an_exception_fails_its_module_only_and_a_crash_takes_the_process_down() {
    let exception = monolith_bug(BugEffect::Exception);
    assert!(exception.failed_by_kind["checkout"] > 100);
    assert_eq!(exception.failed_by_kind["browse"], 0);
    assert_eq!(exception.failed_by_kind["report"], 0);
    let crash = monolith_bug(BugEffect::Crash);
    assert!(
        crash.failed_by_kind["browse"] > 300,
        "{:?}",
        crash.failed_by_kind
    );
    assert!(crash.failed_by_kind["report"] > 50);
}

/// The default microservices, running at `before` requests/s and at `after` from `at_s` on,
/// measured from `from_s` to `to_s`.
fn microservices_step(
    seed: u64,
    before: f64,
    after: f64,
    at_s: f64,
    window: (f64, f64),
) -> Scenario {
    let mut sc = Scenario {
        seed,
        warmup_s: window.0,
        duration_s: window.1,
        architectures: vec![Architecture::Microservices],
        ..Scenario::default()
    };
    sc.workload.rate_per_s = before;
    sc.workload.shape = vec![RateShape::Step {
        at_s,
        rate_per_s: after,
    }];
    sc.microservices.service_defaults.max_replicas = 100;
    sc
}

/// A surge needs more pods than the nodes that are up can hold: the autoscaler's new pods wait,
/// pending, for nodes that take `node_join_s` to join, and the requests wait with them. With
/// nodes that joined at once, the same surge is served by more pods in the first minutes.
#[test]
fn new_pods_wait_for_the_nodes_they_need() {
    for seed in SEEDS {
        // The two minutes after traffic grows eightfold.
        let slow = microservices_step(seed, 20.0, 160.0, 300.0, (300.0, 420.0));
        let mut instant = slow.clone();
        instant.microservices.nodes.node_join_s = 0.0;
        let (slow, instant) = (
            run(&slow, Architecture::Microservices),
            run(&instant, Architecture::Microservices),
        );
        assert!(
            slow.avg_running < 0.8 * instant.avg_running,
            "seed {seed}: {} pods serving while nodes join, {} with instant nodes",
            slow.avg_running,
            instant.avg_running
        );
        assert!(
            slow.latency_ms.p99 > 1.5 * instant.latency_ms.p99
                || slow.failed_total > instant.failed_total + 100,
            "seed {seed}: p99 {} ms and {} failed while nodes join; {} ms and {} failed with instant nodes",
            slow.latency_ms.p99,
            slow.failed_total,
            instant.latency_ms.p99,
            instant.failed_total
        );
    }
}

/// After traffic falls, the autoscaler removes pods within its stabilisation window, but the
/// nodes they ran on are billed until they have been unneeded for `unneeded_s`.
#[test]
fn unneeded_nodes_are_billed_until_they_have_been_idle_long_enough() {
    let nodes_per_s = |sc: &Scenario| {
        let r = run(sc, Architecture::Microservices);
        r.cost_items_usd["cluster_nodes"] / (sc.duration_s - sc.warmup_s)
    };
    for seed in SEEDS {
        // Traffic falls from 160 to 10 requests/s at 900 s; the pods go by about 1,250 s.
        let lingering = microservices_step(seed, 160.0, 10.0, 900.0, (1300.0, 1700.0));
        let settled = microservices_step(seed, 160.0, 10.0, 900.0, (2300.0, 2700.0));
        let (during, after) = (nodes_per_s(&lingering), nodes_per_s(&settled));
        assert!(
            during > 1.5 * after,
            "seed {seed}: nodes cost {during} $/s while unneeded, {after} $/s once removed"
        );
        let mut prompt = lingering.clone();
        prompt.microservices.nodes.unneeded_s = 0.0;
        let removed_at_once = nodes_per_s(&prompt);
        assert!(
            (removed_at_once / after - 1.0).abs() < 0.1,
            "seed {seed}: removed at once {removed_at_once} $/s, settled {after} $/s"
        );
    }
}

/// A crash kills the service's processes: the requests it holds at that instant (working,
/// querying, or waiting for a worker) fail with it, even when it is back a millisecond later.
/// By Little's law about 40 requests/s x 0.2 s, some 8, are inside payments at any moment.
#[test]
fn a_crash_loses_the_requests_the_crashed_service_holds() {
    for seed in SEEDS {
        let mut sc = Scenario {
            seed,
            duration_s: 200.0,
            warmup_s: 0.0,
            architectures: vec![Architecture::Microservices],
            ..Scenario::default()
        };
        sc.workload.rate_per_s = 40.0;
        sc.workload.kinds = one_kind(
            Distribution::Constant { value_s: 0.01 },
            Distribution::Constant { value_s: 0.4 },
            &["orders", "payments"],
        );
        // Threads enough that, crash aside, nothing waits or overflows.
        sc.microservices.service_defaults.workers_per_pod = 200;
        sc.events.push(TimelineEvent::Bug {
            at_s: 100.0,
            duration_s: 0.001,
            target: "payments".into(),
            effect: BugEffect::Crash,
        });
        let r = run(&sc, Architecture::Microservices);
        let crashed = r.failed[&FailureCause::Crashed];
        assert!(
            (3..=25).contains(&crashed),
            "seed {seed}: {crashed} requests lost in the crash"
        );
        assert_eq!(
            r.failed_total, crashed,
            "seed {seed}: nothing else fails: {:?}",
            r.failed
        );
    }
}
