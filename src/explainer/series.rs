//! Chart series from a simulation's metric windows, up to the current time. Percentiles are read
//! from each window's own histogram, never averaged across windows.

use super::charts::markers::{markers, Marker};
use crate::engine::histogram::{Histogram, LatencySummary};
use crate::engine::metrics::{CostItem, FailureCause, Metrics};
use crate::engine::scenario::Scenario;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// Window start times, seconds.
    pub t: Vec<f64>,
    pub p50: Vec<f64>,
    pub p95: Vec<f64>,
    pub p99: Vec<f64>,
    /// Requests per second.
    pub ok_per_s: Vec<f64>,
    pub failed_per_s: Vec<f64>,
    pub throttled_per_s: Vec<f64>,
    pub running: Vec<f64>,
    pub idle: Vec<f64>,
    pub starting: Vec<f64>,
    /// Cost so far, USD.
    pub cost: Vec<f64>,
    /// Cost so far by line item, stacked in `CostItem::ALL`'s order: the k-th is items 0 to k
    /// together, so the last equals `cost`. Items that cost nothing in the run are left out.
    pub cost_stacked: Vec<(CostItem, Vec<f64>)>,
    /// Share of the requests finished so far that succeeded (the percentiles are of those only);
    /// None before any has finished.
    pub succeeded: Option<f64>,
    /// Where the time axis ends: the current time, at least a minute, so lines grow from the left.
    pub x_end: f64,
    /// The scenario's events so far, for the time axis.
    pub markers: Vec<Marker>,
    /// The long jobs answered so far, kept out of the percentiles above.
    pub long_jobs: Option<LongJobs>,
}

/// Long jobs (`RequestKind::is_long_job`) that finished: their kinds' names, how many, and how
/// long their clients waited.
#[derive(Clone, Debug, PartialEq)]
pub struct LongJobs {
    pub kinds: String,
    pub finished: u64,
    pub ms: LatencySummary,
}

