//! The monolith: every module in one application process on one machine, usually with its
//! database on the same machine. A request holds a worker thread for its whole life and uses the
//! machine's CPU cores twice: once for the application code and once for its queries when the
//! database shares the box. That shared CPU is why database load slows every request, and the
//! single process is why one module's crash or leak hits every endpoint.

use crate::engine::context::Ctx;
use crate::engine::flight::Slot;
use crate::engine::metrics::{CostItem, FailureCause, Gauges};
use crate::engine::station::{Admit, Station};
use crate::engine::system::Event;
use crate::engine::timeline::FaultBook;
use crate::engine::topology::{NodeState, Role, Topology};
use crate::engine::validation::Checker;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MonolithConfig {
    /// Machine type from the price table; its vCPUs are the cores requests compete for.
    pub machine: String,
    /// Identical copies of the whole application behind a load balancer.
    pub copies: u32,
    /// Worker threads per copy (requests served at once).
    pub workers: u32,
    /// Requests that may wait for a worker per copy; more get HTTP 503.
    pub queue_limit: u32,
    /// The database runs on the application's machine and shares its CPU.
    pub db_on_same_machine: bool,
    /// How long a deploy keeps the application down while it restarts, seconds.
    pub restart_s: f64,
    /// Memory the application and its database reserve per copy, MB.
    pub memory_mb: f64,
}

impl Default for MonolithConfig {
    fn default() -> Self {
        MonolithConfig {
            machine: "m5.large".into(),
            copies: 1,
            workers: 16,
            queue_limit: 200,
            db_on_same_machine: true,
            restart_s: 45.0,
            memory_mb: 3072.0,
        }
    }
}

