//! Functions as a service, with the life cycle SimFaaS models: a request goes to the most recently
//! used idle instance (a warm start) or, if there is none, starts a new instance (a cold start);
//! an instance left idle for the keep-alive time is removed. Concurrency is capped by the account
//! limit and the scaling model; over the cap, requests are throttled (HTTP 429). A run-time limit
//! kills long invocations. Provisioned concurrency keeps instances initialised at all times.
//!
//! With a fixed keep-alive, idle instances expire in the order they became idle, and reuse always
//! takes the newest: so a deque ordered by idle time is both the reuse stack (back) and the expiry
//! queue (front), and one pending timer per function suffices.

use super::function_store::{BorrowQueue, StoreEngine};
use super::scaling_limit::{LegacyBurst, NewEnvironments, ScalingModel};
use super::serverless::ServerlessConfig;
use super::Routing;
use crate::context::Ctx;
use crate::event::{Event, FnEvent};
use crate::flight::Slot;
use crate::metrics::{CostItem, FailureCause, Gauges};
use crate::prices::{Prices, MONTH_S};
use crate::timeline::FaultBook;
use crate::topology::{NodeState, Role, Topology};
use std::collections::VecDeque;

/// How an invocation ends, kept in its flight's stage.
const SERVED: u16 = 0;
/// The module it runs is crashed: it fails.
const FAULTY: u16 = 1;
/// Killed at the function's time limit.
const KILLED: u16 = 2;
/// No database connection: refused to a new environment, or not lent by the proxy in time.
const NO_CONNECTION: u16 = 3;

/// A proxied invocation between its start and its query's arrival at the proxy.
struct AwaitingQuery {
    slot: Slot,
    started: f64,
    function: u16,
    env: u32,
    provisioned: bool,
    /// Its run time if the query need not wait, seconds.
    planned_s: f64,
    query_s: f64,
}

/// An on-demand execution environment: when it was created (a leak grows from then) and the
/// release it runs.
struct Environment {
    born: f64,
    version: u32,
}

/// Stands for the environment of a provisioned invocation, which is not tracked one by one.
const PROVISIONED_ENV: u32 = u32::MAX;

struct Function {
    node: u16,
    store: Option<u16>,
    /// On-demand environments by index; the free indices are reused.
    envs: Vec<Environment>,
    free_envs: Vec<u32>,
    /// Idle on-demand environments with the time each became idle, oldest first.
    idle: VecDeque<(f64, u32)>,
    busy: u32,
    initializing: u32,
    provisioned_idle: u32,
    /// When the provisioned environments were last initialised.
    provisioned_since: f64,
    version: u32,
    /// Today's scaling model: the new environments this function may create.
    new_environments: NewEnvironments,
    expiry_pending: bool,
    last_throttle: f64,
    /// Asynchronous jobs waiting in Lambda's queue for an execution, and since when.
    waiting: VecDeque<(Slot, f64)>,
    poll_pending: bool,
}

/// Free-tier allowance used so far in the current 30-day month.
#[derive(Default)]
struct FreeTierUse {
    month: u64,
    requests: f64,
    gb_s: f64,
}

pub struct Functions {
    cfg: ServerlessConfig,
    functions: Vec<Function>,
    /// The function serving each request kind, if this platform serves it.
    function_of_kind: Vec<Option<u16>>,
    kind_modules: Vec<Vec<usize>>,
    executing: u32,
    gb: f64,
    provisioned_cost_per_s: f64,
    free: FreeTierUse,
    hop_s: f64,
    /// API Gateway's integration timeout: the client gets a 504 then, while the function runs on.
    gateway_timeout_s: f64,
    /// Database connections held by execution environments (a relational store, no proxy).
    connections: u32,
    /// RDS Proxy's pooled connections, when it fronts the database.
    proxy: Option<BorrowQueue>,
    /// Proxied invocations waiting to reach the proxy, by the ticket their event carries (a
    /// request's slot cannot be the key: after a 504 the slot is reused while the function runs on).
    awaiting: Vec<Option<AwaitingQuery>>,
    free_tickets: Vec<u32>,
    /// The relational database and its proxy, USD per second.
    store_cost_per_s: f64,
    /// The legacy scaling model's burst, shared by every function of the account.
    legacy: LegacyBurst,
    /// Whether each request kind is invoked asynchronously.
    is_async: Vec<bool>,
    jobs_waiting: usize,
}

