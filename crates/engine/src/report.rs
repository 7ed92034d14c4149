//! The report of a run: the JSON the headless runner prints and the numbers the verdicts and the
//! UI read. Everything here is derived from the streaming metrics.

use super::histogram::LatencySummary;
use super::metrics::{CostItem, FailureCause, FreeTierBasis, Window};
use super::prices::MONTH_S;
use super::scenario::{Architecture, Scenario};
use super::simulation::Simulation;
use super::workload::RateShape;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArchReport {
    pub requests: u64,
    pub completed: u64,
    /// Failures by cause (every cause, zero included).
    pub failed: BTreeMap<FailureCause, u64>,
    pub failed_total: u64,
    /// Still being served when the run ended.
    pub in_flight: u64,
    /// Of the requests that succeeded only, long jobs apart: read it with `success_rate`.
    pub latency_ms: LatencySummary,
    /// The long jobs' time to answer (`RequestKind::is_long_job`), when any finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub long_jobs_ms: Option<LatencySummary>,
    /// Share of the finished requests (completed or failed) that succeeded.
    pub success_rate: f64,
    /// How long failed requests took to fail, apart from the successes' latency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_failure_ms: Option<LatencySummary>,
    pub cost_usd: f64,
    /// What the money went on (only items with spending).
    pub cost_items_usd: BTreeMap<&'static str, f64>,
    /// Scaled from the steady part of the run: see `month_basis_s`.
    pub cost_per_month_usd: f64,
    /// When the run had a spike, the seconds of steady traffic the monthly cost is scaled from,
    /// the spikes (and five minutes after each) left out; absent when it is the whole run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month_basis_s: Option<f64>,
    pub cost_per_million_requests_usd: f64,
    pub avg_instances: f64,
    pub avg_running: f64,
    pub avg_idle: f64,
    pub avg_starting: f64,
    pub avg_memory_mb: f64,
    pub utilisation: f64,
    pub cold_starts: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cold_start_probability: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejection_probability: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avg_wait_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prob_wait: Option<f64>,
    /// Jobs invoked asynchronously (`serverless.async_kinds`): their clients are counted as
    /// served at the 202; here is what became of the jobs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub async_jobs: Option<AsyncJobs>,
    /// Failures per request kind, in the workload's order.
    pub failed_by_kind: BTreeMap<String, u64>,
    pub requests_by_kind: BTreeMap<String, u64>,
    pub events_processed: u64,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// What a monthly cost is scaled from: the money a stretch of the run spent, how long it was,
/// and the free tier it used.
#[derive(Default)]
struct MonthBasis {
    cost: f64,
    covered_s: f64,
    free: FreeTierBasis,
}

impl MonthBasis {
    fn of(w: &Window) -> Self {
        let mut basis = MonthBasis::default();
        basis.add(w);
        basis
    }

    fn add(&mut self, w: &Window) {
        self.cost += w.cost();
        self.covered_s += w.covered_s;
        self.free.requests += w.free_tier.requests;
        self.free.gb_s += w.free_tier.gb_s;
        self.free.credit_usd += w.free_tier.credit_usd;
    }

    /// Scaled to a 30-day month. With the free tier, the month's allowance comes off the month's
    /// usage: the bill is put back to full price, scaled, and the allowance taken off what a
    /// month of this usage would be.
    fn monthly_cost(&self, sc: &Scenario) -> f64 {
        let scale = ratio(MONTH_S, self.covered_s);
        let p = &sc.prices;
        let allowance = (self.free.requests * scale).min(p.free_requests_per_month)
            * p.lambda_per_million_requests
            / 1e6
            + (self.free.gb_s * scale).min(p.free_gb_s_per_month) * p.lambda_per_gb_s;
        ratio(self.cost + self.free.credit_usd, self.covered_s) * MONTH_S - allowance
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AsyncJobs {
    pub started: u64,
    pub finished: u64,
    pub failed: u64,
    /// Of the failed, killed at the function's time limit.
    pub killed: u64,
    /// From the 202 to the start of an execution.
    pub avg_wait_s: f64,
    /// The oldest a job was when it started.
    pub longest_wait_s: f64,
    /// Jobs waiting in the queue, on average over time: the waits of the jobs that started,
    /// divided by the time covered (Little's law; a job still waiting at the end is left out).
    pub avg_queue_depth: f64,
}

/// After a spike ends, the time left out with it while instances, pods and nodes scale back: a
/// month is not made of spikes' aftermaths either.
const SETTLE_S: f64 = 300.0;

/// The part of a run a month is scaled from, when it is not the whole run: the windows after
/// warm-up that touch no spike seen so far (nor `SETTLE_S` after it), since a month scaled from
/// them would repeat the spike over and over: a 2-minute spike in a 10-minute run would stand for
/// a spike every ten minutes. Quiet stretches stay in: nights and weekends are part of a month.
fn steady_basis(sim: &Simulation) -> Option<MonthBasis> {
    let spiked = |from: f64, to: f64| {
        sim.scenario
            .workload
            .shape
            .iter()
            .any(|shape| match *shape {
                RateShape::Spike {
                    at_s,
                    duration_s,
                    factor,
                } => {
                    factor > 1.0
                        && at_s < sim.now()
                        && from < at_s + duration_s + SETTLE_S
                        && at_s < to
                }
                _ => false,
            })
    };
    let m = &sim.metrics;
    if !spiked(0.0, f64::INFINITY) {
        return None;
    }
    let mut steady = MonthBasis::default();
    for (i, w) in m.windows.iter().enumerate() {
        let (from, to) = (i as f64 * m.window_s, (i + 1) as f64 * m.window_s);
        if from >= m.warmup_s && !spiked(from, to) {
            steady.add(w);
        }
    }
    Some(steady)
}

impl ArchReport {
    fn from_window(
        w: &Window,
        steady: Option<&MonthBasis>,
        arch: Architecture,
        sc: &Scenario,
        in_flight: u64,
        events: u64,
    ) -> Self {
        let g = w.average_gauges();
        let cost = w.cost();
        let throttled = w.failed_by(FailureCause::Throttled) as f64;
        let has_functions = matches!(arch, Architecture::Serverless | Architecture::Hybrid);
        let queue_based = !matches!(arch, Architecture::Serverless);
        let kind_map = |v: &[u64]| {
            map_of(
                sc.workload
                    .kinds
                    .iter()
                    .zip(v)
                    .map(|(k, n)| (k.name.clone(), *n)),
            )
        };
        ArchReport {
            requests: w.arrivals,
            completed: w.completed,
            failed: map_of(FailureCause::ALL.iter().map(|&c| (c, w.failed_by(c)))),
            failed_total: w.failed_total(),
            in_flight,
            latency_ms: w.latency.summary(),
            long_jobs_ms: (w.long_jobs.count() > 0).then(|| w.long_jobs.summary()),
            success_rate: if w.completed + w.failed_total() > 0 {
                w.completed as f64 / (w.completed + w.failed_total()) as f64
            } else {
                1.0
            },
            time_to_failure_ms: (w.failed_total() > 0).then(|| w.failure_latency.summary()),
            cost_usd: cost,
            cost_items_usd: map_of(
                CostItem::ALL
                    .iter()
                    .map(|&i| (i.name(), w.cost_of(i)))
                    .filter(|&(_, usd)| usd > 0.0),
            ),
            cost_per_month_usd: match steady {
                Some(basis) => basis.monthly_cost(sc),
                None => MonthBasis::of(w).monthly_cost(sc),
            },
            month_basis_s: steady.map(|s| s.covered_s),
            cost_per_million_requests_usd: ratio(cost, w.arrivals as f64) * 1e6,
            avg_instances: g.running + g.idle,
            avg_running: g.running,
            avg_idle: g.idle,
            avg_starting: g.starting,
            avg_memory_mb: g.memory_mb,
            utilisation: ratio(g.busy, g.capacity),
            cold_starts: w.cold_starts,
            // Over all arrivals, throttled ones included, as SimFaaS defines it, so the two
            // compare under rejection too.
            cold_start_probability: has_functions
                .then(|| ratio(w.cold_starts as f64, w.arrivals as f64)),
            rejection_probability: has_functions.then(|| ratio(throttled, w.arrivals as f64)),
            avg_wait_ms: queue_based.then(|| ratio(w.wait_sum_s, w.wait_samples as f64) * 1000.0),
            prob_wait: queue_based.then(|| ratio(w.waited as f64, w.wait_samples as f64)),
            async_jobs: (has_functions && !sc.serverless.async_kinds.is_empty()).then(|| {
                AsyncJobs {
                    started: w.jobs.started,
                    finished: w.jobs.finished,
                    failed: w.jobs.failed,
                    killed: w.jobs.killed,
                    avg_wait_s: ratio(w.jobs.wait_sum_s, w.jobs.started as f64),
                    longest_wait_s: w.jobs.longest_wait_s,
                    avg_queue_depth: ratio(w.jobs.wait_sum_s, w.covered_s),
                }
            }),
            failed_by_kind: kind_map(&w.kind_failed),
            requests_by_kind: kind_map(&w.kind_arrivals),
            events_processed: events,
        }
    }

    pub fn of(sim: &Simulation) -> Self {
        Self::from_window(
            &sim.metrics.total,
            steady_basis(sim).as_ref(),
            sim.arch,
            &sim.scenario,
            sim.in_flight() as u64,
            sim.events_processed(),
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub name: String,
    pub seed: u64,
    pub duration_s: f64,
    pub warmup_s: f64,
    pub architectures: BTreeMap<Architecture, ArchReport>,
}

impl Report {
    pub fn of(scenario: &Scenario, sims: &[Simulation]) -> Self {
        Report {
            name: scenario.name.clone(),
            seed: scenario.seed,
            duration_s: scenario.duration_s,
            warmup_s: scenario.warmup_s,
            architectures: map_of(sims.iter().map(|s| (s.arch, ArchReport::of(s)))),
        }
    }
}

/// A map built entry by entry. `collect()` into a `BTreeMap` first sorts its input with a stable
/// sort compiled anew for each key and value type, several KB of wasm apiece (issue 13); these
/// maps hold a handful of entries, built once per report.
fn map_of<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in entries {
        map.insert(key, value);
    }
    map
}

/// Runs every architecture of a valid scenario to the end. Natively the architectures are shared
/// out over the machine's cores, the costliest (most events per request) first; they share nothing,
/// so the result is the same as running them in turn, which is what the browser does.
pub fn run_scenario(scenario: &Scenario) -> (Vec<Simulation>, Report) {
    let mut sims: Vec<Simulation> = Simulation::for_each_architecture(scenario);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let cost_rank = |a: Architecture| match a {
            Architecture::Monolith => 0,
            Architecture::Serverless => 1,
            Architecture::Hybrid => 2,
            Architecture::Microservices => 3,
        };
        let mut pending: Vec<&mut Simulation> = sims.iter_mut().collect();
        pending.sort_by_key(|s| cost_rank(s.arch));
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(pending.len());
        let pending = std::sync::Mutex::new(pending);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Some(s) = pending.lock().map(|mut p| p.pop()).unwrap_or(None) {
                        s.run_to_end();
                    }
                });
            }
        });
    }
    #[cfg(target_arch = "wasm32")]
    for s in &mut sims {
        s.run_to_end();
    }
    let report = Report::of(scenario, &sims);
    (sims, report)
}
