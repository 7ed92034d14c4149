//! The engine benchmark in the browser (wasm32, headless Chromium): the same cases as
//! benches/engine.rs, timed with performance.now(). Run by scripts/bench.sh, not by the tests.
//! It runs each simulation in slices of a simulated minute and yields to the browser between
//! them, as the app does, so a long case never blocks the page (and the test driver) for its
//! whole length; only the time inside the engine is counted.
#![cfg(target_arch = "wasm32")]

use archflow::engine::bench_cases::{hour_at_1000_rps, simfaas_readme};
use archflow::engine::report::ArchReport;
use archflow::engine::simulation::Simulation;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
async fn engine_throughput_in_wasm() {
    for case in [simfaas_readme(), hour_at_1000_rps()] {
        let (mut requests, mut events, mut busy_ms) = (0, 0, 0.0);
        for &arch in &case.scenario.architectures {
            let mut sim = Simulation::new(&case.scenario, arch);
            let slice = (case.scenario.duration_s / 600.0).max(60.0);
            while !sim.is_finished() {
                let start = now_ms();
                sim.run_until(sim.now() + slice);
                busy_ms += now_ms() - start;
                TimeoutFuture::new(0).await;
            }
            let report = ArchReport::of(&sim);
            requests += report.requests;
            events += report.events_processed;
        }
        let s = busy_ms / 1000.0;
        console_log!("WASM_BENCH {{\"case\": \"{}\", \"requests\": {requests}, \"events\": {events}, \"seconds\": {s:.3}, \"events_per_s\": {:.0}}}", case.name, events as f64 / s);
        assert!(events > 0);
    }
}