impl Functions {
    pub fn new(
        cfg: &ServerlessConfig,
        routing: &Routing,
        prices: &Prices,
        gateway_timeout_s: f64,
        topo: &mut Topology,
    ) -> Self {
        let Routing {
            modules,
            kind_names,
            kind_modules,
            routed,
            entry,
            ..
        } = *routing;
        let mut functions = Vec::new();
        let mut function_of_kind = vec![None; kind_names.len()];
        let gb = cfg.memory_mb / 1024.0;
        for (k, name) in kind_names.iter().enumerate() {
            if !routed[k] {
                continue;
            }
            let node = topo.add(format!("λ {name}"), Role::Function, None);
            topo.link(entry, node);
            let store = kind_modules[k].first().map(|&m| {
                let s = topo.store(m, &modules[m]);
                topo.link(node, s);
                s
            });
            function_of_kind[k] = Some(functions.len() as u16);
            functions.push(Function {
                node,
                store,
                idle: VecDeque::new(),
                busy: 0,
                initializing: 0,
                provisioned_idle: cfg.provisioned,
                version: 0,
                envs: Vec::new(),
                free_envs: Vec::new(),
                provisioned_since: 0.0,
                new_environments: NewEnvironments::default(),
                expiry_pending: false,
                last_throttle: f64::NEG_INFINITY,
                waiting: VecDeque::new(),
                poll_pending: false,
            });
        }
        let provisioned_gb = functions.len() as f64 * cfg.provisioned as f64 * gb;
        let store = &cfg.data_store;
        // Provisioned environments connect when they are initialised, before any traffic.
        let connections = if store.holds_connections() {
            functions.iter().filter(|f| f.store.is_some()).count() as u32 * cfg.provisioned
        } else {
            0
        };
        Functions {
            cfg: cfg.clone(),
            functions,
            function_of_kind,
            kind_modules: kind_modules.to_vec(),
            executing: 0,
            gb,
            provisioned_cost_per_s: provisioned_gb * prices.provisioned_per_gb_s,
            free: FreeTierUse::default(),
            hop_s: cfg.network_hop_ms / 1000.0,
            gateway_timeout_s,
            connections,
            proxy: store
                .borrows_connections()
                .then(|| BorrowQueue::new(store.max_connections)),
            awaiting: Vec::new(),
            free_tickets: Vec::new(),
            store_cost_per_s: store.per_hour(prices) / 3600.0,
            legacy: LegacyBurst::default(),
            is_async: kind_names
                .iter()
                .map(|k| cfg.async_kinds.contains(k))
                .collect(),
            jobs_waiting: 0,
        }
    }
    pub fn function_node(&self, kind: usize) -> Option<u16> {
        self.function_of_kind[kind].map(|f| self.functions[f as usize].node)
    }

    /// Invokes the function for the request's kind.
    /// A synchronous invocation runs now or is throttled (HTTP 429); an asynchronous one is
    /// answered 202 and queued, and runs when the limits allow.
    pub fn invoke(&mut self, slot: Slot, ctx: &mut Ctx) {
        let Some(kind) = ctx.flights.get(slot).map(|f| f.req.kind as usize) else {
            return;
        };
        let Some(fi) = self.function_of_kind[kind] else {
            return;
        };
        ctx.visit(slot, self.functions[fi as usize].node, ctx.now, ctx.now);
        if self.is_async[kind] {
            ctx.acknowledge(slot);
            self.functions[fi as usize]
                .waiting
                .push_back((slot, ctx.now));
            self.jobs_waiting += 1;
            return self.poll(fi, ctx);
        }
        if self.refused(fi, ctx.now) {
            self.functions[fi as usize].last_throttle = ctx.now;
            return ctx.fail(slot, FailureCause::Throttled);
        }
        self.start(slot, fi, ctx);
    }

