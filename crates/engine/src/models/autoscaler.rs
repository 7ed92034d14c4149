//! The Kubernetes Horizontal Pod Autoscaler's rule, as a pure function of what it observes.
//! desired = ceil(current x utilisation / target), ignored within the tolerance; scale-up limited
//! to max(+100 %, +4 pods) per sync period; scale-down only to the highest recommendation of the
//! stabilisation window, so a short dip does not remove pods.

use crate::validation::Checker;
use serde::Serialize;
use std::collections::VecDeque;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Autoscaling {
    pub enabled: bool,
    /// Target average utilisation of the pods' workers, 0..1.
    pub target_utilisation: f64,
    /// How often the autoscaler looks, seconds.
    pub sync_s: f64,
    /// Relative deviation from target that is ignored.
    pub tolerance: f64,
    /// Scale-down uses the highest recommendation of this many seconds.
    pub scale_down_stabilisation_s: f64,
}

crate::tagged::settings_reader!(Autoscaling {
    enabled,
    target_utilisation,
    sync_s,
    tolerance,
    scale_down_stabilisation_s
});

impl Default for Autoscaling {
    fn default() -> Self {
        Autoscaling {
            enabled: true,
            target_utilisation: 0.6,
            sync_s: 15.0,
            tolerance: 0.1,
            scale_down_stabilisation_s: 300.0,
        }
    }
}

impl Autoscaling {
    pub fn check(&mut self, path: &str, c: &mut Checker) {
        let d = Autoscaling::default();
        c.flag(&format!("{path}.enabled"));
        c.number(
            &format!("{path}.target_utilisation"),
            &mut self.target_utilisation,
            0.05,
            1.0,
            "",
            d.target_utilisation,
        );
        c.number(
            &format!("{path}.sync_s"),
            &mut self.sync_s,
            1.0,
            600.0,
            "s",
            d.sync_s,
        );
        c.number(
            &format!("{path}.tolerance"),
            &mut self.tolerance,
            0.0,
            0.5,
            "",
            d.tolerance,
        );
        c.number(
            &format!("{path}.scale_down_stabilisation_s"),
            &mut self.scale_down_stabilisation_s,
            0.0,
            3600.0,
            "s",
            d.scale_down_stabilisation_s,
        );
    }
}

/// The autoscaler's memory: recent recommendations for scale-down stabilisation.
#[derive(Clone, Debug, Default)]
pub struct Hpa {
    recommendations: VecDeque<(f64, u32)>,
}

impl Hpa {
    /// The replica count to move to, given the current count and the utilisation observed.
    pub fn decide(
        &mut self,
        cfg: &Autoscaling,
        now: f64,
        current: u32,
        utilisation: f64,
        min: u32,
        max: u32,
    ) -> u32 {
        let ratio = utilisation / cfg.target_utilisation;
        let raw = if (ratio - 1.0).abs() <= cfg.tolerance {
            current
        } else {
            (current as f64 * ratio).ceil() as u32
        };
        let up_limit = current + current.max(4);
        let recommended = raw.clamp(min, max.min(up_limit).max(min));
        self.recommendations.push_back((now, recommended));
        while self
            .recommendations
            .front()
            .is_some_and(|&(t, _)| t < now - cfg.scale_down_stabilisation_s)
        {
            self.recommendations.pop_front();
        }
        if recommended >= current {
            recommended
        } else {
            let stabilised = self
                .recommendations
                .iter()
                .map(|&(_, r)| r)
                .max()
                .unwrap_or(recommended);
            stabilised.min(current)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_up_proportionally_within_the_rate_limit() {
        let cfg = Autoscaling::default();
        let mut h = Hpa::default();
        assert_eq!(
            h.decide(&cfg, 0.0, 2, 0.9, 1, 100),
            3,
            "ceil(2 x 0.9/0.6) = 3"
        );
        let mut h = Hpa::default();
        assert_eq!(
            h.decide(&cfg, 0.0, 2, 6.0, 1, 100),
            6,
            "limited to +max(100 %, 4 pods)"
        );
        let mut h = Hpa::default();
        assert_eq!(h.decide(&cfg, 0.0, 10, 6.0, 1, 100), 20);
    }

    #[test]
    fn tolerance_band_holds_still() {
        let mut h = Hpa::default();
        assert_eq!(h.decide(&Autoscaling::default(), 0.0, 10, 0.64, 1, 100), 10);
    }

    #[test]
    fn scale_down_waits_for_the_stabilisation_window() {
        let cfg = Autoscaling::default();
        let mut h = Hpa::default();
        assert_eq!(h.decide(&cfg, 0.0, 10, 0.6, 1, 100), 10);
        assert_eq!(
            h.decide(&cfg, 15.0, 10, 0.06, 1, 100),
            10,
            "a high recommendation 15 s ago holds"
        );
        let mut t = 30.0;
        let mut n = 10;
        while t <= 330.0 {
            n = h.decide(&cfg, t, n, 0.06, 1, 100);
            t += 15.0;
        }
        assert_eq!(n, 1, "after 300 s of low load it scales down");
    }
}
