//! Service-time distributions a scenario can give a request kind, a cold start or a network hop.
//! All values are in seconds.

use super::rng::Rng;
use super::tagged::Tagged;
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Distribution {
    /// Memoryless, as in M/M/c queueing models.
    Exponential {
        mean_s: f64,
    },
    /// Right-skewed with a long tail, typical of measured request and cold-start times.
    Lognormal {
        median_s: f64,
        sigma: f64,
    },
    Constant {
        value_s: f64,
    },
    /// An empirical distribution: each value equally likely.
    List {
        values_s: Vec<f64>,
    },
}

impl<'de> Deserialize<'de> for Distribution {
    fn deserialize<D: Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        let tagged = Tagged::read(input, &["exponential", "lognormal", "constant", "list"])?;
        Ok(match tagged.kind.as_str() {
            "exponential" => {
                let mut f = tagged.fields(&["mean_s"])?;
                Distribution::Exponential {
                    mean_s: f.take("mean_s")?,
                }
            }
            "lognormal" => {
                let mut f = tagged.fields(&["median_s", "sigma"])?;
                Distribution::Lognormal {
                    median_s: f.take("median_s")?,
                    sigma: f.take("sigma")?,
                }
            }
            "constant" => {
                let mut f = tagged.fields(&["value_s"])?;
                Distribution::Constant {
                    value_s: f.take("value_s")?,
                }
            }
            _list => {
                let mut f = tagged.fields(&["values_s"])?;
                Distribution::List {
                    values_s: f.take("values_s")?,
                }
            }
        })
    }
}

impl Distribution {
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match self {
            Distribution::Exponential { mean_s } => rng.exponential(*mean_s),
            Distribution::Lognormal { median_s, sigma } => {
                median_s * libm::exp(sigma * rng.normal())
            }
            Distribution::Constant { value_s } => *value_s,
            Distribution::List { values_s } => {
                let i = ((rng.uniform() * values_s.len() as f64) as usize).min(values_s.len() - 1);
                values_s[i]
            }
        }
    }

    pub fn mean(&self) -> f64 {
        match self {
            Distribution::Exponential { mean_s } => *mean_s,
            Distribution::Lognormal { median_s, sigma } => {
                median_s * libm::exp(sigma * sigma / 2.0)
            }
            Distribution::Constant { value_s } => *value_s,
            Distribution::List { values_s } => values_s.iter().sum::<f64>() / values_s.len() as f64,
        }
    }

    pub fn constant(value_s: f64) -> Self {
        Distribution::Constant { value_s }
    }

    pub fn exponential(mean_s: f64) -> Self {
        Distribution::Exponential { mean_s }
    }

    pub fn lognormal(median_s: f64, sigma: f64) -> Self {
        Distribution::Lognormal { median_s, sigma }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;

    fn sample_mean(d: &Distribution, n: usize) -> f64 {
        let mut r = Rng::stream(11, Stream::Work);
        (0..n).map(|_| d.sample(&mut r)).sum::<f64>() / n as f64
    }

    #[test]
    fn sample_means_match_analytic_means() {
        for d in [
            Distribution::exponential(0.25),
            Distribution::lognormal(0.1, 0.8),
            Distribution::constant(3.0),
            Distribution::List {
                values_s: vec![1.0, 2.0, 6.0],
            },
        ] {
            let m = sample_mean(&d, 300_000);
            assert!(
                (m / d.mean() - 1.0).abs() < 0.02,
                "{d:?}: sampled {m}, analytic {}",
                d.mean()
            );
        }
    }

    #[test]
    fn lognormal_median_is_the_median() {
        let d = Distribution::lognormal(0.2, 1.0);
        let mut r = Rng::stream(2, Stream::ColdStart);
        let below = (0..100_000).filter(|_| d.sample(&mut r) < 0.2).count();
        assert!((below as f64 / 100_000.0 - 0.5).abs() < 0.01);
    }

    #[test]
    fn serde_form_is_tagged_by_kind() {
        let d: Distribution =
            serde_json::from_str(r#"{"kind":"exponential","mean_s":1.991}"#).unwrap();
        assert_eq!(d, Distribution::exponential(1.991));
        assert!(
            serde_json::from_str::<Distribution>(r#"{"kind":"exponential","mean":1}"#).is_err()
        );
    }
}
