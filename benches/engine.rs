//! Native engine benchmark: `cargo bench --bench engine`. Prints one JSON object with events per
//! second, wall time per case and peak memory (Linux VmHWM). Figures go in README's Performance.

use archflow::engine::bench_cases::{
    hour_at_1000_rps, run, run_parallel, simfaas_readme, ten_million_requests, Case,
};
use std::time::Instant;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn measure(case: &Case) -> String {
    let start = Instant::now();
    let (requests, events) = run(case);
    let s = start.elapsed().as_secs_f64();
    format!(
        r#""{}": {{"requests": {requests}, "events": {events}, "seconds": {s:.3}, "events_per_s": {:.0}}}"#,
        case.name,
        events as f64 / s
    )
}

fn main() {
    // `cargo bench` passes --bench; any other argument is ignored.
    // The ten-million run goes first so the process's peak memory is that run's alone.
    let mut parts = vec![measure(&ten_million_requests())];
    if let Some(mb) = peak_rss_mb() {
        parts.push(format!(r#""ten_million_peak_rss_mb": {mb:.1}"#));
    }
    parts.extend([simfaas_readme(), hour_at_1000_rps()].iter().map(measure));
    // The headless runner's way: the four architectures shared over the machine's cores.
    let hour = hour_at_1000_rps();
    let start = Instant::now();
    let events = run_parallel(&hour);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    parts.push(format!(r#""hour_at_1000_rps_all_cores": {{"events": {events}, "seconds": {:.3}, "cores": {cores}}}"#, start.elapsed().as_secs_f64()));
    println!("{{{}}}", parts.join(", "));
}
