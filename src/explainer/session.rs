//! The run on screen: the scenario, one simulation per architecture, and the display clock.
//! The UI moves `target` forward each frame; `work` advances the simulations towards it within an
//! event budget, so a long fast-forward is spread over frames instead of freezing the page.
//! Changing the scenario replays from zero to the current time: same seed, same past.
//! A jump (a seek forward, or a replay) reports its progress and can be stopped where it got to;
//! playing never builds a backlog, so a speed the machine cannot keep up with simply runs as fast
//! as it can.

use super::action_log::{ActionLog, Taken};
use super::chapters::TryAction;
use crate::engine::report::Report;
use crate::engine::scenario::Scenario;
use crate::engine::simulation::Simulation;
use crate::engine::validation::FieldError;
use std::cell::RefCell;

pub struct Session {
    pub scenario: Scenario,
    /// The "try this" actions in `scenario`, each of which can be undone.
    actions: ActionLog,
    pub sims: Vec<Simulation>,
    /// Where the display clock is; simulations catch up to it.
    pub target: f64,
    /// What was wrong with the scenario given, and was replaced by defaults.
    pub errors: Vec<FieldError>,
    /// Counts scenario changes, so views can redraw as soon as the replay has caught up.
    pub version: u64,
    /// Where the jump under way started, if one is.
    jump_from: Option<f64>,
    /// The last report made, with the state it was made for (the scenario's version and each
    /// simulation's time): the claims, the table and the announcer read it in the same frame,
    /// and share one computation.
    last_report: RefCell<Option<(u64, Vec<f64>, Report)>>,
}

