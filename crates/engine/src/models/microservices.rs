//! Microservices, as configured: a gateway and one service per business module, each service a
//! set of pods (containers) with worker threads, a CPU limit, its own data store and its own
//! autoscaler, and the policy for calls between services. `mesh` runs it.

use super::autoscaler::Autoscaling;
use super::cluster_autoscaler::NodeScaling;
use super::resilience::CallPolicy;
use crate::prices::Machine;
use crate::validation::{excerpt, Checker};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceSpec {
    pub min_replicas: u32,
    pub max_replicas: u32,
    pub workers_per_pod: u32,
    /// Requests that may wait per ready pod; more get HTTP 503.
    pub queue_per_pod: u32,
    /// CPU the pod requests from its node, vCPU; also its limit, so its workers share this much.
    pub pod_vcpu: f64,
    /// Memory the pod requests from its node, MB (before container overhead).
    pub pod_memory_mb: f64,
    /// Time from scheduling a pod to it serving (image pull, start, readiness), seconds.
    pub startup_s: f64,
}

crate::tagged::settings_reader!(ServiceSpec {
    min_replicas,
    max_replicas,
    workers_per_pod,
    queue_per_pod,
    pod_vcpu,
    pod_memory_mb,
    startup_s
});

impl Default for ServiceSpec {
    fn default() -> Self {
        ServiceSpec {
            min_replicas: 2,
            max_replicas: 30,
            workers_per_pod: 8,
            queue_per_pod: 100,
            pod_vcpu: 0.5,
            pod_memory_mb: 512.0,
            startup_s: 20.0,
        }
    }
}

