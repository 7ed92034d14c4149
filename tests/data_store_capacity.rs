//! Data stores are stations with a capacity: the monolith's connection pool (HikariCP's defaults,
//! 10 connections and a 30 s wait), the functions' relational database whose connections every
//! execution environment holds (RDS for PostgreSQL, `max_connections`), and RDS Proxy lending its
//! pooled connections one query at a time (a 120 s borrow timeout). README "Model notes" cites
//! each default.
#![cfg(not(target_arch = "wasm32"))]

use archflow::engine::distribution::Distribution;
use archflow::engine::metrics::FailureCause;
use archflow::engine::models::function_store::{BorrowQueue, StoreEngine};
use archflow::engine::report::{run_scenario, ArchReport};
use archflow::engine::rng::{Rng, Stream};
use archflow::engine::scenario::{Architecture, Scenario};
use archflow::engine::timeline::{BugEffect, TimelineEvent};
use archflow::engine::workload::{RateShape, RequestKind};

#[path = "common/queueing.rs"]
mod queueing;
use queueing::{close, erlang_c};

fn run(sc: &Scenario, arch: Architecture) -> ArchReport {
    sc.validate().unwrap();
    run_scenario(sc).1.architectures[&arch].clone()
}

fn no_connection(r: &ArchReport) -> u64 {
    r.failed[&FailureCause::NoDbConnection]
}

/// One kind of request that works 20 ms and queries for 10 ms.
fn querying_kind() -> RequestKind {
    RequestKind {
        name: "orders".into(),
        share: 1.0,
        work: Distribution::Constant { value_s: 0.02 },
        db: Distribution::Constant { value_s: 0.01 },
        modules: vec!["orders".into()],
    }
}

fn monolith(seed: u64) -> Scenario {
    let mut sc = Scenario {
        seed,
        duration_s: 400.0,
        warmup_s: 0.0,
        architectures: vec![Architecture::Monolith],
        ..Scenario::default()
    };
    // Enough threads that they never run out: the pool is what is measured.
    sc.monolith.workers = 2000;
    sc.monolith.queue_limit = 100_000;
    sc.monolith.db_on_same_machine = false;
    sc.workload.rate_per_s = 20.0;
    sc.workload.kinds = vec![querying_kind()];
    sc
}

#[test]
fn a_monolith_waits_for_its_pooled_connections_and_gives_up_after_the_pools_timeout() {
    for seed in [1, 2, 3] {
        // From 100 s, queries take 1,000 times longer (10 s of the database server's 2 cores,
        // shared by the 10 pooled connections: 50 s each). 20 requests/s queue for one of the 10
        // connections, and nearly all fail after 30 s.
        let mut sc = monolith(seed);
        sc.events.push(TimelineEvent::Bug {
            at_s: 100.0,
            duration_s: 200.0,
            target: "orders".into(),
            effect: BugEffect::SlowDb { factor: 1000.0 },
        });
        let pooled = run(&sc, Architecture::Monolith);
        let refused = no_connection(&pooled);
        // Those arriving from 100 s to 270 s (about 3,400; later ones get a connection once
        // queries are fast again) all wait 30 s, but for the 10 per 50 s the pool serves.
        assert!(
            refused > 3000,
            "seed {seed}: {refused} requests timed out waiting for a connection"
        );
        let ttf = pooled.time_to_failure_ms.expect("failures");
        assert!(
            (ttf.p50 - 30_020.0).abs() < 100.0,
            "seed {seed}: a request fails after its 20 ms of work and 30 s in the pool's queue, \
             median {} ms",
            ttf.p50
        );
        // A pool larger than the requests that ever wait (4,000 arrive while it is slow).
        sc.monolith.db_connections = 10_000;
        assert_eq!(no_connection(&run(&sc, Architecture::Monolith)), 0);
    }
}

#[test]
fn a_pool_that_never_fills_changes_nothing() {
    // 20 requests/s holding a connection 10 ms each keep 0.2 of the 10 busy on average: the
    // chance that all 10 are taken is below one in a billion, so the run is the same as with
    // an unlimited pool, to the last request.
    let sc = monolith(7);
    let mut unlimited = sc.clone();
    unlimited.monolith.db_connections = 10_000;
    let (a, b) = (
        run(&sc, Architecture::Monolith),
        run(&unlimited, Architecture::Monolith),
    );
    assert_eq!(a.latency_ms.p99, b.latency_ms.p99);
    assert_eq!(a.completed, b.completed);
    assert_eq!(a.prob_wait, b.prob_wait);
}

fn functions(seed: u64, max_connections: u32, proxy: bool) -> Scenario {
    let mut sc = Scenario {
        seed,
        duration_s: 600.0,
        warmup_s: 0.0,
        architectures: vec![Architecture::Serverless],
        ..Scenario::default()
    };
    sc.workload.kinds = vec![querying_kind()];
    sc.workload.rate_per_s = 5.0;
    let store = &mut sc.serverless.data_store;
    store.engine = StoreEngine::Relational;
    store.max_connections = max_connections;
    store.proxy = proxy;
    sc
}

/// Traffic x100 for a minute at 60 s: 500 requests/s of about 31 ms each need some 16 busy
/// environments, and cold starts (about 0.3 s each) add many more while the spike ramps up.
fn with_spike(mut sc: Scenario) -> Scenario {
    sc.workload.shape.push(RateShape::Spike {
        at_s: 60.0,
        duration_s: 60.0,
        factor: 100.0,
    });
    sc
}

