//! Scenario checking that names the field, the bad value and what is allowed. The same pass either
//! reports (validate) or repairs (sanitise): a bad value is replaced by its default, so the rest of
//! a user's input is kept.

use super::distribution::Distribution;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldError {
    /// Where, as a path such as `workload.kinds[1].work.mean_s`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What a field of the scenario holds, as the checker knows it: what the playground's form draws
/// for it (`Scenario::fields`).
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// A number from `lo` to `hi` in `unit`; `optional` ones may be left out (null), which lets
    /// the engine choose.
    Number {
        lo: f64,
        hi: f64,
        unit: String,
        optional: bool,
    },
    /// A whole number from `lo` to `hi` in `unit`.
    Count { lo: u32, hi: u32, unit: String },
    /// One of these names.
    OneOf(Vec<String>),
    /// One of these whole numbers.
    Among(Vec<u32>),
    /// On or off.
    Flag,
}

/// A field of the scenario with its place (`monolith.workers`) and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub path: String,
    pub input: Input,
}

#[derive(Default)]
pub struct Checker {
    pub errors: Vec<FieldError>,
    /// When listing, every field the check visits, in order: the check is the one place that
    /// knows each field's range and unit, so the form is drawn from it and cannot drift from it.
    pub fields: Option<Vec<Field>>,
}

/// Text from a link, file or form as quoted in a message: at most 40 characters, so a pasted
/// megabyte does not become a megabyte of notice.
pub fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// The significant digits a scenario's numbers keep, and the smallest nonzero size allowed.
/// serde_json reads a decimal by converting its digits and then one power of ten; with the page's
/// size budget it cannot afford its exact reader (`float_roundtrip`, 8.5 KB per page), and the
/// default one lands a unit or two in the last place off for about a fifth of 17-digit decimals,
/// so a saved scenario would not read back as itself. Twelve digits convert exactly, and a power
/// of ten up to 1e22 is exact, so every number from `SMALLEST` to 1e12 written by serde_json reads
/// back bit for bit (tests below, and the link and playground round-trip fuzzing).
const SIGNIFICANT_DIGITS: i32 = 12;
const SMALLEST: f64 = 1e-9;

/// `x` rounded to `SIGNIFICANT_DIGITS`: the digits as a whole number, then one exact power of
/// ten, so that rounding again gives the same value.
fn significant(x: f64) -> f64 {
    if x == 0.0 {
        return x;
    }
    let shift = SIGNIFICANT_DIGITS - 1 - decimal_exponent(x.abs());
    // Powers of ten up to 1e22 are exact (5^22 < 2^53), and so is each step of `powi` to them.
    if shift >= 0 {
        let scale = 10f64.powi(shift);
        (x * scale).round_ties_even() / scale
    } else {
        let scale = 10f64.powi(-shift);
        (x / scale).round_ties_even() * scale
    }
}

/// About log10(a) rounded down, for a > 0; near a power of ten it may be one out, which changes
/// the digits kept by one, not the exactness. Counted rather than taken with `log10`, whose code
/// costs the page a kilobyte.
fn decimal_exponent(a: f64) -> i32 {
    let (mut e, mut power) = (0, 1.0);
    while a >= power * 10.0 {
        power *= 10.0;
        e += 1;
    }
    while a < power {
        power /= 10.0;
        e -= 1;
    }
    e
}

