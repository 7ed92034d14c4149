//! Microservices at run time: a gateway and one service per business module, each service a set
//! of pods behind the least-outstanding-requests balancer, each pod with worker threads and a CPU
//! limit of `pod_vcpu` shared by its busy workers. A request walks its kind's call path as a
//! chain of synchronous calls: the gateway calls the first service, which does its part (CPU, then
//! a query on its own data store) and calls the next, holding its worker until the answer, an
//! error or its timeout. So a slow service fills its callers' worker pools, and the callers'
//! other endpoints fail too, unless timeouts and a circuit breaker cut the wait short.
//!
//! A call whose caller stopped waiting is not cancelled: the callee finishes its work (and holds
//! its worker) and its answer is dropped, as a server that cannot see its client leave does.

use super::autoscaler::Hpa;
use super::cluster_autoscaler::{NodeChange, NodePool};
use super::microservices::{nodes_for, MicroservicesConfig, ServiceSpec};
use super::resilience::CircuitBreaker;
use super::Routing;
use crate::context::Ctx;
use crate::deadlines::Deadlines;
use crate::event::{CallId, Event, MeshEvent};
use crate::event_queue::Lane;
use crate::flight::Slot;
use crate::metrics::{CostItem, FailureCause, Gauges};
use crate::prices::{Machine, Prices};
use crate::replica::{least_outstanding, ready_places, vacant_place, Replica, ReplicaState};
use crate::rng::{Rng, Stream};
use crate::station::{Admit, Station};
use crate::timeline::FaultBook;
use crate::topology::{NodeState, Role, Topology};
use crate::workload::Request;

#[derive(Clone, Copy, Debug)]
struct Call {
    serial: u32,
    req: Request,
    slot: Slot,
    service: u16,
    /// Position in the request kind's path.
    depth: u16,
    parent: Option<CallId>,
    /// The call this one is waiting for, if any.
    child: Option<CallId>,
    /// Children sent so far (for retries).
    attempts: u32,
    pod: u16,
    holds_worker: bool,
    /// The caller stopped waiting: work goes on, the answer is dropped.
    abandoned: bool,
    outcome: Option<Result<(), FailureCause>>,
}

impl Call {
    /// A call about to be sent: no worker, no callee of its own, no outcome yet.
    fn new(req: Request, slot: Slot, service: u16, depth: u16, parent: Option<CallId>) -> Self {
        Call {
            serial: 0,
            req,
            slot,
            service,
            depth,
            parent,
            child: None,
            attempts: 0,
            pod: 0,
            holds_worker: false,
            abandoned: false,
            outcome: None,
        }
    }
}

#[derive(Default)]
struct Calls {
    places: Vec<Option<Call>>,
    free: Vec<u32>,
    serial: u32,
}

impl Calls {
    fn insert(&mut self, mut call: Call) -> CallId {
        self.serial = self.serial.wrapping_add(1);
        call.serial = self.serial;
        let index = match self.free.pop() {
            Some(i) => {
                self.places[i as usize] = Some(call);
                i
            }
            None => {
                self.places.push(Some(call));
                (self.places.len() - 1) as u32
            }
        };
        CallId {
            index,
            serial: self.serial,
        }
    }

    fn get(&self, id: CallId) -> Option<&Call> {
        self.places
            .get(id.index as usize)?
            .as_ref()
            .filter(|c| c.serial == id.serial)
    }

    fn get_mut(&mut self, id: CallId) -> Option<&mut Call> {
        self.places
            .get_mut(id.index as usize)?
            .as_mut()
            .filter(|c| c.serial == id.serial)
    }

    fn remove(&mut self, id: CallId) {
        if self.get(id).is_some() {
            self.places[id.index as usize] = None;
            self.free.push(id.index);
        }
    }
}

struct Service {
    spec: ServiceSpec,
    module: Option<usize>,
    pods: Vec<Replica<CallId>>,
    /// Places of the ready pods, for the balancer; rebuilt whenever a pod changes state.
    ready: Vec<u16>,
    /// The service's own data store: connections, with the rest of the queries waiting.
    store: Station<CallId>,
    hpa: Hpa,
    /// The release the service runs; pods of an older one are replaced in a rolling update.
    version: u32,
    /// Old pods still to replace in a rolling update.
    rollout_left: u32,
    /// CPU used and CPU requested by ready pods since the autoscaler last looked, core-seconds.
    cpu_used: f64,
    cpu_requested: f64,
    since: f64,
    node: u16,
}

