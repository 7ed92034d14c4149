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
    fn csv_rows_add_up_to_the_report_of_the_same_run() {
        let sc = Scenario {
            duration_s: 100.0,
            window_s: Some(10.0),
            ..Scenario::default()
        };
        let mut sims: Vec<Simulation> = Simulation::for_each_architecture(&sc);
        for s in &mut sims {
            s.run_to_end();
        }
        let csv = metrics_csv(&sims);
        let rows: Vec<Vec<&str>> = csv
            .lines()
            .skip(1)
            .map(|r| r.split(',').collect())
            .collect();
        assert_eq!(rows.len(), 4 * 10);
        assert!(rows
            .iter()
            .all(|r| r.len() == METRICS_HEADER.split(',').count()));
        // The report of an independent run of the same scenario, which the CSV must add up to.
        let (_, report) = crate::engine::report::run_scenario(&sc);
        for (arch, r) in &report.architectures {
            let sum = |column: usize| -> f64 {
                rows.iter()
                    .filter(|row| row[0] == arch.key())
                    .map(|row| row[column].parse::<f64>().unwrap())
                    .sum()
            };
            assert_eq!(sum(2), r.requests as f64, "{arch:?} arrivals");
            assert_eq!(sum(3), r.completed as f64, "{arch:?} completed");
            assert_eq!(sum(4), r.failed_total as f64, "{arch:?} failed");
            // Costs are printed to the micro-dollar, so ten rows may round off 5e-6 in all.
            assert!((sum(13) - r.cost_usd).abs() < 1e-5, "{arch:?} cost");
        }
    }
}