/// The series of the run `m` of `sc`, up to `now`.
pub fn series(m: &Metrics, now: f64, sc: &Scenario) -> Series {
    let mut s = Series {
        x_end: now.max(60.0),
        markers: markers(sc, now),
        ..Series::default()
    };
    let mut cost = 0.0;
    let mut by_item = [0.0; CostItem::ALL.len()];
    let mut stacked: Vec<Vec<f64>> = vec![Vec::new(); CostItem::ALL.len()];
    let (mut completed, mut failed) = (0u64, 0u64);
    let mut long_jobs = Histogram::default();
    for (i, w) in m.windows.iter().enumerate() {
        let start = i as f64 * m.window_s;
        if start >= now {
            break;
        }
        let width = (now - start).min(m.window_s).max(1e-9);
        let g = w.average_gauges();
        // A window in which nothing succeeded has no latency: a gap in the line, never a 0 ms
        // that would make an outage look fast.
        let (p50, p95, p99) = if w.completed > 0 {
            let lat = w.latency.summary();
            (lat.p50, lat.p95, lat.p99)
        } else {
            (f64::NAN, f64::NAN, f64::NAN)
        };
        s.t.push(start);
        s.p50.push(p50);
        s.p95.push(p95);
        s.p99.push(p99);
        s.ok_per_s.push(w.completed as f64 / width);
        s.failed_per_s
            .push((w.failed_total() - w.failed_by(FailureCause::Throttled)) as f64 / width);
        s.throttled_per_s
            .push(w.failed_by(FailureCause::Throttled) as f64 / width);
        s.running.push(g.running);
        s.idle.push(g.idle);
        s.starting.push(g.starting);
        cost += w.cost();
        s.cost.push(cost);
        let mut below = 0.0;
        for (k, item) in CostItem::ALL.into_iter().enumerate() {
            by_item[k] += w.cost_of(item);
            below += by_item[k];
            stacked[k].push(below);
        }
        completed += w.completed;
        failed += w.failed_total();
        long_jobs.merge(&w.long_jobs);
    }
    s.cost_stacked = CostItem::ALL
        .into_iter()
        .zip(stacked)
        .zip(by_item)
        .filter(|&(_, spent)| spent > 0.0)
        .map(|(line, _)| line)
        .collect();
    s.long_jobs = (long_jobs.count() > 0).then(|| LongJobs {
        kinds: sc
            .workload
            .kinds
            .iter()
            .filter(|k| k.is_long_job())
            .map(|k| k.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        finished: long_jobs.count(),
        ms: long_jobs.summary(),
    });
    s.succeeded = (completed + failed > 0).then(|| completed as f64 / (completed + failed) as f64);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::{Architecture, Scenario};
    use crate::engine::simulation::Simulation;

    #[test]
    fn series_stop_at_now_and_rates_match_the_workload() {
        let sc = Scenario {
            duration_s: 600.0,
            window_s: Some(10.0),
            ..Scenario::default()
        };
        let mut sim = Simulation::new(&sc, Architecture::Monolith);
        sim.run_until(300.0);
        let s = series(&sim.metrics, 300.0, &sc);
        assert_eq!(s.t.len(), 30);
        let mean_ok = s.ok_per_s.iter().sum::<f64>() / s.ok_per_s.len() as f64;
        assert!((mean_ok - 20.0).abs() < 2.0, "{mean_ok}");
        assert!(s.cost.windows(2).all(|w| w[1] >= w[0]), "cost accumulates");
        assert!(s.p99.iter().zip(&s.p50).all(|(a, b)| a >= b));
        // An outage leaves a gap: while the monolith is down nothing succeeds, and its windows
        // have no latency at all rather than a flattering 0 ms.
        let mut crash = sc.clone();
        crate::explainer::chapters::TryAction::Bug("payments").apply(&mut crash, 100.0);
        let mut sim = Simulation::new(&crash, Architecture::Monolith);
        sim.run_until(300.0);
        let s = series(&sim.metrics, 300.0, &sc);
        let empty: Vec<usize> = (0..s.t.len()).filter(|&i| s.ok_per_s[i] == 0.0).collect();
        assert!(
            empty.len() >= 3,
            "the crash emptied some windows: {:?}",
            s.ok_per_s
        );
        assert!(empty
            .iter()
            .all(|&i| s.p50[i].is_nan() && s.p99[i].is_nan()));
        assert!((0..s.t.len())
            .filter(|&i| s.ok_per_s[i] > 0.0)
            .all(|i| s.p50[i] > 0.0));
        // Requests of exactly 10 ms at low load never queue: every window's percentiles are
        // 10 ms (to the histogram's resolution), whichever field they are read from.
        let mut steady = sc.clone();
        steady.workload.rate_per_s = 1.0;
        steady.workload.kinds = vec![crate::engine::workload::RequestKind {
            work: crate::engine::distribution::Distribution::constant(0.01),
            db: crate::engine::distribution::Distribution::constant(0.0),
            ..Default::default()
        }];
        let mut sim = Simulation::new(&steady, Architecture::Monolith);
        sim.run_until(300.0);
        let s = series(&sim.metrics, 300.0, &sc);
        for line in [&s.p50, &s.p95, &s.p99] {
            let drawn: Vec<f64> = line.iter().copied().filter(|v| v.is_finite()).collect();
            assert!(drawn.len() > 20);
            assert!(drawn.iter().all(|v| (v - 10.0).abs() < 0.1), "{drawn:?}");
        }
        assert_eq!(
            series(&sim.metrics, 0.0, &sc).succeeded,
            None,
            "nothing finished at t = 0"
        );
    }

    #[test]
    fn the_success_rate_beside_the_percentiles_is_the_runs() {
        let mut sc = Scenario {
            duration_s: 300.0,
            ..Scenario::default()
        };
        crate::explainer::chapters::TryAction::Bug("payments").apply(&mut sc, 100.0);
        let mut sim = Simulation::new(&sc, Architecture::Monolith);
        sim.run_to_end();
        let s = series(&sim.metrics, 300.0, &sc);
        let r = crate::engine::report::ArchReport::of(&sim);
        assert!(
            r.success_rate < 0.9,
            "the crash failed requests: {}",
            r.success_rate
        );
        assert!((s.succeeded.unwrap() - r.success_rate).abs() < 1e-12);
        assert!(super::super::charts::latency::draw(
            &s,
            super::super::charts::Canvas {
                width: 400,
                height: 300,
                text_px: 13.0,
                y_top: None
            }
        )
        .contains(&format!(
            "{} succeeded",
            crate::explainer::format::percent(r.success_rate)
        )));
    }

    #[test]
    fn cost_is_stacked_by_the_items_the_architecture_pays_for_and_tops_out_at_the_total() {
        let sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        let items = |arch: Architecture| {
            let mut sim = Simulation::for_each_architecture(&sc)
                .into_iter()
                .find(|s| s.arch == arch)
                .unwrap();
            sim.run_until(120.0);
            let s = series(&sim.metrics, 120.0, &sc);
            let (_, top) = s.cost_stacked.last().unwrap();
            for (a, b) in top.iter().zip(&s.cost) {
                assert!((a - b).abs() < 1e-9 * b.max(1.0), "{a} against {b}");
            }
            // Each line is at least the one below it: the bands are the items' own spending.
            for pair in s.cost_stacked.windows(2) {
                assert!(pair[1].1.iter().zip(&pair[0].1).all(|(hi, lo)| hi >= lo));
            }
            s.cost_stacked
                .iter()
                .map(|(item, _)| item.label())
                .collect::<Vec<_>>()
        };
        assert_eq!(items(Architecture::Monolith), vec!["machines"]);
        let functions = items(Architecture::Serverless);
        assert!(
            functions.contains(&"function duration") && functions.contains(&"API Gateway"),
            "{functions:?}"
        );
        assert!(!functions.contains(&"machines"), "{functions:?}");
    }

    #[test]
    fn a_long_job_is_kept_apart_from_the_apis_latency() {
        use crate::engine::distribution::Distribution;
        use crate::engine::workload::RequestKind;
        // A two-minute export now and then beside the default APIs, on a monolith that lets it
        // finish and has the cores to spare for it.
        let mut sc = Scenario {
            duration_s: 1200.0,
            ..Scenario::default()
        };
        sc.workload.kinds.push(RequestKind {
            name: "export".into(),
            share: 0.0005,
            work: Distribution::constant(120.0),
            db: Distribution::constant(0.0),
            modules: vec!["orders".into()],
        });
        let mut sim = Simulation::new(&sc, Architecture::Monolith);
        sim.run_to_end();
        let s = series(&sim.metrics, 1200.0, &sc);
        let worst = s
            .p99
            .iter()
            .copied()
            .filter(|y| y.is_finite())
            .fold(0.0, f64::max);
        assert!(worst < 60_000.0, "the APIs' p99 reaches {worst} ms");
        let apis = crate::engine::report::ArchReport::of(&sim).latency_ms;
        assert!(apis.max < 60_000.0, "an API call took {} ms", apis.max);
        let jobs = s.long_jobs.clone().expect("exports finished");
        assert_eq!(jobs.kinds, "export");
        assert!(jobs.finished > 3 && jobs.ms.p50 >= 120_000.0, "{jobs:?}");
        let note = crate::explainer::charts::latency::long_jobs_note(&s).expect("a note");
        assert!(
            note.starts_with("Long jobs (export)") && note.contains(" min"),
            "{note}"
        );
    }
}