impl Service {
    fn count(&self, state: ReplicaState) -> u32 {
        self.pods.iter().filter(|p| p.state == state).count() as u32
    }

    fn account(&mut self, now: f64) {
        let dt = now - self.since;
        if dt > 0.0 {
            self.cpu_requested +=
                f64::from(self.count(ReplicaState::Ready)) * self.spec.pod_vcpu * dt;
            self.since = now;
        }
    }

    /// A pod's place: a gone pod's, or a new one.
    fn new_pod(&mut self, state: ReplicaState) -> usize {
        let (w, q, c) = (
            self.spec.workers_per_pod,
            self.spec.queue_per_pod,
            self.spec.pod_vcpu,
        );
        let version = self.version;
        let p = match vacant_place(&self.pods) {
            Some(p) => {
                self.pods[p].replace(w, q, c, state);
                p
            }
            None => {
                self.pods.push(Replica::new(w, q, c, state));
                self.pods.len() - 1
            }
        };
        self.pods[p].version = version;
        p
    }

    /// A draining pod with nothing left to do goes (its CPU use still counts for the
    /// autoscaler's next look); returns whether it went.
    fn retire_if_drained(&mut self, p: usize, now: f64) -> bool {
        let pod = &mut self.pods[p];
        let done = pod.state == ReplicaState::Draining && pod.is_empty();
        if done {
            self.cpu_used += pod.cpu.take_busy(now);
            pod.state = ReplicaState::Gone;
        }
        done
    }
}

pub struct Mesh {
    cfg: MicroservicesConfig,
    services: Vec<Service>,
    /// Service indices each request kind calls, in order: each calls the next.
    paths: Vec<Vec<u16>>,
    /// How many business services each kind calls; its work is split evenly among them.
    module_calls: Vec<f64>,
    /// The caller's circuit breaker for each call on each kind's path, indexed [kind][callee's
    /// position]: one per endpoint, as client libraries keep them, so a failing checkout never
    /// trips the breaker that browse goes through.
    breakers: Vec<Vec<CircuitBreaker>>,
    calls: Calls,
    /// Each request's ingress deadline, by its root call.
    deadlines: Deadlines<CallId>,
    hop_s: f64,
    node: Machine,
    nodes: NodePool,
    control_plane_per_s: f64,
    /// The services' own databases, USD per second.
    databases_per_s: f64,
    last_sync: f64,
    /// Pods, memory, worker capacity and cost held: they change only when pods come and go, so
    /// they are kept here rather than recomputed for every event.
    held: Gauges,
    /// Workers busy and calls or queries waiting, over every pod and store: kept as counts
    /// because the gauges are read after every event, and pods can number in the hundreds.
    busy_workers: u32,
    waiting: u32,
    /// The balancer's random choices.
    balancer: Rng,
}

