//! What happened when, on a chart's time axis: crashes and other bugs, deploys, spikes and idle
//! stretches, from the scenario. Without them a reader sees a latency jump and has to guess that
//! it is the spike they pressed a minute ago.

use crate::engine::scenario::Scenario;
use crate::engine::timeline::{BugEffect, TimelineEvent};
use crate::engine::workload::RateShape;
use crate::explainer::format::compact;

/// One event: from `from_s`, until `to_s` when it lasts (a deploy is an instant).
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub from_s: f64,
    pub to_s: Option<f64>,
    pub label: String,
}

/// The scenario's events that have begun by `now`, in time order; a lasting one is cut at `now`.
pub fn markers(sc: &Scenario, now: f64) -> Vec<Marker> {
    let mut out: Vec<Marker> = Vec::new();
    // Kept in order as they come, by insertion: a handful of events does not need a sort's code.
    let mut add = |from_s: f64, duration_s: Option<f64>, label: String| {
        if from_s < now {
            let at = out.partition_point(|m| m.from_s <= from_s);
            let to_s = duration_s.map(|d| (from_s + d).min(now));
            out.insert(
                at,
                Marker {
                    from_s,
                    to_s,
                    label,
                },
            );
        }
    };
    for shape in &sc.workload.shape {
        match shape {
            RateShape::Spike {
                at_s,
                duration_s,
                factor,
            } => add(*at_s, Some(*duration_s), format!("x{}", compact(*factor))),
            RateShape::Idle { at_s, duration_s } => add(*at_s, Some(*duration_s), "idle".into()),
            _ => {}
        }
    }
    for event in &sc.events {
        match event {
            TimelineEvent::Bug {
                at_s,
                duration_s,
                target,
                effect,
            } => {
                let what = match effect {
                    BugEffect::Crash => "down",
                    BugEffect::Exception => "errors",
                    BugEffect::Leak { .. } => "leaks",
                    BugEffect::SlowDb { .. } => "DB slow",
                };
                add(*at_s, Some(*duration_s), format!("{target} {what}"));
            }
            TimelineEvent::Deploy { at_s, target } => add(
                *at_s,
                None,
                match target.as_str() {
                    "*" => "deploy".into(),
                    t => format!("deploy {t}"),
                },
            ),
        }
    }
    out
}

/// Which markers' labels are drawn, given each label's left edge and width in pixels: a label that
/// would run into the one before it is left out (its line and band still show), so that no two
/// overlap.
pub fn labels_shown(placed: &[(f64, f64)], gap_px: f64) -> Vec<bool> {
    let mut free_from = f64::NEG_INFINITY;
    placed
        .iter()
        .map(|&(left, width)| {
            let shown = left >= free_from;
            if shown {
                free_from = left + width + gap_px;
            }
            shown
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_that_have_begun_are_marked_in_time_order_and_cut_at_now() {
        let mut sc = Scenario::default();
        sc.workload.shape = vec![
            RateShape::Spike {
                at_s: 300.0,
                duration_s: 120.0,
                factor: 400.0,
            },
            RateShape::Idle {
                at_s: 30.0,
                duration_s: 60.0,
            },
            RateShape::Spike {
                at_s: 900.0,
                duration_s: 60.0,
                factor: 10.0,
            },
        ];
        sc.events = vec![
            TimelineEvent::Bug {
                at_s: 200.0,
                duration_s: 60.0,
                target: "payments".into(),
                effect: BugEffect::Crash,
            },
            TimelineEvent::Deploy {
                at_s: 100.0,
                target: "*".into(),
            },
        ];
        let m = markers(&sc, 360.0);
        let seen: Vec<(f64, Option<f64>, &str)> = m
            .iter()
            .map(|m| (m.from_s, m.to_s, m.label.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (30.0, Some(90.0), "idle"),
                (100.0, None, "deploy"),
                (200.0, Some(260.0), "payments down"),
                (300.0, Some(360.0), "x400"),
            ]
        );
    }

    #[test]
    fn a_label_that_would_overlap_the_one_before_is_left_out() {
        assert_eq!(
            labels_shown(
                &[(10.0, 50.0), (40.0, 30.0), (64.0, 20.0), (70.0, 5.0)],
                4.0
            ),
            [true, false, true, false]
        );
    }
}
