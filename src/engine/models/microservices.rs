//! Microservices: a gateway and one service per business module, each service a set of pods
//! (containers) with worker threads, its own data store, and its own autoscaler. A request walks
//! its kind's call path over the network, one REST hop per service. A fault in one service only
//! fails the requests whose path crosses it; deploying one service is a rolling update that leaves
//! the others alone.
//!
//! Simplification, stated: each service releases its worker when its part is done (the call is a
//! hand-off, not a blocking nested call), and the pods of a service share one queue (an ideal load
//! balancer).

use super::autoscaler::{Autoscaling, Hpa};
use crate::engine::context::Ctx;
use crate::engine::event_queue::Lane;
use crate::engine::flight::Slot;
use crate::engine::metrics::{CostItem, FailureCause, Gauges};
use crate::engine::prices::Machine;
use crate::engine::station::{Admit, Station};
use crate::engine::system::Event;
use crate::engine::timeline::FaultBook;
use crate::engine::topology::{NodeState, Role, Topology};
use crate::engine::validation::{excerpt, Checker};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceSpec {
    pub min_replicas: u32,
    pub max_replicas: u32,
    pub workers_per_pod: u32,
    /// Requests that may wait per ready pod; more get HTTP 503.
    pub queue_per_pod: u32,
    /// CPU the pod requests from its node, vCPU.
    pub pod_vcpu: f64,
    /// Memory the pod requests from its node, MB (before container overhead).
    pub pod_memory_mb: f64,
    /// Time from scheduling a pod to it serving (image pull, start, readiness), seconds.
    pub startup_s: f64,
}

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
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
    /// Node machine type from the price table.
    pub node_machine: String,
    /// Memory each container costs beyond what the service asks for (runtime, sidecar), MB.
    pub container_overhead_mb: f64,
}

