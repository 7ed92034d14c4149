//! The open-loop workload: a time-varying Poisson arrival rate and a mix of request kinds.
//! Every architecture in a run replays the same `ArrivalStream`, so a side-by-side comparison
//! differs only by architecture.

use super::distribution::Distribution;
use super::rng::{splitmix64, Rng, Stream};
use super::tagged::Tagged;
use super::traffic_series::TrafficSeries;
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workload {
    /// Base arrival rate, requests per second.
    pub rate_per_s: f64,
    /// Changes to the base rate over time, applied in order.
    pub shape: Vec<RateShape>,
    pub kinds: Vec<RequestKind>,
}

crate::tagged::settings_reader!(Workload {
    rate_per_s,
    shape,
    kinds
});

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RateShape {
    /// From `at_s` on, the base rate is `rate_per_s`.
    Step { at_s: f64, rate_per_s: f64 },
    /// The base rate moves linearly to `to_rate_per_s` between `from_s` and `to_s`, then stays.
    Ramp {
        from_s: f64,
        to_s: f64,
        to_rate_per_s: f64,
    },
    /// The rate is multiplied by `factor` for `duration_s` seconds from `at_s`.
    Spike {
        at_s: f64,
        duration_s: f64,
        factor: f64,
    },
    /// A daily cycle: rate x (1 + amplitude x sin(2 pi t / period_s)).
    DailySine { amplitude: f64, period_s: f64 },
    /// No traffic at all for `duration_s` seconds from `at_s`.
    Idle { at_s: f64, duration_s: f64 },
    /// A recorded series of request counts sets the base rate from 0 to its end, and no
    /// traffic after it.
    Series(TrafficSeries),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestKind {
    pub name: String,
    /// Relative weight in the mix.
    pub share: f64,
    /// CPU time at reference speed (one vCPU), seconds.
    pub work: Distribution,
    /// Time spent in the data store, seconds.
    pub db: Distribution,
    /// Business modules (microservices) the request touches, in call order.
    pub modules: Vec<String>,
}

/// Work that takes longer than this on average is a long job (an export, a report), not an API
/// call: its time to answer is kept apart (`Window::long_jobs`), so that an 8-minute export does
/// not pass for the latency of the APIs beside it.
pub const LONG_JOB_S: f64 = 60.0;

impl RequestKind {
    pub fn is_long_job(&self) -> bool {
        self.work.mean() + self.db.mean() > LONG_JOB_S
    }
}

crate::tagged::settings_reader!(RequestKind {
    name,
    share,
    work,
    db,
    modules
});

impl<'de> Deserialize<'de> for RateShape {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let tagged = Tagged::read(
            input,
            &["step", "ramp", "spike", "daily_sine", "idle", "series"],
        )?;
        Ok(match tagged.kind.as_str() {
            "step" => {
                let mut f = tagged.fields(&["at_s", "rate_per_s"])?;
                RateShape::Step {
                    at_s: f.take("at_s")?,
                    rate_per_s: f.take("rate_per_s")?,
                }
            }
            "ramp" => {
                let mut f = tagged.fields(&["from_s", "to_s", "to_rate_per_s"])?;
                RateShape::Ramp {
                    from_s: f.take("from_s")?,
                    to_s: f.take("to_s")?,
                    to_rate_per_s: f.take("to_rate_per_s")?,
                }
            }
            "spike" => {
                let mut f = tagged.fields(&["at_s", "duration_s", "factor"])?;
                RateShape::Spike {
                    at_s: f.take("at_s")?,
                    duration_s: f.take("duration_s")?,
                    factor: f.take("factor")?,
                }
            }
            "daily_sine" => {
                let mut f = tagged.fields(&["amplitude", "period_s"])?;
                RateShape::DailySine {
                    amplitude: f.take("amplitude")?,
                    period_s: f.take("period_s")?,
                }
            }
            "idle" => {
                let mut f = tagged.fields(&["at_s", "duration_s"])?;
                RateShape::Idle {
                    at_s: f.take("at_s")?,
                    duration_s: f.take("duration_s")?,
                }
            }
            _series => {
                let mut f = tagged.fields(&["interval_s", "scale", "source", "columns"])?;
                RateShape::Series(TrafficSeries {
                    interval_s: f.take("interval_s")?,
                    scale: f.take_or("scale", 1.0)?,
                    source: f.take_or("source", String::new())?,
                    columns: f.take("columns")?,
                })
            }
        })
    }
}