    /// Whether an execution of the function must be refused now. The account's limit counts
    /// every execution; the scaling model only the creation of a new environment, when no
    /// initialised one is idle. An allowed new environment is counted against the model.
    fn refused(&mut self, fi: u16, now: f64) -> bool {
        let fun = &mut self.functions[fi as usize];
        let needs_new = fun.provisioned_idle == 0 && fun.idle.is_empty();
        self.executing >= self.cfg.account_limit
            || needs_new
                && match self.cfg.scaling_model {
                    ScalingModel::Current => !fun.new_environments.take(now),
                    ScalingModel::LegacyBurst => {
                        let level = self
                            .legacy
                            .level(self.cfg.legacy_burst, self.executing, now);
                        self.executing >= level
                    }
                }
    }

    /// Starts the function's queued jobs, oldest first, while the limits allow. Lambda retries a
    /// throttled event with a backoff from 1 s up; here the queue looks again every second, and
    /// whenever an execution ends.
    fn poll(&mut self, fi: u16, ctx: &mut Ctx) {
        while let Some(&(slot, since)) = self.functions[fi as usize].waiting.front() {
            if self.refused(fi, ctx.now) {
                let fun = &mut self.functions[fi as usize];
                if !fun.poll_pending {
                    fun.poll_pending = true;
                    ctx.schedule(ctx.now + 1.0, Event::Fn(FnEvent::Poll(fi)));
                }
                return;
            }
            self.functions[fi as usize].waiting.pop_front();
            self.jobs_waiting -= 1;
            ctx.metrics.job_started(ctx.now, ctx.now - since);
            self.start(slot, fi, ctx);
        }
    }

