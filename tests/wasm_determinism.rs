//! The same scenario gives the same report in the browser as natively. This test runs the
//! scenario in wasm and prints the report; scripts/test.sh compares it, byte for byte after JSON
//! normalisation, with what the native `simulate` prints for the same file.
#![cfg(target_arch = "wasm32")]

use archflow::engine::report::run_scenario;
use archflow::engine::scenario::Scenario;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn report_for_the_determinism_scenario() {
    let sc = Scenario::parse_json(include_str!("../scenarios/determinism.json")).unwrap();
    sc.validate().unwrap();
    let (_, report) = run_scenario(&sc);
    assert_eq!(report.architectures.len(), 4);
    console_log!("WASM_REPORT {}", serde_json::to_string(&report).unwrap());
}
