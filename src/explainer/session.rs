//! The run on screen: the scenario, one simulation per architecture, and the display clock.
//! The UI moves `target` forward each frame; `work` advances the simulations towards it within an
//! event budget, so a long fast-forward is spread over frames instead of freezing the page.
//! Changing the scenario replays from zero to the current time: same seed, same past.

use crate::engine::report::Report;
use crate::engine::scenario::Scenario;
use crate::engine::simulation::Simulation;
use crate::engine::validation::FieldError;

pub struct Session {
    pub scenario: Scenario,
    pub sims: Vec<Simulation>,
    /// Where the display clock is; simulations catch up to it.
    pub target: f64,
    /// What was wrong with the scenario given, and was replaced by defaults.
    pub errors: Vec<FieldError>,
    /// Counts scenario changes, so views can redraw as soon as the replay has caught up.
    pub version: u64,
}

impl Session {
    pub fn new(scenario: Scenario) -> Self {
        let (scenario, errors) = scenario.sanitised();
        let sims = Simulation::for_each_architecture(&scenario);
        Session {
            scenario,
            sims,
            target: 0.0,
            errors,
            version: 0,
        }
    }

    /// The time every simulation has reached.
    pub fn now(&self) -> f64 {
        self.sims
            .iter()
            .map(|s| s.now())
            .fold(f64::INFINITY, f64::min)
    }

    pub fn duration(&self) -> f64 {
        self.scenario.duration_s
    }

    pub fn caught_up(&self) -> bool {
        self.now() >= self.target.min(self.duration())
    }

    /// Advances towards `target` by at most `max_events` events in total. Returns true when caught up.
    pub fn work(&mut self, max_events: u64) -> bool {
        let target = self.target.min(self.duration());
        let per_sim = (max_events / self.sims.len().max(1) as u64).max(1);
        for s in &mut self.sims {
            s.run_bounded(target, per_sim);
        }
        self.caught_up()
    }

    /// Moves the display clock; going back replays from zero.
    pub fn seek(&mut self, t: f64) {
        let t = t.clamp(0.0, self.duration());
        if t < self.now() {
            self.rebuild();
        }
        self.target = t;
    }

    /// Replaces the scenario (a parameter changed or an action was taken) and replays to now.
    pub fn set_scenario(&mut self, scenario: Scenario) {
        let (scenario, errors) = scenario.sanitised();
        self.scenario = scenario;
        self.errors = errors;
        self.version += 1;
        self.rebuild();
    }

    fn rebuild(&mut self) {
        self.sims = Simulation::for_each_architecture(&self.scenario);
    }

    pub fn report(&self) -> Report {
        Report::of(&self.scenario, &self.sims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::TryAction;

    #[test]
    fn budgeted_work_reaches_the_same_state_as_one_run() {
        let sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        let mut s = Session::new(sc.clone());
        s.seek(120.0);
        let mut frames = 0;
        while !s.work(500) {
            frames += 1;
        }
        assert!(frames > 10, "the work was spread over frames ({frames})");
        let (_, whole) = crate::engine::report::run_scenario(&sc);
        assert_eq!(s.report(), whole);
    }

    #[test]
    fn an_action_replays_the_past_identically() {
        let sc = Scenario {
            duration_s: 300.0,
            ..Scenario::default()
        };
        let mut s = Session::new(sc.clone());
        s.seek(100.0);
        s.work(u64::MAX);
        let before = s.sims[0].metrics.windows[..90].to_vec();
        let mut changed = s.scenario.clone();
        TryAction::Spike(10).apply(&mut changed, s.now());
        s.set_scenario(changed);
        s.work(u64::MAX);
        assert_eq!(s.now(), 100.0);
        assert_eq!(s.version, 1, "views can tell the scenario changed");
        assert_eq!(s.sims[0].metrics.windows[..90].to_vec(), before);
    }

    #[test]
    fn bad_values_are_reported_and_replaced() {
        let mut sc = Scenario::default();
        sc.workload.rate_per_s = f64::NAN;
        let s = Session::new(sc);
        assert_eq!(s.errors.len(), 1);
        assert_eq!(
            s.scenario.workload.rate_per_s,
            Scenario::default().workload.rate_per_s
        );
    }
}
