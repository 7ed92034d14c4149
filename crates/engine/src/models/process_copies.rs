//! The monolith: every module in one application process on one machine, usually with its
//! database on the same machine. A request holds a worker thread for its whole life and uses the
//! machine's CPU cores, shared by every busy thread, twice: once for the application code and once
//! for its queries when the database shares the box. That shared CPU is why database load slows
//! every request, and the single process is why one module's crash or leak hits every endpoint.
//! Copies sit behind the same least-outstanding-requests balancer as pods do. Each copy reaches
//! the database through a pool of connections: when all are taken, queries wait for one, holding
//! their worker, and fail after the pool's timeout.

use super::monolith::MonolithConfig;
use crate::context::Ctx;
use crate::event::{Event, MonoEvent};
use crate::flight::Slot;
use crate::metrics::{CostItem, FailureCause, Gauges};
use crate::replica::{least_outstanding, ready_places, Replica, ReplicaState};
use crate::rng::{Rng, Stream};
use crate::shared_cpu::SharedCpu;
use crate::station::{Admit, Station};
use crate::timeline::FaultBook;
use crate::topology::{NodeState, Role, Topology};

/// Stages of a request inside the monolith.
const APP_CPU: u16 = 1;
const DB: u16 = 2;
/// Waiting for a connection from the copy's pool.
const WAIT_CONNECTION: u16 = 3;

pub struct Monolith {
    cfg: MonolithConfig,
    copies: Vec<Replica<Slot>>,
    /// Each copy's connection pool; a request that timed out stays in the queue until it is
    /// reached, and is skipped then.
    pools: Vec<Station<Slot>>,
    /// Timed-out requests still in the pools' queues, so that the queues shown count only
    /// requests that are really waiting.
    abandoned: u32,
    /// The database's own machine, when it is not on the application's.
    db_server: Option<SharedCpu<Slot>>,
    /// With a single copy, a release takes the application down until then.
    down_until: f64,
    /// The release being rolled out, and how many copies still run an older one.
    version: u32,
    rollout_left: u32,
    /// Requests in their database stage, for the diagram.
    in_db: u32,
    /// The load balancer's random choices, among the copies that are ready (kept as a list
    /// because a request arrives far more often than a copy changes state).
    balancer: Rng,
    ready: Vec<u16>,
    cost_per_s: f64,
    /// Modules each request kind touches, for database faults and exceptions.
    kind_modules: Vec<Vec<usize>>,
    app: u16,
    db: u16,
}

/// One network hop to a separate database server, seconds.
const DB_HOP_S: f64 = 0.0005;

impl Monolith {
    pub fn new(
        cfg: &MonolithConfig,
        cores: u32,
        machine_per_hour: f64,
        kind_modules: Vec<Vec<usize>>,
        seed: u64,
        topo: &mut Topology,
    ) -> Self {
        let app = topo.add("App (all modules)", Role::App, None);
        let db_label = if cfg.db_on_same_machine {
            "DB (same machine)"
        } else {
            "DB server"
        };
        let db = topo.add(db_label, Role::Database, None);
        topo.link(Topology::CLIENT, app);
        topo.link(app, db);
        let machines = cfg.copies as f64 * if cfg.db_on_same_machine { 1.0 } else { 2.0 };
        let cores = f64::from(cores);
        Monolith {
            copies: (0..cfg.copies)
                .map(|_| Replica::new(cfg.workers, cfg.queue_limit, cores, ReplicaState::Ready))
                .collect(),
            pools: (0..cfg.copies)
                .map(|_| Station::new(cfg.db_connections, usize::MAX))
                .collect(),
            abandoned: 0,
            db_server: (!cfg.db_on_same_machine).then(|| SharedCpu::new(cores)),
            cfg: cfg.clone(),
            down_until: f64::NEG_INFINITY,
            version: 0,
            rollout_left: 0,
            in_db: 0,
            balancer: Rng::stream(seed, Stream::Routing),
            ready: (0..cfg.copies as u16).collect(),
            cost_per_s: machines * machine_per_hour / 3600.0,
            kind_modules,
            app,
            db,
        }
    }

    pub fn entry_node(&self) -> u16 {
        self.app
    }

