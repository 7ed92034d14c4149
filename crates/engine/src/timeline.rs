//! Faults and deploys on a timeline. Bugs are looked up by time (a model asks "is this module
//! crashed now?"), so they need no events; deploys are events the models react to.

use super::tagged::Tagged;
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimelineEvent {
    /// A defect in one module, active for `duration_s` seconds from `at_s`.
    Bug {
        at_s: f64,
        duration_s: f64,
        target: String,
        effect: BugEffect,
    },
    /// A new version of `target` (a module, or "*" for everything) goes out at `at_s`.
    Deploy { at_s: f64, target: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BugEffect {
    /// The process dies and cannot stay up while the bug is live: in a monolith every endpoint
    /// goes down with it and the work in flight is lost; in microservices only that service does.
    Crash,
    /// The module's code throws on every request that reaches it: those requests fail (HTTP 500),
    /// the process lives on and every other endpoint keeps working, in either architecture.
    Exception,
    /// Memory leaks and garbage collection slows the code down more every minute.
    Leak { slowdown_per_min: f64 },
    /// A query loses its index: database time is multiplied.
    SlowDb { factor: f64 },
}

impl<'de> Deserialize<'de> for TimelineEvent {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let tagged = Tagged::read(input, &["bug", "deploy"])?;
        Ok(match tagged.kind.as_str() {
            "bug" => {
                let mut f = tagged.fields(&["at_s", "duration_s", "target", "effect"])?;
                TimelineEvent::Bug {
                    at_s: f.take("at_s")?,
                    duration_s: f.take("duration_s")?,
                    target: f.take("target")?,
                    effect: f.take("effect")?,
                }
            }
            _deploy => {
                let mut f = tagged.fields(&["at_s", "target"])?;
                TimelineEvent::Deploy {
                    at_s: f.take("at_s")?,
                    target: f.take("target")?,
                }
            }
        })
    }
}

impl<'de> Deserialize<'de> for BugEffect {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let tagged = Tagged::read(input, &["crash", "exception", "leak", "slow_db"])?;
        Ok(match tagged.kind.as_str() {
            "crash" => {
                tagged.fields::<D::Error>(&[])?;
                BugEffect::Crash
            }
            "exception" => {
                tagged.fields::<D::Error>(&[])?;
                BugEffect::Exception
            }
            "leak" => {
                let mut f = tagged.fields(&["slowdown_per_min"])?;
                BugEffect::Leak {
                    slowdown_per_min: f.take("slowdown_per_min")?,
                }
            }
            _slow_db => {
                let mut f = tagged.fields(&["factor"])?;
                BugEffect::SlowDb {
                    factor: f.take("factor")?,
                }
            }
        })
    }
}

impl TimelineEvent {
    pub fn at(&self) -> f64 {
        match self {
            TimelineEvent::Bug { at_s, .. } | TimelineEvent::Deploy { at_s, .. } => *at_s,
        }
    }
}

#[derive(Clone, Debug)]
struct ActiveBug {
    module: usize,
    from: f64,
    to: f64,
    effect: BugEffect,
}

/// The bugs of a scenario, indexed by module number (the order of `Workload::modules`).
#[derive(Clone, Debug, Default)]
pub struct FaultBook {
    bugs: Vec<ActiveBug>,
}

impl FaultBook {
    pub fn new(events: &[TimelineEvent], modules: &[String]) -> Self {
        let bugs = events
            .iter()
            .filter_map(|e| match e {
                TimelineEvent::Bug {
                    at_s,
                    duration_s,
                    target,
                    effect,
                } => Some(ActiveBug {
                    module: modules.iter().position(|m| m == target)?,
                    from: *at_s,
                    to: at_s + duration_s,
                    effect: *effect,
                }),
                TimelineEvent::Deploy { .. } => None,
            })
            .collect();
        FaultBook { bugs }
    }

    fn active(&self, t: f64) -> impl Iterator<Item = &ActiveBug> {
        self.bugs.iter().filter(move |b| t >= b.from && t < b.to)
    }