    /// Runs the request on an idle instance, a provisioned one, or a new one (a cold start).
    fn start(&mut self, slot: Slot, fi: u16, ctx: &mut Ctx) {
        let Some(f) = ctx.flights.get(slot) else {
            return;
        };
        let (req, answered) = (f.req, f.answered);
        let fun = &mut self.functions[fi as usize];
        // The environment: a provisioned one, the newest idle one, or a new one (a cold start).
        let (provisioned, cold, env, born) = if fun.provisioned_idle > 0 {
            fun.provisioned_idle -= 1;
            (true, false, PROVISIONED_ENV, fun.provisioned_since)
        } else if let Some((_, env)) = fun.idle.pop_back() {
            (false, false, env, fun.envs[env as usize].born)
        } else {
            let new = Environment {
                born: ctx.now,
                version: fun.version,
            };
            let env = match fun.free_envs.pop() {
                Some(e) => {
                    fun.envs[e as usize] = new;
                    e
                }
                None => {
                    fun.envs.push(new);
                    fun.envs.len() as u32 - 1
                }
            };
            (false, true, env, ctx.now)
        };
        let faulty = self.kind_modules[req.kind as usize]
            .iter()
            .any(|&m| ctx.faults.crashed(Some(m), ctx.now));
        let slowdown = self.kind_modules[req.kind as usize]
            .iter()
            .map(|&m| ctx.faults.slowdown(Some(m), ctx.now, born))
            .product::<f64>();
        let db_factor = ctx
            .faults
            .db_factor(&self.kind_modules[req.kind as usize], ctx.now);
        let warm_work = req.work_s * slowdown / self.cfg.cpu_share()
            + req.db_s * db_factor
            + if req.db_s > 0.0 {
                2.0 * self.hop_s
            } else {
                0.0
            };

        fun.busy += 1;
        self.executing += 1;
        let mut duration = warm_work;
        let mut refused = false;
        if cold {
            ctx.metrics.cold_start(ctx.now);
            let init = match &self.cfg.cold_duration {
                Some(d) => {
                    duration = d.sample(ctx.rng);
                    duration
                }
                None => {
                    let init = self.cfg.init.sample(ctx.rng);
                    fun.initializing += 1;
                    ctx.schedule(ctx.now + init, Event::Fn(FnEvent::InitDone(fi)));
                    duration = init + warm_work;
                    init
                }
            };
            // The new environment opens its database connection while it initialises.
            if self.cfg.data_store.holds_connections() && fun.store.is_some() {
                if self.connections >= self.cfg.data_store.max_connections {
                    refused = true;
                    duration = init;
                } else {
                    self.connections += 1;
                }
            }
        }
        let timed_out = duration > self.cfg.timeout_s;
        let run = duration.min(self.cfg.timeout_s);
        if let Some(f) = ctx.flights.get_mut(slot) {
            f.cold = cold;
            f.lane = fi as u32;
            f.stage = if timed_out {
                KILLED
            } else if refused {
                NO_CONNECTION
            } else if faulty {
                FAULTY
            } else {
                SERVED
            };
        }
        // A job answered 202 has no client waiting at the gateway.
        if run > self.gateway_timeout_s && !answered {
            ctx.schedule(
                ctx.now + self.gateway_timeout_s,
                Event::Fn(FnEvent::GatewayTimeout(slot)),
            );
        }
        let queries = fun.store.is_some() && !refused && req.db_s > 0.0;
        let query_s = req.db_s * db_factor;
        // The query leaves at the end of the function's work and comes back one hop later.
        let at_store = duration - query_s - self.hop_s;
        if queries && self.proxy.is_some() && at_store < self.cfg.timeout_s {
            // Its connection is known only when the query reaches the proxy: billing and the
            // end wait until then.
            let waiting = AwaitingQuery {
                slot,
                started: ctx.now,
                function: fi,
                env,
                provisioned,
                planned_s: run,
                query_s,
            };
            let ticket = match self.free_tickets.pop() {
                Some(t) => {
                    self.awaiting[t as usize] = Some(waiting);
                    t
                }
                None => {
                    self.awaiting.push(Some(waiting));
                    self.awaiting.len() as u32 - 1
                }
            };
            ctx.schedule(ctx.now + at_store, Event::Fn(FnEvent::Query(ticket)));
            return;
        }
        let store = fun.store;
        if let (Some(store), true) = (store, queries && !timed_out) {
            // The trace shows the data-store call at the end of the function's work.
            let end = ctx.now + run;
            let leave = (end - query_s - 2.0 * self.hop_s).max(ctx.now);
            let at_store = (leave + self.hop_s).min(end);
            let back = (end - self.hop_s).max(at_store);
            ctx.visit(slot, store, leave, at_store);
            ctx.visit(slot, fun.node, back, end);
        }
        self.bill(run, provisioned, ctx);
        if queries && !timed_out && self.cfg.data_store.engine == StoreEngine::Table {
            // The function's table is billed per request, like the function itself.
            let per_query = ctx.prices.table_per_million_queries / 1e6;
            ctx.metrics.charge(ctx.now, CostItem::DataStores, per_query);
        }
        ctx.schedule(
            ctx.now + run,
            Event::Fn(FnEvent::Done {
                slot,
                function: fi,
                env,
                provisioned,
                // An environment whose connection was refused failed its initialisation.
                keep: !refused,
            }),
        );
    }

    /// A proxied query asks for a pooled connection: it waits first-come-first-served for the
    /// earliest one to free, up to the proxy's borrow timeout, within the function's own limit.
    fn borrow(&mut self, ticket: u32, ctx: &mut Ctx) {
        let Some(q) = self.awaiting[ticket as usize].take() else {
            return;
        };
        self.free_tickets.push(ticket);
        let Some(proxy) = &mut self.proxy else {
            return;
        };
        let (connection, wait) = proxy.wait(ctx.now);
        let deadline = q.started + self.cfg.timeout_s;
        let lent = wait <= self.cfg.data_store.borrow_timeout_s;
        let (mut end, mut outcome) = if lent {
            (ctx.now + wait + q.query_s + self.hop_s, None)
        } else {
            (
                ctx.now + self.cfg.data_store.borrow_timeout_s,
                Some(NO_CONNECTION),
            )
        };
        if end > deadline {
            end = deadline;
            outcome = Some(KILLED);
        }
        let starts = ctx.now + wait;
        if lent && starts < deadline {
            proxy.lend(connection, starts + q.query_s);
        }
        if let Some(f) = ctx.flights.get_mut(q.slot) {
            if let Some(stage) = outcome {
                f.stage = stage;
            }
        }
        let store = self.functions[q.function as usize].store;
        if let Some(store) = store {
            ctx.visit(q.slot, store, ctx.now - self.hop_s, ctx.now);
            if outcome.is_none() {
                let node = self.functions[q.function as usize].node;
                ctx.visit(q.slot, node, end - self.hop_s, end);
            }
        }
        let run = end - q.started;
        let answered = ctx.flights.get(q.slot).is_some_and(|f| f.answered);
        if run > self.gateway_timeout_s && q.planned_s <= self.gateway_timeout_s && !answered {
            ctx.schedule(
                q.started + self.gateway_timeout_s,
                Event::Fn(FnEvent::GatewayTimeout(q.slot)),
            );
        }
        self.bill(run, q.provisioned, ctx);
        ctx.schedule(
            end,
            Event::Fn(FnEvent::Done {
                slot: q.slot,
                function: q.function,
                env: q.env,
                provisioned: q.provisioned,
                keep: true,
            }),
        );
    }