    fn is_down(&self, ctx: &Ctx) -> Option<FailureCause> {
        if ctx.now < self.down_until {
            Some(FailureCause::Unavailable)
        } else if ctx.faults.crashed(None, ctx.now) {
            Some(FailureCause::Crashed)
        } else {
            None
        }
    }

    pub fn enter(&mut self, slot: Slot, ctx: &mut Ctx) {
        if let Some(cause) = self.is_down(ctx) {
            return ctx.fail(slot, cause);
        }
        let Some(copy) = least_outstanding(&self.copies, &self.ready, &mut self.balancer) else {
            return ctx.fail(slot, FailureCause::Unavailable);
        };
        if let Some(f) = ctx.flights.get_mut(slot) {
            f.lane = copy as u32;
        }
        match self.copies[copy].workers.admit(ctx.now, slot) {
            Admit::Serve => self.start_app(slot, ctx),
            Admit::Queued => ctx.queued(slot),
            Admit::Rejected => ctx.fail(slot, FailureCause::Overflow),
        }
    }

    /// A worker took the request: its application code runs on the copy's shared cores. A leak
    /// anywhere in the process slows all of it.
    fn start_app(&mut self, slot: Slot, ctx: &mut Ctx) {
        ctx.dequeued(slot);
        let Some(f) = ctx.flights.get_mut(slot) else {
            return;
        };
        f.stage = APP_CPU;
        let (copy, seconds) = (
            f.lane as usize,
            f.req.work_s
                * ctx
                    .faults
                    .slowdown(None, ctx.now, self.copies[f.lane as usize].started),
        );
        self.run_on_copy(copy, seconds, slot, ctx);
    }

    fn run_on_copy(&mut self, copy: usize, seconds: f64, slot: Slot, ctx: &mut Ctx) {
        self.copies[copy].cpu.add(ctx.now, seconds, slot);
        self.schedule_copy(copy, ctx);
    }

    fn schedule_copy(&mut self, copy: usize, ctx: &mut Ctx) {
        if let Some(next) = self.copies[copy].cpu.next_completion(ctx.now) {
            ctx.schedule(
                next.at,
                Event::Mono(MonoEvent::Cpu {
                    copy: copy as u16,
                    generation: next.generation,
                }),
            );
        }
    }

    /// Schedules the database server's next completion; `clock` is the time its CPU is at (a
    /// query joins it one hop after it leaves the application).
    fn schedule_db(&mut self, clock: f64, ctx: &mut Ctx) {
        if let Some(next) = self
            .db_server
            .as_ref()
            .and_then(|d| d.next_completion(clock))
        {
            ctx.schedule(
                next.at,
                Event::Mono(MonoEvent::DbCpu {
                    generation: next.generation,
                }),
            );
        }
    }

    pub fn handle(&mut self, ev: MonoEvent, ctx: &mut Ctx) {
        match ev {
            MonoEvent::Cpu { copy, generation } => {
                let copy = copy as usize;
                let Some(slot) = self.copies[copy].cpu.complete(ctx.now, generation) else {
                    return;
                };
                self.schedule_copy(copy, ctx);
                match ctx.flights.get(slot).map(|f| (f.stage, f.req)) {
                    Some((APP_CPU, req)) if req.db_s > 0.0 => self.query(slot, copy, ctx),
                    Some(_) => self.finish(slot, copy, 0.0, ctx),
                    None => {}
                }
            }
            MonoEvent::DbCpu { generation } => {
                let Some(slot) = self
                    .db_server
                    .as_mut()
                    .and_then(|d| d.complete(ctx.now, generation))
                else {
                    return;
                };
                self.schedule_db(ctx.now, ctx);
                if let Some(copy) = ctx.flights.get(slot).map(|f| f.lane as usize) {
                    self.finish(slot, copy, DB_HOP_S, ctx);
                }
            }
            MonoEvent::ConnectionTimeout(slot) => {
                let Some(f) = ctx.flights.get(slot) else {
                    return;
                };
                if f.stage == WAIT_CONNECTION {
                    let copy = f.lane as usize;
                    ctx.fail(slot, FailureCause::NoDbConnection);
                    self.abandoned += 1;
                    self.free_worker(copy, ctx);
                }
            }
            MonoEvent::Restarted { copy } => {
                let copy = copy as usize;
                self.set_state(copy, ReplicaState::Ready);
                self.copies[copy].version = self.version;
                self.copies[copy].started = ctx.now;
                self.rollout_left = self.rollout_left.saturating_sub(1);
                self.roll_next(ctx);
            }
        }
    }

