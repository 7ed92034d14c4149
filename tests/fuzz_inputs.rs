//! Fuzzing the input paths with proptest: whatever arrives in a link fragment, a scenario file or
//! an edited playground, decoding never panics, and whatever it yields is a valid scenario the
//! engine runs while keeping its invariants. CI runs the cases below; for a longer run set
//! PROPTEST_CASES (e.g. `PROPTEST_CASES=100000 cargo test --profile checked --test fuzz_inputs`).
// proptest is a native-only dev-dependency.
#![cfg(not(target_arch = "wasm32"))]

use archflow::engine::report::{run_scenario, ArchReport};
use archflow::engine::scenario::Scenario;
use archflow::explainer::playground::{apply_text, to_text, Edit};
use archflow::explainer::share::{base64url, decode};
use proptest::prelude::*;

mod common;

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        any::<i64>().prop_map(serde_json::Value::from),
        "[a-z_]{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("duration_s".to_string()),
                    Just("workload".to_string()),
                    Just("rate_per_s".to_string()),
                    Just("monolith".to_string()),
                    Just("workers".to_string()),
                    Just("serverless".to_string()),
                    Just("keep_alive_s".to_string()),
                    Just("events".to_string()),
                    Just("kind".to_string()),
                    "[a-z_]{1,10}",
                ],
                inner,
                0..5,
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(common::cases(256))]

    #[test]
    fn any_fragment_decodes_without_panic_to_a_valid_scenario(fragment in ".{0,200}") {
        let (view, _) = decode(&fragment);
        prop_assert_eq!(view.scenario.validate(), Ok(()));
        prop_assert!(view.time_s >= 0.0 && view.time_s <= view.scenario.duration_s);
    }

    #[test]
    fn any_json_patch_in_a_link_yields_a_valid_scenario(patch in any_json()) {
        let fragment = format!("f=1&c=monolith&s={}", base64url(patch.to_string().as_bytes()));
        let (view, _) = decode(&fragment);
        prop_assert_eq!(view.scenario.validate(), Ok(()));
    }

    #[test]
    fn any_scenario_text_is_applied_or_refused_never_a_panic(text in ".{0,300}", doc in any_json()) {
        for t in [text, doc.to_string()] {
            if let Edit::Applied(sc, _) = apply_text(&t) {
                prop_assert_eq!(sc.validate(), Ok(()));
                prop_assert_eq!(apply_text(&to_text(&sc)), Edit::Applied(sc.clone(), vec![]));
            }
        }
    }
}