    /// Charges one invocation: the request fee and its duration rounded up to the millisecond.
    fn bill(&mut self, run_s: f64, provisioned: bool, ctx: &mut Ctx) {
        let p = ctx.prices;
        // Up to the next whole millisecond; a duration already whole (2.007 s is 2006.9999999999998
        // or 2007.0000000000002 ms in floating point) stays as it is.
        let gb_s = (run_s * 1000.0 - 1e-6).ceil() / 1000.0 * self.gb;
        let (mut requests, mut billable_gb_s) = (1.0, gb_s);
        // AWS: the free tier does not apply to functions with provisioned concurrency enabled.
        if p.free_tier && self.cfg.provisioned == 0 {
            let month = (ctx.now / MONTH_S) as u64;
            if month != self.free.month {
                self.free = FreeTierUse {
                    month,
                    ..FreeTierUse::default()
                };
            }
            if self.free.requests < p.free_requests_per_month {
                requests = 0.0;
            }
            let free_left = (p.free_gb_s_per_month - self.free.gb_s).max(0.0);
            billable_gb_s = (gb_s - free_left).max(0.0);
            self.free.requests += 1.0;
            self.free.gb_s += gb_s;
            let credit = (1.0 - requests) * p.lambda_per_million_requests / 1e6
                + (gb_s - billable_gb_s) * p.lambda_per_gb_s;
            ctx.metrics.free_tier_use(ctx.now, gb_s, credit);
        }
        let rate = if provisioned {
            p.provisioned_exec_per_gb_s
        } else {
            p.lambda_per_gb_s
        };
        ctx.metrics.charge(
            ctx.now,
            CostItem::FunctionRequests,
            requests * p.lambda_per_million_requests / 1e6,
        );
        ctx.metrics
            .charge(ctx.now, CostItem::FunctionDuration, billable_gb_s * rate);
    }