impl Default for MicroservicesConfig {
    fn default() -> Self {
        MicroservicesConfig {
            service_defaults: ServiceSpec::default(),
            services: BTreeMap::new(),
            gateway_work_ms: 1.0,
            network_hop_ms: 0.5,
            autoscaling: Autoscaling::default(),
            node_machine: "m5.large".into(),
            container_overhead_mb: 150.0,
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
        c.one_of(
            &format!("{path}.node_machine"),
            &mut self.node_machine,
            machines,
            &d.node_machine,
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

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MeshEvent {
    /// The request reached the service at its current stage.
    Reach(Slot),
    Done(Slot),
    PodReady {
        service: u16,
        rollout: bool,
    },
    Sync,
}

struct Service {
    spec: ServiceSpec,
    module: Option<usize>,
    station: Station,
    ready: u32,
    starting: u32,
    /// Pods scheduled to start that were cancelled by a scale-down before they came up.
    cancelled: u32,
    rollout_left: u32,
    hpa: Hpa,
    node: u16,
}

impl Service {
    fn resize(&mut self, ctx: &mut Ctx) -> Vec<Slot> {
        let servers = self.ready * self.spec.workers_per_pod;
        let limit = (self.ready.max(1) * self.spec.queue_per_pod) as usize;
        self.station.resize(ctx.now, servers, limit)
    }
}

pub struct Mesh {
    cfg: MicroservicesConfig,
    services: Vec<Service>,
    /// Service indices each request kind visits, in order.
    paths: Vec<Vec<u16>>,
    /// How many business services each kind calls; its work is split evenly among them.
    module_calls: Vec<f64>,
    hop_s: f64,
    node: Machine,
    control_plane_per_s: f64,
    last_sync: f64,
    /// Pods, memory and cost held: they change only when pods come and go, so they are kept
    /// here rather than recomputed for every event.
    held: Gauges,
}

impl Mesh {
    /// `with_gateway` puts a gateway service in front of every path (the microservices
    /// architecture); the hybrid's container pool sits behind the shared API Gateway instead.
    pub fn new(
        cfg: &MicroservicesConfig,
        modules: &[String],
        kind_modules: &[Vec<usize>],
        routed: &[bool],
        with_gateway: bool,
        node: Machine,
        control_plane_per_hour: f64,
        topo: &mut Topology,
        entry: u16,
    ) -> Self {
        let mut services = Vec::new();
        let mut add = |name: &str, module: Option<usize>, role: Role, topo: &mut Topology| {
            let spec = cfg.spec(name).clone();
            let node = topo.add(name, role, module);
            let workers = spec.min_replicas * spec.workers_per_pod;
            let limit = (spec.min_replicas * spec.queue_per_pod) as usize;
            services.push(Service {
                station: Station::new(workers, limit),
                ready: spec.min_replicas,
                starting: 0,
                cancelled: 0,
                rollout_left: 0,
                hpa: Hpa::default(),
                spec,
                module,
                node,
            });
            (services.len() - 1) as u16
        };
        let gateway = with_gateway.then(|| add("gateway", None, Role::Gateway, topo));
        let mut module_service: Vec<Option<u16>> = vec![None; modules.len()];
        for (k, mods) in kind_modules.iter().enumerate() {
            if !routed[k] {
                continue;
            }
            for &m in mods {
                if module_service[m].is_none() {
                    module_service[m] = Some(add(&modules[m], Some(m), Role::Service, topo));
                }
            }
        }
        for (m, s) in module_service.iter().enumerate() {
            if let Some(s) = s {
                let store = topo.store(m, &modules[m]);
                topo.link(services[*s as usize].node, store);
            }
        }
        let paths: Vec<Vec<u16>> = kind_modules
            .iter()
            .enumerate()
            .map(|(k, mods)| {
                if !routed[k] {
                    return Vec::new();
                }
                gateway
                    .into_iter()
                    .chain(mods.iter().filter_map(|&m| module_service[m]))
                    .collect()
            })
            .collect();
        for path in &paths {
            let mut prev = entry;
            for &s in path {
                topo.link(prev, services[s as usize].node);
                prev = services[s as usize].node;
            }
        }
        let module_calls = kind_modules.iter().map(|m| m.len().max(1) as f64).collect();
        let mut mesh = Mesh {
            cfg: cfg.clone(),
            services,
            paths,
            module_calls,
            hop_s: cfg.network_hop_ms / 1000.0,
            node,
            control_plane_per_s: control_plane_per_hour / 3600.0,
            last_sync: 0.0,
            held: Gauges::default(),
        };
        mesh.refresh_held();
        mesh
    }

    fn refresh_held(&mut self) {
        let mut g = Gauges::default();
        for s in &self.services {
            g.running += s.ready as f64;
            g.starting += (s.starting - s.cancelled.min(s.starting)) as f64;
            g.memory_mb += (s.ready + s.starting) as f64
                * (s.spec.pod_memory_mb + self.cfg.container_overhead_mb);
        }
        g.cost_rate[CostItem::ClusterNodes as usize] =
            self.nodes_needed() * self.node.per_hour / 3600.0;
        g.cost_rate[CostItem::ControlPlane as usize] = self.control_plane_per_s;
        self.held = g;
    }

    pub fn start(&mut self, ctx: &mut Ctx) {
        if self.cfg.autoscaling.enabled {
            ctx.schedule(self.cfg.autoscaling.sync_s, Event::Mesh(MeshEvent::Sync));
        }
    }

    pub fn entry_node(&self, kind: usize) -> Option<u16> {
        self.paths[kind]
            .first()
            .map(|&s| self.services[s as usize].node)
    }

    pub fn enter(&mut self, slot: Slot, ctx: &mut Ctx) {
        if let Some(f) = ctx.flights.get_mut(slot) {
            f.stage = 0;
        }
        self.hop(slot, ctx);
    }

    fn hop(&mut self, slot: Slot, ctx: &mut Ctx) {
        ctx.schedule_after(
            Lane::NetworkHop,
            self.hop_s,
            Event::Mesh(MeshEvent::Reach(slot)),
        );
    }

    fn service_of(&self, slot: Slot, ctx: &Ctx) -> Option<usize> {
        let f = ctx.flights.get(slot)?;
        self.paths[f.req.kind as usize]
            .get(f.stage as usize)
            .map(|&s| s as usize)
    }

    fn service_time(&self, s: usize, slot: Slot, ctx: &Ctx) -> f64 {
        let svc = &self.services[s];
        let Some(f) = ctx.flights.get(slot) else {
            return 0.0;
        };
        match svc.module {
            None => self.cfg.gateway_work_ms / 1000.0,
            Some(m) => {
                let parts = self.module_calls[f.req.kind as usize];
                let cpu = f.req.work_s / parts * ctx.faults.slowdown(Some(m), ctx.now);
                let db = f.req.db_s / parts * ctx.faults.db_factor(&[m], ctx.now);
                cpu + db
                    + if f.req.db_s > 0.0 {
                        2.0 * self.hop_s
                    } else {
                        0.0
                    }
            }
        }
    }

    fn begin_service(&mut self, s: usize, slot: Slot, ctx: &mut Ctx) {
        ctx.dequeued(slot);
        let t = self.service_time(s, slot, ctx);
        ctx.schedule(ctx.now + t, Event::Mesh(MeshEvent::Done(slot)));
    }

    fn crashed(&self, s: usize, faults: &FaultBook, now: f64) -> bool {
        self.services[s]
            .module
            .is_some_and(|m| faults.crashed(Some(m), now))
    }

    pub fn handle(&mut self, ev: MeshEvent, ctx: &mut Ctx) {
        match ev {
            MeshEvent::Reach(slot) => {
                let Some(s) = self.service_of(slot, ctx) else {
                    return;
                };
                ctx.visit(slot, self.services[s].node, ctx.now - self.hop_s, ctx.now);
                if self.crashed(s, ctx.faults, ctx.now) {
                    return ctx.fail(slot, FailureCause::Crashed);
                }
                match self.services[s].station.admit(ctx.now, slot) {
                    Admit::Serve => self.begin_service(s, slot, ctx),
                    Admit::Queued => ctx.queued(slot),
                    Admit::Rejected => ctx.fail(slot, FailureCause::Overflow),
                }
            }
            MeshEvent::Done(slot) => {
                let Some(s) = self.service_of(slot, ctx) else {
                    return;
                };
                if let Some(next) = self.services[s].station.release(ctx.now) {
                    self.begin_service(s, next, ctx);
                }
                if self.crashed(s, ctx.faults, ctx.now) {
                    return ctx.fail(slot, FailureCause::Crashed);
                }
                let Some(f) = ctx.flights.get_mut(slot) else {
                    return;
                };
                f.stage += 1;
                let hops_back = f.stage as f64;
                if (f.stage as usize) < self.paths[f.req.kind as usize].len() {
                    self.hop(slot, ctx);
                } else {
                    ctx.complete_at(slot, ctx.now + hops_back * self.hop_s);
                }
            }
            MeshEvent::PodReady { service, rollout } => {
                self.pod_ready(service as usize, rollout, ctx)
            }
            MeshEvent::Sync => self.sync(ctx),
        }
    }

    fn start_pod(&mut self, s: usize, rollout: bool, ctx: &mut Ctx) {
        self.services[s].starting += 1;
        self.refresh_held();
        let at = ctx.now + self.services[s].spec.startup_s;
        ctx.schedule(
            at,
            Event::Mesh(MeshEvent::PodReady {
                service: s as u16,
                rollout,
            }),
        );
    }

    fn pod_ready(&mut self, s: usize, rollout: bool, ctx: &mut Ctx) {
        let svc = &mut self.services[s];
        svc.starting -= 1;
        if svc.cancelled > 0 && !rollout {
            svc.cancelled -= 1;
            self.refresh_held();
            return;
        }
        if rollout {
            // The new version's pod replaces one old pod: capacity is unchanged.
            svc.rollout_left -= 1;
        } else {
            svc.ready += 1;
        }
        for next in svc.resize(ctx) {
            self.begin_service(s, next, ctx);
        }
        self.refresh_held();
        if rollout && self.services[s].rollout_left > 0 {
            self.start_pod(s, true, ctx);
        }
    }

    fn sync(&mut self, ctx: &mut Ctx) {
        let cfg = self.cfg.autoscaling.clone();
        let period = ctx.now - self.last_sync;
        self.last_sync = ctx.now;
        for s in 0..self.services.len() {
            let (busy, available) = self.services[s].station.take_utilisation(ctx.now);
            if period <= 0.0 {
                continue;
            }
            let utilisation = if available > 0.0 {
                busy / available
            } else {
                1.0
            };
            let svc = &mut self.services[s];
            let pending = svc.starting - svc.cancelled.min(svc.starting);
            let current = svc.ready + pending;
            let desired = svc.hpa.decide(
                &cfg,
                ctx.now,
                current,
                utilisation,
                svc.spec.min_replicas,
                svc.spec.max_replicas,
            );
            if desired > current {
                for _ in current..desired {
                    self.start_pod(s, false, ctx);
                }
            } else if desired < current {
                let svc = &mut self.services[s];
                let mut remove = current - desired;
                let cancel = remove.min(pending);
                svc.cancelled += cancel;
                remove -= cancel;
                svc.ready -= remove.min(svc.ready.saturating_sub(1));
                for next in svc.resize(ctx) {
                    self.begin_service(s, next, ctx);
                }
                self.refresh_held();
            }
        }
        ctx.schedule(ctx.now + cfg.sync_s, Event::Mesh(MeshEvent::Sync));
    }

    /// A rolling update of the service for `module`: one surge pod at a time replaces an old one.
    pub fn deploy(&mut self, module: Option<usize>, ctx: &mut Ctx) {
        for s in 0..self.services.len() {
            let hit = match module {
                None => true,
                Some(m) => self.services[s].module == Some(m),
            };
            if hit && self.services[s].rollout_left == 0 {
                self.services[s].rollout_left = self.services[s].ready;
                self.start_pod(s, true, ctx);
            }
        }
    }

    /// Nodes the cluster needs to place every pod's CPU and memory requests.
    pub fn nodes_needed(&self) -> f64 {
        nodes_for(
            self.services
                .iter()
                .map(|s| ((s.ready + s.starting) as f64, &s.spec)),
            &self.cfg,
            &self.node,
        )
    }

    pub fn gauges(&self, g: &mut Gauges) {
        for s in &self.services {
            g.busy += s.station.busy() as f64;
            g.capacity += s.station.servers() as f64;
            g.queued += s.station.queued() as f64;
        }
        g.running += self.held.running;
        g.starting += self.held.starting;
        g.memory_mb += self.held.memory_mb;
        for (a, b) in g.cost_rate.iter_mut().zip(self.held.cost_rate) {
            *a += b;
        }
    }

    pub fn node_states(&self, now: f64, faults: &FaultBook, out: &mut Vec<NodeState>) {
        let faulty = faults.faulty_modules(now);
        for (i, s) in self.services.iter().enumerate() {
            let is_faulty = s.module.is_some_and(|m| faulty.contains(&m));
            out.push(NodeState {
                node: s.node,
                busy: s.station.busy(),
                queued: s.station.queued() as u32,
                instances: s.ready,
                starting: s.starting - s.cancelled.min(s.starting),
                down: self.crashed(i, faults, now),
                faulty: is_faulty,
                ..NodeState::default()
            });
        }
    }
}
