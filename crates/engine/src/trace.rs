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

pub struct TraceLog {
    seed: u64,
    threshold: u64,
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
            capacity,
            recent: VecDeque::new(),
        }
    }

    pub fn is_sampled(&self, id: u64) -> bool {
        self.threshold > 0 && splitmix64(id ^ splitmix64(self.seed)) <= self.threshold
    }

    pub fn push(&mut self, trace: Trace) {
        if self.capacity == 0 {
            return;
        }
        if self.recent.len() == self.capacity {
            self.recent.pop_front();
        }
        self.recent.push_back(trace);
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

    #[test]
    fn ring_keeps_only_the_newest() {
        let mut log = TraceLog::new(1, 1.0, 3);
        for id in 0..5 {
            log.push(Trace {
                id,
                kind: 0,
                hops: vec![],
                outcome: Outcome::Ok,
                failure: None,
                end: 0.0,
            });
        }
        let ids: Vec<u64> = log.recent.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![2, 3, 4]);
    }
}