impl Session {
    pub fn new(scenario: Scenario) -> Self {
        let (scenario, errors) = scenario.sanitised();
        let sims = Simulation::for_each_architecture(&scenario);
        Session {
            actions: ActionLog::new(scenario.clone()),
            scenario,
            sims,
            target: 0.0,
            errors,
            version: 0,
            jump_from: None,
            last_report: RefCell::new(None),
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
        let done = self.caught_up();
        if done {
            self.jump_from = None;
        }
        done
    }

    /// Plays on by `seconds` of simulated time from where the simulations are. During a jump
    /// the jump's target stands.
    pub fn play(&mut self, seconds: f64) {
        let next = (self.now() + seconds).min(self.duration());
        self.target = self.target.max(next);
    }

    /// Moves the display clock; going back replays from zero.
    pub fn seek(&mut self, t: f64) {
        let t = t.clamp(0.0, self.duration());
        if t < self.now() {
            self.rebuild();
        }
        self.target = t;
        self.start_jump();
    }

    fn start_jump(&mut self) {
        let now = self.now();
        self.jump_from = (self.target > now).then_some(now);
    }

    /// How far the jump under way has got, from 0 to 1, and its target; None when there is none.
    pub fn progress(&self) -> Option<(f64, f64)> {
        let from = self.jump_from?;
        let target = self.target.min(self.duration());
        let span = target - from;
        (span > 0.0).then(|| (((self.now() - from) / span).clamp(0.0, 1.0), target))
    }

    /// Stops the jump under way where it has got to; what was computed is kept.
    pub fn stop_jump(&mut self) {
        self.target = self.now();
        self.jump_from = None;
    }

    /// Starts over from zero with another scenario (an imported series): a new version, so
    /// views that draw only when the scenario changes draw again.
    pub fn start_over(&mut self, scenario: Scenario) {
        let version = self.version + 1;
        *self = Session::new(scenario);
        self.version = version;
    }

    /// Takes a "try this" action at the time on screen and replays to it. The time on screen is
    /// the display clock: right after an earlier change the simulations start again from zero
    /// and have not caught up, and an action timed by them would land at the start (a spike
    /// after "Switch scaling model" struck at 0:01).
    pub fn take(&mut self, action: TryAction) {
        let sc = self.actions.take(action, self.target.max(self.now()));
        self.replace(sc);
    }

    /// Moves a setting of the scenario the actions were taken on and replays to now, the
    /// actions kept (each can still be undone).
    pub fn adjust(&mut self, how: impl FnOnce(&mut Scenario)) {
        let sc = self.actions.adjust(how);
        self.replace(sc);
    }

    /// The actions taken, in order.
    pub fn taken(&self) -> &[Taken] {
        self.actions.taken()
    }

    /// Undoes the action at `index` in `taken`, keeping the others, and replays to now.
    pub fn undo(&mut self, index: usize) {
        if let Some(sc) = self.actions.undo(index) {
            self.replace(sc);
        }
    }

    /// Back to zero without any of the actions taken.
    pub fn restart_without_actions(&mut self) {
        let sc = self.actions.clear();
        // At zero before the replay, so that there is no jump to make.
        self.target = 0.0;
        self.replace(sc);
    }

    /// Replaces the scenario (a parameter changed, a file was loaded) and replays to now. The
    /// actions taken so far are part of the new scenario and can no longer be undone one by one.
    pub fn set_scenario(&mut self, scenario: Scenario) {
        self.replace(scenario);
        self.actions = ActionLog::new(self.scenario.clone());
    }

    fn replace(&mut self, scenario: Scenario) {
        let (scenario, errors) = scenario.sanitised();
        self.scenario = scenario;
        self.errors = errors;
        self.version += 1;
        self.rebuild();
        self.start_jump();
    }

    fn rebuild(&mut self) {
        self.sims = Simulation::for_each_architecture(&self.scenario);
    }

    /// The report of the run so far, made once for each state of the run.
    pub fn report(&self) -> Report {
        let times: Vec<f64> = self.sims.iter().map(Simulation::now).collect();
        let mut last = self.last_report.borrow_mut();
        if let Some((version, at, report)) = last.as_ref() {
            if *version == self.version && *at == times {
                return report.clone();
            }
        }
        let report = Report::of(&self.scenario, &self.sims);
        *last = Some((self.version, times, report.clone()));
        report
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
    fn the_report_is_made_again_only_when_the_run_has_moved() {
        let sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        let mut s = Session::new(sc.clone());
        s.seek(30.0);
        while !s.work(100_000) {}
        let at_30 = s.report();
        assert_eq!(s.report(), at_30);
        s.seek(60.0);
        while !s.work(100_000) {}
        let at_60 = s.report();
        assert!(at_60.architectures.values().next().unwrap().requests > 0);
        assert_ne!(at_60, at_30);
        // A new scenario at the same time is a new run: warm instances provisioned from the
        // start are paid for in it.
        s.take(TryAction::Provisioned(10));
        while !s.work(100_000) {}
        assert_eq!(s.now(), 60.0);
        assert_ne!(s.report(), at_60);
    }

    #[test]
    fn every_timeline_action_replays_the_past_identically_in_every_architecture() {
        let sc = Scenario {
            duration_s: 300.0,
            ..Scenario::default()
        };
        let actions = [
            TryAction::Spike(10),
            TryAction::Idle(900),
            TryAction::Bug("payments"),
            TryAction::Exception("payments"),
            TryAction::SlowDb("payments"),
            TryAction::Leak("orders"),
            TryAction::Deploy("*"),
            TryAction::Deploy("orders"),
        ];
        for action in actions {
            let mut s = Session::new(sc.clone());
            s.seek(100.0);
            s.work(u64::MAX);
            assert_eq!(s.sims.len(), 4);
            let before: Vec<_> = s
                .sims
                .iter()
                .map(|sim| sim.metrics.windows[..90].to_vec())
                .collect();
            let mut changed = s.scenario.clone();
            action.apply(&mut changed, s.now());
            assert_ne!(changed, s.scenario, "{action:?} changed nothing");
            s.set_scenario(changed);
            s.work(u64::MAX);
            assert_eq!(s.now(), 100.0);
            assert_eq!(s.version, 1, "views can tell the scenario changed");
            for (sim, past) in s.sims.iter().zip(&before) {
                assert_eq!(
                    &sim.metrics.windows[..90],
                    &past[..],
                    "{action:?} changed the past of {:?}",
                    sim.arch
                );
            }
        }
    }

    #[test]
    fn a_jump_shows_its_progress_and_stops_where_it_got_to() {
        let sc = Scenario {
            duration_s: 600.0,
            ..Scenario::default()
        };
        let mut s = Session::new(sc.clone());
        assert_eq!(s.progress(), None);
        s.seek(400.0);
        let mut seen = vec![];
        for _ in 0..20 {
            s.work(2_000);
            seen.push(s.progress().expect("the jump is under way").0);
        }
        assert!(
            seen.windows(2).all(|w| w[1] > w[0]),
            "progress grows: {seen:?}"
        );
        assert!(seen[19] < 1.0, "not done yet: {}", seen[19]);
        assert_eq!(s.progress().unwrap().1, 400.0);
        let reached = s.now();
        s.stop_jump();
        assert!(s.caught_up() && s.progress().is_none());
        assert_eq!(s.now(), reached, "what was computed is kept");
        assert_eq!(s.scenario, sc.sanitised().0);
        s.play(2.0);
        s.work(u64::MAX);
        assert_eq!(s.now(), reached + 2.0, "playing goes on from there");
    }

    #[test]
    fn playing_faster_than_the_machine_builds_no_backlog() {
        let mut s = Session::new(Scenario::default());
        for _ in 0..50 {
            s.play(300.0);
            s.work(500);
            assert!(s.target - s.now() <= 300.0);
            assert_eq!(s.progress(), None, "playing is not a jump");
        }
        assert!(s.now() > 0.0);
    }

    #[test]
    fn an_action_right_after_another_lands_at_the_time_on_screen() {
        use crate::engine::workload::RateShape;
        let mut s = Session::new(Scenario {
            duration_s: 900.0,
            ..Scenario::default()
        });
        s.seek(300.0);
        s.work(u64::MAX);
        s.take(TryAction::ToggleScaling);
        // The replay of the changed scenario has begun from zero; the spike still lands at 5:00.
        assert!(s.now() < 300.0);
        s.take(TryAction::Spike(400));
        let at = s
            .scenario
            .workload
            .shape
            .iter()
            .find_map(|shape| match shape {
                RateShape::Spike { at_s, .. } => Some(*at_s),
                _ => None,
            });
        assert_eq!(at, Some(301.0));
        s.work(u64::MAX);
        assert_eq!(s.now(), 300.0, "the timeline is kept");
    }

    #[test]
    fn an_undone_action_leaves_the_run_as_if_it_had_never_been_taken() {
        let sc = Scenario {
            duration_s: 600.0,
            ..Scenario::default()
        };
        // Plays `sc` to 400 s with a spike taken there, then to 500 s; a crash at 300 s first if asked.
        let run = |crash: bool| {
            let mut s = Session::new(sc.clone());
            s.seek(300.0);
            s.work(u64::MAX);
            if crash {
                s.take(TryAction::Bug("payments"));
            }
            s.seek(400.0);
            s.work(u64::MAX);
            s.take(TryAction::Spike(10));
            s.seek(500.0);
            s.work(u64::MAX);
            s
        };
        let mut s = run(true);
        let spike_only = run(false);
        assert_ne!(s.report(), spike_only.report(), "the crash shows");
        assert_eq!(s.taken().len(), 2);
        s.undo(0);
        s.work(u64::MAX);
        assert_eq!(s.now(), 500.0, "the timeline is kept");
        assert_eq!(
            s.report(),
            spike_only.report(),
            "the spike stays where it was taken"
        );
        assert_eq!(
            s.taken(),
            &[Taken {
                action: TryAction::Spike(10),
                at_s: 400.0
            }]
        );
        s.restart_without_actions();
        assert!(s.taken().is_empty());
        assert_eq!((s.now(), s.target, s.progress()), (0.0, 0.0, None));
        assert_eq!(s.scenario, sc.sanitised().0);
    }

    #[test]
    fn a_new_scenario_makes_the_actions_so_far_part_of_it() {
        let mut s = Session::new(Scenario::default());
        s.take(TryAction::Spike(10));
        let mut edited = s.scenario.clone();
        edited.workload.rate_per_s = 7.0;
        s.set_scenario(edited.clone());
        assert!(s.taken().is_empty());
        s.undo(0);
        assert_eq!(s.scenario, edited.sanitised().0, "nothing left to undo");
    }

    #[test]
    fn starting_over_goes_back_to_zero_as_a_new_version() {
        let mut s = Session::new(Scenario::default());
        s.target = 30.0;
        s.work(u64::MAX);
        let mut other = Scenario::default();
        other.workload.rate_per_s = 7.0;
        s.start_over(other);
        assert_eq!((s.version, s.now(), s.target), (1, 0.0, 0.0));
        assert_eq!(s.scenario.workload.rate_per_s, 7.0);
    }

    #[test]
    fn a_replay_after_a_change_is_a_jump_from_zero() {
        let mut s = Session::new(Scenario::default());
        s.seek(200.0);
        s.work(u64::MAX);
        assert_eq!(s.progress(), None);
        let mut changed = s.scenario.clone();
        changed.workload.rate_per_s *= 2.0;
        s.set_scenario(changed);
        assert_eq!(s.progress(), Some((0.0, 200.0)));
        s.work(u64::MAX);
        assert_eq!(s.progress(), None);
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
