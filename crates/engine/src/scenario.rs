//! The one `Scenario` type: what share links, scenario files, the headless runner, the UI and the
//! tests all speak. Every field has a default, so a file only needs what differs; unknown fields
//! are refused so a typo is never silently ignored.

use super::distribution::Distribution;
use super::models::api_gateway::ApiGatewayConfig;
use super::models::microservices::MicroservicesConfig;
use super::models::monolith::MonolithConfig;
use super::models::serverless::ServerlessConfig;
use super::prices::Prices;
use super::timeline::{BugEffect, TimelineEvent};
use super::validation::{json_kind, Checker, Field, FieldError};
use super::workload::{RateShape, Workload};
use serde::Serialize;

/// What is said about an empty scenario file or text.
pub const EMPTY: &str =
    "the scenario is empty; expected a JSON object such as {\"duration_s\": 600}";

/// The scenario format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// At most this many requests are simulated per architecture: the engine's work budget.
pub const MAX_EXPECTED_REQUESTS: f64 = 50_000_000.0;

/// The largest scenario file read, bytes. Most are a few KB; an imported traffic series makes
/// them larger (a million rows of counts is about 10 MB a column), and anything past this is a
/// mistake rather than a scenario.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// At most this many metric windows per architecture, to bound memory.
pub const MAX_WINDOWS: f64 = 10_000.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Architecture {
    Monolith,
    Microservices,
    Serverless,
    Hybrid,
}

impl<'de> serde::Deserialize<'de> for Architecture {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &["monolith", "microservices", "serverless", "hybrid"];
        Ok([
            Architecture::Monolith,
            Architecture::Microservices,
            Architecture::Serverless,
            Architecture::Hybrid,
        ][crate::tagged::name_index(input, NAMES)?])
    }
}