impl MonolithConfig {
    pub fn check(&mut self, path: &str, c: &mut Checker, machines: &[String]) {
        let d = MonolithConfig::default();
        c.one_of(
            &format!("{path}.machine"),
            &mut self.machine,
            machines,
            &d.machine,
        );
        c.count(
            &format!("{path}.copies"),
            &mut self.copies,
            1,
            64,
            "copies",
            d.copies,
        );
        c.count(
            &format!("{path}.workers"),
            &mut self.workers,
            1,
            4096,
            "workers",
            d.workers,
        );
        c.count(
            &format!("{path}.queue_limit"),
            &mut self.queue_limit,
            0,
            1_000_000,
            "requests",
            d.queue_limit,
        );
        c.number(
            &format!("{path}.restart_s"),
            &mut self.restart_s,
            0.0,
            3600.0,
            "s",
            d.restart_s,
        );
        c.number(
            &format!("{path}.memory_mb"),
            &mut self.memory_mb,
            64.0,
            1_048_576.0,
            "MB",
            d.memory_mb,
        );
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MonoEvent {
    CpuDone(Slot),
    DbDone(Slot),
}

/// Stages of a request inside the monolith.
const WAIT_WORKER: u16 = 0;
const APP_CPU: u16 = 1;
const DB: u16 = 2;

struct Copy {
    workers: Station,
    cpu: Station,
}

pub struct Monolith {
    cfg: MonolithConfig,
    copies: Vec<Copy>,
    next_copy: usize,
    down_until: f64,
    cost_per_s: f64,
    /// Modules each request kind touches, for database faults.
    kind_modules: Vec<Vec<usize>>,
    app: u16,
    db: u16,
}

const DB_HOP_S: f64 = 0.0005;

impl Monolith {
    pub fn new(
        cfg: &MonolithConfig,
        cores: u32,
        machine_per_hour: f64,
        kind_modules: Vec<Vec<usize>>,
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
        Monolith {
            copies: (0..cfg.copies)
                .map(|_| Copy {
                    workers: Station::new(cfg.workers, cfg.queue_limit as usize),
                    cpu: Station::new(cores, usize::MAX),
                })
                .collect(),
            cfg: cfg.clone(),
            next_copy: 0,
            down_until: f64::NEG_INFINITY,
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
        let copy = self.next_copy;
        self.next_copy = (self.next_copy + 1) % self.copies.len();
        if let Some(f) = ctx.flights.get_mut(slot) {
            f.lane = copy as u32;
            f.stage = WAIT_WORKER;
        }
        match self.copies[copy].workers.admit(ctx.now, slot) {
            Admit::Serve => self.start_app(slot, ctx),
            Admit::Queued => ctx.queued(slot),
            Admit::Rejected => ctx.fail(slot, FailureCause::Overflow),
        }
    }

    /// Runs `seconds` of CPU for the request on its copy's cores.
    fn use_cpu(&mut self, slot: Slot, stage: u16, ctx: &mut Ctx) {
        let Some(f) = ctx.flights.get_mut(slot) else {
            return;
        };
        f.stage = stage;
        let copy = f.lane as usize;
        match self.copies[copy].cpu.admit(ctx.now, slot) {
            Admit::Serve => self.run_on_core(slot, ctx),
            _ => ctx.queued(slot),
        }
    }

    fn run_on_core(&mut self, slot: Slot, ctx: &mut Ctx) {
        let Some(f) = ctx.flights.get(slot) else {
            return;
        };
        let seconds = match f.stage {
            APP_CPU => f.req.work_s * ctx.faults.slowdown(None, ctx.now),
            _ => {
                f.req.db_s
                    * ctx
                        .faults
                        .db_factor(&self.kind_modules[f.req.kind as usize], ctx.now)
            }
        };
        ctx.schedule(ctx.now + seconds, Event::Mono(MonoEvent::CpuDone(slot)));
    }

    fn start_app(&mut self, slot: Slot, ctx: &mut Ctx) {
        ctx.dequeued(slot);
        self.use_cpu(slot, APP_CPU, ctx);
    }

    pub fn handle(&mut self, ev: MonoEvent, ctx: &mut Ctx) {
        match ev {
            MonoEvent::CpuDone(slot) => {
                let Some(f) = ctx.flights.get(slot) else {
                    return;
                };
                let (copy, stage, db_s) = (f.lane as usize, f.stage, f.req.db_s);
                if let Some(next) = self.copies[copy].cpu.release(ctx.now) {
                    ctx.dequeued(next);
                    self.run_on_core(next, ctx);
                }
                if stage == APP_CPU && db_s > 0.0 {
                    if self.cfg.db_on_same_machine {
                        ctx.visit(slot, self.db, ctx.now, ctx.now);
                        self.use_cpu(slot, DB, ctx);
                    } else {
                        ctx.visit(slot, self.db, ctx.now, ctx.now + DB_HOP_S);
                        let Some(f) = ctx.flights.get_mut(slot) else {
                            return;
                        };
                        f.stage = DB;
                        let factor = ctx
                            .faults
                            .db_factor(&self.kind_modules[f.req.kind as usize], ctx.now);
                        ctx.schedule(
                            ctx.now + 2.0 * DB_HOP_S + db_s * factor,
                            Event::Mono(MonoEvent::DbDone(slot)),
                        );
                    }
                } else {
                    self.finish(slot, ctx);
                }
            }
            MonoEvent::DbDone(slot) => self.finish(slot, ctx),
        }
    }

    /// The request leaves: its worker takes the next queued request.
    fn finish(&mut self, slot: Slot, ctx: &mut Ctx) {
        let Some(f) = ctx.flights.get(slot) else {
            return;
        };
        let copy = f.lane as usize;
        if f.stage == DB {
            ctx.visit(slot, self.app, ctx.now, ctx.now);
        }
        match self.is_down(ctx) {
            Some(FailureCause::Crashed) => ctx.fail(slot, FailureCause::Crashed),
            _ => ctx.complete(slot),
        }
        if let Some(next) = self.copies[copy].workers.release(ctx.now) {
            self.start_app(next, ctx);
        }
    }

    /// A deploy restarts every copy at once: waiting requests are dropped and new ones are
    /// refused until the restart completes; requests already running are allowed to finish.
    pub fn deploy(&mut self, ctx: &mut Ctx) {
        self.down_until = ctx.now + self.cfg.restart_s;
        for c in 0..self.copies.len() {
            for slot in self.copies[c].workers.drain_queue() {
                ctx.fail(slot, FailureCause::Unavailable);
            }
        }
    }

    pub fn gauges(&self, now: f64, g: &mut Gauges) {
        let copies = self.copies.len() as f64;
        if now < self.down_until {
            g.starting += copies;
        } else {
            g.running += copies;
        }
        for c in &self.copies {
            g.busy += c.workers.busy() as f64;
            g.capacity += c.workers.servers() as f64;
            g.queued += (c.workers.queued() + c.cpu.queued()) as f64;
        }
        g.memory_mb += copies * self.cfg.memory_mb;
        g.cost_rate[CostItem::Machines as usize] += self.cost_per_s;
    }

    pub fn node_states(&self, ctx_now: f64, faults: &FaultBook, out: &mut Vec<NodeState>) {
        let crashed = faults.crashed(None, ctx_now);
        let down = ctx_now < self.down_until || crashed;
        let busy: u32 = self.copies.iter().map(|c| c.workers.busy()).sum();
        let queued: u32 = self.copies.iter().map(|c| c.workers.queued() as u32).sum();
        let db_busy: u32 = self.copies.iter().map(|c| c.cpu.busy()).sum();
        out.push(NodeState {
            node: self.app,
            busy,
            queued,
            instances: if ctx_now < self.down_until {
                0
            } else {
                self.copies.len() as u32
            },
            starting: if ctx_now < self.down_until {
                self.copies.len() as u32
            } else {
                0
            },
            down,
            faulty: !faults.faulty_modules(ctx_now).is_empty(),
            ..NodeState::default()
        });
        out.push(NodeState {
            node: self.db,
            busy: db_busy,
            instances: 1,
            ..NodeState::default()
        });
    }
}
