//! Reading the scenario: its tagged objects, `{"kind": "lognormal", "median_s": 0.1, "sigma": 0.5}`,
//! its settings objects and its names.
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
        Fields::named(self.fields, names)
    }
}

/// The fields of a tagged object whose names have been checked.
pub struct Fields(Map<String, Value>);

impl Fields {
    fn named<E: Error>(
        fields: Map<String, Value>,
        names: &'static [&'static str],
    ) -> Result<Fields, E> {
        match fields.keys().find(|k| !names.contains(&k.as_str())) {
            Some(unknown) => Err(E::unknown_field(unknown, names)),
            None => Ok(Fields(fields)),
        }
    }

    /// A settings object (`what` names it in the message for anything else), its field names
    /// checked.
    pub fn of<'de, D: Deserializer<'de>>(
        input: D,
        names: &'static [&'static str],
        what: &'static str,
    ) -> Result<Fields, D::Error> {
        match Value::deserialize(input)? {
            Value::Object(fields) => Fields::named(fields, names),
            other => Err(D::Error::invalid_type(unexpected(&other), &what)),
        }
    }

    /// The field's value, or `default` when it is absent.
    pub fn take_or<T: DeserializeOwned, E: Error>(
        &mut self,
        name: &'static str,
        default: T,
    ) -> Result<T, E> {
        match self.0.remove(name) {
            Some(value) => T::deserialize(value).map_err(E::custom),
            None => Ok(default),
        }
    }

    pub fn take<T: DeserializeOwned, E: Error>(&mut self, name: &'static str) -> Result<T, E> {
        let value = self.0.remove(name).ok_or_else(|| E::missing_field(name))?;
        T::deserialize(value).map_err(E::custom)
    }
}

/// `Deserialize` for a settings struct as `#[serde(default, deny_unknown_fields)]` would derive
/// it (a missing field takes the struct's default, an unknown one is refused by name), through
/// `Fields` rather than a reader compiled for each struct: about 1 to 6 KB of wasm saved per
/// struct. A field left out of the list, or listed twice, does not compile.
macro_rules! settings_reader {
    ($ty:ident { $($field:ident),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$(stringify!($field)),+];
                let mut fields = $crate::tagged::Fields::of(
                    input,
                    NAMES,
                    concat!("struct ", stringify!($ty)),
                )?;
                let default = <$ty as Default>::default();
                Ok($ty {
                    $($field: fields.take_or(stringify!($field), default.$field)?),+
                })
            }
        }
    };
}
pub(crate) use settings_reader;

/// A plain name such as `"relational"`, read as its index in `names`, with serde's message for any
/// other. The scenario's unit enums (architecture, API flavour, scaling model, store engine) read
/// through it: a derived reader costs about a kilobyte of wasm per enum, and this one is shared.
pub fn name_index<'de, D: Deserializer<'de>>(
    input: D,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    let name = String::deserialize(input)?;
    names
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| D::Error::unknown_variant(&name, names))
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        // As serde_json names them: integers as integers.
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("number"),
        },
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
    fn settings_read_as_serdes_derived_reader_did() {
        use crate::models::monolith::MonolithConfig;
        use crate::scenario::Scenario;
        // Missing fields take the struct's defaults; the default scenario round-trips whole.
        let m: MonolithConfig = read(r#"{"copies": 3}"#).unwrap();
        assert_eq!(
            m,
            MonolithConfig {
                copies: 3,
                ..MonolithConfig::default()
            }
        );
        round_trips(&[Scenario::default()]);
        // The messages serde's derive gave, word for word.
        let unknown = read::<MonolithConfig>(r#"{"copis": 3}"#).unwrap_err();
        assert!(
            unknown.starts_with("unknown field `copis`, expected one of `machine`, `copies`,"),
            "{unknown}"
        );
        assert_eq!(
            read::<MonolithConfig>(r#"{"copies": "three"}"#).unwrap_err(),
            "invalid type: string \"three\", expected u32"
        );
        assert_eq!(
            read::<MonolithConfig>("3").unwrap_err(),
            "invalid type: integer `3`, expected struct MonolithConfig"
        );
        assert_eq!(
            read::<MonolithConfig>("null").unwrap_err(),
            "invalid type: null, expected struct MonolithConfig"
        );
    }

    #[test]
    fn every_name_of_every_unit_enum_round_trips_and_others_are_named() {
        use crate::models::api_gateway::ApiFlavour;
        use crate::models::function_store::StoreEngine;
        use crate::models::scaling_limit::ScalingModel;
        use crate::scenario::Architecture;
        round_trips(&Architecture::ALL);
        round_trips(&[ApiFlavour::Http, ApiFlavour::Rest]);
        round_trips(&[ScalingModel::LegacyBurst, ScalingModel::Current]);
        round_trips(&[StoreEngine::Table, StoreEngine::Relational]);
        assert_eq!(
            read::<StoreEngine>("\"mysql\"").unwrap_err(),
            "unknown variant `mysql`, expected `table` or `relational`"
        );
        assert!(read::<ApiFlavour>("3")
            .unwrap_err()
            .contains("invalid type: integer `3`"));
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
            "invalid type: integer `4`, expected a kind name"
        );
        let nested = read::<TimelineEvent>(r#"{"kind": "bug", "at_s": 1, "duration_s": 2, "target": "x", "effect": {"kind": "melt"}}"#).unwrap_err();
        assert!(nested.starts_with("unknown variant `melt`"), "{nested}");
    }
}