/// How a number is shown in a message: whole numbers without a fraction.
fn show(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl Checker {
    /// A checker that also lists the fields it visits.
    pub fn listing() -> Self {
        Checker {
            errors: Vec::new(),
            fields: Some(Vec::new()),
        }
    }

    fn list(&mut self, path: &str, input: Input) {
        if let Some(fields) = &mut self.fields {
            fields.push(Field {
                path: path.to_string(),
                input,
            });
        }
    }

    /// A switch; serde has already read it as true or false, so it is only listed.
    pub fn flag(&mut self, path: &str) {
        self.list(path, Input::Flag);
    }

    /// A name serde has already read as one of `names`; it is only listed.
    pub fn named(&mut self, path: &str, names: &[&str]) {
        self.list(
            path,
            Input::OneOf(names.iter().map(|n| n.to_string()).collect()),
        );
    }

    /// A number that may be left out (the engine then chooses it); when given, as `number`, a
    /// bad one being replaced by `default` (`None` leaves it out).
    pub fn optional_number(
        &mut self,
        path: &str,
        value: &mut Option<f64>,
        (lo, hi): (f64, f64),
        unit: &str,
        default: Option<f64>,
    ) {
        self.list(
            path,
            Input::Number {
                lo,
                hi,
                unit: unit.to_string(),
                optional: true,
            },
        );
        if let Some(v) = value {
            let mut checked = *v;
            let before = self.errors.len();
            self.check_number(path, &mut checked, lo, hi, unit, f64::NAN);
            *value = if self.errors.len() == before {
                Some(checked)
            } else {
                default
            };
        }
    }

    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            path: path.into(),
            message: message.into(),
        });
    }

    /// A number in [lo, hi], kept to `SIGNIFICANT_DIGITS`; otherwise reported and replaced by
    /// `default`. A nonzero number smaller than `SMALLEST` is refused too: no field means one,
    /// and it could not be kept exactly (see `significant`).
    pub fn number(
        &mut self,
        path: &str,
        value: &mut f64,
        lo: f64,
        hi: f64,
        unit: &str,
        default: f64,
    ) {
        self.list(
            path,
            Input::Number {
                lo,
                hi,
                unit: unit.to_string(),
                optional: false,
            },
        );
        self.check_number(path, value, lo, hi, unit, default);
    }

    fn check_number(
        &mut self,
        path: &str,
        value: &mut f64,
        lo: f64,
        hi: f64,
        unit: &str,
        default: f64,
    ) {
        if !(value.is_finite() && *value >= lo && *value <= hi) {
            self.error(
                path,
                format!(
                    "{} is not allowed; use a number from {} to {} {unit}",
                    show(*value),
                    show(lo),
                    show(hi)
                ),
            );
            *value = default;
        } else if *value != 0.0 && value.abs() < SMALLEST {
            self.error(
                path,
                format!(
                    "{} is too small to mean anything; use 0, or a number from {SMALLEST:e} to {} \
                     {unit}",
                    show(*value),
                    show(hi)
                ),
            );
            *value = default;
        } else {
            *value = significant(*value);
        }
    }

    pub fn count(
        &mut self,
        path: &str,
        value: &mut u32,
        lo: u32,
        hi: u32,
        unit: &str,
        default: u32,
    ) {
        self.list(
            path,
            Input::Count {
                lo,
                hi,
                unit: unit.to_string(),
            },
        );
        if *value < lo || *value > hi {
            self.error(
                path,
                format!("{value} is not allowed; use a whole number from {lo} to {hi} {unit}"),
            );
            *value = default;
        }
    }

    /// One of the whole numbers `allowed`, each a `what`; otherwise reported and replaced.
    pub fn among(
        &mut self,
        path: &str,
        value: &mut u32,
        allowed: &[u32],
        what: &str,
        default: u32,
    ) {
        self.list(path, Input::Among(allowed.to_vec()));
        if !allowed.contains(value) {
            let listed: Vec<String> = allowed.iter().map(u32::to_string).collect();
            self.error(
                path,
                format!("{value} is not {what}; use one of {}", listed.join(", ")),
            );
            *value = default;
        }
    }

    pub fn one_of(&mut self, path: &str, value: &mut String, allowed: &[String], default: &str) {
        self.list(path, Input::OneOf(allowed.to_vec()));
        if !allowed.contains(value) {
            let shown = excerpt(value);
            self.error(
                path,
                format!(
                    "\"{shown}\" is not known; use one of {}",
                    allowed.join(", ")
                ),
            );
            *value = default.to_string();
        }
    }

    /// A stretch of simulated time: `{path}.at_s` and `{path}.duration_s`, each within ten years.
    pub fn interval(&mut self, path: &str, at_s: &mut f64, duration_s: &mut f64) {
        const HORIZON: f64 = 315_360_000.0;
        self.number(&format!("{path}.at_s"), at_s, 0.0, HORIZON, "s", 0.0);
        self.number(
            &format!("{path}.duration_s"),
            duration_s,
            0.0,
            HORIZON,
            "s",
            60.0,
        );
    }

    /// A one-way network latency in milliseconds.
    pub fn latency_ms(&mut self, path: &str, value: &mut f64, default: f64) {
        self.number(path, value, 0.0, 10_000.0, "ms", default);
    }

    /// A distribution whose values are times in seconds within [0, max_s].
    pub fn distribution(
        &mut self,
        path: &str,
        d: &mut Distribution,
        max_s: f64,
        default: &Distribution,
    ) {
        let before = self.errors.len();
        match d {
            Distribution::Exponential { mean_s } => self.number(
                &format!("{path}.mean_s"),
                mean_s,
                0.0,
                max_s,
                "s",
                default.mean(),
            ),
            Distribution::Lognormal { median_s, sigma } => {
                self.number(
                    &format!("{path}.median_s"),
                    median_s,
                    0.0,
                    max_s,
                    "s",
                    default.mean(),
                );
                self.number(&format!("{path}.sigma"), sigma, 0.0, 3.0, "", 0.5);
            }
            Distribution::Constant { value_s } => self.number(
                &format!("{path}.value_s"),
                value_s,
                0.0,
                max_s,
                "s",
                default.mean(),
            ),
            Distribution::List { values_s } => {
                if values_s.is_empty() || values_s.len() > 10_000 {
                    self.error(
                        format!("{path}.values_s"),
                        format!("has {} values; give 1 to 10000", values_s.len()),
                    );
                    *d = default.clone();
                } else {
                    for (i, v) in values_s.iter_mut().enumerate() {
                        self.number(
                            &format!("{path}.values_s[{i}]"),
                            v,
                            0.0,
                            max_s,
                            "s",
                            default.mean(),
                        );
                    }
                }
            }
        }
        if self.errors.len() > before {
            // Keep the distribution's shape usable even if only one parameter was repaired.
            if d.mean() > max_s || !d.mean().is_finite() {
                *d = default.clone();
            }
        }
    }
}

