//! The engine benchmark in the browser (wasm32, headless Chromium): the same cases as
//! benches/engine.rs, timed with performance.now(). Run by scripts/bench.sh, not by the tests.
#![cfg(target_arch = "wasm32")]

use archflow::engine::bench_cases::{hour_at_1000_rps, run, simfaas_readme};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
fn engine_throughput_in_wasm() {
    for case in [simfaas_readme(), hour_at_1000_rps()] {
        let start = now_ms();
        let (requests, events) = run(&case);
        let s = (now_ms() - start) / 1000.0;
        console_log!("WASM_BENCH {{\"case\": \"{}\", \"requests\": {requests}, \"events\": {events}, \"seconds\": {s:.3}, \"events_per_s\": {:.0}}}", case.name, events as f64 / s);
        assert!(events > 0);
    }
}