    pub fn handle(&mut self, ev: FnEvent, ctx: &mut Ctx) {
        match ev {
            FnEvent::InitDone(fi) => self.functions[fi as usize].initializing -= 1,
            // The function works on, and is billed, until it ends or hits its own limit.
            FnEvent::GatewayTimeout(slot) => ctx.fail(slot, FailureCause::GatewayTimeout),
            FnEvent::Query(ticket) => self.borrow(ticket, ctx),
            FnEvent::Poll(fi) => {
                self.functions[fi as usize].poll_pending = false;
                self.poll(fi, ctx);
            }
            FnEvent::Done {
                slot,
                function,
                env,
                provisioned,
                keep,
            } => {
                let holds = self.holds_connection(function);
                let fun = &mut self.functions[function as usize];
                fun.busy -= 1;
                self.executing -= 1;
                if provisioned {
                    fun.provisioned_idle += 1;
                } else if !keep {
                    fun.free_envs.push(env);
                } else if fun.envs[env as usize].version != fun.version {
                    // A retired environment goes, and closes its connection.
                    fun.free_envs.push(env);
                    if holds {
                        self.connections -= 1;
                    }
                } else {
                    fun.idle.push_back((ctx.now, env));
                    if !fun.expiry_pending {
                        fun.expiry_pending = true;
                        ctx.schedule(
                            ctx.now + self.cfg.keep_alive_s,
                            Event::Fn(FnEvent::Expire(function)),
                        );
                    }
                }
                match ctx.flights.get(slot).map(|f| f.stage) {
                    Some(KILLED) => ctx.fail(slot, FailureCause::TimedOut),
                    Some(FAULTY) => ctx.fail(slot, FailureCause::Crashed),
                    Some(NO_CONNECTION) => ctx.fail(slot, FailureCause::NoDbConnection),
                    Some(_) => ctx.complete(slot),
                    None => {}
                }
                // An execution ended: queued jobs may fit under the account's limit now.
                if self.jobs_waiting > 0 {
                    for fi in 0..self.functions.len() as u16 {
                        if !self.functions[fi as usize].waiting.is_empty() {
                            self.poll(fi, ctx);
                        }
                    }
                }
            }
            FnEvent::Expire(fi) => {
                let keep = self.cfg.keep_alive_s;
                let holds = self.holds_connection(fi);
                let fun = &mut self.functions[fi as usize];
                while let Some(&(since, env)) = fun.idle.front() {
                    if since + keep > ctx.now {
                        break;
                    }
                    fun.idle.pop_front();
                    fun.free_envs.push(env);
                    if holds {
                        self.connections -= 1;
                    }
                }
                match fun.idle.front() {
                    Some(&(since, _)) => ctx.schedule(since + keep, Event::Fn(FnEvent::Expire(fi))),
                    None => fun.expiry_pending = false,
                }
            }
        }
    }

    /// A new version: idle instances are discarded and busy ones retire when they finish, so the
    /// next requests start cold. Provisioned instances are re-initialised by the platform.
    pub fn deploy(&mut self, module: Option<usize>, ctx: &mut Ctx) {
        for (k, f) in self.function_of_kind.iter().enumerate() {
            let Some(fi) = f else { continue };
            if module.is_none_or(|m| self.kind_modules[k].contains(&m)) {
                let holds = self.holds_connection(*fi);
                let fun = &mut self.functions[*fi as usize];
                fun.version += 1;
                fun.provisioned_since = ctx.now;
                if holds {
                    self.connections -= fun.idle.len() as u32;
                }
                fun.free_envs.extend(fun.idle.drain(..).map(|(_, env)| env));
            }
        }
    }

    /// Whether this function's environments each hold a database connection.
    fn holds_connection(&self, function: u16) -> bool {
        self.cfg.data_store.holds_connections() && self.functions[function as usize].store.is_some()
    }

    pub fn gauges(&self, g: &mut Gauges) {
        for f in &self.functions {
            g.running += f.busy as f64;
            g.idle += (f.idle.len() + f.provisioned_idle as usize) as f64;
            g.starting += f.initializing as f64;
            g.busy += f.busy as f64;
            g.capacity += (f.busy as usize + f.idle.len() + f.provisioned_idle as usize) as f64;
            g.memory_mb += (f.busy as usize + f.idle.len() + f.provisioned_idle as usize) as f64
                * self.cfg.memory_mb;
        }
        g.queued += self.jobs_waiting as f64;
        g.cost_rate[CostItem::ProvisionedConcurrency as usize] += self.provisioned_cost_per_s;
        g.cost_rate[CostItem::DataStores as usize] += self.store_cost_per_s;
    }

    pub fn node_states(&self, now: f64, faults: &FaultBook, out: &mut Vec<NodeState>) {
        for (k, f) in self.function_of_kind.iter().enumerate() {
            let Some(fi) = f else { continue };
            let fun = &self.functions[*fi as usize];
            let mods = &self.kind_modules[k];
            out.push(NodeState {
                node: fun.node,
                busy: fun.busy,
                instances: fun.busy + fun.idle.len() as u32 + fun.provisioned_idle,
                idle: fun.idle.len() as u32 + fun.provisioned_idle,
                queued: fun.waiting.len() as u32,
                starting: fun.initializing,
                throttling: now - fun.last_throttle < 1.0,
                faulty: mods.iter().any(|m| faults.faulty_modules(now).contains(m)),
                down: mods.iter().any(|&m| faults.crashed(Some(m), now)),
            });
        }
    }
}
