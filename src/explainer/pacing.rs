//! How fast the display clock runs. Mostly the reader's speed; but a stretch with no traffic at
//! all (a "Go idle" action) would leave an empty diagram for minutes of real time at 1x, so it is
//! played fast enough to pass in a few seconds, and the clock shows it racing.

use crate::engine::scenario::Scenario;
use crate::engine::workload::RateShape;

/// Real seconds an idle stretch takes at most, whatever its length.
pub const IDLE_PASSES_IN_S: f64 = 3.0;

/// Simulated seconds per real second at time `now`: `speed`, or more inside an idle stretch.
pub fn speed_at(sc: &Scenario, now: f64, speed: f64) -> f64 {
    sc.workload
        .shape
        .iter()
        .filter_map(|s| match *s {
            RateShape::Idle { at_s, duration_s } if now >= at_s && now < at_s + duration_s => {
                Some(duration_s / IDLE_PASSES_IN_S)
            }
            _ => None,
        })
        .fold(speed, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::TryAction;

    #[test]
    fn an_idle_stretch_passes_in_seconds_and_the_rest_at_the_readers_speed() {
        let mut sc = Scenario::default();
        TryAction::Idle(900).apply(&mut sc, 60.0);
        assert_eq!(speed_at(&sc, 30.0, 1.0), 1.0);
        assert_eq!(speed_at(&sc, 61.0, 1.0), 300.0);
        assert_eq!(speed_at(&sc, 900.0, 1.0), 300.0);
        assert_eq!(speed_at(&sc, 961.0, 1.0), 1.0, "traffic is back");
        // Faster than that already: the reader's speed stands.
        assert_eq!(speed_at(&sc, 100.0, 1000.0), 1000.0);
        // Played frame by frame at 1x from the idle's start, it is over within the promise.
        let (mut t, mut real) = (61.0, 0.0);
        while t < 961.0 {
            t += speed_at(&sc, t, 1.0) / 60.0;
            real += 1.0 / 60.0;
        }
        assert!(real <= IDLE_PASSES_IN_S + 0.02, "{real}");
    }
}
