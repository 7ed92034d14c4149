//! How fast Lambda creates new execution environments. Both of its published models limit the
//! creation of environments, never the reuse of warm ones; the account's concurrency limit caps
//! every execution on top (AWS Lambda Developer Guide, "Lambda scaling behavior"):
//! - **current** (since November 2023): each function on its own may add 1,000 environments every
//!   10 seconds, and AWS refills that allowance continuously rather than in 10-second steps, with
//!   no build-up of unused allowance past 1,000: a token bucket of 1,000 filling at 100 a second;
//! - **legacy burst** (what the article describes): all functions of the account in a Region
//!   together burst to 500, 1,000 or 3,000 concurrent executions by Region, then 500 more each
//!   minute while demand stays above. Once demand has pushed past the burst, the raised level
//!   holds until demand falls below half the burst (hysteresis): otherwise every request
//!   finishing at the level would reset the climb.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalingModel {
    LegacyBurst,
    Current,
}

impl ScalingModel {
    /// The names a scenario spells it with, in the order of its variants.
    pub const NAMES: &'static [&'static str] = &["legacy_burst", "current"];
}

impl<'de> serde::Deserialize<'de> for ScalingModel {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        Ok([ScalingModel::LegacyBurst, ScalingModel::Current]
            [crate::tagged::name_index(input, Self::NAMES)?])
    }
}

/// Today's model, for one function: new environments it may create now.
#[derive(Clone, Debug)]
pub struct NewEnvironments {
    allowance: f64,
    since: f64,
}

impl NewEnvironments {
    const MOST: f64 = 1000.0;
    const PER_S: f64 = 100.0;

    /// Whether a new environment may be created at `now`; if so, it is counted.
    pub fn take(&mut self, now: f64) -> bool {
        self.allowance = (self.allowance + (now - self.since) * Self::PER_S).min(Self::MOST);
        self.since = now;
        let allowed = self.allowance >= 1.0;
        if allowed {
            self.allowance -= 1.0;
        }
        allowed
    }
}

impl Default for NewEnvironments {
    fn default() -> Self {
        NewEnvironments {
            allowance: Self::MOST,
            since: 0.0,
        }
    }
}

/// The legacy model, for the whole account: how many executions may run at once before a new
/// environment is refused.
#[derive(Clone, Debug, Default)]
pub struct LegacyBurst {
    /// When demand first pushed against the burst, if it still does.
    episode_start: Option<f64>,
}

impl LegacyBurst {
    /// The level at `now`, given the executions already running in the account.
    pub fn level(&mut self, burst: u32, running: u32, now: f64) -> u32 {
        if running < burst / 2 {
            self.episode_start = None;
        }
        if running < burst && self.episode_start.is_none() {
            return burst;
        }
        let start = *self.episode_start.get_or_insert(now);
        let minutes = ((now - start) / 60.0).floor() as u32;
        burst.saturating_add(500u32.saturating_mul(minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_burst_rises_by_500_a_minute_once_reached() {
        let mut l = LegacyBurst::default();
        assert_eq!(l.level(500, 10, 0.0), 500);
        assert_eq!(l.level(500, 500, 100.0), 500);
        assert_eq!(l.level(500, 500, 159.0), 500);
        assert_eq!(l.level(500, 800, 160.0), 1000);
        assert_eq!(l.level(500, 999, 220.0), 1500);
        assert_eq!(
            l.level(500, 499, 221.0),
            1500,
            "a dip just under the burst keeps the climb"
        );
        assert_eq!(
            l.level(500, 100, 300.0),
            500,
            "demand fell well below: back to the burst"
        );
    }

    #[test]
    fn today_a_function_may_add_1000_environments_at_once_then_100_a_second() {
        let mut n = NewEnvironments::default();
        assert_eq!((0..1200).filter(|_| n.take(5.0)).count(), 1000);
        // Refilled continuously: half a second later, 50 more, not 0 until the 10 s step.
        assert_eq!((0..200).filter(|_| n.take(5.5)).count(), 50);
        // Unused allowance does not build up past 1,000.
        assert_eq!((0..5000).filter(|_| n.take(100.0)).count(), 1000);
    }
}
