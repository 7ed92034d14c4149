//! The simulation engine: pure Rust, no web dependency, deterministic for a given scenario.
//!
//! Data flows one way: a `Scenario` is validated, each architecture becomes a `System` driven by a
//! `Simulation`, whose streaming `Metrics` and sampled traces feed the `Report`, the verdicts and
//! the UI.

pub mod bench_cases;
pub mod context;
pub mod deadlines;
pub mod distribution;
pub mod earliest;
pub mod event;
pub mod event_queue;
pub mod flight;
pub mod histogram;
pub mod metrics;
pub mod models;
pub mod prices;
pub mod replica;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod shared_cpu;
pub mod simulation;
pub mod station;
pub mod system;
pub mod tagged;
pub mod timeline;
pub mod topology;
pub mod trace;
pub mod traffic_series;
pub mod validation;
pub mod workload;
