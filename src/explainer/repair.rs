//! Reading scenario JSON that is partly wrong. People hand-edit files and links; a wrongly typed
//! or misspelt field should cost that field only. The given JSON is laid over a base scenario part
//! by part, from the whole down to single values: each part that does not fit the format keeps
//! the base's value and is named with the reason. The headless runner stays strict and uses
//! `Scenario::parse_json`; the page uses this. It lives outside the engine crate so that its
//! serde code is compiled, with the rest of the page, for size rather than speed.

use crate::engine::scenario::{Scenario, EMPTY, FORMAT_VERSION};
use crate::engine::validation::{excerpt, json_kind, FieldError};
use serde_json::{Map, Value};

/// Deserialisation attempts allowed for one repair. Each costs a copy of the whole scenario, so
/// a file with thousands of bad entries is cut short instead of taking quadratic time: at most
/// this many attempts, and at most `WORK_BYTES` of scenario copied in all.
const MAX_ATTEMPTS: usize = 400;
const WORK_BYTES: usize = 40_000_000;

/// Reads scenario text: JSON syntax errors and an unsupported version refuse the whole text;
/// otherwise every part that fits is used, and every value out of range is repaired as usual.
pub fn read(text: &str, base: &Scenario) -> Result<(Scenario, Vec<FieldError>), String> {
    if text.trim().is_empty() {
        return Err(EMPTY.into());
    }
    let given: Value =
        serde_json::from_str(text).map_err(|e| format!("not a valid scenario: {e}"))?;
    overlay(base, &given)
}

/// `base` with `given` laid over it; see the module comment.
pub fn overlay(base: &Scenario, given: &Value) -> Result<(Scenario, Vec<FieldError>), String> {
    let Value::Object(fields) = given else {
        return Err(format!(
            "not a valid scenario: expected a JSON object {{…}}, found {}",
            json_kind(given)
        ));
    };
    if let Some(v) = fields.get("version") {
        if v.as_u64() != Some(FORMAT_VERSION as u64) {
            return Err(format!(
                "version: {} is not supported; this build reads version {FORMAT_VERSION}",
                excerpt(&v.to_string())
            ));
        }
    }
    let whole = serde_json::to_value(base).map_err(|e| e.to_string())?;
    let bytes = whole.to_string().len() + given.to_string().len();
    let mut repair = Repair {
        whole,
        problems: Vec::new(),
        attempts: 0,
        max_attempts: (WORK_BYTES / bytes.max(1)).clamp(10, MAX_ATTEMPTS),
        cut_short: false,
    };
    repair.lay_at(
        &mut Place {
            at: Vec::new(),
            name: Vec::new(),
        },
        given,
    );
    let scenario: Scenario = serde_json::from_value(repair.whole).map_err(|e| e.to_string())?;
    let (scenario, mut invalid) = scenario.sanitised();
    let mut problems = repair.problems;
    problems.append(&mut invalid);
    Ok((scenario, problems))
}

/// Objects merge key by key, unless they are tagged values (`kind`) of different kinds, which
/// replace each other whole; anything else replaces.
fn merged(old: &Value, given: &Value) -> Value {
    match (old, given) {
        (Value::Object(o), Value::Object(g)) if same_kind(o, g) => {
            let mut out = o.clone();
            for (k, v) in g {
                let value = match o.get(k) {
                    Some(ov) => merged(ov, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), value);
            }
            Value::Object(out)
        }
        _ => given.clone(),
    }
}

fn same_kind(old: &Map<String, Value>, given: &Map<String, Value>) -> bool {
    !given.contains_key("kind") || given.get("kind") == old.get("kind")
}

enum Step {
    Key(String),
    Index(usize),
}

struct Repair {
    whole: Value,
    problems: Vec<FieldError>,
    attempts: usize,
    max_attempts: usize,
    /// Set once the attempts ran out and that was reported.
    cut_short: bool,
}

/// Where a part is in the JSON (`at`) and how it is named to the reader (`name`): they differ
/// once a list entry has been left out.
struct Place {
    at: Vec<Step>,
    name: Vec<Step>,
}