impl Default for RequestKind {
    fn default() -> Self {
        RequestKind {
            name: "api".into(),
            share: 1.0,
            work: Distribution::exponential(0.005),
            db: Distribution::exponential(0.010),
            modules: vec!["orders".into()],
        }
    }
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            rate_per_s: 20.0,
            shape: vec![],
            kinds: vec![
                RequestKind {
                    name: "browse".into(),
                    share: 0.6,
                    work: Distribution::exponential(0.004),
                    db: Distribution::exponential(0.008),
                    modules: vec!["users".into(), "orders".into()],
                },
                RequestKind {
                    name: "checkout".into(),
                    share: 0.3,
                    work: Distribution::exponential(0.008),
                    db: Distribution::exponential(0.012),
                    modules: vec!["orders".into(), "payments".into()],
                },
                RequestKind {
                    name: "report".into(),
                    share: 0.1,
                    work: Distribution::lognormal(0.25, 0.6),
                    db: Distribution::exponential(0.05),
                    modules: vec!["orders".into()],
                },
            ],
        }
    }
}

impl Workload {
    /// The arrival rate at time t, after every shape is applied.
    pub fn rate_at(&self, t: f64) -> f64 {
        let mut factor = 1.0;
        for s in &self.shape {
            match *s {
                RateShape::Spike {
                    at_s,
                    duration_s,
                    factor: f,
                } if t >= at_s && t < at_s + duration_s => factor *= f,
                RateShape::DailySine {
                    amplitude,
                    period_s,
                } => {
                    factor *= (1.0 + amplitude * libm::sin(core::f64::consts::TAU * t / period_s))
                        .max(0.0);
                }
                RateShape::Idle { at_s, duration_s } if t >= at_s && t < at_s + duration_s => {
                    factor = 0.0
                }
                _ => {}
            }
        }
        (self.base_at(t) * factor).max(0.0)
    }

    /// An upper bound of `rate_at` over all time, for thinning.
    pub fn max_rate(&self) -> f64 {
        let mut base: f64 = self.rate_per_s;
        let mut factor = 1.0;
        for s in &self.shape {
            match *s {
                RateShape::Step { rate_per_s, .. } => base = base.max(rate_per_s),
                RateShape::Ramp { to_rate_per_s, .. } => base = base.max(to_rate_per_s),
                RateShape::Spike { factor: f, .. } => factor *= f.max(1.0),
                RateShape::DailySine { amplitude, .. } => factor *= 1.0 + amplitude.abs(),
                RateShape::Idle { .. } => {}
                RateShape::Series(ref series) => {
                    base = base.max(series.max_rate_between(0.0, series.duration_s()))
                }
            }
        }
        base * factor
    }

    /// An upper bound of `rate_at` over [a, b). The base rate is piecewise linear, so its maximum is
    /// at an end or a breakpoint; factors count only if their shape overlaps the interval.
    pub fn max_rate_between(&self, a: f64, b: f64) -> f64 {
        let mut points = vec![a, b];
        for s in &self.shape {
            match *s {
                RateShape::Step { at_s, .. } => points.push(at_s),
                RateShape::Ramp { from_s, to_s, .. } => points.extend([from_s, to_s]),
                _ => {}
            }
        }
        // A series changes the base at every interval boundary: its own bound covers them.
        let series = self
            .shape
            .iter()
            .filter_map(|s| match s {
                RateShape::Series(series) => Some(series.max_rate_between(a, b)),
                _ => None,
            })
            .fold(0.0, f64::max);
        let base = points
            .into_iter()
            .filter(|&t| t >= a && t <= b)
            .map(|t| self.base_at(t).max(self.base_at((t - 1e-9).max(0.0))))
            .fold(series, f64::max);
        let mut factor = 1.0;
        for s in &self.shape {
            match *s {
                RateShape::Spike {
                    at_s,
                    duration_s,
                    factor: f,
                } if at_s < b && at_s + duration_s > a => factor *= f.max(1.0),
                RateShape::DailySine { amplitude, .. } => factor *= 1.0 + amplitude.abs(),
                _ => {}
            }
        }
        base * factor
    }