/// Every number in a scenario's JSON, with its path as messages name it (`a.b[2].c`).
fn number_leaves(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Number(_) => out.push(path),
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                number_leaves(x, p, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                number_leaves(x, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The value at a path made by `number_leaves`.
fn leaf_mut<'a>(v: &'a mut serde_json::Value, path: &str) -> &'a mut serde_json::Value {
    let mut v = v;
    for part in path.split('.') {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        v = &mut v[key];
        for i in indices.split('[').filter(|s| !s.is_empty()) {
            v = &mut v[i.trim_end_matches(']').parse::<usize>().unwrap()];
        }
    }
    v
}

proptest! {
    #![proptest_config(common::cases(256))]

    /// One wrongly typed number in an otherwise good scenario file costs that number only: it is
    /// named, it takes its default, and everything else is kept.
    #[test]
    fn one_wrongly_typed_value_costs_only_itself(pick in any::<prop::sample::Index>(), bad in prop_oneof![
        Just(serde_json::json!("x")), Just(serde_json::json!([1])), Just(serde_json::json!({"a": 1})), Just(serde_json::json!(true))
    ]) {
        let mut sc = Scenario { seed: 77, ..Scenario::default() };
        sc.workload.rate_per_s = 31.0;
        let good = serde_json::to_value(&sc).unwrap();
        let mut leaves = Vec::new();
        number_leaves(&good, String::new(), &mut leaves);
        // A wrong version refuses the whole file, by design: its values would mean something else.
        leaves.retain(|p| p != "version");
        let path = pick.get(&leaves).clone();
        let mut doc = good.clone();
        *leaf_mut(&mut doc, &path) = bad;
        match apply_text(&doc.to_string()) {
            Edit::Applied(back, problems) => {
                prop_assert_eq!(problems.len(), 1, "{:?}", problems);
                prop_assert_eq!(&problems[0].path, &path);
                let mut expected = good.clone();
                *leaf_mut(&mut expected, &path) = leaf_mut(&mut serde_json::to_value(Scenario::default()).unwrap(), &path).clone();
                prop_assert_eq!(serde_json::to_value(&*back).unwrap(), expected);
            }
            Edit::Rejected(m) => prop_assert!(false, "refused whole: {}", m),
        }
    }
}

/// A scenario that uses every part of the format: all four architectures, every kind of rate
/// change and timeline event, a relational store behind RDS Proxy, an asynchronous kind,
/// provisioned concurrency, call protection and the cluster's node settings.
fn rich_scenario() -> serde_json::Value {
    serde_json::json!({
        "seed": 3,
        "duration_s": 120,
        "workload": {
            "rate_per_s": 15,
            "shape": [
                {"kind": "step", "at_s": 10, "rate_per_s": 25},
                {"kind": "ramp", "from_s": 20, "to_s": 40, "to_rate_per_s": 40},
                {"kind": "spike", "at_s": 50, "duration_s": 10, "factor": 5},
                {"kind": "daily_sine", "amplitude": 0.3, "period_s": 60},
                {"kind": "idle", "at_s": 80, "duration_s": 10}
            ]
        },
        "monolith": {"copies": 2, "db_on_same_machine": false, "db_connections": 4},
        "microservices": {
            "calls": {"timeout_s": 1, "retries": 1, "breaker": {"enabled": true}},
            "store_connections": 5
        },
        "serverless": {
            "provisioned": 1,
            "async_kinds": ["report"],
            "data_store": {"engine": "relational", "max_connections": 30, "proxy": true},
            "scaling_model": "legacy_burst",
            "legacy_burst": 500
        },
        "events": [
            {"kind": "bug", "at_s": 15, "duration_s": 5, "target": "payments", "effect": {"kind": "crash"}},
            {"kind": "bug", "at_s": 25, "duration_s": 5, "target": "orders", "effect": {"kind": "exception"}},
            {"kind": "bug", "at_s": 35, "duration_s": 20, "target": "users", "effect": {"kind": "leak", "slowdown_per_min": 2}},
            {"kind": "bug", "at_s": 45, "duration_s": 10, "target": "payments", "effect": {"kind": "slow_db", "factor": 50}},
            {"kind": "deploy", "at_s": 60, "target": "*"},
            {"kind": "deploy", "at_s": 70, "target": "orders"}
        ]
    })
}

/// The rich scenario with a few of its numbers changed: kept, scaled (sometimes far out of
/// range), zeroed, negated, or made fractional where a whole number is due. Every number in
/// the file can be picked, so every setting is reached, in range and out of it.
fn mutated_scenarios() -> impl Strategy<Value = serde_json::Value> {
    let factors = prop_oneof![
        Just(0.0),
        Just(-1.0),
        Just(0.001),
        Just(0.5),
        Just(1.5),
        Just(10.0),
        Just(1e9)
    ];
    prop::collection::vec((any::<prop::sample::Index>(), factors), 1..6).prop_map(|changes| {
        let mut doc = rich_scenario();
        let mut leaves = Vec::new();
        number_leaves(&doc, String::new(), &mut leaves);
        for (pick, factor) in changes {
            let path = pick.get(&leaves).clone();
            let leaf = leaf_mut(&mut doc, &path);
            *leaf = serde_json::json!(leaf.as_f64().unwrap_or(1.0) * factor);
        }
        doc
    })
}

proptest! {
    #![proptest_config(common::cases(48))]

    /// Mutated rich scenarios are read with every bad value named and replaced, then run to the
    /// end with requests conserved, whatever was changed.
    #[test]
    fn mutated_scenarios_are_sanitised_and_run_with_requests_conserved(doc in mutated_scenarios(), seed in any::<u64>()) {
        let mut sc = match apply_text(&doc.to_string()) {
            Edit::Applied(sc, _) => *sc,
            Edit::Rejected(m) => return Err(TestCaseError::fail(format!("refused whole: {m}"))),
        };
        sc.seed = seed;
        sc.duration_s = sc.duration_s.clamp(1.0, 120.0);
        let (mut sc, problems) = sc.sanitised();
        prop_assert!(problems.is_empty(), "a sanitised scenario is valid: {:?}", problems);
        // Keep each case small enough for CI: at most about 200,000 requests.
        if sc.workload.expected_arrivals(sc.duration_s) > 200_000.0 {
            sc.workload.rate_per_s = 10.0;
            sc.workload.shape.clear();
        }
        let (sims, _) = run_scenario(&sc);
        for s in &sims {
            let arrivals: u64 = s.metrics.windows.iter().map(|w| w.arrivals).sum();
            let done: u64 = s.metrics.windows.iter().map(|w| w.completed + w.failed_total()).sum();
            prop_assert_eq!(arrivals, done + s.in_flight() as u64);
            let a = ArchReport::of(s);
            prop_assert!(a.latency_ms.p99 >= a.latency_ms.p50);
        }
    }
}

/// A CSV of counts as a monitoring export might give it, mangled: rows dropped (gaps), rows
/// repeated, fields replaced by junk.
fn traffic_csv() -> impl Strategy<Value = (String, Vec<u32>, bool)> {
    (
        prop::collection::vec(0u32..5000, 2..60),
        prop_oneof![Just(1u32), Just(60), Just(300), Just(3600)],
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, "[ -~]{0,8}"), 0..3),
        any::<bool>(),
    )
        .prop_map(|(counts, interval, damage, header)| {
            let mut lines: Vec<String> = counts
                .iter()
                .enumerate()
                .map(|(i, n)| format!("{},{n}", 1_763_600_000 + i as u64 * u64::from(interval)))
                .collect();
            let damaged = !damage.is_empty();
            for (at, what, junk) in damage {
                let i = at.index(lines.len());
                match what {
                    0 => {
                        lines.remove(i);
                    }
                    1 => lines.insert(i, lines[i].clone()),
                    2 => lines[i] = format!("{junk},1"),
                    _ => lines[i] = format!("{},{junk}", lines[i].split(',').next().unwrap_or("")),
                }
            }
            if header {
                lines.insert(0, "time,requests".into());
            }
            (lines.join("\n"), counts, damaged)
        })
}

