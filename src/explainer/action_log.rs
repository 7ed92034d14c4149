//! The "try this" actions taken on the run on screen, over the scenario they were taken on. Any
//! one of them can be undone: the scenario is rebuilt from the one before the first action, with
//! the others applied again at the times they were taken, so what remains happens exactly as it
//! did. Restart can clear them all.

use super::chapters::TryAction;
use super::format::clock;
use crate::engine::scenario::Scenario;

/// One action and the time on screen when it was taken.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Taken {
    pub action: TryAction,
    pub at_s: f64,
}

impl Taken {
    /// The action as the list of actions taken names it: "Crash payments for 60 s at 2:01".
    pub fn describe(&self) -> String {
        format!("{} at {}", self.action.label(), clock(self.at_s))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionLog {
    /// The scenario before the first action.
    before: Scenario,
    taken: Vec<Taken>,
}

impl ActionLog {
    pub fn new(before: Scenario) -> Self {
        ActionLog {
            before,
            taken: Vec::new(),
        }
    }

    pub fn taken(&self) -> &[Taken] {
        &self.taken
    }

    /// Records `action` taken at `at_s` and returns the scenario with every action so far.
    pub fn take(&mut self, action: TryAction, at_s: f64) -> Scenario {
        self.taken.push(Taken { action, at_s });
        self.scenario()
    }

    /// Forgets the action at `index`, if there is one, and returns the scenario with the others.
    pub fn undo(&mut self, index: usize) -> Option<Scenario> {
        (index < self.taken.len()).then(|| {
            self.taken.remove(index);
            self.scenario()
        })
    }

    /// Changes the scenario the actions were taken on (a setting moved), and returns it with
    /// every action applied again where it was taken.
    pub fn adjust(&mut self, how: impl FnOnce(&mut Scenario)) -> Scenario {
        how(&mut self.before);
        self.scenario()
    }

    /// Forgets every action and returns the scenario before them.
    pub fn clear(&mut self) -> Scenario {
        self.taken.clear();
        self.before.clone()
    }

    fn scenario(&self) -> Scenario {
        let mut sc = self.before.clone();
        for t in &self.taken {
            t.action.apply(&mut sc, t.at_s);
        }
        sc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_moved_under_the_actions_keeps_them_where_they_were_taken() {
        let mut log = ActionLog::new(Scenario::default());
        log.take(TryAction::Bug("payments"), 30.0);
        let sc = log.adjust(|sc| sc.serverless.keep_alive_s = 120.0);
        assert_eq!(sc.serverless.keep_alive_s, 120.0);
        assert_eq!(sc.events.len(), 1, "the crash is still there");
        assert_eq!(log.taken().len(), 1);
        // Undoing the crash keeps the setting.
        assert_eq!(log.undo(0).unwrap().serverless.keep_alive_s, 120.0);
    }

    #[test]
    fn undoing_an_action_keeps_the_others_where_they_were_taken() {
        let before = Scenario::default();
        let mut log = ActionLog::new(before.clone());
        let mut by_hand = before.clone();
        log.take(TryAction::Bug("payments"), 100.0);
        log.take(TryAction::Spike(10), 250.0);
        let all = log.take(TryAction::Deploy("*"), 400.0);
        TryAction::Spike(10).apply(&mut by_hand, 250.0);
        TryAction::Deploy("*").apply(&mut by_hand, 400.0);
        assert_ne!(all, by_hand, "the crash is in the run");
        assert_eq!(log.undo(0), Some(by_hand), "the crash alone is gone");
        let listed: Vec<String> = log.taken().iter().map(Taken::describe).collect();
        assert_eq!(
            listed,
            ["Traffic spike x10 at 4:10", "Deploy a new version at 6:40"]
        );
        assert_eq!(log.undo(5), None, "no such action");
        assert_eq!(log.clear(), before);
        assert!(log.taken().is_empty());
    }

    #[test]
    fn undoing_one_of_two_switches_leaves_the_setting_switched_once() {
        let before = Scenario::default();
        let mut log = ActionLog::new(before.clone());
        log.take(TryAction::ToggleScaling, 10.0);
        let twice = log.take(TryAction::ToggleScaling, 20.0);
        assert_eq!(
            twice.serverless.scaling_model,
            before.serverless.scaling_model
        );
        let once = log.undo(1).expect("taken");
        assert_ne!(
            once.serverless.scaling_model,
            before.serverless.scaling_model
        );
    }
}