    /// The base rate at t: the rate before spikes, cycles and idle gaps.
    fn base_at(&self, t: f64) -> f64 {
        let mut base = self.rate_per_s;
        for s in &self.shape {
            match *s {
                RateShape::Step { at_s, rate_per_s } if t >= at_s => base = rate_per_s,
                RateShape::Series(ref series) => base = series.rate_at(t),
                RateShape::Ramp {
                    from_s,
                    to_s,
                    to_rate_per_s,
                } => {
                    if t >= to_s {
                        base = to_rate_per_s;
                    } else if t > from_s {
                        base += (to_rate_per_s - base) * (t - from_s) / (to_s - from_s);
                    }
                }
                _ => {}
            }
        }
        base
    }

    /// Expected number of arrivals in [0, duration), by the midpoint rule on a fine grid: at
    /// least four points to each interval of a series, so that a series' count is exact.
    pub fn expected_arrivals(&self, duration_s: f64) -> f64 {
        let rows = self
            .shape
            .iter()
            .filter_map(|s| match s {
                RateShape::Series(series) => {
                    Some((duration_s / series.interval_s).ceil() as usize * 4)
                }
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let n = rows.clamp(2000, 4 * super::traffic_series::MAX_ROWS);
        let dt = duration_s / n as f64;
        (0..n)
            .map(|i| self.rate_at((i as f64 + 0.5) * dt) * dt)
            .sum()
    }

    /// The recorded series this workload replays, if any.
    pub fn series(&self) -> Option<&TrafficSeries> {
        self.shape.iter().find_map(|s| match s {
            RateShape::Series(series) => Some(series),
            _ => None,
        })
    }

    /// Mean arrival rate over [0, duration), requests/s.
    pub fn mean_rate(&self, duration_s: f64) -> f64 {
        self.expected_arrivals(duration_s) / duration_s.max(1e-9)
    }

    pub fn kind_index(&self, name: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.name == name)
    }

    /// Every module any kind touches, in first-seen order.
    pub fn modules(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for k in &self.kinds {
            for m in &k.modules {
                if !out.contains(m) {
                    out.push(m.clone());
                }
            }
        }
        out
    }
}

/// One request as the workload produces it. Its work is drawn at arrival, so every architecture
/// serves exactly the same demand.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Request {
    pub id: u64,
    pub kind: u16,
    pub arrival: f64,
    pub work_s: f64,
    pub db_s: f64,
}

/// Generates arrivals in time order by thinning a homogeneous Poisson process, block by block.
/// Each block draws from random streams seeded by its own index and thins against its own rate
/// bound, so a change to the workload from a block boundary T on (a spike added by a "try this"
/// button) leaves every arrival before T exactly as it was.
#[derive(Clone, Debug)]
pub struct ArrivalStream {
    workload: Workload,
    cumulative_share: Vec<f64>,
    /// For a series with a column per kind: each column's kind, which then replaces the shares.
    column_kinds: Option<Vec<u16>>,
    seed: u64,
    /// Length of a block, seconds (`Scenario::arrival_block_s`).
    block_s: f64,
    t: f64,
    block_end: f64,
    bound: f64,
    next_id: u64,
    arrivals: Rng,
    mix: Rng,
    work: Rng,
}

impl ArrivalStream {
    pub fn new(workload: &Workload, seed: u64, block_s: f64) -> Self {
        let mut acc = 0.0;
        let cumulative_share = workload
            .kinds
            .iter()
            .map(|k| {
                acc += k.share;
                acc
            })
            .collect();
        let column_kinds = workload.series().and_then(|series| {
            series
                .columns
                .iter()
                .map(|c| Some(workload.kind_index(c.kind.as_deref()?)? as u16))
                .collect()
        });
        let mut s = ArrivalStream {
            workload: workload.clone(),
            cumulative_share,
            column_kinds,
            seed,
            block_s,
            t: 0.0,
            block_end: 0.0,
            bound: 0.0,
            next_id: 0,
            arrivals: Rng::stream(seed, Stream::Arrivals),
            mix: Rng::stream(seed, Stream::Mix),
            work: Rng::stream(seed, Stream::Work),
        };
        s.enter_block(0.0);
        s
    }