impl Architecture {
    pub const ALL: [Architecture; 4] = [
        Architecture::Monolith,
        Architecture::Microservices,
        Architecture::Serverless,
        Architecture::Hybrid,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Architecture::Monolith => "monolith",
            Architecture::Microservices => "microservices",
            Architecture::Serverless => "serverless",
            Architecture::Hybrid => "hybrid",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Architecture::Monolith => "Monolith",
            Architecture::Microservices => "Microservices",
            Architecture::Serverless => "Serverless",
            Architecture::Hybrid => "Hybrid",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HybridConfig {
    /// Request kinds that run in containers; every other kind runs as functions. When absent,
    /// kinds whose mean work is at least `heavy_work_s` go to containers.
    pub container_kinds: Option<Vec<String>>,
    /// Mean CPU time per request from which a kind counts as heavy, seconds.
    pub heavy_work_s: f64,
}

crate::tagged::settings_reader!(HybridConfig {
    container_kinds,
    heavy_work_s
});

impl Default for HybridConfig {
    fn default() -> Self {
        HybridConfig {
            container_kinds: None,
            heavy_work_s: 0.2,
        }
    }
}

impl HybridConfig {
    /// Whether each kind of the workload runs in containers.
    pub fn in_containers(&self, workload: &Workload) -> Vec<bool> {
        workload
            .kinds
            .iter()
            .map(|k| match &self.container_kinds {
                Some(names) => names.contains(&k.name),
                None => k.work.mean() >= self.heavy_work_s,
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scenario {
    pub version: u32,
    pub name: String,
    pub seed: u64,
    /// Simulated time, seconds.
    pub duration_s: f64,
    /// Leading time left out of the totals (the system filling up), seconds.
    pub warmup_s: f64,
    /// Width of a metrics window, seconds; chosen from the duration when absent.
    pub window_s: Option<f64>,
    /// Fraction of requests whose path is recorded for animation; chosen from the rate if absent.
    pub trace_fraction: Option<f64>,
    pub architectures: Vec<Architecture>,
    pub workload: Workload,
    pub monolith: MonolithConfig,
    pub microservices: MicroservicesConfig,
    pub serverless: ServerlessConfig,
    pub api_gateway: ApiGatewayConfig,
    pub hybrid: HybridConfig,
    pub events: Vec<TimelineEvent>,
    pub prices: Prices,
}

crate::tagged::settings_reader!(Scenario {
    version,
    name,
    seed,
    duration_s,
    warmup_s,
    window_s,
    trace_fraction,
    architectures,
    workload,
    monolith,
    microservices,
    serverless,
    api_gateway,
    hybrid,
    events,
    prices
});

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: FORMAT_VERSION,
            name: "default".into(),
            seed: 1,
            duration_s: 600.0,
            warmup_s: 0.0,
            window_s: None,
            trace_fraction: None,
            architectures: Architecture::ALL.to_vec(),
            workload: Workload::default(),
            monolith: MonolithConfig::default(),
            microservices: MicroservicesConfig::default(),
            serverless: ServerlessConfig::default(),
            api_gateway: ApiGatewayConfig::default(),
            hybrid: HybridConfig::default(),
            events: Vec::new(),
            prices: Prices::default(),
        }
    }
}

/// Round window widths people can read on an axis.
const NICE_WINDOWS: [f64; 16] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0,
    21_600.0, 86_400.0,
];

impl Scenario {
    /// The metrics window: as given, or the smallest round width giving at most 600 windows.
    pub fn window(&self) -> f64 {
        self.window_s.unwrap_or_else(|| {
            let target = self.duration_s / 600.0;
            NICE_WINDOWS
                .iter()
                .copied()
                .find(|&w| w >= target)
                .unwrap_or(86_400.0 * (target / 86_400.0).ceil())
        })
    }

    /// Length of the workload's arrival blocks (see `ArrivalStream`): one second, or longer for
    /// runs over about eleven days so that a run has at most a million blocks and a ten-year
    /// trickle is not a ten-year loop over empty seconds. Actions take effect at a block boundary.
    pub fn arrival_block_s(&self) -> f64 {
        (self.duration_s / 1e6).ceil().max(1.0)
    }

    /// The sampled fraction: as given, or enough for about 8 animated requests per second.
    pub fn trace_fraction(&self) -> f64 {
        self.trace_fraction.unwrap_or_else(|| {
            let rate = self.workload.rate_per_s.max(1e-9);
            (8.0 / rate).min(1.0)
        })
    }

    pub fn parse_json(text: &str) -> Result<Scenario, String> {
        if text.trim().is_empty() {
            return Err(EMPTY.into());
        }
        // serde reads a struct from a JSON array too (fields by position), so `[]` would pass as
        // the default scenario; a scenario file is an object, and anything else is refused.
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not a valid scenario: {e}"))?;
        if !value.is_object() {
            return Err(format!(
                "not a valid scenario: expected a JSON object {{…}}, found {}",
                json_kind(&value)
            ));
        }
        let sc: Scenario =
            serde_json::from_value(value).map_err(|e| format!("not a valid scenario: {e}"))?;
        if sc.version != FORMAT_VERSION {
            return Err(format!(
                "version: {} is not supported; this build reads version {FORMAT_VERSION}",
                sc.version
            ));
        }
        Ok(sc)
    }

    /// Every field the scenario's check visits, in order, with its range and unit: the fields of
    /// its request kinds, rate shapes, events and machines as it has them.
    pub fn fields(&self) -> Vec<Field> {
        let mut c = Checker::listing();
        self.clone().check(&mut c);
        c.fields.unwrap_or_default()
    }

    /// All problems with the scenario, each naming its field, its value and what is allowed.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let (_, errors) = self.clone().sanitised();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The scenario with each invalid value replaced by its default, and what was replaced.
    pub fn sanitised(mut self) -> (Scenario, Vec<FieldError>) {
        let mut c = Checker::default();
        self.check(&mut c);
        (self, c.errors)
    }

    fn check(&mut self, c: &mut Checker) {
        let d = Scenario::default();
        if self.version != FORMAT_VERSION {
            c.error(
                "version",
                format!("{} is not supported; use {FORMAT_VERSION}", self.version),
            );
            self.version = FORMAT_VERSION;
        }
        c.number(
            "duration_s",
            &mut self.duration_s,
            1.0,
            315_360_000.0,
            "s (up to ten years)",
            d.duration_s,
        );
        c.number(
            "warmup_s",
            &mut self.warmup_s,
            0.0,
            self.duration_s,
            "s (less than duration_s)",
            0.0,
        );
        let lo = (self.duration_s / MAX_WINDOWS).max(0.1);
        c.optional_number(
            "window_s",
            &mut self.window_s,
            (lo, self.duration_s),
            "s",
            Some(lo.max(1.0).min(self.duration_s)),
        );
        c.optional_number(
            "trace_fraction",
            &mut self.trace_fraction,
            (0.0, 1.0),
            "",
            Some(0.01),
        );
        if self.architectures.is_empty() {
            c.error(
                "architectures",
                "is empty; list at least one of monolith, microservices, serverless, hybrid",
            );
            self.architectures = d.architectures.clone();
        }
        // In their canonical order, each once.
        self.architectures = Architecture::ALL
            .into_iter()
            .filter(|a| self.architectures.contains(a))
            .collect();
        self.check_workload(c);
        if self.prices.machines.is_empty() {
            c.error(
                "prices.machines",
                "is empty; list at least one machine type",
            );
            self.prices.machines = d.prices.machines.clone();
        }
        let machines: Vec<String> = self
            .prices
            .machines
            .iter()
            .map(|m| m.name.clone())
            .collect();
        let modules = self.workload.modules();
        self.monolith.check("monolith", c, &machines);
        self.microservices
            .check("microservices", c, &machines, &modules);
        self.serverless.check("serverless", c);
        self.api_gateway.check("api_gateway", c);
        let kinds: Vec<String> = self.workload.kinds.iter().map(|k| k.name.clone()).collect();
        let known_kinds = |names: &mut Vec<String>, path: &str, c: &mut Checker| {
            let before = names.len();
            names.retain(|k| kinds.contains(k));
            if names.len() < before {
                c.error(
                    path,
                    format!(
                        "names a request kind that does not exist; use kinds from {}",
                        kinds.join(", ")
                    ),
                );
            }
        };
        if let Some(names) = &mut self.hybrid.container_kinds {
            known_kinds(names, "hybrid.container_kinds", c);
        }
        known_kinds(
            &mut self.serverless.async_kinds,
            "serverless.async_kinds",
            c,
        );
        c.number(
            "hybrid.heavy_work_s",
            &mut self.hybrid.heavy_work_s,
            0.0,
            86_400.0,
            "s",
            d.hybrid.heavy_work_s,
        );
        self.check_events(c, &modules);
        self.check_prices(c);
    }

    fn check_workload(&mut self, c: &mut Checker) {
        let d = Workload::default();
        let w = &mut self.workload;
        c.number(
            "workload.rate_per_s",
            &mut w.rate_per_s,
            0.0,
            100_000.0,
            "requests/s",
            d.rate_per_s,
        );
        if w.kinds.is_empty() || w.kinds.len() > 16 {
            c.error(
                "workload.kinds",
                format!("has {} kinds; give 1 to 16", w.kinds.len()),
            );
            w.kinds = d.kinds.clone();
        }
        let mut names: Vec<String> = Vec::new();
        for (i, k) in w.kinds.iter_mut().enumerate() {
            let p = format!("workload.kinds[{i}]");
            if k.name.is_empty()
                || k.name.len() > 40
                || names.contains(&k.name)
                || !k
                    .name
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
            {
                c.error(
                    format!("{p}.name"),
                    "must be 1 to 40 letters, digits, '-' or '_', and unique",
                );
                k.name = format!("kind{i}");
            }
            names.push(k.name.clone());
            c.number(&format!("{p}.share"), &mut k.share, 0.0, 1e6, "", 1.0);
            c.distribution(
                &format!("{p}.work"),
                &mut k.work,
                86_400.0,
                &Distribution::exponential(0.005),
            );
            c.distribution(
                &format!("{p}.db"),
                &mut k.db,
                3_600.0,
                &Distribution::exponential(0.01),
            );
            if k.modules.is_empty() || k.modules.len() > 8 {
                c.error(
                    format!("{p}.modules"),
                    format!("has {} modules; give 1 to 8", k.modules.len()),
                );
                k.modules = vec!["orders".into()];
            }
            for (j, m) in k.modules.iter_mut().enumerate() {
                if m.is_empty()
                    || m.len() > 40
                    || m == "gateway"
                    || !m
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
                {
                    c.error(
                        format!("{p}.modules[{j}]"),
                        "must be 1 to 40 letters, digits, '-' or '_' (and not \"gateway\")",
                    );
                    *m = format!("module{j}");
                }
            }
        }
        if w.kinds.iter().map(|k| k.share).sum::<f64>() <= 0.0 {
            c.error(
                "workload.kinds",
                "shares add up to zero; give at least one kind a positive share",
            );
            for k in &mut w.kinds {
                k.share = 1.0;
            }
        }
        let kinds: Vec<&str> = w.kinds.iter().map(|k| k.name.as_str()).collect();
        for (i, s) in w.shape.iter_mut().enumerate() {
            let p = format!("workload.shape[{i}]");
            let horizon = 315_360_000.0;
            match s {
                RateShape::Step { at_s, rate_per_s } => {
                    c.number(&format!("{p}.at_s"), at_s, 0.0, horizon, "s", 0.0);
                    c.number(
                        &format!("{p}.rate_per_s"),
                        rate_per_s,
                        0.0,
                        100_000.0,
                        "requests/s",
                        d.rate_per_s,
                    );
                }
                RateShape::Ramp {
                    from_s,
                    to_s,
                    to_rate_per_s,
                } => {
                    c.number(&format!("{p}.from_s"), from_s, 0.0, horizon, "s", 0.0);
                    c.number(
                        &format!("{p}.to_s"),
                        to_s,
                        *from_s + 1e-3,
                        horizon,
                        "s (after from_s)",
                        *from_s + 60.0,
                    );
                    c.number(
                        &format!("{p}.to_rate_per_s"),
                        to_rate_per_s,
                        0.0,
                        100_000.0,
                        "requests/s",
                        d.rate_per_s,
                    );
                }
                RateShape::Spike {
                    at_s,
                    duration_s,
                    factor,
                } => {
                    c.interval(&p, at_s, duration_s);
                    c.number(&format!("{p}.factor"), factor, 0.0, 1000.0, "x", 10.0);
                }
                RateShape::DailySine {
                    amplitude,
                    period_s,
                } => {
                    c.number(&format!("{p}.amplitude"), amplitude, 0.0, 1.0, "", 0.5);
                    c.number(
                        &format!("{p}.period_s"),
                        period_s,
                        1.0,
                        horizon,
                        "s",
                        86_400.0,
                    );
                }
                RateShape::Idle { at_s, duration_s } => {
                    c.interval(&p, at_s, duration_s);
                }
                RateShape::Series(series) => series.repair(c, &p, &kinds),
            }
        }
        if w.max_rate() > 1_000_000.0 {
            c.error(
                "workload.shape",
                format!(
                    "lets the rate reach {:.0} requests/s; the most allowed is 1000000",
                    w.max_rate()
                ),
            );
            w.shape.clear();
        }
        let expected = w.expected_arrivals(self.duration_s);
        if expected > MAX_EXPECTED_REQUESTS {
            c.error(
                "duration_s",
                format!("with this workload about {expected:.0} requests would be simulated; the budget is {MAX_EXPECTED_REQUESTS:.0}: shorten the run or lower the rate"),
            );
            self.duration_s = (self.duration_s * MAX_EXPECTED_REQUESTS / expected)
                .floor()
                .max(1.0);
            self.warmup_s = self.warmup_s.min(self.duration_s / 2.0);
        }
    }

    fn check_events(&mut self, c: &mut Checker, modules: &[String]) {
        if self.events.len() > 100 {
            c.error(
                "events",
                format!("has {} events; give at most 100", self.events.len()),
            );
            self.events.truncate(100);
        }
        let mut targets = modules.to_vec();
        targets.push("*".into());
        for (i, e) in self.events.iter_mut().enumerate() {
            let p = format!("events[{i}]");
            match e {
                TimelineEvent::Bug {
                    at_s,
                    duration_s,
                    target,
                    effect,
                } => {
                    c.interval(&p, at_s, duration_s);
                    c.one_of(&format!("{p}.target"), target, modules, &modules[0]);
                    match effect {
                        BugEffect::Crash | BugEffect::Exception => {}
                        BugEffect::Leak { slowdown_per_min } => c.number(
                            &format!("{p}.effect.slowdown_per_min"),
                            slowdown_per_min,
                            0.0,
                            100.0,
                            "per minute",
                            0.5,
                        ),
                        BugEffect::SlowDb { factor } => c.number(
                            &format!("{p}.effect.factor"),
                            factor,
                            1.0,
                            1000.0,
                            "x",
                            10.0,
                        ),
                    }
                }
                TimelineEvent::Deploy { at_s, target } => {
                    c.number(&format!("{p}.at_s"), at_s, 0.0, 315_360_000.0, "s", 0.0);
                    c.one_of(&format!("{p}.target"), target, &targets, "*");
                }
            }
        }
    }

    fn check_prices(&mut self, c: &mut Checker) {
        let d = Prices::default();
        let p = &mut self.prices;
        for (name, v, dv) in [
            (
                "lambda_per_million_requests",
                &mut p.lambda_per_million_requests,
                d.lambda_per_million_requests,
            ),
            ("lambda_per_gb_s", &mut p.lambda_per_gb_s, d.lambda_per_gb_s),
            (
                "provisioned_per_gb_s",
                &mut p.provisioned_per_gb_s,
                d.provisioned_per_gb_s,
            ),
            (
                "provisioned_exec_per_gb_s",
                &mut p.provisioned_exec_per_gb_s,
                d.provisioned_exec_per_gb_s,
            ),
            (
                "api_gateway_http_per_million",
                &mut p.api_gateway_http_per_million,
                d.api_gateway_http_per_million,
            ),
            (
                "api_gateway_rest_per_million",
                &mut p.api_gateway_rest_per_million,
                d.api_gateway_rest_per_million,
            ),
            (
                "eks_control_plane_per_hour",
                &mut p.eks_control_plane_per_hour,
                d.eks_control_plane_per_hour,
            ),
            (
                "database_per_hour",
                &mut p.database_per_hour,
                d.database_per_hour,
            ),
            (
                "table_per_million_queries",
                &mut p.table_per_million_queries,
                d.table_per_million_queries,
            ),
            (
                "rds_proxy_per_hour",
                &mut p.rds_proxy_per_hour,
                d.rds_proxy_per_hour,
            ),
            (
                "free_requests_per_month",
                &mut p.free_requests_per_month,
                d.free_requests_per_month,
            ),
            (
                "free_gb_s_per_month",
                &mut p.free_gb_s_per_month,
                d.free_gb_s_per_month,
            ),
        ] {
            c.number(&format!("prices.{name}"), v, 0.0, 1e9, "USD", dv);
        }
        c.flag("prices.free_tier");
        for (i, m) in p.machines.iter_mut().enumerate() {
            c.count(
                &format!("prices.machines[{i}].vcpu"),
                &mut m.vcpu,
                1,
                1024,
                "vCPU",
                2,
            );
            c.number(
                &format!("prices.machines[{i}].memory_gb"),
                &mut m.memory_gb,
                0.5,
                32_768.0,
                "GB",
                8.0,
            );
            c.number(
                &format!("prices.machines[{i}].per_hour"),
                &mut m.per_hour,
                0.0,
                1e6,
                "USD",
                0.096,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scenario_is_valid_and_round_trips() {
        let sc = Scenario::default();
        assert_eq!(sc.validate(), Ok(()));
        let json = serde_json::to_string(&sc).unwrap();
        assert_eq!(Scenario::parse_json(&json).unwrap(), sc);
    }

    #[test]
    fn omitted_fields_take_defaults_and_unknown_fields_are_refused() {
        let sc =
            Scenario::parse_json(r#"{"duration_s": 60, "workload": {"rate_per_s": 5}}"#).unwrap();
        assert_eq!(sc.duration_s, 60.0);
        assert_eq!(sc.workload.kinds, Workload::default().kinds);
        let err = Scenario::parse_json(r#"{"duraton_s": 60}"#).unwrap_err();
        assert!(err.contains("duraton_s"), "{err}");
    }

    #[test]
    fn errors_name_every_bad_field_and_sanitising_keeps_the_rest() {
        let mut sc = Scenario {
            duration_s: 120.0,
            ..Scenario::default()
        };
        sc.workload.rate_per_s = -5.0;
        sc.monolith.workers = 0;
        sc.serverless.legacy_burst = 700;
        let errors = sc.validate().unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "workload.rate_per_s",
                "monolith.workers",
                "serverless.legacy_burst"
            ]
        );
        let (fixed, _) = sc.sanitised();
        assert_eq!(fixed.workload.rate_per_s, Workload::default().rate_per_s);
        assert_eq!(fixed.duration_s, 120.0, "valid values are kept");
        assert_eq!(fixed.validate(), Ok(()));
    }

    #[test]
    fn the_work_budget_refuses_a_billion_requests() {
        let mut sc = Scenario::default();
        sc.workload.rate_per_s = 100_000.0;
        sc.duration_s = 315_360_000.0;
        let errors = sc.validate().unwrap_err();
        assert!(errors
            .iter()
            .any(|e| e.path == "duration_s" && e.message.contains("budget")));
    }

    #[test]
    fn an_unknown_version_is_refused_with_a_message() {
        let err = Scenario::parse_json(r#"{"version": 99}"#).unwrap_err();
        assert!(err.contains("version") && err.contains("99"), "{err}");
    }

    #[test]
    fn auto_window_is_round_and_bounded() {
        let sc = Scenario {
            duration_s: 1_000_000.0,
            ..Scenario::default()
        };
        assert_eq!(sc.window(), 1800.0);
        assert_eq!(
            Scenario {
                duration_s: 600.0,
                ..Scenario::default()
            }
            .window(),
            1.0
        );
    }
}