impl Mesh {
    /// `with_gateway` puts a gateway service in front of every path (the microservices
    /// architecture); the hybrid's container pool sits behind the shared API Gateway instead.
    pub fn new(
        cfg: &MicroservicesConfig,
        routing: &Routing,
        with_gateway: bool,
        node: Machine,
        prices: &Prices,
        topo: &mut Topology,
    ) -> Self {
        let Routing {
            modules,
            kind_modules,
            routed,
            entry,
            ..
        } = *routing;
        let mut services = Vec::new();
        let mut add = |name: &str, module: Option<usize>, role: Role, topo: &mut Topology| {
            let spec = cfg.spec(name).clone();
            let node = topo.add(name, role, module);
            let mut svc = Service {
                pods: Vec::new(),
                ready: Vec::new(),
                store: Station::new(cfg.store_connections, usize::MAX),
                hpa: Hpa::default(),
                version: 0,
                rollout_left: 0,
                cpu_used: 0.0,
                cpu_requested: 0.0,
                since: 0.0,
                spec,
                module,
                node,
            };
            for _ in 0..svc.spec.min_replicas {
                svc.new_pod(ReplicaState::Ready);
            }
            svc.ready = ready_places(&svc.pods);
            services.push(svc);
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
        let breakers = paths
            .iter()
            .map(|p| vec![CircuitBreaker::default(); p.len()])
            .collect();
        let mut mesh = Mesh {
            breakers,
            cfg: cfg.clone(),
            services,
            paths,
            module_calls,
            calls: Calls::default(),
            deadlines: Deadlines::default(),
            hop_s: cfg.network_hop_ms / 1000.0,
            node,
            nodes: NodePool::new(0),
            control_plane_per_s: prices.eks_control_plane_per_hour / 3600.0,
            databases_per_s: 0.0,
            last_sync: 0.0,
            held: Gauges::default(),
            busy_workers: 0,
            waiting: 0,
            balancer: Rng::stream(routing.seed, Stream::Routing),
        };
        // Every business service owns a database, billed by the hour whatever its load.
        let databases = mesh.services.iter().filter(|s| s.module.is_some()).count();
        mesh.databases_per_s = databases as f64 * prices.database_per_hour / 3600.0;
        // The cluster starts with the nodes its first pods need, all up.
        mesh.nodes = NodePool::new(mesh.nodes_for_pods(|_| true, None));
        mesh.refresh_held();
        mesh
    }

    /// Recomputes what changes only when pods come and go: call after every change of state.
    fn refresh_held(&mut self) {
        for s in &mut self.services {
            s.ready = ready_places(&s.pods);
        }
        let mut g = Gauges::default();
        for s in &self.services {
            let ready = s.count(ReplicaState::Ready) + s.count(ReplicaState::Draining);
            let starting = s.count(ReplicaState::Starting);
            g.running += f64::from(ready);
            g.starting += f64::from(starting);
            g.capacity += f64::from(s.count(ReplicaState::Ready) * s.spec.workers_per_pod);
            g.memory_mb += f64::from(ready + starting)
                * (s.spec.pod_memory_mb + self.cfg.container_overhead_mb);
        }
        // Nodes are billed from launch, whether or not pods run on them yet.
        g.cost_rate[CostItem::ClusterNodes as usize] =
            f64::from(self.nodes.billed()) * self.node.per_hour / 3600.0;
        g.cost_rate[CostItem::ControlPlane as usize] = self.control_plane_per_s;
        g.cost_rate[CostItem::DataStores as usize] = self.databases_per_s;
        self.held = g;
    }

    pub fn start(&mut self, ctx: &mut Ctx) {
        if self.cfg.autoscaling.enabled {
            ctx.schedule(self.cfg.autoscaling.sync_s, Event::Mesh(MeshEvent::Sync));
        }
        ctx.schedule(self.cfg.nodes.scan_s, Event::Mesh(MeshEvent::NodeScan));
    }

    pub fn entry_node(&self, kind: usize) -> Option<u16> {
        self.paths[kind]
            .first()
            .map(|&s| self.services[s as usize].node)
    }

    /// A request arrives from the client (or the API Gateway): the first call of its path.
    pub fn enter(&mut self, slot: Slot, ctx: &mut Ctx) {
        let Some(req) = ctx.flights.get(slot).map(|f| f.req) else {
            return;
        };
        let Some(&first) = self.paths[req.kind as usize].first() else {
            return;
        };
        let root = self.calls.insert(Call::new(req, slot, first, 0, None));
        self.send(root, ctx);
        if self.cfg.ingress_timeout_s > 0.0 {
            let calls = &self.calls;
            let at = ctx.now + self.cfg.ingress_timeout_s;
            if let Some(wake) = self.deadlines.set(at, root, |id| calls.get(id).is_none()) {
                ctx.schedule(wake, Event::Mesh(MeshEvent::Deadlines));
            }
        }
    }

    fn send(&mut self, id: CallId, ctx: &mut Ctx) {
        ctx.schedule_after(
            Lane::NetworkHop,
            self.hop_s,
            Event::Mesh(MeshEvent::Reach(id)),
        );
    }

    fn crashed(&self, s: usize, faults: &FaultBook, now: f64) -> bool {
        self.services[s]
            .module
            .is_some_and(|m| faults.crashed(Some(m), now))
    }

    pub fn handle(&mut self, ev: MeshEvent, ctx: &mut Ctx) {
        match ev {
            MeshEvent::Reach(id) => self.reach(id, ctx),
            MeshEvent::Cpu {
                service,
                pod,
                generation,
            } => {
                let (s, p) = (service as usize, pod as usize);
                let cpu = &mut self.services[s].pods[p].cpu;
                if let Some(id) = cpu.complete(ctx.now, generation) {
                    self.schedule_cpu(s, p, ctx);
                    self.after_cpu(id, ctx);
                }
            }
            MeshEvent::Queried(id) => {
                let Some(s) = self.calls.get(id).map(|c| c.service as usize) else {
                    return;
                };
                if let Some(next) = self.services[s].store.release(ctx.now) {
                    self.waiting -= 1;
                    self.query(next, ctx);
                }
                // Unless the service crashed while the query ran.
                if self.calls.get(id).is_some_and(|c| c.outcome.is_none()) {
                    self.proceed(id, ctx);
                }
            }
            MeshEvent::Answer(id) => self.answer(id, ctx),
            MeshEvent::Timeout(id) => self.timeout(id, ctx),
            MeshEvent::Retry(id) => {
                if self.calls.get(id).is_some_and(|c| c.outcome.is_none()) {
                    self.call_next(id, ctx);
                }
            }
            MeshEvent::Deadlines => {
                while let Some(id) = self.deadlines.take_due(ctx.now) {
                    if let Some(call) = self.calls.get_mut(id) {
                        if !call.abandoned {
                            call.abandoned = true;
                            let slot = call.slot;
                            ctx.fail(slot, FailureCause::GatewayTimeout);
                        }
                    }
                }
                let calls = &self.calls;
                if let Some(wake) = self.deadlines.woke(|id| calls.get(id).is_none()) {
                    ctx.schedule(wake, Event::Mesh(MeshEvent::Deadlines));
                }
            }
            MeshEvent::PodReady { service, pod } => {
                self.pod_ready(service as usize, pod as usize, ctx)
            }
            MeshEvent::Sync => self.sync(ctx),
            MeshEvent::NodeScan => self.scan_nodes(ctx),
            MeshEvent::NodeJoined => {
                self.nodes.joined();
                self.place_pending(ctx);
                self.refresh_held();
            }
        }
    }

    /// The request's trace reaches service `s`, one network hop after it left the last one.
    fn arrive(&self, slot: Slot, s: usize, ctx: &mut Ctx) {
        ctx.visit(slot, self.services[s].node, ctx.now - self.hop_s, ctx.now);
    }

    fn reach(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get(id).copied() else {
            return;
        };
        let s = call.service as usize;
        self.arrive(call.slot, s, ctx);
        if self.crashed(s, ctx.faults, ctx.now) {
            return self.reply(id, Err(FailureCause::Crashed), ctx);
        }
        let svc = &self.services[s];
        let Some(p) = least_outstanding(&svc.pods, &svc.ready, &mut self.balancer) else {
            return self.reply(id, Err(FailureCause::Unavailable), ctx);
        };
        if let Some(c) = self.calls.get_mut(id) {
            c.pod = p as u16;
        }
        match self.services[s].pods[p].workers.admit(ctx.now, id) {
            Admit::Serve => {
                self.busy_workers += 1;
                self.work(id, ctx)
            }
            Admit::Queued => {
                self.waiting += 1;
                ctx.queued(call.slot)
            }
            Admit::Rejected => self.reply(id, Err(FailureCause::Overflow), ctx),
        }
    }

    /// A worker took the call: its CPU part starts on the pod's shared CPU.
    fn work(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get_mut(id) else {
            return;
        };
        call.holds_worker = true;
        let call = *call;
        ctx.dequeued(call.slot);
        let (s, p) = (call.service as usize, call.pod as usize);
        let seconds = match self.services[s].module {
            None => self.cfg.gateway_work_ms / 1000.0,
            Some(m) => {
                call.req.work_s / self.module_calls[call.req.kind as usize]
                    * ctx
                        .faults
                        .slowdown(Some(m), ctx.now, self.services[s].pods[p].started)
            }
        };
        self.services[s].pods[p].cpu.add(ctx.now, seconds, id);
        self.schedule_cpu(s, p, ctx);
    }

    fn schedule_cpu(&mut self, s: usize, p: usize, ctx: &mut Ctx) {
        if let Some(next) = self.services[s].pods[p].cpu.next_completion(ctx.now) {
            ctx.schedule(
                next.at,
                Event::Mesh(MeshEvent::Cpu {
                    service: s as u16,
                    pod: p as u16,
                    generation: next.generation,
                }),
            );
        }
    }

    fn after_cpu(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get(id).copied() else {
            return;
        };
        let s = call.service as usize;
        if self.services[s].module.is_some() && call.req.db_s > 0.0 {
            match self.services[s].store.admit(ctx.now, id) {
                Admit::Serve => self.query(id, ctx),
                // The store's queue is unbounded: a query waits for a connection.
                Admit::Queued | Admit::Rejected => self.waiting += 1,
            }
        } else {
            self.proceed(id, ctx);
        }
    }

    /// A connection is free: the query runs, one network hop each way.
    fn query(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get(id).copied() else {
            return;
        };
        let module = self.services[call.service as usize]
            .module
            .expect("only business services query");
        let seconds = call.req.db_s / self.module_calls[call.req.kind as usize]
            * ctx.faults.db_factor(&[module], ctx.now);
        ctx.schedule(
            ctx.now + 2.0 * self.hop_s + seconds,
            Event::Mesh(MeshEvent::Queried(id)),
        );
    }

    /// The service's own part is done: it answers, or calls the next service on the path.
    fn proceed(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get(id).copied() else {
            return;
        };
        let s = call.service as usize;
        if self.crashed(s, ctx.faults, ctx.now) {
            return self.reply(id, Err(FailureCause::Crashed), ctx);
        }
        if let Some(m) = self.services[s].module {
            if ctx.faults.throws(m, ctx.now) {
                return self.reply(id, Err(FailureCause::Exception), ctx);
            }
        }
        let path = &self.paths[call.req.kind as usize];
        if (call.depth as usize) + 1 < path.len() {
            if self.services[s].module.is_none() {
                // The gateway is an event-driven proxy (as Envoy and NGINX are): it holds a
                // connection, not a thread, while the service it called works.
                self.release_worker(id, ctx);
            }
            self.call_next(id, ctx);
        } else {
            self.reply(id, Ok(()), ctx);
        }
    }

    /// Does the call policy (timeout, retries, breaker) govern calls made by this service? It is
    /// the services' own HTTP client; the gateway forwards under the ingress's timeout alone.
    fn guarded(&self, caller_service: u16) -> bool {
        self.services[caller_service as usize].module.is_some()
    }

    /// The caller `id` calls the next service on its path, unless its breaker is open.
    fn call_next(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get(id).copied() else {
            return;
        };
        let (kind, depth) = (call.req.kind as usize, call.depth as usize + 1);
        let callee = self.paths[kind][depth];
        let guarded = self.guarded(call.service);
        if guarded && !self.breakers[kind][depth].allow(ctx.now, &self.cfg.calls.breaker) {
            return self.reply(id, Err(FailureCause::CircuitOpen), ctx);
        }
        let child = self.calls.insert(Call::new(
            call.req,
            call.slot,
            callee,
            call.depth + 1,
            Some(id),
        ));
        if let Some(c) = self.calls.get_mut(id) {
            c.child = Some(child);
            c.attempts += 1;
        }
        self.send(child, ctx);
        if guarded && self.cfg.calls.timeout_s > 0.0 {
            ctx.schedule_after(
                Lane::CallTimeout,
                self.cfg.calls.timeout_s,
                Event::Mesh(MeshEvent::Timeout(child)),
            );
        }
    }

    /// The call is finished at its service: its worker is free, and its outcome goes back.
    fn reply(&mut self, id: CallId, outcome: Result<(), FailureCause>, ctx: &mut Ctx) {
        // A call answers once: one lost in a crash may still hear from its callee later.
        let Some(call) = self.calls.get_mut(id).filter(|c| c.outcome.is_none()) else {
            return;
        };
        call.outcome = Some(outcome);
        let call = *call;
        self.release_worker(id, ctx);
        match call.parent {
            None => {
                if !call.abandoned {
                    match outcome {
                        Ok(()) => ctx.complete_at(call.slot, ctx.now + self.hop_s),
                        Err(cause) => ctx.fail(call.slot, cause),
                    }
                }
                self.calls.remove(id);
            }
            Some(_) if call.abandoned => self.calls.remove(id),
            Some(_) => ctx.schedule_after(
                Lane::NetworkHop,
                self.hop_s,
                Event::Mesh(MeshEvent::Answer(id)),
            ),
        }
    }

    /// The call's worker, if it holds one, takes the next call waiting at its pod.
    fn release_worker(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get_mut(id) else {
            return;
        };
        if !call.holds_worker {
            return;
        }
        call.holds_worker = false;
        let (s, p) = (call.service as usize, call.pod as usize);
        match self.services[s].pods[p].workers.release(ctx.now) {
            Some(next) => {
                self.waiting -= 1;
                self.work(next, ctx);
            }
            None => self.busy_workers -= 1,
        }
        if self.services[s].retire_if_drained(p, ctx.now) {
            self.refresh_held();
        }
    }

    /// A callee's answer reaches its caller.
    fn answer(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get(id).copied() else {
            return;
        };
        self.calls.remove(id);
        let (Some(parent), Some(outcome), false) = (call.parent, call.outcome, call.abandoned)
        else {
            return;
        };
        let Some(caller) = self.calls.get_mut(parent) else {
            return;
        };
        caller.child = None;
        let caller_service = caller.service as usize;
        self.arrive(call.slot, caller_service, ctx);
        if self.guarded(caller_service as u16) {
            self.breakers[call.req.kind as usize][call.depth as usize].record(
                ctx.now,
                outcome.is_ok(),
                &self.cfg.calls.breaker,
            );
        }
        match outcome {
            Ok(()) => self.reply(parent, Ok(()), ctx),
            Err(cause) => self.retry_or_fail(parent, cause, ctx),
        }
    }

    /// The caller's timeout for call `id` fired: if it is still waiting, it gives up on it.
    fn timeout(&mut self, id: CallId, ctx: &mut Ctx) {
        let Some(call) = self.calls.get_mut(id) else {
            return;
        };
        if call.abandoned {
            return;
        }
        // The callee works on; its answer, even one already on the wire, is dropped on arrival.
        call.abandoned = true;
        let call = *call;
        let Some(parent) = call.parent else {
            return;
        };
        if let Some(caller) = self.calls.get_mut(parent) {
            caller.child = None;
        }
        self.breakers[call.req.kind as usize][call.depth as usize].record(
            ctx.now,
            false,
            &self.cfg.calls.breaker,
        );
        self.retry_or_fail(parent, FailureCause::CallTimeout, ctx);
    }

    fn retry_or_fail(&mut self, caller: CallId, cause: FailureCause, ctx: &mut Ctx) {
        let Some((attempts, service)) = self
            .calls
            .get(caller)
            .filter(|c| c.outcome.is_none())
            .map(|c| (c.attempts, c.service))
        else {
            return;
        };
        let policy = &self.cfg.calls;
        let retry = self.guarded(service) && attempts <= policy.retries;
        if cause != FailureCause::CircuitOpen && retry {
            ctx.schedule(
                ctx.now + policy.backoff(attempts),
                Event::Mesh(MeshEvent::Retry(caller)),
            );
        } else {
            self.reply(caller, Err(cause), ctx);
        }
    }

    /// A crash bug starts in `module`'s service: its processes die, and every call they hold,
    /// on a CPU, waiting for a worker or a database connection, querying, or waiting for a callee,
    /// fails as crashed; each caller hears the error. New calls are refused while the bug lasts.
    pub fn crash(&mut self, module: usize, ctx: &mut Ctx) {
        for s in 0..self.services.len() {
            if self.services[s].module != Some(module) {
                continue;
            }
            let svc = &mut self.services[s];
            let mut lost = Vec::new();
            for pod in &mut svc.pods {
                lost.extend(pod.workers.drain_queue());
                // These jobs' calls hold workers and are found below.
                pod.cpu.clear(ctx.now);
            }
            // Queries waiting for a connection (their calls hold workers); the running ones
            // still give their connection back.
            let queries = svc.store.drain_queue().len();
            self.waiting -= (lost.len() + queries) as u32;
            // Every call holding a worker: on the CPU, at the store, or waiting for a callee.
            // Calls still on the wire to the service are refused when they reach it.
            lost.extend(
                self.calls
                    .places
                    .iter()
                    .enumerate()
                    .filter_map(|(index, c)| {
                        let c = c.as_ref()?;
                        let held = c.service as usize == s && c.holds_worker && c.outcome.is_none();
                        held.then_some(CallId {
                            index: index as u32,
                            serial: c.serial,
                        })
                    }),
            );
            for id in lost {
                self.reply(id, Err(FailureCause::Crashed), ctx);
            }
        }
    }

    /// A new pod: it starts at once if a node has room for it, and is pending otherwise.
    fn start_pod(&mut self, s: usize, ctx: &mut Ctx) {
        let svc = &mut self.services[s];
        svc.account(ctx.now);
        svc.new_pod(ReplicaState::Pending);
        self.place_pending(ctx);
        self.refresh_held();
    }

    /// Nodes needed by the pods that `counts` accepts, plus one more pod of service `extra`.
    fn nodes_for_pods(&self, counts: impl Fn(ReplicaState) -> bool, extra: Option<usize>) -> u32 {
        let pods = self.services.iter().enumerate().map(|(s, svc)| {
            let n = svc
                .pods
                .iter()
                .filter(|p| p.state != ReplicaState::Gone && counts(p.state))
                .count()
                + usize::from(extra == Some(s));
            (n as f64, &svc.spec)
        });
        nodes_for(pods, &self.cfg, &self.node) as u32
    }

    /// Pending pods, oldest service first, take the room the nodes that are up have; each one
    /// placed starts booting.
    fn place_pending(&mut self, ctx: &mut Ctx) {
        for s in 0..self.services.len() {
            for p in 0..self.services[s].pods.len() {
                if self.services[s].pods[p].state != ReplicaState::Pending {
                    continue;
                }
                let placed = |state| state != ReplicaState::Pending;
                if self.nodes_for_pods(placed, Some(s)) > self.nodes.up {
                    continue;
                }
                let svc = &mut self.services[s];
                svc.pods[p].state = ReplicaState::Starting;
                ctx.schedule(
                    ctx.now + svc.spec.startup_s,
                    Event::Mesh(MeshEvent::PodReady {
                        service: s as u16,
                        pod: p as u16,
                    }),
                );
            }
        }
    }

    /// The cluster autoscaler's look: nodes for pending pods, unneeded nodes removed.
    fn scan_nodes(&mut self, ctx: &mut Ctx) {
        self.place_pending(ctx);
        let wanted = self.nodes_for_pods(|_| true, None);
        if let NodeChange::Launch(n) = self.nodes.scan(ctx.now, wanted, &self.cfg.nodes) {
            for _ in 0..n {
                ctx.schedule(
                    ctx.now + self.cfg.nodes.node_join_s,
                    Event::Mesh(MeshEvent::NodeJoined),
                );
            }
        }
        self.refresh_held();
        ctx.schedule(
            ctx.now + self.cfg.nodes.scan_s,
            Event::Mesh(MeshEvent::NodeScan),
        );
    }

    fn pod_ready(&mut self, s: usize, p: usize, ctx: &mut Ctx) {
        let svc = &mut self.services[s];
        svc.account(ctx.now);
        // A pod cancelled by a scale-down while it was starting goes without serving.
        if svc.pods[p].state == ReplicaState::Draining {
            svc.pods[p].state = ReplicaState::Gone;
            self.refresh_held();
            return;
        }
        svc.pods[p].state = ReplicaState::Ready;
        svc.pods[p].started = ctx.now;
        if svc.rollout_left > 0 {
            // Rolling update: the new pod replaces one old pod, which drains.
            svc.rollout_left -= 1;
            let version = svc.version;
            if let Some(old) = svc
                .pods
                .iter()
                .position(|q| q.state == ReplicaState::Ready && q.version < version)
            {
                svc.pods[old].state = ReplicaState::Draining;
                svc.retire_if_drained(old, ctx.now);
            }
            if svc.rollout_left > 0 {
                self.start_pod(s, ctx);
            }
        }
        self.refresh_held();
    }

    fn sync(&mut self, ctx: &mut Ctx) {
        let cfg = self.cfg.autoscaling.clone();
        let period = ctx.now - self.last_sync;
        self.last_sync = ctx.now;
        for s in 0..self.services.len() {
            let svc = &mut self.services[s];
            svc.account(ctx.now);
            let used: f64 = svc
                .pods
                .iter_mut()
                .map(|p| p.cpu.take_busy(ctx.now))
                .sum::<f64>()
                + std::mem::take(&mut svc.cpu_used);
            let requested = std::mem::take(&mut svc.cpu_requested);
            if period <= 0.0 || svc.rollout_left > 0 {
                continue;
            }
            // The HPA's CPU utilisation: usage over the pods' CPU request.
            let utilisation = if requested > 0.0 {
                used / requested
            } else {
                1.0
            };
            let current = svc.count(ReplicaState::Ready)
                + svc.count(ReplicaState::Starting)
                + svc.count(ReplicaState::Pending);
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
                    self.start_pod(s, ctx);
                }
            } else if desired < current {
                let mut remove = current - desired;
                // Pods still pending go first, then those starting are cancelled, then the last
                // ready ones drain.
                for p in (0..svc.pods.len()).rev() {
                    if remove > 0 && svc.pods[p].state == ReplicaState::Pending {
                        svc.pods[p].state = ReplicaState::Gone;
                        remove -= 1;
                    }
                }
                for p in (0..svc.pods.len()).rev() {
                    if remove == 0 {
                        break;
                    }
                    if svc.pods[p].state == ReplicaState::Starting {
                        svc.pods[p].state = ReplicaState::Draining;
                        remove -= 1;
                    }
                }
                for p in (0..svc.pods.len()).rev() {
                    if remove == 0 || svc.count(ReplicaState::Ready) <= 1 {
                        break;
                    }
                    if svc.pods[p].state == ReplicaState::Ready {
                        svc.pods[p].state = ReplicaState::Draining;
                        svc.retire_if_drained(p, ctx.now);
                        remove -= 1;
                    }
                }
                self.refresh_held();
            }
        }
        ctx.schedule(ctx.now + cfg.sync_s, Event::Mesh(MeshEvent::Sync));
    }

    /// A rolling update of the service for `module` (every service for None): one surge pod at a
    /// time comes up, then an old pod drains.
    pub fn deploy(&mut self, module: Option<usize>, ctx: &mut Ctx) {
        for s in 0..self.services.len() {
            let svc = &mut self.services[s];
            let hit = module.is_none() || svc.module == module;
            if hit && svc.rollout_left == 0 {
                svc.version += 1;
                svc.rollout_left = svc.count(ReplicaState::Ready);
                if svc.rollout_left > 0 {
                    self.start_pod(s, ctx);
                }
            }
        }
    }

    #[inline(always)]
    pub fn gauges(&self, g: &mut Gauges) {
        g.busy += f64::from(self.busy_workers);
        g.queued += f64::from(self.waiting);
        g.capacity += self.held.capacity;
        g.running += self.held.running;
        g.starting += self.held.starting;
        g.memory_mb += self.held.memory_mb;
        for (i, a) in g.cost_rate.iter_mut().enumerate() {
            *a += self.held.cost_rate[i];
        }
    }

    pub fn node_states(&self, now: f64, faults: &FaultBook, out: &mut Vec<NodeState>) {
        let faulty = faults.faulty_modules(now);
        for (i, s) in self.services.iter().enumerate() {
            let is_faulty = s.module.is_some_and(|m| faulty.contains(&m));
            out.push(NodeState {
                node: s.node,
                busy: s.pods.iter().map(|p| p.workers.busy()).sum(),
                queued: s.pods.iter().map(|p| p.workers.queued() as u32).sum(),
                instances: s.count(ReplicaState::Ready),
                starting: s.count(ReplicaState::Starting) + s.count(ReplicaState::Pending),
                down: self.crashed(i, faults, now),
                faulty: is_faulty,
                ..NodeState::default()
            });
        }
    }
}