impl Place {
    fn push(&mut self, at: Step, name: Step) {
        self.at.push(at);
        self.name.push(name);
    }
    fn pop(&mut self) {
        self.at.pop();
        self.name.pop();
    }
    fn path(&self) -> String {
        let mut out = String::new();
        for s in &self.name {
            match s {
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&excerpt(k));
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

impl Repair {
    /// False once the attempts are spent; the first time, says so where it happened.
    fn may_try(&mut self, place: &Place) -> bool {
        if self.attempts < self.max_attempts {
            return true;
        }
        if !self.cut_short {
            self.cut_short = true;
            self.report(place, "from here on not checked: the scenario has too many problems to list; what was not checked keeps its default, or is left out of a list".into());
        }
        false
    }

    fn fits(&mut self) -> Result<(), String> {
        self.attempts += 1;
        serde_json::from_value::<Scenario>(self.whole.clone())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn slot(&mut self, at: &[Step]) -> Option<&mut Value> {
        let mut v = &mut self.whole;
        for s in at {
            v = match s {
                Step::Key(k) => v.as_object_mut()?.get_mut(k)?,
                Step::Index(i) => v.as_array_mut()?.get_mut(*i)?,
            };
        }
        Some(v)
    }

    /// Puts `value` at `at` (None removes it) and returns what was there.
    fn put(&mut self, at: &[Step], value: Option<Value>) -> Option<Value> {
        let Some((last, parent)) = at.split_last() else {
            return value.map(|v| std::mem::replace(&mut self.whole, v));
        };
        let parent = self.slot(parent)?;
        match (last, parent) {
            (Step::Key(k), Value::Object(m)) => match value {
                Some(v) => m.insert(k.clone(), v),
                None => m.remove(k),
            },
            (Step::Index(i), Value::Array(a)) => match value {
                Some(v) if *i < a.len() => Some(std::mem::replace(&mut a[*i], v)),
                Some(v) => {
                    a.push(v);
                    None
                }
                None if *i < a.len() => Some(a.remove(*i)),
                None => None,
            },
            _ => None,
        }
    }

    fn report(&mut self, place: &Place, message: String) {
        let path = if place.name.is_empty() {
            "scenario".to_string()
        } else {
            place.path()
        };
        self.problems.push(FieldError { path, message });
    }

    /// Lays `given` at `place`: all of it if it fits, otherwise part by part.
    fn lay_at(&mut self, place: &mut Place, given: &Value) {
        if !self.may_try(place) {
            return;
        }
        let old = self.slot(&place.at).cloned();
        let attempt = match &old {
            Some(o) => merged(o, given),
            None => given.clone(),
        };
        self.put(&place.at, Some(attempt));
        let error = match self.fits() {
            Ok(()) => return,
            Err(e) => e,
        };
        self.put(&place.at, old.clone());
        match (given, old) {
            (Value::Object(g), Some(Value::Object(o))) if same_kind(&o, g) => {
                for (k, v) in g {
                    place.push(Step::Key(k.clone()), Step::Key(k.clone()));
                    self.lay_at(place, v);
                    place.pop();
                }
            }
            (Value::Array(g), Some(Value::Array(o))) => self.lay_list(place, g, &o, error),
            _ => self.report(place, format!("{error}; its default is used")),
        }
    }

    /// A list entry by entry: an entry that does not fit is laid over the base's entry at the
    /// same position if there is one, and is otherwise left out.
    fn lay_list(&mut self, place: &mut Place, given: &[Value], base: &[Value], error: String) {
        self.put(&place.at, Some(Value::Array(Vec::new())));
        if self.fits().is_err() {
            self.put(&place.at, Some(Value::Array(base.to_vec())));
            self.report(place, format!("{error}; its default is used"));
            return;
        }
        let mut kept = 0;
        for (i, entry) in given.iter().enumerate() {
            place.push(Step::Index(kept), Step::Index(i));
            if !self.may_try(place) {
                place.pop();
                break;
            }
            self.put(&place.at, Some(entry.clone()));
            let fitted = match self.fits() {
                Ok(()) => true,
                Err(e) => {
                    self.put(&place.at, None);
                    match base.get(i) {
                        Some(b) if b.is_object() && entry.is_object() => {
                            self.put(&place.at, Some(b.clone()));
                            self.lay_at(place, entry);
                            true
                        }
                        _ => {
                            self.report(place, format!("{e}; this entry was left out"));
                            false
                        }
                    }
                }
            };
            place.pop();
            kept += fitted as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_default(text: &str) -> (Scenario, Vec<FieldError>) {
        read(text, &Scenario::default()).unwrap()
    }

    #[test]
    fn a_wrongly_typed_field_costs_that_field_only() {
        let (sc, problems) = read_default(
            r#"{"duration_s": 900, "monolith": {"workers": "many", "queue_limit": 7}, "workload": {"rate_per_s": 12}}"#,
        );
        assert_eq!(sc.duration_s, 900.0);
        assert_eq!(sc.workload.rate_per_s, 12.0);
        assert_eq!(sc.monolith.queue_limit, 7);
        assert_eq!(sc.monolith.workers, Scenario::default().monolith.workers);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "monolith.workers");
        assert!(problems[0].message.contains("\"many\""), "{}", problems[0]);
    }

    #[test]
    fn misspelt_fields_are_named_and_dropped() {
        let (sc, problems) = read_default(r#"{"duraton_s": 5, "seed": 9}"#);
        assert_eq!(sc.seed, 9);
        assert_eq!(problems[0].path, "duraton_s");
        assert!(
            problems[0].message.contains("unknown field"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn a_distribution_of_another_kind_is_one_part() {
        let base = Scenario::default();
        let (sc, problems) = read_default(
            r#"{"workload": {"kinds": [{"work": {"kind": "lognormal", "median_s": "slow", "sigma": 1}}]}}"#,
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "workload.kinds[0].work");
        assert_eq!(sc.workload.kinds[0].work, base.workload.kinds[0].work);
    }

    #[test]
    fn a_bad_list_entry_is_left_out_and_the_others_kept() {
        let (sc, problems) = read_default(
            r#"{"events": [{"kind": "deploy", "at_s": 10, "target": "payments"},
                          {"kind": "explode", "at_s": 20},
                          {"kind": "deploy", "at_s": 50, "target": "*"}]}"#,
        );
        assert_eq!(sc.events.len(), 2, "{problems:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "events[1]");
        assert!(problems[0].message.contains("left out"));
    }

    #[test]
    fn what_cannot_be_read_at_all_is_refused_whole() {
        let base = Scenario::default();
        assert!(read("  ", &base).unwrap_err().contains("empty"));
        assert!(read("{ nope", &base)
            .unwrap_err()
            .contains("not a valid scenario"));
        assert!(read("[1, 2]", &base).unwrap_err().contains("found a list"));
        let err = read(r#"{"version": 99, "seed": 3}"#, &base).unwrap_err();
        assert!(
            err.contains("version: 99") && err.contains("reads version 1"),
            "{err}"
        );
    }

    #[test]
    fn out_of_range_values_are_repaired_after_the_format_is() {
        let (sc, problems) = read_default(r#"{"monolith": {"workers": 0}, "seed": "x"}"#);
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["seed", "monolith.workers"]);
        assert_eq!(sc.monolith.workers, Scenario::default().monolith.workers);
    }

    #[test]
    fn a_huge_file_of_bad_entries_gets_few_attempts() {
        let values = vec!["1.5"; 200_000].join(",");
        let entries =
            vec![format!(r#"{{"kind": "nothing", "values_s": [{values}]}}"#); 3].join(",");
        let text = format!(r#"{{"seed": 5, "events": [{entries}]}}"#);
        assert!(text.len() > 2_000_000);
        let (sc, problems) = read_default(&text);
        assert_eq!(sc.seed, 5);
        assert!(problems.len() <= 3, "{}", problems.len());
        assert!(problems[0].path.starts_with("events"), "{}", problems[0]);
    }

    #[test]
    fn a_file_of_thousands_of_bad_entries_is_cut_short() {
        let entries = vec![r#"{"kind": "nothing"}"#; 5000].join(",");
        let (sc, problems) = read_default(&format!(r#"{{"events": [{entries}]}}"#));
        assert!(sc.events.is_empty());
        assert!(problems.len() < 5000);
        assert!(problems
            .last()
            .unwrap()
            .message
            .contains("too many problems"));
    }
}
