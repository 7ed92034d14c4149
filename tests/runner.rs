//! The headless runner as a user meets it: good files give a JSON report, bad ones exit with
//! status 2 and a message naming the problem, never a panic.

// It runs the native binary as a child process, which a browser cannot.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn simulate_file(contents: &[u8]) -> Output {
    let dir = std::env::temp_dir().join(format!(
        "archflow-runner-{}-{}",
        std::process::id(),
        contents.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.json");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(contents)
        .unwrap();
    Command::new(env!("CARGO_BIN_EXE_simulate"))
        .arg(&path)
        .output()
        .unwrap()
}

fn expect_refused(contents: &[u8], needle: &str) {
    let out = simulate_file(contents);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_valid_file_prints_the_report_contract() {
    let out = simulate_file(br#"{"duration_s": 60, "architectures": ["serverless", "monolith"]}"#);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &r["architectures"]["serverless"];
    for key in [
        "requests",
        "completed",
        "failed",
        "cost_usd",
        "cold_starts",
        "cold_start_probability",
        "rejection_probability",
        "avg_instances",
        "avg_running",
        "avg_idle",
    ] {
        assert!(!s[key].is_null(), "serverless.{key}");
    }
    for key in ["mean", "p50", "p95", "p99"] {
        assert!(s["latency_ms"][key].as_f64().unwrap() > 0.0);
    }
    assert!(r["architectures"]["monolith"]["avg_wait_ms"].is_number());
    assert!(
        r["architectures"]["microservices"].is_null(),
        "only the listed architectures"
    );
}

#[test]
fn bad_files_exit_2_with_a_message() {
    expect_refused(b"", "empty");
    expect_refused(b"{\"duration_s\": ", "not a valid scenario");
    expect_refused(br#"{"duration_s": "long"}"#, "invalid type");
    expect_refused(br#"{"duration_s": -5}"#, "duration_s: -5 is not allowed");
    expect_refused(
        br#"{"workload": {"rate_per_s": 1e12}}"#,
        "workload.rate_per_s",
    );
    expect_refused(br#"{"colour": "blue"}"#, "unknown field `colour`");
    expect_refused(
        br#"{"serverless": {"legacy_burst": 700}}"#,
        "use one of 500, 1000, 3000",
    );
    expect_refused(br#"{"version": 7}"#, "version: 7 is not supported");
    expect_refused(br#"[1, 2, 3]"#, "not a valid scenario");
    let huge = format!(
        "{{\"name\": \"{}\"}}",
        "x".repeat(archflow::engine::scenario::MAX_FILE_BYTES)
    );
    expect_refused(huge.as_bytes(), "at most");
}

#[test]
fn a_missing_file_and_wrong_arguments_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_simulate"))
        .arg("/nonexistent/scenario.json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/scenario.json"));
    let out = Command::new(env!("CARGO_BIN_EXE_simulate"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let help = Command::new(env!("CARGO_BIN_EXE_simulate"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("EXIT STATUS"));
}

#[test]
fn a_file_that_is_not_a_json_object_exits_2() {
    // serde would read `[]` as the default scenario (a struct from an empty sequence).
    for text in ["[]", "[1, 2]", "42", "\"scenario\"", "null", "true"] {
        expect_refused(text.as_bytes(), "expected a JSON object");
    }
}

#[test]
fn a_reader_that_goes_away_ends_the_program_quietly() {
    // The reading end is closed before the report is written (the run takes a while), as with
    // `simulate FILE | head -0`: the write fails with a broken pipe.
    let dir = std::env::temp_dir().join(format!("archflow-runner-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.json");
    std::fs::write(
        &path,
        br#"{"duration_s": 900, "architectures": ["monolith", "serverless"]}"#,
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_simulate"))
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "nothing to say when the reader left: {err}");
    assert!(
        matches!(out.status.code(), Some(0) | Some(141)),
        "{:?}",
        out.status
    );
}
