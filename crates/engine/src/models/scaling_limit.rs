//! How many executions of one function may run at once. Both of Lambda's published models are a
//! ceiling that starts at an initial level and rises in steps while demand stays above it:
//! - legacy burst (what the article describes): 500, 1000 or 3000 at once by region, then +500
//!   per minute;
//! - current (since late 2023): +1000 execution environments every 10 seconds per function.
//!
//! The account concurrency limit caps both. Once demand has pushed past the initial level, the
//! raised ceiling holds until demand falls below half the initial level (hysteresis): otherwise
//! every request finishing at the ceiling would reset the climb.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScalingModel {
    LegacyBurst,
    Current,
}

impl<'de> serde::Deserialize<'de> for ScalingModel {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &["legacy_burst", "current"];
        Ok([ScalingModel::LegacyBurst, ScalingModel::Current]
            [crate::tagged::name_index(input, NAMES)?])
    }
}

impl ScalingModel {
    /// (initial ceiling, step, seconds per step)
    pub fn steps(self, legacy_burst: u32) -> (u32, u32, f64) {
        match self {
            ScalingModel::LegacyBurst => (legacy_burst, 500, 60.0),
            ScalingModel::Current => (1000, 1000, 10.0),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ScalingLimit {
    /// When demand first pushed against the initial ceiling, if it still does.
    episode_start: Option<f64>,
}

impl ScalingLimit {
    /// The ceiling at `now`, given the executions already running.
    pub fn ceiling(
        &mut self,
        model: ScalingModel,
        legacy_burst: u32,
        running: u32,
        now: f64,
    ) -> u32 {
        let (initial, step, period) = model.steps(legacy_burst);
        if running < initial / 2 {
            self.episode_start = None;
        }
        if running < initial && self.episode_start.is_none() {
            return initial;
        }
        let start = *self.episode_start.get_or_insert(now);
        let steps = ((now - start) / period).floor() as u32;
        initial.saturating_add(step.saturating_mul(steps))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_burst_rises_by_500_a_minute_once_reached() {
        let mut l = ScalingLimit::default();
        assert_eq!(l.ceiling(ScalingModel::LegacyBurst, 500, 10, 0.0), 500);
        assert_eq!(l.ceiling(ScalingModel::LegacyBurst, 500, 500, 100.0), 500);
        assert_eq!(l.ceiling(ScalingModel::LegacyBurst, 500, 500, 159.0), 500);
        assert_eq!(l.ceiling(ScalingModel::LegacyBurst, 500, 800, 160.0), 1000);
        assert_eq!(l.ceiling(ScalingModel::LegacyBurst, 500, 999, 220.0), 1500);
        assert_eq!(
            l.ceiling(ScalingModel::LegacyBurst, 500, 499, 221.0),
            1500,
            "a dip just under the burst keeps the climb"
        );
        assert_eq!(
            l.ceiling(ScalingModel::LegacyBurst, 500, 100, 300.0),
            500,
            "demand fell well below: back to the burst"
        );
    }

    #[test]
    fn current_model_adds_1000_every_10_s() {
        let mut l = ScalingLimit::default();
        assert_eq!(l.ceiling(ScalingModel::Current, 500, 1000, 5.0), 1000);
        assert_eq!(l.ceiling(ScalingModel::Current, 500, 1000, 25.0), 3000);
    }
}
