//! What can be downloaded: the scenario (the same JSON the headless runner reads), the run's
//! per-window metrics as CSV, and its report as JSON.

use crate::engine::metrics::FailureCause;
use crate::engine::report::Report;
use crate::engine::simulation::Simulation;

pub const METRICS_HEADER: &str = "architecture,window_start_s,arrivals,completed,failed,throttled,timed_out,p50_ms,p95_ms,p99_ms,instances_serving,instances_idle,instances_starting,cost_usd";

/// One row per metrics window per architecture, up to each simulation's current time.
pub fn metrics_csv(sims: &[Simulation]) -> String {
    let mut out = String::from(METRICS_HEADER);
    out.push('\n');
    for sim in sims {
        let m = &sim.metrics;
        for (i, w) in m.windows.iter().enumerate() {
            let start = i as f64 * m.window_s;
            if start >= sim.now() {
                break;
            }
            let g = w.average_gauges();
            let l = w.latency.summary();
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{:.3},{:.3},{:.3},{:.3},{:.3},{:.3},{:.6}\n",
                sim.arch.key(),
                start,
                w.arrivals,
                w.completed,
                w.failed_total(),
                w.failed_by(FailureCause::Throttled),
                w.failed_by(FailureCause::TimedOut),
                l.p50,
                l.p95,
                l.p99,
                g.running,
                g.idle,
                g.starting,
                w.cost()
            ));
        }
    }
    out
}

pub fn report_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::Scenario;

    #[test]
    fn csv_has_a_row_per_window_and_its_counts_add_up() {
        let sc = Scenario {
            duration_s: 100.0,
            window_s: Some(10.0),
            ..Scenario::default()
        };
        let mut sims: Vec<Simulation> = Simulation::for_each_architecture(&sc);
        for s in &mut sims {
            s.run_until(50.0);
        }
        let csv = metrics_csv(&sims);
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(rows.len(), 4 * 5);
        let arrivals: u64 = rows
            .iter()
            .filter(|r| r.starts_with("monolith,"))
            .map(|r| r.split(',').nth(2).unwrap().parse::<u64>().unwrap())
            .sum();
        assert_eq!(
            arrivals,
            sims.iter()
                .find(|s| s.arch.key() == "monolith")
                .unwrap()
                .metrics
                .windows
                .iter()
                .map(|w| w.arrivals)
                .sum::<u64>()
        );
        assert!(rows
            .iter()
            .all(|r| r.split(',').count() == METRICS_HEADER.split(',').count()));
    }
}
