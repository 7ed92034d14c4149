//! A mergeable log-linear latency histogram (the HDR idea, in integers). Values are microseconds;
//! each power of two is split into 64 buckets, so any reported percentile is within 1.6 % of the
//! true value. Merging two histograms adds their counts, which is what makes per-window
//! percentiles combinable: percentiles are never averaged.

use serde::Serialize;

const SUB_BITS: u32 = 6;
const SUB: u64 = 1 << SUB_BITS;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Histogram {
    /// Counts per bucket (u32: a run is capped at 50 million requests, see MAX_EXPECTED_REQUESTS).
    counts: Vec<u32>,
    total: u64,
    sum_us: f64,
    max_us: u64,
}

fn bucket_of(v: u64) -> usize {
    if v < 2 * SUB {
        return v as usize;
    }
    let shift = 63 - v.leading_zeros() - SUB_BITS;
    (SUB * shift as u64 + (v >> shift)) as usize
}

/// The smallest and largest value that fall in bucket `i`.
fn bucket_bounds(i: usize) -> (u64, u64) {
    let i = i as u64;
    if i < 2 * SUB {
        return (i, i);
    }
    let shift = i / SUB - 1;
    let low = (i - SUB * shift) << shift;
    (low, low + (1 << shift) - 1)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LatencySummary {
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl Histogram {
    pub fn record_seconds(&mut self, seconds: f64) {
        let us = (seconds.max(0.0) * 1e6).round() as u64;
        let b = bucket_of(us);
        if b >= self.counts.len() {
            self.counts.resize(b + 1, 0);
        }
        self.counts[b] += 1;
        self.total += 1;
        self.sum_us += us as f64;
        self.max_us = self.max_us.max(us);
    }

    pub fn merge(&mut self, other: &Histogram) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
        self.sum_us += other.sum_us;
        self.max_us = self.max_us.max(other.max_us);
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    pub fn mean_ms(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.sum_us / self.total as f64 / 1000.0
        }
    }

    /// The value at quantile `q` (0..=1) in milliseconds: the midpoint of the bucket holding the
    /// rank-ceil(q*n) value, clamped to the largest value seen.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.total == 0 {
            return 0.0;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c as u64;
            if seen >= rank {
                let (lo, hi) = bucket_bounds(i);
                let mid = (lo + hi) as f64 / 2.0;
                return mid.min(self.max_us as f64) / 1000.0;
            }
        }
        self.max_us as f64 / 1000.0
    }

    pub fn summary(&self) -> LatencySummary {
        LatencySummary {
            mean: self.mean_ms(),
            p50: self.quantile_ms(0.50),
            p95: self.quantile_ms(0.95),
            p99: self.quantile_ms(0.99),
            max: self.max_us as f64 / 1000.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_tile_the_line_without_gaps() {
        let mut expected_low = 0;
        for i in 0..2000 {
            let (lo, hi) = bucket_bounds(i);
            assert_eq!(lo, expected_low, "bucket {i}");
            assert!(hi >= lo);
            assert_eq!(bucket_of(lo), i);
            assert_eq!(bucket_of(hi), i);
            expected_low = hi + 1;
        }
    }

    #[test]
    fn quantiles_are_within_relative_precision() {
        let mut h = Histogram::default();
        for i in 1..=100_000u64 {
            h.record_seconds(i as f64 / 1000.0); // 1 ms .. 100 s
        }
        for (q, exact_ms) in [(0.5, 50_000.0), (0.95, 95_000.0), (0.99, 99_000.0)] {
            let got = h.quantile_ms(q);
            assert!(
                (got / exact_ms - 1.0).abs() < 0.016,
                "q{q}: {got} vs {exact_ms}"
            );
        }
        assert!((h.mean_ms() - 50_000.5).abs() < 1e-6);
    }

    #[test]
    fn merging_equals_recording_everything_in_one() {
        let (mut a, mut b, mut all) = (
            Histogram::default(),
            Histogram::default(),
            Histogram::default(),
        );
        for i in 0..5000 {
            let v = (i * i % 7919) as f64 / 997.0;
            if i % 3 == 0 {
                a.record_seconds(v)
            } else {
                b.record_seconds(v)
            }
            all.record_seconds(v);
        }
        a.merge(&b);
        assert_eq!(a, all);
    }
}
