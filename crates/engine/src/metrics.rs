//! Streaming metrics: one `Window` of counters, a latency histogram and time-integrated gauges
//! per fixed slice of simulated time, plus a running total from the end of warm-up. Memory grows
//! with the number of windows, never with the number of requests.

use super::histogram::Histogram;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureCause {
    /// Rejected by a concurrency or rate limit (HTTP 429).
    Throttled,
    /// A function killed at its run-time limit.
    TimedOut,
    /// The process or pod it needed had crashed (HTTP 500, or no answer at all).
    Crashed,
    /// The queue was full (HTTP 503).
    #[serde(rename = "queue_overflow")]
    Overflow,
    /// The application was restarting for a deploy (HTTP 503).
    Unavailable,
    /// A module's code threw: that request fails, the process lives on (HTTP 500).
    Exception,
    /// A service stopped waiting for a service it called (its client timeout).
    CallTimeout,
    /// A caller's circuit breaker refused the call without trying it.
    CircuitOpen,
    /// The ingress or API gateway stopped waiting and answered 504.
    GatewayTimeout,
    /// No database connection: a pool's wait timed out, or the database refused a new one.
    NoDbConnection,
}

impl FailureCause {
    pub const COUNT: usize = 10;
    pub const ALL: [FailureCause; FailureCause::COUNT] = [
        FailureCause::Throttled,
        FailureCause::TimedOut,
        FailureCause::Crashed,
        FailureCause::Overflow,
        FailureCause::Unavailable,
        FailureCause::Exception,
        FailureCause::CallTimeout,
        FailureCause::CircuitOpen,
        FailureCause::GatewayTimeout,
        FailureCause::NoDbConnection,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FailureCause::Throttled => "throttled",
            FailureCause::TimedOut => "timed_out",
            FailureCause::Crashed => "crashed",
            FailureCause::Overflow => "queue_overflow",
            FailureCause::Unavailable => "unavailable",
            FailureCause::Exception => "exception",
            FailureCause::CallTimeout => "call_timeout",
            FailureCause::CircuitOpen => "circuit_open",
            FailureCause::GatewayTimeout => "gateway_timeout",
            FailureCause::NoDbConnection => "no_db_connection",
        }
    }
}

/// What money is spent on: capacity held (charged per second, whether used or not) and usage
/// (charged per request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CostItem {
    Machines = 0,
    ClusterNodes = 1,
    ControlPlane = 2,
    ProvisionedConcurrency = 3,
    FunctionRequests = 4,
    FunctionDuration = 5,
    ApiGateway = 6,
    DataStores = 7,
}

impl CostItem {
    pub const ALL: [CostItem; 8] = [
        CostItem::Machines,
        CostItem::ClusterNodes,
        CostItem::ControlPlane,
        CostItem::ProvisionedConcurrency,
        CostItem::FunctionRequests,
        CostItem::FunctionDuration,
        CostItem::ApiGateway,
        CostItem::DataStores,
    ];

    /// As a reader would say it.
    pub fn label(self) -> &'static str {
        match self {
            CostItem::Machines => "machines",
            CostItem::ClusterNodes => "cluster nodes",
            CostItem::ControlPlane => "control plane",
            CostItem::ProvisionedConcurrency => "provisioned concurrency",
            CostItem::FunctionRequests => "function requests",
            CostItem::FunctionDuration => "function duration",
            CostItem::ApiGateway => "API Gateway",
            CostItem::DataStores => "data stores",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CostItem::Machines => "machines",
            CostItem::ClusterNodes => "cluster_nodes",
            CostItem::ControlPlane => "control_plane",
            CostItem::ProvisionedConcurrency => "provisioned_concurrency",
            CostItem::FunctionRequests => "function_requests",
            CostItem::FunctionDuration => "function_duration",
            CostItem::ApiGateway => "api_gateway",
            CostItem::DataStores => "data_stores",
        }
    }
}

