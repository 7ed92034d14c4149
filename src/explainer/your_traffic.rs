//! The "Your traffic" chapter: a series the reader imported, replayed through all four
//! architectures. What to replay (a window of the rows, a scale) becomes one `Scenario`, the same
//! one the scenario file and the headless runner use.

use super::format::duration_name;
use super::traffic_import::Imported;
use crate::engine::scenario::{Architecture, Scenario, MAX_EXPECTED_REQUESTS};
use crate::engine::traffic_series::{SeriesColumn, TrafficSeries};
use crate::engine::workload::RateShape;
use std::fmt;

/// Scales offered, from a tenth of the traffic to a hundred times it.
pub const MIN_SCALE: f64 = 0.1;
pub const MAX_SCALE: f64 = 100.0;

/// The bundled examples (examples/traffic, made by scripts/make_traffic_examples.py): file and
/// name. All are synthetic, and named so.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "business-hours-week.csv",
        "a week of a business-hours API (synthetic)",
    ),
    ("nightly-batch.csv", "a nightly batch job (synthetic)"),
    ("launch-day.csv", "a launch day (synthetic)"),
];

pub fn example_name(file: &str) -> &str {
    EXAMPLES
        .iter()
        .find(|(f, _)| *f == file)
        .map_or(file, |(_, name)| name)
}

/// The scale slider runs over log10 of the scale, so x0.1 to x100 get equal room; its values
/// are rounded to two significant figures, as a reader would say them.
pub fn scale_of_slider(v: f64) -> f64 {
    let raw = libm::pow(10.0, v.clamp(-1.0, 2.0));
    let digits = libm::pow(10.0, libm::floor(libm::log10(raw)) - 1.0);
    (libm::round(raw / digits) * digits).clamp(MIN_SCALE, MAX_SCALE)
}

pub fn slider_of_scale(scale: f64) -> f64 {
    libm::log10(scale.clamp(MIN_SCALE, MAX_SCALE))
}

pub fn scale_label(scale: f64) -> String {
    let x = super::format::compact(scale);
    if scale == 1.0 {
        "x1, as recorded".into()
    } else {
        format!("x{x}")
    }
}

/// The time at the start of row `row` of the series, for the window's labels.
pub fn window_label(imported: &Imported, row: usize) -> String {
    super::timestamp::show(imported.start_epoch_s + row as f64 * imported.interval_s)
}

/// Which part of an imported series to replay, and how much of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Replay {
    /// Rows `from..to` of the series.
    pub from: usize,
    pub to: usize,
    /// Every count times this.
    pub scale: f64,
}