impl ServiceSpec {
    fn check(&mut self, path: &str, c: &mut Checker) {
        let d = ServiceSpec::default();
        c.count(
            &format!("{path}.min_replicas"),
            &mut self.min_replicas,
            1,
            1000,
            "pods",
            d.min_replicas,
        );
        c.count(
            &format!("{path}.max_replicas"),
            &mut self.max_replicas,
            1,
            1000,
            "pods",
            d.max_replicas,
        );
        if self.max_replicas < self.min_replicas {
            c.error(
                format!("{path}.max_replicas"),
                format!(
                    "{} is below min_replicas {}; it must be at least that",
                    self.max_replicas, self.min_replicas
                ),
            );
            self.max_replicas = self.min_replicas;
        }
        c.count(
            &format!("{path}.workers_per_pod"),
            &mut self.workers_per_pod,
            1,
            1024,
            "workers",
            d.workers_per_pod,
        );
        c.count(
            &format!("{path}.queue_per_pod"),
            &mut self.queue_per_pod,
            0,
            100_000,
            "requests",
            d.queue_per_pod,
        );
        c.number(
            &format!("{path}.pod_vcpu"),
            &mut self.pod_vcpu,
            0.05,
            64.0,
            "vCPU",
            d.pod_vcpu,
        );
        c.number(
            &format!("{path}.pod_memory_mb"),
            &mut self.pod_memory_mb,
            16.0,
            262_144.0,
            "MB",
            d.pod_memory_mb,
        );
        c.number(
            &format!("{path}.startup_s"),
            &mut self.startup_s,
            0.0,
            3600.0,
            "s",
            d.startup_s,
        );
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MicroservicesConfig {
    /// Settings for every service not listed in `services`.
    pub service_defaults: ServiceSpec,
    /// Per-service overrides, keyed by module name or "gateway".
    pub services: BTreeMap<String, ServiceSpec>,
    /// CPU time the gateway spends routing one request, ms.
    pub gateway_work_ms: f64,
    /// One-way latency of one REST hop inside the cluster, ms.
    pub network_hop_ms: f64,
    pub autoscaling: Autoscaling,
    /// The Cluster Autoscaler: how long a new node takes and when an unneeded one goes.
    pub nodes: NodeScaling,
    /// Node machine type from the price table.
    pub node_machine: String,
    /// Memory each container costs beyond what the service asks for (runtime, sidecar), MB.
    pub container_overhead_mb: f64,
    /// How a service calls the next: timeout, retries, circuit breaker (all off by default).
    pub calls: CallPolicy,
    /// The ingress answers 504 when a request takes longer than this, seconds; 0 never.
    pub ingress_timeout_s: f64,
    /// Queries each service's data store runs at once; the rest wait for a connection.
    pub store_connections: u32,
}

crate::tagged::settings_reader!(MicroservicesConfig {
    service_defaults,
    services,
    gateway_work_ms,
    network_hop_ms,
    autoscaling,
    nodes,
    node_machine,
    container_overhead_mb,
    calls,
    ingress_timeout_s,
    store_connections
});

impl Default for MicroservicesConfig {
    fn default() -> Self {
        MicroservicesConfig {
            service_defaults: ServiceSpec::default(),
            services: BTreeMap::new(),
            gateway_work_ms: 1.0,
            network_hop_ms: 0.5,
            autoscaling: Autoscaling::default(),
            nodes: NodeScaling::default(),
            node_machine: "m5.large".into(),
            container_overhead_mb: 150.0,
            calls: CallPolicy::default(),
            // ingress-nginx's default proxy-read-timeout (see README, "Calls between services").
            ingress_timeout_s: 60.0,
            store_connections: 100,
        }
    }
}

impl MicroservicesConfig {
    pub fn check(&mut self, path: &str, c: &mut Checker, machines: &[String], modules: &[String]) {
        let d = MicroservicesConfig::default();
        self.service_defaults
            .check(&format!("{path}.service_defaults"), c);
        let mut allowed: Vec<String> = modules.to_vec();
        allowed.push("gateway".into());
        let names: Vec<String> = self.services.keys().cloned().collect();
        for name in names {
            if !allowed.contains(&name) {
                let shown = excerpt(&name);
                c.error(
                    format!("{path}.services"),
                    format!(
                        "\"{shown}\" is not a module; use one of {}",
                        allowed.join(", ")
                    ),
                );
                self.services.remove(&name);
            } else if let Some(spec) = self.services.get_mut(&name) {
                spec.check(&format!("{path}.services.{name}"), c);
            }
        }
        c.number(
            &format!("{path}.gateway_work_ms"),
            &mut self.gateway_work_ms,
            0.0,
            10_000.0,
            "ms",
            d.gateway_work_ms,
        );
        c.latency_ms(
            &format!("{path}.network_hop_ms"),
            &mut self.network_hop_ms,
            d.network_hop_ms,
        );
        self.autoscaling.check(&format!("{path}.autoscaling"), c);
        self.nodes.check(&format!("{path}.nodes"), c);
        c.one_of(
            &format!("{path}.node_machine"),
            &mut self.node_machine,
            machines,
            &d.node_machine,
        );
        self.calls.check(&format!("{path}.calls"), c);
        c.number(
            &format!("{path}.ingress_timeout_s"),
            &mut self.ingress_timeout_s,
            0.0,
            3600.0,
            "s",
            d.ingress_timeout_s,
        );
        c.count(
            &format!("{path}.store_connections"),
            &mut self.store_connections,
            1,
            100_000,
            "connections",
            d.store_connections,
        );
        c.number(
            &format!("{path}.container_overhead_mb"),
            &mut self.container_overhead_mb,
            0.0,
            65_536.0,
            "MB",
            d.container_overhead_mb,
        );
    }

    pub fn spec(&self, name: &str) -> &ServiceSpec {
        self.services.get(name).unwrap_or(&self.service_defaults)
    }
}

/// Nodes a cluster needs to place these pods' CPU and memory requests: (pods, their spec) per
/// service. Kubernetes and the OS reserve about 10 % of a node.
pub fn nodes_for<'a>(
    pods: impl Iterator<Item = (f64, &'a ServiceSpec)>,
    cfg: &MicroservicesConfig,
    node: &Machine,
) -> f64 {
    let (mut cpu, mut mem) = (0.0, 0.0);
    for (n, spec) in pods {
        cpu += n * spec.pod_vcpu;
        mem += n * (spec.pod_memory_mb + cfg.container_overhead_mb);
    }
    let by_cpu = cpu / (node.vcpu as f64 * 0.9);
    let by_mem = mem / (node.memory_gb * 1024.0 * 0.9);
    by_cpu.max(by_mem).ceil().max(1.0)
}
