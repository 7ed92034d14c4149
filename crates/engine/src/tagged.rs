//! Reading the scenario's tagged objects, `{"kind": "lognormal", "median_s": 0.1, "sigma": 0.5}`.
//!
//! serde's internally tagged enums first copy the object into a generic buffer and then compile,
//! for each enum, a second reader of every variant from that buffer: 7 to 11 KB of wasm per enum,
//! about 35 KB for the four in a scenario (issue 13). Scenarios reach the engine as
//! `serde_json::Value` in any case, so the enums read the object directly through this one
//! helper, with the messages serde gives: unknown kind, unknown field, missing field.
//! Serialisation stays derived (`#[serde(tag = "kind")]`), and round trips are tested per enum.

use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error, Unexpected};
use serde_json::{Map, Value};

/// One tagged object, its kind checked against the enum's kinds.
pub struct Tagged {
    pub kind: String,
    fields: Map<String, Value>,
}

impl Tagged {
    pub fn read<'de, D: Deserializer<'de>>(
        input: D,
        kinds: &'static [&'static str],
    ) -> Result<Tagged, D::Error> {
        let mut fields = match Value::deserialize(input)? {
            Value::Object(fields) => fields,
            other => {
                return Err(D::Error::invalid_type(
                    unexpected(&other),
                    &"an object with a \"kind\"",
                ))
            }
        };
        let kind = match fields.remove("kind") {
            Some(Value::String(kind)) => kind,
            Some(other) => return Err(D::Error::invalid_type(unexpected(&other), &"a kind name")),
            None => return Err(D::Error::missing_field("kind")),
        };
        if !kinds.contains(&kind.as_str()) {
            return Err(D::Error::unknown_variant(&kind, kinds));
        }
        Ok(Tagged { kind, fields })
    }

    /// The fields this kind has; any other is refused, as `deny_unknown_fields` would.
    pub fn fields<E: Error>(self, names: &'static [&'static str]) -> Result<Fields, E> {
        match self.fields.keys().find(|k| !names.contains(&k.as_str())) {
            Some(unknown) => Err(E::unknown_field(unknown, names)),
            None => Ok(Fields(self.fields)),
        }
    }
}

/// The fields of a tagged object whose names have been checked.
pub struct Fields(Map<String, Value>);

impl Fields {
    pub fn take<T: DeserializeOwned, E: Error>(&mut self, name: &'static str) -> Result<T, E> {
        let value = self.0.remove(name).ok_or_else(|| E::missing_field(name))?;
        T::deserialize(value).map_err(E::custom)
    }
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => n
            .as_f64()
            .map_or(Unexpected::Other("number"), Unexpected::Float),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use crate::distribution::Distribution;
    use crate::timeline::{BugEffect, TimelineEvent};
    use crate::workload::RateShape;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use std::fmt::Debug;

    fn read<T: DeserializeOwned>(json: &str) -> Result<T, String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        serde_json::from_value(value).map_err(|e| e.to_string())
    }

    fn round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(values: &[T]) {
        for v in values {
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(&read::<T>(&json).unwrap(), v, "{json}");
        }
    }

    #[test]
    fn every_kind_of_every_tagged_enum_round_trips() {
        round_trips(&[
            Distribution::Exponential { mean_s: 0.25 },
            Distribution::Lognormal {
                median_s: 0.1,
                sigma: 0.7,
            },
            Distribution::Constant { value_s: 3.0 },
            Distribution::List {
                values_s: vec![0.1, 0.2],
            },
        ]);
        round_trips(&[
            RateShape::Step {
                at_s: 1.0,
                rate_per_s: 2.0,
            },
            RateShape::Ramp {
                from_s: 1.0,
                to_s: 2.0,
                to_rate_per_s: 3.0,
            },
            RateShape::Spike {
                at_s: 1.0,
                duration_s: 2.0,
                factor: 3.0,
            },
            RateShape::DailySine {
                amplitude: 0.5,
                period_s: 86_400.0,
            },
            RateShape::Idle {
                at_s: 1.0,
                duration_s: 2.0,
            },
        ]);
        let effects = [
            BugEffect::Crash,
            BugEffect::Exception,
            BugEffect::Leak {
                slowdown_per_min: 0.1,
            },
            BugEffect::SlowDb { factor: 10.0 },
        ];
        round_trips(&effects);
        let events: Vec<TimelineEvent> = effects
            .iter()
            .map(|&effect| TimelineEvent::Bug {
                at_s: 1.0,
                duration_s: 2.0,
                target: "orders".into(),
                effect,
            })
            .chain([TimelineEvent::Deploy {
                at_s: 3.0,
                target: "*".into(),
            }])
            .collect();
        round_trips(&events);
    }

    #[test]
    fn wrong_objects_get_the_messages_serde_gives() {
        let unknown_kind = read::<Distribution>(r#"{"kind": "normal", "mean_s": 1}"#).unwrap_err();
        assert_eq!(unknown_kind, "unknown variant `normal`, expected one of `exponential`, `lognormal`, `constant`, `list`");
        let unknown_field =
            read::<Distribution>(r#"{"kind": "exponential", "mean": 1}"#).unwrap_err();
        assert_eq!(unknown_field, "unknown field `mean`, expected `mean_s`");
        let missing = read::<RateShape>(r#"{"kind": "ramp", "from_s": 1, "to_s": 2}"#).unwrap_err();
        assert_eq!(missing, "missing field `to_rate_per_s`");
        let no_kind = read::<BugEffect>(r#"{"factor": 3}"#).unwrap_err();
        assert_eq!(no_kind, "missing field `kind`");
        let unit_with_field = read::<BugEffect>(r#"{"kind": "crash", "factor": 3}"#).unwrap_err();
        assert_eq!(
            unit_with_field,
            "unknown field `factor`, there are no fields"
        );
        let wrong_type =
            read::<Distribution>(r#"{"kind": "constant", "value_s": "3"}"#).unwrap_err();
        assert!(
            wrong_type.starts_with("invalid type: string \"3\", expected f64"),
            "{wrong_type}"
        );
        let not_object = read::<Distribution>("[1, 2]").unwrap_err();
        assert_eq!(
            not_object,
            "invalid type: sequence, expected an object with a \"kind\""
        );
        let kind_not_text = read::<Distribution>(r#"{"kind": 4}"#).unwrap_err();
        assert_eq!(
            kind_not_text,
            "invalid type: floating point `4.0`, expected a kind name"
        );
        let nested = read::<TimelineEvent>(r#"{"kind": "bug", "at_s": 1, "duration_s": 2, "target": "x", "effect": {"kind": "melt"}}"#).unwrap_err();
        assert!(nested.starts_with("unknown variant `melt`"), "{nested}");
    }
}