impl Replay {
    /// All of it, as it was.
    pub fn all(imported: &Imported) -> Self {
        Replay {
            from: 0,
            to: imported.rows(),
            scale: 1.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ReplayProblem {
    /// More requests than one run may simulate; what would fit.
    TooMany {
        requests: f64,
        fits_scale: f64,
        fits_rows: usize,
        interval_s: f64,
    },
    /// Count columns named after kinds the scenario does not have.
    UnknownKinds {
        unknown: Vec<String>,
        known: Vec<String>,
    },
    /// Nothing to replay: the window holds no row.
    Empty,
}

impl fmt::Display for ReplayProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use super::format::compact;
        match self {
            ReplayProblem::TooMany { requests, fits_scale, fits_rows, interval_s } => write!(
                f,
                "this replay holds {} requests; one run simulates at most {}. Scale it to x{} or less, or replay a window of {} of it or less",
                compact(*requests),
                compact(MAX_EXPECTED_REQUESTS),
                fits_scale,
                duration_name(*fits_rows as f64 * interval_s)
            ),
            ReplayProblem::UnknownKinds { unknown, known } => write!(
                f,
                "the count column{} {} name{} no request kind of this scenario; name each column after one of {}, or keep one count column for all requests",
                if unknown.len() == 1 { "" } else { "s" },
                unknown.iter().map(|k| format!("\u{201c}{k}\u{201d}")).collect::<Vec<_>>().join(", "),
                if unknown.len() == 1 { "s" } else { "" },
                known.join(", ")
            ),
            ReplayProblem::Empty => write!(f, "the window holds no interval; choose a window of at least one row"),
        }
    }
}

/// The chapter's scenario with `imported`'s rows replayed as chosen: all four architectures, for
/// exactly the series' length, with nothing left out as warm-up, so the totals are the series'.
pub fn scenario(
    imported: &Imported,
    replay: Replay,
    source: &str,
) -> Result<Scenario, ReplayProblem> {
    let to = replay.to.min(imported.rows());
    let from = replay.from.min(to);
    if from == to {
        return Err(ReplayProblem::Empty);
    }
    let mut sc = base();
    let known: Vec<String> = sc.workload.kinds.iter().map(|k| k.name.clone()).collect();
    let unknown: Vec<String> = imported
        .columns
        .iter()
        .filter_map(|c| c.kind.clone())
        .filter(|k| !known.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(ReplayProblem::UnknownKinds { unknown, known });
    }
    let series = TrafficSeries {
        interval_s: imported.interval_s,
        scale: replay.scale,
        source: source.to_string(),
        columns: imported
            .columns
            .iter()
            .map(|c| SeriesColumn {
                kind: c.kind.clone(),
                counts: c.counts[from..to].to_vec(),
            })
            .collect(),
    };
    let requests = series.total();
    if requests > MAX_EXPECTED_REQUESTS {
        // Round down, so that what is suggested does fit.
        return Err(ReplayProblem::TooMany {
            requests,
            fits_scale: (replay.scale * MAX_EXPECTED_REQUESTS / requests * 100.0).floor() / 100.0,
            fits_rows: ((to - from) as f64 * MAX_EXPECTED_REQUESTS / requests).floor() as usize,
            interval_s: imported.interval_s,
        });
    }
    sc.duration_s = series.duration_s();
    sc.workload.rate_per_s = requests / sc.duration_s;
    sc.workload.shape = vec![RateShape::Series(series)];
    Ok(sc)
}

/// Everything but the traffic: the four architectures as the other chapters set them up.
fn base() -> Scenario {
    Scenario {
        name: "your traffic".into(),
        architectures: Architecture::ALL.to_vec(),
        warmup_s: 0.0,
        window_s: None,
        ..Scenario::default()
    }
}

/// Before anything is imported: one synthetic business day of 5-minute counts, quiet at night
/// and near 25 requests/s in working hours, so the chapter has something to show.
pub fn synthetic_day() -> Scenario {
    let counts: Vec<f64> = (0..288)
        .map(|i| {
            let hour = i as f64 / 12.0;
            let working = 1.0 / (1.0 + libm::exp(-(hour - 8.0) * 2.0))
                - 1.0 / (1.0 + libm::exp(-(hour - 18.0) * 2.0));
            ((1.0 + 24.0 * working.max(0.0)) * 300.0).round()
        })
        .collect();
    let imported = Imported {
        layout: super::traffic_import::Layout::Csv,
        start_epoch_s: 0.0,
        interval_s: 300.0,
        columns: vec![SeriesColumn { kind: None, counts }],
        filled: 0,
        added: 1,
    };
    let sc = scenario(
        &imported,
        Replay::all(&imported),
        "a synthetic business day (5-minute counts)",
    );
    sc.expect("a day at 25 requests/s is well within one run")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::traffic_import::{read, ImportOptions};

    fn imported(text: &str) -> Imported {
        read(text, ImportOptions::default()).unwrap()
    }

    #[test]
    fn the_scenario_replays_the_window_scaled_for_exactly_its_length() {
        let i = imported("t,n\n0,60\n60,120\n120,180\n180,240\n");
        let sc = scenario(
            &i,
            Replay {
                from: 1,
                to: 3,
                scale: 2.0,
            },
            "test",
        )
        .unwrap();
        assert_eq!(sc.duration_s, 120.0);
        assert_eq!(sc.warmup_s, 0.0);
        assert_eq!(sc.architectures, Architecture::ALL.to_vec());
        assert!((sc.workload.expected_arrivals(sc.duration_s) - 600.0).abs() < 1e-6);
        assert_eq!(sc.workload.rate_per_s, 5.0);
        assert_eq!(sc.validate(), Ok(()));
        // The run's requests are the series' counts, within Poisson noise.
        let (_, report) = crate::engine::report::run_scenario(&sc);
        for a in report.architectures.values() {
            assert!(
                (a.requests as f64 - 600.0).abs() < 4.0 * 600f64.sqrt(),
                "{}",
                a.requests
            );
        }
    }

    #[test]
    fn kind_columns_must_name_the_scenarios_kinds() {
        let good = imported("time,browse,checkout\n0,1,2\n60,3,4\n");
        assert!(scenario(&good, Replay::all(&good), "").is_ok());
        let bad = imported("time,search,checkout,cart\n0,1,2,3\n60,3,4,5\n");
        let e = scenario(&bad, Replay::all(&bad), "").unwrap_err();
        assert_eq!(e.to_string(), "the count columns \u{201c}search\u{201d}, \u{201c}cart\u{201d} name no request kind of this scenario; name each column after one of browse, checkout, report, or keep one count column for all requests");
    }

    #[test]
    fn too_many_requests_are_refused_with_a_scale_and_window_that_fit() {
        let i = imported("t,n\n0,30000000\n3600,30000000\n7200,30000000\n");
        let e = scenario(&i, Replay::all(&i), "").unwrap_err();
        let ReplayProblem::TooMany {
            fits_scale,
            fits_rows,
            ..
        } = e.clone()
        else {
            panic!("{e}")
        };
        assert_eq!(e.to_string(), "this replay holds 90M requests; one run simulates at most 50M. Scale it to x0.55 or less, or replay a window of 1 h of it or less");
        assert!(scenario(
            &i,
            Replay {
                scale: fits_scale,
                ..Replay::all(&i)
            },
            ""
        )
        .is_ok());
        assert!(scenario(
            &i,
            Replay {
                from: 0,
                to: fits_rows,
                scale: 1.0
            },
            ""
        )
        .is_ok());
        assert_eq!(
            scenario(
                &i,
                Replay {
                    from: 2,
                    to: 2,
                    scale: 1.0
                },
                ""
            ),
            Err(ReplayProblem::Empty)
        );
    }

    #[test]
    fn the_scale_slider_covers_a_tenth_to_a_hundred_in_round_steps() {
        assert_eq!(scale_of_slider(-1.0), 0.1);
        assert_eq!(scale_of_slider(0.0), 1.0);
        assert_eq!(scale_of_slider(2.0), 100.0);
        assert_eq!(scale_of_slider(0.05), 1.1);
        assert_eq!(scale_of_slider(1.5), 32.0);
        assert_eq!(scale_of_slider(9.0), 100.0);
        for scale in [0.1, 0.5, 1.0, 3.0, 100.0] {
            assert_eq!(scale_of_slider(slider_of_scale(scale)), scale);
        }
        assert_eq!(scale_label(1.0), "x1, as recorded");
        assert_eq!(scale_label(0.55), "x0.55");
    }

    #[test]
    fn windows_are_labelled_with_their_times() {
        let i = imported(
            "t,n
2025-11-20T10:00:00Z,1
2025-11-20T10:05:00Z,1
",
        );
        assert_eq!(window_label(&i, 0), "2025-11-20 10:00 UTC");
        assert_eq!(window_label(&i, 2), "2025-11-20 10:10 UTC");
        assert_eq!(example_name("launch-day.csv"), "a launch day (synthetic)");
    }

    #[test]
    fn every_bundled_example_is_read_and_replayable_as_it_is() {
        for (file, _) in EXAMPLES {
            let path = format!("{}/examples/traffic/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let i = read(&text, ImportOptions::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
            let sc = scenario(&i, Replay::all(&i), file).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(sc.validate(), Ok(()), "{file}");
        }
    }

    #[test]
    fn the_synthetic_day_is_quiet_at_night_and_busy_by_day() {
        let sc = synthetic_day();
        assert_eq!(sc.duration_s, 86_400.0);
        let w = &sc.workload;
        assert!(w.rate_at(3.0 * 3600.0) < 2.0, "{}", w.rate_at(3.0 * 3600.0));
        assert!(
            w.rate_at(13.0 * 3600.0) > 20.0,
            "{}",
            w.rate_at(13.0 * 3600.0)
        );
    }
}