    fn enter_block(&mut self, start: f64) {
        let index = (start / self.block_s).round() as u64;
        let block_seed = self.seed ^ splitmix64(index.wrapping_add(0x5EED));
        self.t = start;
        self.block_end = start + self.block_s;
        self.bound = self.workload.max_rate_between(start, self.block_end);
        self.arrivals = Rng::stream(block_seed, Stream::Arrivals);
        self.mix = Rng::stream(block_seed, Stream::Mix);
        self.work = Rng::stream(block_seed, Stream::Work);
    }

    /// The next arrival before `horizon`, or None if there is none.
    pub fn next_before(&mut self, horizon: f64) -> Option<Request> {
        loop {
            if self.t >= horizon {
                return None;
            }
            let step = if self.bound > 0.0 {
                self.arrivals.exponential(1.0 / self.bound)
            } else {
                f64::INFINITY
            };
            if self.t + step >= self.block_end {
                // Memoryless: restarting the clock at the block boundary loses nothing.
                let next = self.block_end;
                self.enter_block(next);
                continue;
            }
            self.t += step;
            if self.t >= horizon {
                return None;
            }
            let accept = self.workload.rate_at(self.t) / self.bound;
            if accept >= 1.0 || self.arrivals.uniform() <= accept {
                // Outside the series (a step after its end) the kinds follow the shares.
                let by_column = self.column_kinds.as_ref().and_then(|kinds| {
                    let series = self.workload.series()?;
                    let column = series.column_for(self.t, self.mix.uniform())?;
                    Some(kinds[column] as usize)
                });
                let kind =
                    by_column.unwrap_or_else(|| self.mix.weighted_index(&self.cumulative_share));
                let k = &self.workload.kinds[kind];
                let request = Request {
                    id: self.next_id,
                    kind: kind as u16,
                    arrival: self.t,
                    work_s: k.work.sample(&mut self.work),
                    db_s: k.db.sample(&mut self.work),
                };
                self.next_id += 1;
                return Some(request);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(w: &Workload, from: f64, to: f64, seed: u64) -> usize {
        let mut s = ArrivalStream::new(w, seed, 1.0);
        std::iter::from_fn(|| s.next_before(to))
            .filter(|r| r.arrival >= from)
            .count()
    }

    #[test]
    fn poisson_count_matches_rate() {
        let w = Workload {
            rate_per_s: 50.0,
            ..Workload::default()
        };
        let n = count(&w, 0.0, 1000.0, 1);
        assert!((n as f64 - 50_000.0).abs() < 4.0 * 50_000f64.sqrt(), "{n}");
    }

    #[test]
    fn spike_multiplies_and_idle_silences() {
        let w = Workload {
            rate_per_s: 10.0,
            shape: vec![
                RateShape::Spike {
                    at_s: 100.0,
                    duration_s: 100.0,
                    factor: 10.0,
                },
                RateShape::Idle {
                    at_s: 300.0,
                    duration_s: 100.0,
                },
            ],
            ..Workload::default()
        };
        let before = count(&w, 0.0, 100.0, 2);
        let during = count(&w, 100.0, 200.0, 2);
        let idle = count(&w, 300.0, 400.0, 2);
        assert!((800..1200).contains(&before), "{before}");
        assert!((9_000..11_000).contains(&during), "{during}");
        assert_eq!(idle, 0);
    }

    #[test]
    fn ramp_and_step_set_the_base_rate() {
        let w = Workload {
            rate_per_s: 10.0,
            shape: vec![
                RateShape::Ramp {
                    from_s: 0.0,
                    to_s: 100.0,
                    to_rate_per_s: 30.0,
                },
                RateShape::Step {
                    at_s: 200.0,
                    rate_per_s: 5.0,
                },
            ],
            ..Workload::default()
        };
        assert_eq!(w.rate_at(50.0), 20.0);
        assert_eq!(w.rate_at(150.0), 30.0);
        assert_eq!(w.rate_at(250.0), 5.0);
        assert!(w.max_rate() >= 30.0);
    }

    #[test]
    fn daily_sine_peaks_and_troughs() {
        let w = Workload {
            rate_per_s: 10.0,
            shape: vec![RateShape::DailySine {
                amplitude: 0.5,
                period_s: 86_400.0,
            }],
            ..Workload::default()
        };
        assert!((w.rate_at(21_600.0) - 15.0).abs() < 1e-9);
        assert!((w.rate_at(64_800.0) - 5.0).abs() < 1e-9);
        assert!((w.expected_arrivals(86_400.0) - 864_000.0).abs() < 1.0);
    }

    #[test]
    fn same_seed_same_trace_other_seed_other_trace() {
        let w = Workload::default();
        let trace = |seed| {
            let mut s = ArrivalStream::new(&w, seed, 1.0);
            std::iter::from_fn(|| s.next_before(100.0)).collect::<Vec<_>>()
        };
        assert_eq!(trace(4), trace(4));
        assert_ne!(trace(4), trace(5));
    }

    #[test]
    fn a_change_from_t_on_leaves_earlier_arrivals_alone() {
        let w = Workload::default();
        let mut later = w.clone();
        later.shape.push(RateShape::Spike {
            at_s: 50.0,
            duration_s: 10.0,
            factor: 30.0,
        });
        let upto = |w: &Workload| {
            let mut s = ArrivalStream::new(w, 3, 1.0);
            std::iter::from_fn(|| s.next_before(200.0))
                .filter(|r| r.arrival < 50.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(upto(&w), upto(&later));
    }

    #[test]
    fn mix_follows_shares() {
        let w = Workload {
            rate_per_s: 100.0,
            ..Workload::default()
        };
        let mut s = ArrivalStream::new(&w, 9, 1.0);
        let all: Vec<Request> = std::iter::from_fn(|| s.next_before(500.0)).collect();
        let checkout = all.iter().filter(|r| r.kind == 1).count() as f64 / all.len() as f64;
        assert!((checkout - 0.3).abs() < 0.01, "{checkout}");
    }

    #[test]
    fn a_series_is_replayed_interval_by_interval_with_its_kinds() {
        use crate::traffic_series::SeriesColumn;
        let counts = [600.0, 0.0, 3000.0, 60.0];
        let w = Workload {
            shape: vec![RateShape::Series(TrafficSeries {
                interval_s: 60.0,
                scale: 2.0,
                source: String::new(),
                columns: vec![
                    SeriesColumn {
                        kind: Some("report".into()),
                        counts: counts.to_vec(),
                    },
                    SeriesColumn {
                        kind: Some("browse".into()),
                        counts: vec![0.0, 0.0, 1000.0, 0.0],
                    },
                ],
            })],
            ..Workload::default()
        };
        for duration in [240.0, 600.0] {
            let e = w.expected_arrivals(duration);
            assert!((e - 2.0 * 4660.0).abs() < 1e-6, "{e}");
        }
        let mut s = ArrivalStream::new(&w, 7, 1.0);
        let all: Vec<Request> = std::iter::from_fn(|| s.next_before(600.0)).collect();
        let in_row = |i: f64| all.iter().filter(move |r| (r.arrival / 60.0).floor() == i);
        let expected = [1200.0, 0.0, 8000.0, 120.0];
        for (i, e) in expected.iter().enumerate() {
            let n = in_row(i as f64).count() as f64;
            assert!(
                (n - e).abs() <= 4.0 * e.sqrt(),
                "interval {i}: {n} against {e}"
            );
        }
        assert!(all.iter().all(|r| r.arrival < 240.0));
        // Kinds follow the columns: only reports in the first minute, a quarter browse in the third.
        assert!(in_row(0.0).all(|r| r.kind == 2));
        let browse = in_row(2.0).filter(|r| r.kind == 0).count() as f64 / 8000.0;
        assert!((browse - 0.25).abs() < 0.02, "{browse}");
    }

    #[test]
    fn a_series_reads_from_json_and_writes_back_the_same() {
        let text = r#"{"kind": "series", "interval_s": 60, "columns": [{"counts": [1, 2.5]}]}"#;
        let shape: RateShape = serde_json::from_str(text).unwrap();
        let RateShape::Series(ref series) = shape else {
            panic!("{shape:?}")
        };
        assert_eq!((series.scale, series.rows(), series.total()), (1.0, 2, 3.5));
        let back: RateShape =
            serde_json::from_value(serde_json::to_value(&shape).unwrap()).unwrap();
        assert_eq!(back, shape);
        let unknown =
            r#"{"kind": "series", "interval_s": 60, "columns": [{"counts": [1], "kinds": "x"}]}"#;
        let e = serde_json::from_str::<RateShape>(unknown)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `kinds`"), "{e}");
    }
}
