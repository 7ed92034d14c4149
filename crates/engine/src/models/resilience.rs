//! How one service calls another: a client timeout, retries with exponential backoff, and a
//! circuit breaker. Each is off by default, as in a plain HTTP client, so that a slow dependency
//! shows what it does to its callers; the microservices chapter turns them on to show what they
//! prevent. The values the chapter uses are justified in the README's model notes. The gateway
//! forwards under the ingress's timeout alone: this policy is the services' own client.

use crate::validation::Checker;
use serde::Serialize;
use std::collections::VecDeque;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CallPolicy {
    /// The caller stops waiting after this long and the call fails, seconds; 0 waits for ever.
    pub timeout_s: f64,
    /// Further attempts after a call that timed out or failed (not after a refusal by an open
    /// breaker).
    pub retries: u32,
    /// Wait before the first retry, doubling for each further one, seconds.
    pub backoff_s: f64,
    pub breaker: BreakerConfig,
}

crate::tagged::settings_reader!(CallPolicy {
    timeout_s,
    retries,
    backoff_s,
    breaker
});

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakerConfig {
    pub enabled: bool,
    /// Failures within `window_s` that open the breaker.
    pub failures: u32,
    pub window_s: f64,
    /// How long it stays open before letting one trial call through (half-open), seconds.
    pub open_s: f64,
}

crate::tagged::settings_reader!(BreakerConfig {
    enabled,
    failures,
    window_s,
    open_s
});

impl Default for CallPolicy {
    fn default() -> Self {
        CallPolicy {
            timeout_s: 0.0,
            retries: 0,
            backoff_s: 0.1,
            breaker: BreakerConfig::default(),
        }
    }
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig {
            enabled: false,
            failures: 5,
            window_s: 10.0,
            open_s: 5.0,
        }
    }
}

impl CallPolicy {
    /// The protection the microservices chapter switches on: a timeout of a few times a healthy
    /// call, one retry, and a breaker that opens after five failures in ten seconds.
    pub fn protected() -> Self {
        CallPolicy {
            timeout_s: 1.0,
            retries: 1,
            backoff_s: 0.1,
            breaker: BreakerConfig {
                enabled: true,
                ..BreakerConfig::default()
            },
        }
    }

    pub fn is_protected(&self) -> bool {
        self.timeout_s > 0.0 || self.breaker.enabled
    }

    /// The wait before retry number `attempt` (1 for the first retry).
    pub fn backoff(&self, attempt: u32) -> f64 {
        self.backoff_s * f64::from(1u32 << attempt.saturating_sub(1).min(16))
    }

    pub fn check(&mut self, path: &str, c: &mut Checker) {
        let d = CallPolicy::default();
        c.number(
            &format!("{path}.timeout_s"),
            &mut self.timeout_s,
            0.0,
            3600.0,
            "s",
            d.timeout_s,
        );
        c.count(
            &format!("{path}.retries"),
            &mut self.retries,
            0,
            10,
            "retries",
            d.retries,
        );
        c.number(
            &format!("{path}.backoff_s"),
            &mut self.backoff_s,
            0.0,
            60.0,
            "s",
            d.backoff_s,
        );
        let b = BreakerConfig::default();
        c.flag(&format!("{path}.breaker.enabled"));
        c.count(
            &format!("{path}.breaker.failures"),
            &mut self.breaker.failures,
            1,
            10_000,
            "failures",
            b.failures,
        );
        c.number(
            &format!("{path}.breaker.window_s"),
            &mut self.breaker.window_s,
            0.1,
            3600.0,
            "s",
            b.window_s,
        );
        c.number(
            &format!("{path}.breaker.open_s"),
            &mut self.breaker.open_s,
            0.1,
            3600.0,
            "s",
            b.open_s,
        );
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Closed,
    Open {
        until: f64,
    },
    /// One trial call is let through; its outcome closes or re-opens the breaker.
    HalfOpen {
        trial_in_flight: bool,
    },
}

/// The callers' breaker in front of one service.
#[derive(Clone, Debug)]
pub struct CircuitBreaker {
    state: State,
    /// Times of recent failures while closed, at most `failures` of them.
    recent: VecDeque<f64>,
}

impl Default for CircuitBreaker {
    fn default() -> Self {
        CircuitBreaker {
            state: State::Closed,
            recent: VecDeque::new(),
        }
    }
}

impl CircuitBreaker {
    /// May a call go out now? A disabled breaker always allows.
    pub fn allow(&mut self, now: f64, cfg: &BreakerConfig) -> bool {
        if !cfg.enabled {
            return true;
        }
        match self.state {
            State::Closed => true,
            State::Open { until } if now >= until => {
                self.state = State::HalfOpen {
                    trial_in_flight: true,
                };
                true
            }
            State::Open { .. } => false,
            State::HalfOpen { trial_in_flight } => {
                if trial_in_flight {
                    false
                } else {
                    self.state = State::HalfOpen {
                        trial_in_flight: true,
                    };
                    true
                }
            }
        }
    }

