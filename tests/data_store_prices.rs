//! What the data stores cost, against arithmetic done by hand from the prices in the README
//! ("Prices"): each microservice's own database is a managed instance billed by the hour
//! ($0.032 for an RDS db.t4g.small), and a function's table is billed per request ($0.125 per
//! million on-demand read request units in DynamoDB).
#![cfg(not(target_arch = "wasm32"))]

use archflow::engine::distribution::Distribution;
use archflow::engine::report::{run_scenario, ArchReport};
use archflow::engine::scenario::{Architecture, Scenario};
use archflow::engine::workload::RequestKind;

fn run(sc: &Scenario, arch: Architecture) -> ArchReport {
    sc.validate().unwrap();
    run_scenario(sc).1.architectures[&arch].clone()
}

fn data_stores(r: &ArchReport) -> f64 {
    r.cost_items_usd.get("data_stores").copied().unwrap_or(0.0)
}

#[test]
fn each_service_pays_for_its_own_database_by_the_hour_whatever_its_load() {
    // The default request mix touches users, orders and payments: three databases. Ten minutes
    // of three instances at $0.032 an hour is $0.016, at any traffic.
    for rate in [5.0, 80.0] {
        let mut sc = Scenario {
            duration_s: 600.0,
            warmup_s: 0.0,
            architectures: vec![Architecture::Microservices, Architecture::Monolith],
            ..Scenario::default()
        };
        sc.workload.rate_per_s = rate;
        let ms = run(&sc, Architecture::Microservices);
        assert!(
            (data_stores(&ms) - 0.016).abs() < 1e-9,
            "{}",
            data_stores(&ms)
        );
        // The monolith's one database shares the application's machine, already billed.
        assert_eq!(data_stores(&run(&sc, Architecture::Monolith)), 0.0);
    }
}

#[test]
fn a_functions_table_is_billed_per_query_and_only_for_requests_that_query_it() {
    let mut sc = Scenario {
        duration_s: 600.0,
        warmup_s: 0.0,
        architectures: vec![Architecture::Serverless],
        ..Scenario::default()
    };
    sc.workload.rate_per_s = 20.0;
    let kind = |name: &str, share: f64, db_s: f64| RequestKind {
        name: name.into(),
        share,
        work: Distribution::Constant { value_s: 0.01 },
        db: Distribution::Constant { value_s: db_s },
        modules: vec![name.into()],
    };
    // A quarter of the requests never touch a table.
    sc.workload.kinds = vec![kind("orders", 3.0, 0.005), kind("health", 1.0, 0.0)];
    let r = run(&sc, Architecture::Serverless);
    let queries = r.requests_by_kind["orders"] as f64;
    let billed = data_stores(&r) / (0.125 / 1e6);
    // Invocations are billed when they start: the few still on the wire at the end are not.
    assert!(
        billed <= queries && billed > queries - 10.0,
        "{billed} queries billed for {queries} requests that query"
    );
    assert!(
        r.requests as f64 > 1.2 * queries,
        "the health checks run too"
    );
}