proptest! {
    #![proptest_config(common::cases(256))]

    /// Any text: read or refused with a message, never a panic; what is read is a series the
    /// engine accepts.
    #[test]
    fn any_traffic_text_is_read_or_refused_never_a_panic(text in ".{0,400}", fill_gaps in any::<bool>()) {
        use archflow::explainer::traffic_import::{read, ImportOptions};
        use archflow::explainer::your_traffic::{scenario, Replay};
        match read(&text, ImportOptions { fill_gaps, ..Default::default() }) {
            Ok(imported) => {
                prop_assert!(imported.rows() >= 2);
                if let Ok(sc) = scenario(&imported, Replay::all(&imported), "fuzz") {
                    prop_assert_eq!(sc.validate(), Ok(()));
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// An export read back gives every count in its interval; a damaged one is read or refused,
    /// never a panic, and what is read is on a grid of at least a second.
    #[test]
    fn a_traffic_csv_is_read_back_exactly_or_refused_when_damaged((text, counts, damaged) in traffic_csv()) {
        use archflow::explainer::traffic_import::{read, ImportOptions};
        let options = ImportOptions { fill_gaps: true, ..Default::default() };
        match read(&text, options) {
            Ok(imported) if !damaged => {
                let rows: Vec<f64> = (0..imported.rows()).map(|i| imported.row_total(i)).collect();
                let written: Vec<f64> = counts.iter().map(|&n| f64::from(n)).collect();
                prop_assert_eq!(rows, written);
            }
            Ok(imported) => prop_assert!(imported.interval_s >= 1.0),
            Err(e) => prop_assert!(damaged, "an undamaged export was refused: {}", e),
        }
    }
}