#[test]
fn functions_that_scale_past_the_databases_connections_fail_and_a_proxy_prevents_it() {
    for seed in [1, 2, 3] {
        let direct = run(
            &with_spike(functions(seed, 20, false)),
            Architecture::Serverless,
        );
        let refused = no_connection(&direct);
        assert!(
            refused > 0 && refused < direct.requests,
            "seed {seed}: {refused} of {} refused a connection",
            direct.requests
        );
        // Refused environments fail while they initialise, never later.
        let ttf = direct.time_to_failure_ms.expect("failures");
        assert!(ttf.max < 5_000.0, "seed {seed}: {} ms", ttf.max);
        // The same 20 connections behind RDS Proxy: lent for 10 ms at a time, enough for all.
        let proxied = run(
            &with_spike(functions(seed, 20, true)),
            Architecture::Serverless,
        );
        assert_eq!(no_connection(&proxied), 0, "seed {seed}");
        assert_eq!(proxied.failed_total, 0, "seed {seed}");
        // And with a table there are no connections to run out of.
        let mut table = with_spike(functions(seed, 20, false));
        table.serverless.data_store.engine = StoreEngine::Table;
        assert_eq!(run(&table, Architecture::Serverless).failed_total, 0);
    }
}

#[test]
fn expired_environments_give_their_connections_back() {
    // Two spikes 20 minutes apart, with a 10-minute keep-alive: by the second, the first
    // spike's environments have expired and closed their connections. Had they kept them,
    // every new environment of the second spike would be refused.
    let mut sc = with_spike(functions(4, 20, false));
    sc.duration_s = 1500.0;
    sc.workload.shape.push(RateShape::Spike {
        at_s: 1300.0,
        duration_s: 60.0,
        factor: 100.0,
    });
    let first = {
        let mut one = sc.clone();
        one.duration_s = 700.0;
        no_connection(&run(&one, Architecture::Serverless))
    };
    let both = no_connection(&run(&sc, Architecture::Serverless));
    let second = both - first;
    assert!(first > 0);
    assert!(
        second > 0 && (second as f64) < 3.0 * first as f64,
        "first spike {first} refused, second {second}"
    );
}

#[test]
fn a_proxy_queues_queries_and_fails_them_after_its_borrow_timeout() {
    // One pooled connection and 20 s queries at 5 requests/s: the queue grows without end, so
    // queries wait out the 120 s borrow timeout and fail then, after 20 ms of work and a hop.
    let mut sc = functions(5, 1, true);
    sc.workload.kinds[0].db = Distribution::Constant { value_s: 20.0 };
    sc.serverless.data_store.borrow_timeout_s = 120.0;
    // A REST API allowed 300 s, so the gateway does not answer first.
    sc.api_gateway.flavour = archflow::engine::models::api_gateway::ApiFlavour::Rest;
    sc.api_gateway.integration_timeout_s = Some(300.0);
    let r = run(&sc, Architecture::Serverless);
    assert!(no_connection(&r) > 100, "{:?}", r.failed);
    let ttf = r.time_to_failure_ms.expect("failures");
    assert!(ttf.p50 > 120_000.0 && ttf.p50 < 121_000.0, "{} ms", ttf.p50);
    // The connection is lent one query after another: about 600 s / 20 s of them finished.
    assert!(
        (25..=31).contains(&r.completed),
        "{} queries were served",
        r.completed
    );
}

#[test]
fn the_relational_store_and_its_proxy_are_billed_by_the_hour() {
    // Ten minutes of db.t4g.small at $0.032 an hour, and of RDS Proxy on its 2 vCPUs at
    // $0.015 each an hour: $0.005333 and $0.005.
    let stores = |sc: &Scenario| {
        run(sc, Architecture::Serverless)
            .cost_items_usd
            .get("data_stores")
            .copied()
            .unwrap_or(0.0)
    };
    assert!((stores(&functions(1, 198, false)) - 0.032 / 6.0).abs() < 1e-9);
    assert!((stores(&functions(1, 198, true)) - (0.032 + 0.030) / 6.0).abs() < 1e-9);
}

#[test]
fn the_proxys_queue_waits_as_an_m_m_c_queue_does() {
    // c = 4 connections, load 0.8: Erlang C gives the mean wait. 400,000 queries give a standard
    // error near 0.5 % of it (waits are correlated over busy periods, so allow 5 %).
    let (c, lambda, mu) = (4u32, 3.2, 1.0);
    let expected = erlang_c(lambda, mu, c) / (c as f64 * mu - lambda);
    for seed in [1, 2, 3] {
        let mut rng = Rng::stream(seed, Stream::Arrivals);
        let mut pool = BorrowQueue::new(c);
        let (mut now, mut total, n) = (0.0, 0.0, 400_000);
        for _ in 0..n {
            now += rng.exponential(1.0 / lambda);
            let (index, wait) = pool.wait(now);
            pool.lend(index, now + wait + rng.exponential(1.0 / mu));
            total += wait;
        }
        close(
            total / n as f64,
            expected,
            0.05,
            &format!("seed {seed}: mean wait against Erlang C"),
        );
    }
}
