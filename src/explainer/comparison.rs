//! The side-by-side table: the same traffic through every architecture, one row each.

use super::format::{escaped, ms, percent, usd};
use crate::engine::metrics::FailureCause;
use crate::engine::report::Report;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub arch: &'static str,
    pub p50: String,
    pub p99: String,
    /// Share of finished requests that succeeded: the percentiles beside it are of those only.
    pub succeeded: String,
    pub cold_starts: String,
    /// Refused by a concurrency or rate limit (HTTP 429).
    pub throttled: String,
    /// Failed for any reason, throttles included.
    pub failed: String,
    pub per_month: String,
    pub memory: String,
    /// Which columns this row is best in: lowest p99 (among architectures that answered any
    /// request), highest success, lowest cost.
    pub best: [bool; 3],
}

pub const HEADERS: [&str; 9] = [
    "architecture",
    "p50",
    "p99",
    "succeeded",
    "cold starts",
    "throttled",
    "failed",
    "cost / month",
    "memory",
];

/// The table's rows at simulated time `now`: monthly costs appear once there is enough steady
/// traffic to scale (`verdicts::MONTHLY_AFTER_S`).
pub fn rows(r: &Report, now: f64) -> Vec<Row> {
    let monthly = super::verdicts::monthly_supported(r, now);
    let archs: Vec<_> = r.architectures.iter().collect();
    let metric = |f: &dyn Fn(&crate::engine::report::ArchReport) -> f64| -> f64 {
        archs
            .iter()
            .map(|(_, a)| f(a))
            .fold(f64::INFINITY, f64::min)
    };
    let answered = |a: &crate::engine::report::ArchReport| a.completed > 0;
    let best_p99 = archs
        .iter()
        .filter(|(_, a)| answered(a))
        .map(|(_, a)| a.latency_ms.p99)
        .fold(f64::INFINITY, f64::min);
    let finished = |a: &crate::engine::report::ArchReport| a.completed + a.failed_total > 0;
    let best_success = archs
        .iter()
        .filter(|(_, a)| finished(a))
        .map(|(_, a)| a.success_rate)
        .fold(0.0, f64::max);
    let best_cost = metric(&|a| a.cost_per_month_usd);
    archs
        .iter()
        .map(|(name, a)| Row {
            arch: name.key(),
            p50: if answered(a) {
                ms(a.latency_ms.p50)
            } else {
                "none yet".into()
            },
            p99: if answered(a) {
                ms(a.latency_ms.p99)
            } else {
                "none yet".into()
            },
            succeeded: if finished(a) {
                percent(a.success_rate)
            } else {
                "none yet".into()
            },
            cold_starts: a.cold_starts.to_string(),
            throttled: a
                .failed
                .get(&FailureCause::Throttled)
                .copied()
                .unwrap_or(0)
                .to_string(),
            failed: a.failed_total.to_string(),
            per_month: if monthly {
                usd(a.cost_per_month_usd)
            } else {
                "not yet".into()
            },
            memory: format!("{:.1} GB", a.avg_memory_mb / 1024.0),
            best: [
                answered(a) && a.latency_ms.p99 <= best_p99,
                finished(a) && a.success_rate >= best_success,
                monthly && a.cost_per_month_usd <= best_cost,
            ],
        })
        .collect()
}

/// The table's body as HTML: one row per architecture, each cell named by its column
/// (`data-col`, and `data-label` with its header, which a phone shows beside the value when
/// the rows are stacked) and the best in a column marked `best`.
pub fn rows_html(rows: &[Row]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for r in rows {
        let _ = write!(
            out,
            r#"<tr data-arch="{0}"><th scope="row">{0}</th>"#,
            r.arch
        );
        let cells: [(&str, &str, bool); 8] = [
            ("p50", &r.p50, false),
            ("p99", &r.p99, r.best[0]),
            ("succeeded", &r.succeeded, r.best[1]),
            ("cold_starts", &r.cold_starts, false),
            ("throttled", &r.throttled, false),
            ("failed", &r.failed, false),
            ("per_month", &r.per_month, r.best[2]),
            ("memory", &r.memory, false),
        ];
        for ((col, text, best), label) in cells.into_iter().zip(&HEADERS[1..]) {
            let class = if best { r#" class="best""# } else { "" };
            let _ = write!(
                out,
                r#"<td data-col="{col}" data-label="{label}"{class}>{}</td>"#,
                escaped(text)
            );
        }
        out.push_str("</tr>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::report::run_scenario;
    use crate::engine::scenario::Scenario;

    #[test]
    fn one_row_per_architecture_with_the_cheapest_marked() {
        let (_, r) = run_scenario(&Scenario {
            duration_s: 300.0,
            ..Scenario::default()
        });
        // Two minutes in, no month is extrapolated and no cost is marked the best.
        let early = rows(&r, 120.0);
        assert!(early
            .iter()
            .all(|row| row.per_month == "not yet" && !row.best[2]));
        let rows = rows(&r, 300.0);
        assert_eq!(
            rows.iter().map(|r| r.arch).collect::<Vec<_>>(),
            vec!["monolith", "microservices", "serverless", "hybrid"]
        );
        let cheapest = r
            .architectures
            .iter()
            .min_by(|a, b| a.1.cost_per_month_usd.total_cmp(&b.1.cost_per_month_usd))
            .unwrap()
            .0;
        assert!(
            rows.iter()
                .find(|row| row.arch == cheapest.key())
                .unwrap()
                .best[2]
        );
        assert_eq!(rows.iter().filter(|row| row.best[2]).count(), 1);
        for (row, a) in rows.iter().zip(r.architectures.values()) {
            assert_eq!(row.succeeded, percent(a.success_rate), "{}", row.arch);
        }
        let html = rows_html(&rows);
        assert_eq!(html.matches("<tr data-arch=").count(), 4);
        assert_eq!(
            html.matches(r#"data-col="per_month" data-label="cost / month" class="best""#)
                .count(),
            1
        );
        assert!(html.contains(&format!(
            r#"<tr data-arch="{0}"><th scope="row">{0}</th>"#,
            cheapest.key()
        )));
    }

    #[test]
    fn throttles_and_failures_are_counted_per_architecture() {
        // A crowd far past the functions' concurrency limit: throttled there, not elsewhere.
        let mut sc = Scenario {
            duration_s: 60.0,
            ..Scenario::default()
        };
        sc.workload.rate_per_s = 400.0;
        sc.serverless.account_limit = 10;
        let (_, r) = run_scenario(&sc);
        let rows = rows(&r, 60.0);
        let get = |arch: &str| rows.iter().find(|row| row.arch == arch).unwrap();
        let throttled: u64 = get("serverless").throttled.parse().unwrap();
        assert!(throttled > 1000, "{throttled}");
        assert!(get("serverless").failed.parse::<u64>().unwrap() >= throttled);
        assert_eq!(get("monolith").throttled, "0");
    }

    #[test]
    fn an_architecture_that_answered_nothing_is_never_the_fastest() {
        let mut sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        // The monolith crashes for the whole run: no answer at all, so no latency to praise.
        sc.events.push(crate::engine::timeline::TimelineEvent::Bug {
            at_s: 0.0,
            duration_s: 120.0,
            target: "payments".into(),
            effect: crate::engine::timeline::BugEffect::Crash,
        });
        let (_, r) = run_scenario(&sc);
        let rows = rows(&r, 120.0);
        let mono = rows.iter().find(|row| row.arch == "monolith").unwrap();
        assert_eq!(mono.p99, "none yet");
        assert!(!mono.best[0]);
        assert!(!mono.best[1], "it succeeded least");
    }
}
