//! API Gateway in front of functions: a fixed added latency and a token-bucket request throttle
//! (steady rate plus burst), as AWS applies per account and region.

use crate::validation::Checker;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiFlavour {
    Http,
    Rest,
}

impl ApiFlavour {
    /// The names a scenario spells it with, in the order of its variants.
    pub const NAMES: &'static [&'static str] = &["http", "rest"];
}

impl<'de> serde::Deserialize<'de> for ApiFlavour {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        Ok([ApiFlavour::Http, ApiFlavour::Rest][crate::tagged::name_index(input, Self::NAMES)?])
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiGatewayConfig {
    /// HTTP APIs are cheaper than REST APIs.
    pub flavour: ApiFlavour,
    /// Latency API Gateway adds to each request, ms.
    pub latency_ms: f64,
    /// Steady-state request limit, requests/s.
    pub rate_limit_per_s: f64,
    /// Requests allowed at once above the steady rate.
    pub burst: f64,
    /// How long the gateway waits for the function before it answers 504, seconds; none means
    /// the flavour's own (see `integration_timeout`).
    pub integration_timeout_s: Option<f64>,
}

crate::tagged::settings_reader!(ApiGatewayConfig {
    flavour,
    latency_ms,
    rate_limit_per_s,
    burst,
    integration_timeout_s
});

impl Default for ApiGatewayConfig {
    fn default() -> Self {
        ApiGatewayConfig {
            flavour: ApiFlavour::Http,
            latency_ms: 10.0,
            rate_limit_per_s: 10_000.0,
            burst: 5_000.0,
            integration_timeout_s: None,
        }
    }
}

impl ApiGatewayConfig {
    /// HTTP APIs wait 30 s at most. REST APIs wait 29 s by default; a quota increase lets
    /// Regional and private REST APIs wait up to 300 s (README, "Model notes").
    pub fn integration_timeout(&self) -> f64 {
        self.integration_timeout_s.unwrap_or(match self.flavour {
            ApiFlavour::Http => 30.0,
            ApiFlavour::Rest => 29.0,
        })
    }

    pub fn check(&mut self, path: &str, c: &mut Checker) {
        let d = ApiGatewayConfig::default();
        let most = match self.flavour {
            ApiFlavour::Http => 30.0,
            ApiFlavour::Rest => 300.0,
        };
        c.named(&format!("{path}.flavour"), ApiFlavour::NAMES);
        c.optional_number(
            &format!("{path}.integration_timeout_s"),
            &mut self.integration_timeout_s,
            (0.05, most),
            "s",
            None,
        );
        c.number(
            &format!("{path}.latency_ms"),
            &mut self.latency_ms,
            0.0,
            10_000.0,
            "ms",
            d.latency_ms,
        );
        c.number(
            &format!("{path}.rate_limit_per_s"),
            &mut self.rate_limit_per_s,
            1.0,
            1_000_000.0,
            "requests/s",
            d.rate_limit_per_s,
        );
        c.number(
            &format!("{path}.burst"),
            &mut self.burst,
            1.0,
            1_000_000.0,
            "requests",
            d.burst,
        );
    }
}

#[derive(Clone, Debug)]
pub struct TokenBucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    since: f64,
}

impl TokenBucket {
    pub fn new(rate: f64, burst: f64) -> Self {
        TokenBucket {
            rate,
            burst,
            tokens: burst,
            since: 0.0,
        }
    }

    /// Takes one token if there is one.
    pub fn try_take(&mut self, now: f64) -> bool {
        self.tokens = (self.tokens + (now - self.since) * self.rate).min(self.burst);
        self.since = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_allows_burst_then_steady_rate() {
        let mut b = TokenBucket::new(10.0, 5.0);
        let burst = (0..20).filter(|_| b.try_take(0.0)).count();
        assert_eq!(burst, 5);
        // A second later the bucket is full again (capped at the burst), then refills at 10/s.
        let next_second = (0..100)
            .filter(|i| b.try_take(1.0 + *i as f64 * 0.01))
            .count();
        assert!((14..=15).contains(&next_second), "{next_second}");
    }
}
