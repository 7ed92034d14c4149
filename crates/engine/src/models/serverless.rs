//! The serverless platform's settings: memory, initialisation, keep-alive, limits and scaling,
//! as a scenario gives them. The running model is `function_platform.rs`.

use super::function_store::FunctionStore;
use super::scaling_limit::ScalingModel;
use crate::distribution::Distribution;
use crate::validation::Checker;
use serde::Serialize;

/// Memory at which a function gets one full vCPU (AWS documents 1,769 MB).
const FULL_VCPU_MB: f64 = 1769.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServerlessConfig {
    /// Function memory, MB: sets the price per second and the CPU share.
    pub memory_mb: f64,
    /// Initialisation time of a new instance (runtime start plus your init code), seconds.
    pub init: Distribution,
    /// If set, the whole duration of a cold request is drawn from this instead of init + work
    /// (how SimFaaS specifies cold starts).
    pub cold_duration: Option<Distribution>,
    /// How long an idle instance is kept before it is removed, seconds.
    pub keep_alive_s: f64,
    /// Maximum run time of one invocation, seconds (Lambda: 900).
    pub timeout_s: f64,
    /// Instances per function kept initialised all the time.
    pub provisioned: u32,
    pub scaling_model: ScalingModel,
    /// Initial burst of the legacy model: 500, 1000 or 3000 depending on region.
    pub legacy_burst: u32,
    /// Executions at once across all functions of the account.
    pub account_limit: u32,
    /// One-way latency from a function to its data store, ms.
    pub network_hop_ms: f64,
    /// What the functions keep their data in: a table, or a relational database with a
    /// connection limit (and optionally RDS Proxy).
    pub data_store: FunctionStore,
    /// Request kinds invoked asynchronously, as an event or a queue invokes a function: the
    /// client gets 202 at once, and the job waits in Lambda's queue for an execution.
    pub async_kinds: Vec<String>,
}

crate::tagged::settings_reader!(ServerlessConfig {
    memory_mb,
    init,
    cold_duration,
    keep_alive_s,
    timeout_s,
    provisioned,
    scaling_model,
    legacy_burst,
    account_limit,
    network_hop_ms,
    data_store,
    async_kinds
});

impl Default for ServerlessConfig {
    fn default() -> Self {
        ServerlessConfig {
            memory_mb: 1024.0,
            init: Distribution::lognormal(0.3, 0.4),
            cold_duration: None,
            keep_alive_s: 600.0,
            timeout_s: 900.0,
            provisioned: 0,
            scaling_model: ScalingModel::Current,
            legacy_burst: 3000,
            account_limit: 1000,
            network_hop_ms: 0.5,
            data_store: FunctionStore::default(),
            async_kinds: Vec::new(),
        }
    }
}

impl ServerlessConfig {
    pub fn check(&mut self, path: &str, c: &mut Checker) {
        let d = ServerlessConfig::default();
        c.number(
            &format!("{path}.memory_mb"),
            &mut self.memory_mb,
            128.0,
            10_240.0,
            "MB",
            d.memory_mb,
        );
        c.distribution(&format!("{path}.init"), &mut self.init, 600.0, &d.init);
        c.named(&format!("{path}.scaling_model"), ScalingModel::NAMES);
        if let Some(cold) = &mut self.cold_duration {
            c.distribution(
                &format!("{path}.cold_duration"),
                cold,
                86_400.0,
                &Distribution::exponential(1.0),
            );
        }
        c.number(
            &format!("{path}.keep_alive_s"),
            &mut self.keep_alive_s,
            0.0,
            86_400.0,
            "s",
            d.keep_alive_s,
        );
        c.number(
            &format!("{path}.timeout_s"),
            &mut self.timeout_s,
            1.0,
            // Lambda's own limit: a function runs for at most 15 minutes.
            900.0,
            "s",
            d.timeout_s,
        );
        c.count(
            &format!("{path}.provisioned"),
            &mut self.provisioned,
            0,
            10_000,
            "instances",
            d.provisioned,
        );
        c.among(
            &format!("{path}.legacy_burst"),
            &mut self.legacy_burst,
            &[500, 1000, 3000],
            "a published burst",
            d.legacy_burst,
        );
        c.count(
            &format!("{path}.account_limit"),
            &mut self.account_limit,
            1,
            1_000_000,
            "executions",
            d.account_limit,
        );
        c.latency_ms(
            &format!("{path}.network_hop_ms"),
            &mut self.network_hop_ms,
            d.network_hop_ms,
        );
        self.data_store.check(&format!("{path}.data_store"), c);
    }

    /// CPU speed relative to one full vCPU.
    pub fn cpu_share(&self) -> f64 {
        (self.memory_mb / FULL_VCPU_MB).min(1.0)
    }
}