    fn in_scope(bug: &ActiveBug, module: Option<usize>) -> bool {
        module.is_none_or(|m| m == bug.module)
    }

    /// Is `module` crashed at t? `None` asks about any module (one process holds them all).
    pub fn crashed(&self, module: Option<usize>, t: f64) -> bool {
        self.active(t)
            .any(|b| matches!(b.effect, BugEffect::Crash) && Self::in_scope(b, module))
    }

    /// Does `module`'s code throw at t?
    pub fn throws(&self, module: usize, t: f64) -> bool {
        self.active(t)
            .any(|b| matches!(b.effect, BugEffect::Exception) && b.module == module)
    }

    /// CPU slowdown factor from leaks in `module` (or any module, for `None`), for a process
    /// (a copy, a pod, a function's execution environment) running since `since`: a leak lives
    /// in one process's memory, so it grows with that process's age and a restart clears it.
    pub fn slowdown(&self, module: Option<usize>, t: f64, since: f64) -> f64 {
        self.active(t)
            .filter(|b| Self::in_scope(b, module))
            .map(|b| match b.effect {
                BugEffect::Leak { slowdown_per_min } => {
                    1.0 + slowdown_per_min * (t - b.from.max(since)).max(0.0) / 60.0
                }
                _ => 1.0,
            })
            .product()
    }

    /// Database time factor for a request touching these modules.
    pub fn db_factor(&self, modules: &[usize], t: f64) -> f64 {
        self.active(t)
            .filter(|b| modules.contains(&b.module))
            .map(|b| match b.effect {
                BugEffect::SlowDb { factor } => factor,
                _ => 1.0,
            })
            .product()
    }

    /// Modules with a bug active at t, for the diagram.
    pub fn faulty_modules(&self, t: f64) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for module in self.active(t).map(|b| b.module) {
            if let Err(at) = out.binary_search(&module) {
                out.insert(at, module);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> FaultBook {
        let modules = vec!["orders".to_string(), "payments".to_string()];
        FaultBook::new(
            &[
                TimelineEvent::Bug {
                    at_s: 10.0,
                    duration_s: 10.0,
                    target: "payments".into(),
                    effect: BugEffect::Crash,
                },
                TimelineEvent::Bug {
                    at_s: 0.0,
                    duration_s: 120.0,
                    target: "orders".into(),
                    effect: BugEffect::Leak {
                        slowdown_per_min: 0.5,
                    },
                },
                TimelineEvent::Bug {
                    at_s: 0.0,
                    duration_s: 5.0,
                    target: "orders".into(),
                    effect: BugEffect::SlowDb { factor: 4.0 },
                },
            ],
            &modules,
        )
    }

    #[test]
    fn crash_is_scoped_to_its_module_and_window() {
        let b = book();
        assert!(b.crashed(Some(1), 15.0));
        assert!(!b.crashed(Some(0), 15.0));
        assert!(b.crashed(None, 15.0), "a monolith holds every module");
        assert!(!b.crashed(Some(1), 20.0));
    }

    #[test]
    fn leak_grows_with_time_and_slow_db_multiplies() {
        let b = book();
        assert!((b.slowdown(Some(0), 60.0, 0.0) - 1.5).abs() < 1e-12);
        assert!((b.slowdown(Some(1), 60.0, 0.0) - 1.0).abs() < 1e-12);
        // A process started after the leak began has leaked only since it started.
        let from_start = b.slowdown(Some(0), 60.0, 0.0);
        let younger = b.slowdown(Some(0), 60.0, 45.0);
        assert!(
            younger > 1.0 && younger < from_start,
            "{younger} {from_start}"
        );
        assert_eq!(b.slowdown(Some(0), 60.0, 60.0), 1.0);
        assert_eq!(b.db_factor(&[0], 1.0), 4.0);
        assert_eq!(b.db_factor(&[1], 1.0), 1.0);
        assert_eq!(b.faulty_modules(12.0), vec![0, 1]);
    }
}
