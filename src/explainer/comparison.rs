//! The side-by-side table: the same traffic through every architecture, one row each.

use super::format::{ms, percent, usd};
use crate::engine::report::Report;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub arch: &'static str,
    pub p50: String,
    pub p99: String,
    pub failed: String,
    pub cold_starts: String,
    pub per_month: String,
    pub memory: String,
    /// Which columns this row is best in (lowest): p99, failed, cost.
    pub best: [bool; 3],
}

pub const HEADERS: [&str; 7] = [
    "architecture",
    "p50",
    "p99",
    "failed",
    "cold starts",
    "cost / month",
    "memory",
];

pub fn rows(r: &Report) -> Vec<Row> {
    let archs: Vec<_> = r.architectures.iter().collect();
    let metric = |f: &dyn Fn(&crate::engine::report::ArchReport) -> f64| -> f64 {
        archs
            .iter()
            .map(|(_, a)| f(a))
            .fold(f64::INFINITY, f64::min)
    };
    let fail_rate = |a: &crate::engine::report::ArchReport| {
        if a.requests > 0 {
            a.failed_total as f64 / a.requests as f64
        } else {
            0.0
        }
    };
    let best_p99 = metric(&|a| a.latency_ms.p99);
    let best_fail = metric(&fail_rate);
    let best_cost = metric(&|a| a.cost_per_month_usd);
    archs
        .iter()
        .map(|(name, a)| Row {
            arch: name,
            p50: ms(a.latency_ms.p50),
            p99: ms(a.latency_ms.p99),
            failed: percent(fail_rate(a)),
            cold_starts: a.cold_starts.to_string(),
            per_month: usd(a.cost_per_month_usd),
            memory: format!("{:.1} GB", a.avg_memory_mb / 1024.0),
            best: [
                a.latency_ms.p99 <= best_p99,
                fail_rate(a) <= best_fail,
                a.cost_per_month_usd <= best_cost,
            ],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::report::run_scenario;
    use crate::engine::scenario::Scenario;

    #[test]
    fn one_row_per_architecture_with_the_cheapest_marked() {
        let (_, r) = run_scenario(&Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        });
        let rows = rows(&r);
        assert_eq!(
            rows.iter().map(|r| r.arch).collect::<Vec<_>>(),
            vec!["hybrid", "microservices", "monolith", "serverless"]
        );
        let cheapest = r
            .architectures
            .iter()
            .min_by(|a, b| a.1.cost_per_month_usd.total_cmp(&b.1.cost_per_month_usd))
            .unwrap()
            .0;
        assert!(rows.iter().find(|row| row.arch == *cheapest).unwrap().best[2]);
        assert_eq!(rows.iter().filter(|row| row.best[2]).count(), 1);
    }
}