/// Levels that change over time; integrated over time so averages are time-weighted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Gauges {
    /// Instances (machines, pods, function instances) serving or able to serve.
    pub running: f64,
    /// Function instances kept warm with nothing to do.
    pub idle: f64,
    /// Instances being started (billed, not yet serving).
    pub starting: f64,
    /// Requests waiting in queues.
    pub queued: f64,
    /// Workers (threads, function instances) busy with a request.
    pub busy: f64,
    /// Workers available in total.
    pub capacity: f64,
    /// Memory reserved, MB.
    pub memory_mb: f64,
    /// Cost accruing per second for capacity held, whether used or not, by item, USD/s.
    pub cost_rate: [f64; CostItem::ALL.len()],
}

impl Gauges {
    #[inline(always)]
    fn add_scaled(&mut self, g: &Gauges, dt: f64) {
        self.running += g.running * dt;
        self.idle += g.idle * dt;
        self.starting += g.starting * dt;
        self.queued += g.queued * dt;
        self.busy += g.busy * dt;
        self.capacity += g.capacity * dt;
        self.memory_mb += g.memory_mb * dt;
        for (i, a) in self.cost_rate.iter_mut().enumerate() {
            *a += g.cost_rate[i] * dt;
        }
    }

    pub fn scaled(&self, k: f64) -> Gauges {
        let mut out = Gauges::default();
        out.add_scaled(self, k);
        out
    }
}

/// Lambda usage that the free tier covers (on-demand functions without provisioned concurrency),
/// and what it took off the bill. A monthly figure applies the allowance to a month of usage,
/// not to the run's: an hour inside the allowance is free, a month of such hours may not be.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FreeTierBasis {
    pub requests: f64,
    pub gb_s: f64,
    pub credit_usd: f64,
}

/// Jobs invoked asynchronously: their clients were answered 202 at once, so a job's wait and its
/// end are counted here rather than as the request's latency or failure.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct JobStats {
    pub started: u64,
    pub finished: u64,
    /// Ended in failure, and of those, killed at the function's time limit.
    pub failed: u64,
    pub killed: u64,
    /// Time from the 202 to the start of an execution.
    pub wait_sum_s: f64,
    pub longest_wait_s: f64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Window {
    pub arrivals: u64,
    pub completed: u64,
    pub failed: [u64; FailureCause::COUNT],
    /// Time to answer, of the requests that succeeded only: a percentile over the survivors must
    /// be read next to the success rate. Long jobs answered when they end are in `long_jobs`.
    pub latency: Histogram,
    /// Time to answer of the long jobs (`RequestKind::is_long_job`) that succeeded and whose
    /// clients waited for them; one invoked asynchronously is answered 202 at once, in `latency`.
    pub long_jobs: Histogram,
    /// Time from arrival to failure, kept apart so failures never pose as fast answers.
    pub failure_latency: Histogram,
    pub cold_starts: u64,
    /// Requests that waited in a queue before service, and their total wait.
    pub waited: u64,
    pub wait_samples: u64,
    pub wait_sum_s: f64,
    /// Gauges integrated over the window's time (divide by `covered_s` for averages).
    pub gauge_area: Gauges,
    pub covered_s: f64,
    /// Per-request charges (function invocations, API calls) by item, USD.
    pub usage_cost: [f64; CostItem::ALL.len()],
    pub free_tier: FreeTierBasis,
    pub jobs: JobStats,
    pub kind_arrivals: Vec<u64>,
    pub kind_failed: Vec<u64>,
}

impl Window {
    fn new(kinds: usize) -> Self {
        Window {
            kind_arrivals: vec![0; kinds],
            kind_failed: vec![0; kinds],
            ..Window::default()
        }
    }

    pub fn failed_total(&self) -> u64 {
        self.failed.iter().sum()
    }

    pub fn failed_by(&self, cause: FailureCause) -> u64 {
        self.failed[cause as usize]
    }

    /// Time-averaged gauges over the window.
    pub fn average_gauges(&self) -> Gauges {
        if self.covered_s > 0.0 {
            self.gauge_area.scaled(1.0 / self.covered_s)
        } else {
            Gauges::default()
        }
    }