    /// The request needs a connection from its copy's pool before it can query.
    fn query(&mut self, slot: Slot, copy: usize, ctx: &mut Ctx) {
        if let Some(f) = ctx.flights.get_mut(slot) {
            f.stage = WAIT_CONNECTION;
        }
        match self.pools[copy].admit(ctx.now, slot) {
            Admit::Serve => self.run_query(slot, copy, ctx),
            // The pool's queue is unbounded: the wait is ended by the timeout instead.
            Admit::Queued | Admit::Rejected => {
                ctx.queued(slot);
                ctx.schedule(
                    ctx.now + self.cfg.db_connection_timeout_s,
                    Event::Mono(MonoEvent::ConnectionTimeout(slot)),
                );
            }
        }
    }

    /// The request's queries: on the copy's own cores when the database shares the machine, or
    /// on the database server's, one hop away.
    fn run_query(&mut self, slot: Slot, copy: usize, ctx: &mut Ctx) {
        let Some(f) = ctx.flights.get_mut(slot) else {
            return;
        };
        f.stage = DB;
        let seconds = f.req.db_s
            * ctx
                .faults
                .db_factor(&self.kind_modules[f.req.kind as usize], ctx.now);
        self.in_db += 1;
        match &mut self.db_server {
            None => {
                ctx.visit(slot, self.db, ctx.now, ctx.now);
                self.run_on_copy(copy, seconds, slot, ctx);
            }
            Some(server) => {
                ctx.visit(slot, self.db, ctx.now, ctx.now + DB_HOP_S);
                server.add(ctx.now + DB_HOP_S, seconds, slot);
                self.schedule_db(ctx.now + DB_HOP_S, ctx);
            }
        }
    }

    /// The request leaves (its answer reaches the client `return_s` later): its worker takes the
    /// next queued request.
    fn finish(&mut self, slot: Slot, copy: usize, return_s: f64, ctx: &mut Ctx) {
        let Some(f) = ctx.flights.get(slot) else {
            return;
        };
        let kind = f.req.kind as usize;
        let queried = f.stage == DB;
        if queried {
            self.in_db -= 1;
            ctx.visit(slot, self.app, ctx.now, ctx.now + return_s);
        }
        let throws = self.kind_modules[kind]
            .iter()
            .any(|&m| ctx.faults.throws(m, ctx.now));
        if throws {
            ctx.fail(slot, FailureCause::Exception);
        } else {
            ctx.complete_at(slot, ctx.now + return_s);
        }
        if queried {
            self.release_connection(copy, ctx);
        }
        self.free_worker(copy, ctx);
    }

    /// A connection goes back to the pool: the longest-waiting request still waiting takes it.
    fn release_connection(&mut self, copy: usize, ctx: &mut Ctx) {
        while let Some(next) = self.pools[copy].release(ctx.now) {
            let waiting = ctx
                .flights
                .get(next)
                .is_some_and(|f| f.stage == WAIT_CONNECTION);
            if waiting {
                ctx.dequeued(next);
                return self.run_query(next, copy, ctx);
            }
            self.abandoned -= 1;
        }
    }

    /// A worker is free: it takes the next queued request, or a draining copy restarts.
    fn free_worker(&mut self, copy: usize, ctx: &mut Ctx) {
        if let Some(next) = self.copies[copy].workers.release(ctx.now) {
            if let Some(f) = ctx.flights.get_mut(next) {
                f.lane = copy as u32;
            }
            self.start_app(next, ctx);
        }
        if self.copies[copy].state == ReplicaState::Draining && self.copies[copy].is_empty() {
            self.restart(copy, ctx);
        }
    }

    fn set_state(&mut self, copy: usize, state: ReplicaState) {
        self.copies[copy].state = state;
        self.ready = ready_places(&self.copies);
    }

