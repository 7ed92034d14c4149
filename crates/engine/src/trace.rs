//! Sampled request traces for the animation and the trace view. Which requests are sampled is
//! decided by hashing the request id with the seed, so the same requests are followed in every
//! architecture. Only a bounded ring of recent traces is kept.

use super::metrics::FailureCause;
use super::rng::splitmix64;
use serde::Serialize;
use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Hop {
    /// Index into the architecture's topology nodes.
    pub node: u16,
    pub arrive: f64,
    /// When the request left this node; infinite while it is still there.
    pub depart: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Ok,
    ColdStart,
    Throttled,
    Failed,
    TimedOut,
}

impl Outcome {
    pub fn of(failure: Option<FailureCause>, cold: bool) -> Outcome {
        match failure {
            None if cold => Outcome::ColdStart,
            None => Outcome::Ok,
            Some(FailureCause::Throttled) => Outcome::Throttled,
            Some(FailureCause::TimedOut) => Outcome::TimedOut,
            Some(_) => Outcome::Failed,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    pub id: u64,
    pub kind: u16,
    pub hops: Vec<Hop>,
    pub outcome: Outcome,
    pub failure: Option<FailureCause>,
    pub end: f64,
}

/// Simulated time the kept traces should span at least. A dot stays on screen for up to this long
/// (a hop lasts at least a third of a second of real time, so at 32x about 11 s of simulated
/// time), and a ring that a flash crowd fills in a second would leave every dot on its first hop.
pub const TRACE_SPAN_S: f64 = 30.0;

/// Whether request `id` is traced at `threshold`: its seeded hash is at most the threshold, so a
/// lower threshold keeps a subset of what a higher one keeps.
fn passes(seed: u64, threshold: u64, id: u64) -> bool {
    threshold > 0 && splitmix64(id ^ splitmix64(seed)) <= threshold
}

pub struct TraceLog {
    seed: u64,
    /// Requests whose hash is at most this are traced: the scenario's fraction, halved for as
    /// long as traffic is too dense for the ring to span `TRACE_SPAN_S`.
    threshold: u64,
    /// The scenario's threshold, to return to when traffic thins out again.
    base: u64,
    capacity: usize,
    pub recent: VecDeque<Trace>,
}

impl TraceLog {
    /// `fraction` of requests is sampled; at most `capacity` finished traces are kept.
    pub fn new(seed: u64, fraction: f64, capacity: usize) -> Self {
        let threshold = if fraction >= 1.0 {
            u64::MAX
        } else {
            (fraction.max(0.0) * u64::MAX as f64) as u64
        };
        TraceLog {
            seed,
            threshold,
            base: threshold,
            capacity,
            recent: VecDeque::new(),
        }
    }

    pub fn is_sampled(&self, id: u64) -> bool {
        passes(self.seed, self.threshold, id)
    }

    /// The share of requests traced now.
    pub fn fraction(&self) -> f64 {
        self.threshold as f64 / u64::MAX as f64
    }

    /// Keeps a finished trace. When the ring is full and spans less than `TRACE_SPAN_S`, half of
    /// the traced requests are let go, old and new alike; the halves nest (a lower threshold on
    /// the same hash), so the traces kept are the ones a sparser sampling would have kept.
    /// When the ring spans four times that, sampling doubles again, up to the scenario's.
    pub fn push(&mut self, trace: Trace) {
        if self.capacity == 0 || !self.is_sampled(trace.id) {
            return;
        }
        if self.recent.len() == self.capacity {
            self.recent.pop_front();
        }
        self.recent.push_back(trace);
        let span = match (self.recent.front(), self.recent.back()) {
            (Some(a), Some(b)) => b.end - a.end,
            _ => return,
        };
        if self.recent.len() == self.capacity && span < TRACE_SPAN_S {
            self.threshold /= 2;
            let (seed, threshold) = (self.seed, self.threshold);
            self.recent.retain(|t| passes(seed, threshold, t.id));
        } else if span > 4.0 * TRACE_SPAN_S && self.threshold < self.base {
            self.threshold = self.threshold.saturating_mul(2).min(self.base);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampling_fraction_is_respected_and_seeded() {
        let a = TraceLog::new(1, 0.1, 10);
        let b = TraceLog::new(2, 0.1, 10);
        let n = 100_000;
        let sa = (0..n).filter(|&i| a.is_sampled(i)).count();
        assert!((sa as f64 / n as f64 - 0.1).abs() < 0.005);
        let same = (0..n)
            .filter(|&i| a.is_sampled(i) == b.is_sampled(i))
            .count();
        assert!(
            same < n as usize,
            "different seeds sample different requests"
        );
        assert!(!TraceLog::new(1, 0.0, 10).is_sampled(5));
        assert!(TraceLog::new(1, 1.0, 10).is_sampled(5));
    }

    fn finished(id: u64, end: f64) -> Trace {
        Trace {
            id,
            kind: 0,
            hops: vec![],
            outcome: Outcome::Ok,
            failure: None,
            end,
        }
    }

    #[test]
    fn a_crowd_thins_the_sampling_so_the_ring_still_spans_its_time_and_it_recovers() {
        let mut log = TraceLog::new(7, 1.0, 100);
        // 1,000 traced requests a second: 100 kept would span a tenth of a second.
        let mut id = 0;
        for _ in 0..20_000 {
            log.push(finished(id, id as f64 / 1000.0));
            id += 1;
        }
        let span = log.recent.back().unwrap().end - log.recent.front().unwrap().end;
        assert!(span >= TRACE_SPAN_S * 0.5, "the ring spans {span} s");
        assert!(
            log.fraction() < 0.01,
            "sampling thinned to {}",
            log.fraction()
        );
        assert!(
            log.recent.iter().all(|t| log.is_sampled(t.id)),
            "every kept trace passes"
        );
        // Back to one a second: sampling returns to every request.
        let mut t = 20.0;
        for _ in 0..2_000 {
            t += 1.0;
            if log.is_sampled(id) {
                log.push(finished(id, t));
            }
            id += 1;
        }
        assert_eq!(log.fraction(), 1.0);
    }

    #[test]
    fn ring_keeps_only_the_newest() {
        let mut log = TraceLog::new(1, 1.0, 3);
        for id in 0..5 {
            log.push(finished(id, id as f64 * TRACE_SPAN_S));
        }
        let ids: Vec<u64> = log.recent.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![2, 3, 4]);
    }
}