    /// Everything charged in the window: capacity held plus usage.
    pub fn cost(&self) -> f64 {
        self.gauge_area.cost_rate.iter().sum::<f64>() + self.usage_cost.iter().sum::<f64>()
    }

    /// Spending on one item in the window, USD.
    pub fn cost_of(&self, item: CostItem) -> f64 {
        self.gauge_area.cost_rate[item as usize] + self.usage_cost[item as usize]
    }
}

pub struct Metrics {
    pub window_s: f64,
    pub warmup_s: f64,
    pub windows: Vec<Window>,
    /// Everything from the end of warm-up on.
    pub total: Window,
    gauges: Gauges,
    gauges_since: f64,
    /// For each request kind, in the workload's order, whether it is a long job.
    long_kinds: Vec<bool>,
}

impl Metrics {
    pub fn new(window_s: f64, warmup_s: f64, long_kinds: Vec<bool>) -> Self {
        Metrics {
            window_s,
            warmup_s,
            windows: Vec::new(),
            total: Window::new(long_kinds.len()),
            gauges: Gauges::default(),
            gauges_since: 0.0,
            long_kinds,
        }
    }

    /// Applies `f` to the window holding time t and, after warm-up, to the total.
    fn at(&mut self, t: f64, f: impl Fn(&mut Window)) {
        let i = (t / self.window_s) as usize;
        while self.windows.len() <= i {
            self.windows.push(Window::new(self.long_kinds.len()));
        }
        f(&mut self.windows[i]);
        if t >= self.warmup_s {
            f(&mut self.total);
        }
    }

    pub fn arrival(&mut self, t: f64, kind: u16) {
        self.at(t, |w| {
            w.arrivals += 1;
            w.kind_arrivals[kind as usize] += 1;
        });
    }

    /// A request of `kind` answered at `t` with what it asked for.
    pub fn completed(&mut self, t: f64, kind: u16, latency_s: f64) {
        let long = self.long_kinds[kind as usize];
        self.at(t, |w| {
            w.completed += 1;
            if long {
                w.long_jobs.record_seconds(latency_s);
            } else {
                w.latency.record_seconds(latency_s);
            }
        });
    }

    /// A job accepted at `t` with a 202: an API answer, whatever the job's length.
    pub fn acknowledged(&mut self, t: f64, latency_s: f64) {
        self.at(t, |w| {
            w.completed += 1;
            w.latency.record_seconds(latency_s);
        });
    }

    pub fn failed(&mut self, t: f64, kind: u16, cause: FailureCause, time_to_fail_s: f64) {
        self.at(t, |w| {
            w.failed[cause as usize] += 1;
            w.failure_latency.record_seconds(time_to_fail_s);
            w.kind_failed[kind as usize] += 1;
        });
    }

    /// An asynchronous job got an execution after waiting `wait_s` in the queue.
    pub fn job_started(&mut self, t: f64, wait_s: f64) {
        self.at(t, |w| {
            w.jobs.started += 1;
            w.jobs.wait_sum_s += wait_s;
            w.jobs.longest_wait_s = w.jobs.longest_wait_s.max(wait_s);
        });
    }

    /// An asynchronous job ended, in failure if `cause` says so.
    pub fn job_ended(&mut self, t: f64, cause: Option<FailureCause>) {
        self.at(t, |w| match cause {
            None => w.jobs.finished += 1,
            Some(cause) => {
                w.jobs.failed += 1;
                if cause == FailureCause::TimedOut {
                    w.jobs.killed += 1;
                }
            }
        });
    }

    pub fn cold_start(&mut self, t: f64) {
        self.at(t, |w| w.cold_starts += 1);
    }

    /// A request reached its first server after queueing for `wait_s` (zero if it did not wait).
    pub fn waited(&mut self, t: f64, wait_s: f64) {
        self.at(t, |w| {
            w.wait_samples += 1;
            w.wait_sum_s += wait_s;
            if wait_s > 0.0 {
                w.waited += 1;
            }
        });
    }

    pub fn charge(&mut self, t: f64, item: CostItem, usd: f64) {
        self.at(t, |w| w.usage_cost[item as usize] += usd);
    }