    /// The outcome of a call that was allowed.
    pub fn record(&mut self, now: f64, ok: bool, cfg: &BreakerConfig) {
        if !cfg.enabled {
            return;
        }
        match (self.state, ok) {
            (State::HalfOpen { .. }, true) => {
                self.state = State::Closed;
                self.recent.clear();
            }
            (State::HalfOpen { .. }, false) => {
                self.state = State::Open {
                    until: now + cfg.open_s,
                }
            }
            (State::Closed, false) => {
                self.recent.push_back(now);
                while self.recent.len() > cfg.failures as usize {
                    self.recent.pop_front();
                }
                while self.recent.front().is_some_and(|&t| t < now - cfg.window_s) {
                    self.recent.pop_front();
                }
                if self.recent.len() >= cfg.failures as usize {
                    self.state = State::Open {
                        until: now + cfg.open_s,
                    };
                    self.recent.clear();
                }
            }
            // Late outcomes of calls sent before the breaker opened change nothing.
            _ => {}
        }
    }

    pub fn is_open(&self, now: f64) -> bool {
        matches!(self.state, State::Open { until } if now < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> BreakerConfig {
        BreakerConfig {
            enabled: true,
            failures: 3,
            window_s: 10.0,
            open_s: 5.0,
        }
    }

    #[test]
    fn opens_after_enough_failures_in_the_window_only() {
        let c = cfg();
        let mut b = CircuitBreaker::default();
        b.record(0.0, false, &c);
        b.record(1.0, false, &c);
        b.record(20.0, false, &c);
        assert!(!b.is_open(20.0), "the first two are outside the window");
        b.record(21.0, false, &c);
        b.record(22.0, false, &c);
        assert!(b.is_open(22.0));
        assert!(!b.allow(26.9, &c), "open for 5 s");
    }

    #[test]
    fn half_open_lets_one_trial_through_and_its_outcome_decides() {
        let c = cfg();
        let mut b = CircuitBreaker::default();
        for t in [0.0, 0.1, 0.2] {
            b.record(t, false, &c);
        }
        assert!(b.allow(5.2, &c), "the trial call");
        assert!(!b.allow(5.3, &c), "only one trial at a time");
        b.record(5.4, false, &c);
        assert!(!b.allow(6.0, &c), "a failed trial re-opens it");
        assert!(b.allow(10.4, &c));
        b.record(10.5, true, &c);
        assert!(b.allow(10.6, &c) && b.allow(10.6, &c), "closed again");
    }

    #[test]
    fn a_disabled_breaker_never_refuses() {
        let c = BreakerConfig::default();
        let mut b = CircuitBreaker::default();
        for t in 0..100 {
            b.record(t as f64 * 0.01, false, &c);
        }
        assert!(b.allow(1.0, &c));
    }

    #[test]
    fn backoff_doubles() {
        let p = CallPolicy::protected();
        assert_eq!(p.backoff(1), 0.1);
        assert_eq!(p.backoff(3), 0.4);
    }
}
