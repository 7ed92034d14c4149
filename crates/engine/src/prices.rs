//! The one price table. Every cost in the app is computed from it; a scenario may override any
//! entry. Defaults: AWS us-east-1 on-demand list prices as published in 2026.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    pub name: String,
    pub vcpu: u32,
    pub memory_gb: f64,
    /// USD per hour, billed per second.
    pub per_hour: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prices {
    pub region: String,
    pub as_of: String,
    /// Lambda: USD per million invocations.
    pub lambda_per_million_requests: f64,
    /// Lambda on-demand duration: USD per GB-second, billed per 1 ms.
    pub lambda_per_gb_s: f64,
    /// Provisioned concurrency held: USD per GB-second while enabled.
    pub provisioned_per_gb_s: f64,
    /// Duration on provisioned instances: USD per GB-second while executing.
    pub provisioned_exec_per_gb_s: f64,
    pub api_gateway_http_per_million: f64,
    pub api_gateway_rest_per_million: f64,
    /// EKS control plane, USD per hour.
    pub eks_control_plane_per_hour: f64,
    /// A service's own database, a managed instance (RDS for PostgreSQL, db.t4g.small,
    /// Single-AZ), USD per hour while it exists.
    pub database_per_hour: f64,
    /// A function's data store, a table billed per request (DynamoDB on demand, one read
    /// request unit per query), USD per million queries.
    pub table_per_million_queries: f64,
    /// RDS Proxy in front of that database: USD 0.015 per vCPU-hour of the database, for its
    /// 2 vCPUs (also the least it charges for), USD per hour.
    pub rds_proxy_per_hour: f64,
    pub machines: Vec<Machine>,
    /// Apply the Lambda free tier (1M requests and 400,000 GB-s per month).
    pub free_tier: bool,
    pub free_requests_per_month: f64,
    pub free_gb_s_per_month: f64,
}

crate::tagged::settings_reader!(Prices {
    region,
    as_of,
    lambda_per_million_requests,
    lambda_per_gb_s,
    provisioned_per_gb_s,
    provisioned_exec_per_gb_s,
    api_gateway_http_per_million,
    api_gateway_rest_per_million,
    eks_control_plane_per_hour,
    database_per_hour,
    table_per_million_queries,
    rds_proxy_per_hour,
    machines,
    free_tier,
    free_requests_per_month,
    free_gb_s_per_month
});

impl Default for Prices {
    fn default() -> Self {
        let m = |name: &str, vcpu, memory_gb, per_hour| Machine {
            name: name.into(),
            vcpu,
            memory_gb,
            per_hour,
        };
        Prices {
            region: "us-east-1".into(),
            as_of: "2026-11".into(),
            lambda_per_million_requests: 0.20,
            lambda_per_gb_s: 0.000_016_666_7,
            provisioned_per_gb_s: 0.000_004_166_7,
            provisioned_exec_per_gb_s: 0.000_009_722_2,
            api_gateway_http_per_million: 1.00,
            api_gateway_rest_per_million: 3.50,
            eks_control_plane_per_hour: 0.10,
            database_per_hour: 0.032,
            table_per_million_queries: 0.125,
            rds_proxy_per_hour: 0.030,
            machines: vec![
                m("t3.medium", 2, 4.0, 0.0416),
                m("m5.large", 2, 8.0, 0.096),
                m("m5.xlarge", 4, 16.0, 0.192),
                m("m5.2xlarge", 8, 32.0, 0.384),
                m("m5.4xlarge", 16, 64.0, 0.768),
                m("m5.8xlarge", 32, 128.0, 1.536),
            ],
            free_tier: false,
            free_requests_per_month: 1_000_000.0,
            free_gb_s_per_month: 400_000.0,
        }
    }
}

impl Prices {
    pub fn machine(&self, name: &str) -> Option<&Machine> {
        self.machines.iter().find(|m| m.name == name)
    }
}

/// Seconds in the 30-day month used for monthly figures and the free tier.
pub const MONTH_S: f64 = 30.0 * 86_400.0;