    /// One invocation the free tier applies to, of `gb_s`, of which `credit_usd` was free.
    pub fn free_tier_use(&mut self, t: f64, gb_s: f64, credit_usd: f64) {
        self.at(t, |w| {
            w.free_tier.requests += 1.0;
            w.free_tier.gb_s += gb_s;
            w.free_tier.credit_usd += credit_usd;
        });
    }

    /// Integrates the current gauges up to `t`, splitting at window and warm-up boundaries.
    pub fn advance(&mut self, t: f64) {
        // Fast path (nearly every event): still inside the same window, past warm-up.
        let a = self.gauges_since;
        if t <= a {
            return;
        }
        let i = (a / self.window_s) as usize;
        if a >= self.warmup_s && t < (i + 1) as f64 * self.window_s && i < self.windows.len() {
            let (g, dt) = (self.gauges, t - a);
            let w = &mut self.windows[i];
            w.gauge_area.add_scaled(&g, dt);
            w.covered_s += dt;
            self.total.gauge_area.add_scaled(&g, dt);
            self.total.covered_s += dt;
            self.gauges_since = t;
            return;
        }
        let mut a = self.gauges_since;
        while a < t {
            let window_end = ((a / self.window_s).floor() + 1.0) * self.window_s;
            let mut b = window_end.min(t);
            if a < self.warmup_s && b > self.warmup_s {
                b = self.warmup_s;
            }
            let g = self.gauges;
            let dt = b - a;
            self.at(a, |w| {
                w.gauge_area.add_scaled(&g, dt);
                w.covered_s += dt;
            });
            a = b;
        }
        self.gauges_since = self.gauges_since.max(t);
    }

    /// The gauges are `g` from `t` on. Levels are integrated only when they change: between
    /// changes they are constant, so skipping the events that change nothing loses nothing.
    #[inline(always)]
    pub fn set_gauges(&mut self, t: f64, g: Gauges) {
        if g != self.gauges {
            self.advance(t);
            self.gauges = g;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauges_integrate_across_windows_and_warmup() {
        let mut m = Metrics::new(10.0, 5.0, vec![false]);
        m.set_gauges(
            0.0,
            Gauges {
                running: 2.0,
                ..Gauges::default()
            },
        );
        m.advance(25.0);
        assert_eq!(m.windows.len(), 3);
        assert!((m.windows[0].gauge_area.running - 20.0).abs() < 1e-9);
        assert!((m.windows[2].covered_s - 5.0).abs() < 1e-9);
        assert!(
            (m.total.covered_s - 20.0).abs() < 1e-9,
            "warm-up is excluded from the total"
        );
        assert!((m.total.average_gauges().running - 2.0).abs() < 1e-9);
        m.advance(27.0);
        assert!(
            (m.windows[2].covered_s - 7.0).abs() < 1e-9,
            "the fast path adds to the same window"
        );
    }

    #[test]
    fn counters_land_in_their_window_and_total() {
        let mut m = Metrics::new(1.0, 0.5, vec![false, true]);
        m.arrival(0.2, 0);
        m.arrival(1.2, 1);
        m.failed(1.3, 1, FailureCause::Throttled, 0.0);
        m.completed(0.7, 0, 0.5);
        // Kind 1 is a long job: its time to answer is kept apart, unless it was answered 202.
        m.completed(1.8, 1, 300.0);
        m.acknowledged(1.9, 0.02);
        assert_eq!(m.windows[1].completed, 2);
        assert_eq!(m.windows[1].long_jobs.count(), 1);
        assert_eq!(m.windows[1].latency.count(), 1);
        assert!(m.windows[1].latency.summary().max < 100.0, "in ms");
        assert_eq!(m.windows[0].arrivals, 1);
        assert_eq!(m.windows[1].kind_failed, vec![0, 1]);
        assert_eq!(m.total.arrivals, 1, "the arrival at 0.2 s is in warm-up");
        assert_eq!(m.total.failed_by(FailureCause::Throttled), 1);
        assert_eq!(m.windows[0].completed, 1);
    }
}