    fn restart(&mut self, copy: usize, ctx: &mut Ctx) {
        self.set_state(copy, ReplicaState::Restarting);
        ctx.schedule(
            ctx.now + self.cfg.restart_s,
            Event::Mono(MonoEvent::Restarted { copy: copy as u16 }),
        );
    }

    /// Drains the next copy still on an old release; it restarts once its last request is done.
    fn roll_next(&mut self, ctx: &mut Ctx) {
        if self.rollout_left == 0 {
            return;
        }
        let version = self.version;
        if let Some(copy) = self
            .copies
            .iter()
            .position(|c| c.state == ReplicaState::Ready && c.version < version)
        {
            self.set_state(copy, ReplicaState::Draining);
            if self.copies[copy].is_empty() {
                self.restart(copy, ctx);
            }
        }
    }

    /// A release. With one copy the whole application restarts: waiting requests are dropped and
    /// new ones refused until it is back; requests already running finish. With two or more, the
    /// load balancer rolls it out one copy at a time, each drained before it restarts.
    pub fn deploy(&mut self, ctx: &mut Ctx) {
        if self.copies.len() == 1 {
            self.down_until = ctx.now + self.cfg.restart_s;
            self.copies[0].started = self.down_until;
            for slot in self.copies[0].workers.drain_queue() {
                ctx.fail(slot, FailureCause::Unavailable);
            }
            return;
        }
        if self.rollout_left > 0 {
            return;
        }
        self.version += 1;
        self.rollout_left = self.copies.len() as u32;
        self.roll_next(ctx);
    }

    /// The process dies: every request in it, running or waiting, is lost.
    pub fn crash(&mut self, ctx: &mut Ctx) {
        let mut lost = Vec::new();
        for pool in &mut self.pools {
            lost.extend(pool.drain_queue());
            pool.reset(ctx.now);
        }
        self.abandoned = 0;
        for c in &mut self.copies {
            lost.extend(c.workers.drain_queue());
            lost.extend(c.cpu.clear(ctx.now));
            c.workers.reset(ctx.now);
        }
        if let Some(server) = &mut self.db_server {
            lost.extend(server.clear(ctx.now));
        }
        self.in_db = 0;
        for slot in lost {
            ctx.fail(slot, FailureCause::Crashed);
        }
    }

    pub fn gauges(&self, now: f64, g: &mut Gauges) {
        let whole_restart = now < self.down_until;
        for c in &self.copies {
            if whole_restart || c.state == ReplicaState::Restarting {
                g.starting += 1.0;
            } else {
                g.running += 1.0;
            }
            g.busy += f64::from(c.workers.busy());
            g.capacity += f64::from(c.workers.servers());
            g.queued += c.workers.queued() as f64;
        }
        g.queued += f64::from(self.waiting_for_connections());
        g.memory_mb += self.copies.len() as f64 * self.cfg.memory_mb;
        g.cost_rate[CostItem::Machines as usize] += self.cost_per_s;
    }

    fn waiting_for_connections(&self) -> u32 {
        self.pools.iter().map(|p| p.queued() as u32).sum::<u32>() - self.abandoned
    }

    pub fn node_states(&self, now: f64, faults: &FaultBook, out: &mut Vec<NodeState>) {
        let crashed = faults.crashed(None, now);
        let whole_restart = now < self.down_until;
        let restarting = self
            .copies
            .iter()
            .filter(|c| whole_restart || c.state == ReplicaState::Restarting)
            .count() as u32;
        out.push(NodeState {
            node: self.app,
            busy: self.copies.iter().map(|c| c.workers.busy()).sum(),
            queued: self.copies.iter().map(|c| c.workers.queued() as u32).sum(),
            instances: self.copies.len() as u32 - restarting,
            starting: restarting,
            down: whole_restart || crashed,
            faulty: !faults.faulty_modules(now).is_empty(),
            ..NodeState::default()
        });
        out.push(NodeState {
            node: self.db,
            busy: self.in_db,
            queued: self.waiting_for_connections(),
            instances: 1,
            ..NodeState::default()
        });
    }
}