/// How a JSON value is named in messages ("a list", "a number"...).
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_is_reported_with_path_value_and_range_then_repaired() {
        let mut c = Checker::default();
        let mut x = -3.0;
        c.number(
            "workload.rate_per_s",
            &mut x,
            0.0,
            100_000.0,
            "requests/s",
            20.0,
        );
        assert_eq!(x, 20.0);
        assert_eq!(c.errors.len(), 1);
        assert_eq!(
            c.errors[0].to_string(),
            "workload.rate_per_s: -3 is not allowed; use a number from 0 to 100000 requests/s"
        );
    }

    #[test]
    fn numbers_kept_read_back_bit_for_bit_and_dust_is_refused() {
        // 17-digit values spread over every size allowed, from a fixed stream; about a fifth of
        // them would read back changed without the rounding.
        let mut bits: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut changed_unrounded = 0;
        for _ in 0..20_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let size = (bits >> 11) as f64 / (1u64 << 53) as f64;
            let x = (1.0 + 8.0 * size) * 10f64.powi((size * 1e6) as i32 % 21 - 9);
            let read = |v: f64| serde_json::from_str::<f64>(&serde_json::to_string(&v).unwrap());
            changed_unrounded += usize::from(read(x).unwrap() != x);
            let mut kept = x;
            let mut c = Checker::default();
            c.number("p", &mut kept, 0.0, 1e12, "", 1.0);
            assert!(c.errors.is_empty(), "{x}");
            assert!((kept - x).abs() <= x * 1e-11, "{x} kept as {kept}");
            assert_eq!(read(kept).unwrap(), kept, "{x} kept as {kept}");
            assert_eq!(significant(kept), kept);
        }
        assert!(changed_unrounded > 1_000, "{changed_unrounded}");
        let mut dust = 9.136877740323182e-194;
        let mut c = Checker::default();
        c.number(
            "workload.rate_per_s",
            &mut dust,
            0.0,
            1e5,
            "requests/s",
            20.0,
        );
        assert_eq!(dust, 20.0);
        assert!(c.errors[0].message.contains("too small"), "{}", c.errors[0]);
    }

    #[test]
    fn nan_is_rejected() {
        let mut c = Checker::default();
        let mut x = f64::NAN;
        c.number("a", &mut x, 0.0, 1.0, "", 0.5);
        assert_eq!(x, 0.5);
        assert!(c.errors[0].message.contains("NaN"));
    }

    #[test]
    fn empty_list_distribution_falls_back() {
        let mut c = Checker::default();
        let mut d = Distribution::List { values_s: vec![] };
        c.distribution("k.work", &mut d, 10.0, &Distribution::constant(1.0));
        assert_eq!(d, Distribution::constant(1.0));
        assert_eq!(c.errors[0].path, "k.work.values_s");
    }
}
