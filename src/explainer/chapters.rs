//! The chapters, as data: narration in our own words (the article's points, credited in the
//! about panel), the architectures on screen, the scenario they start from, the "try this"
//! actions and the claims they check.

use super::charts::ChartKind;
use super::knobs::Knob;
use super::verdicts::Claim;
use crate::engine::distribution::Distribution;
use crate::engine::models::function_store::StoreEngine;
use crate::engine::models::resilience::CallPolicy;
use crate::engine::models::scaling_limit::ScalingModel;
use crate::engine::scenario::{Architecture, Scenario};
use crate::engine::timeline::{BugEffect, TimelineEvent};
use crate::engine::workload::{RateShape, RequestKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryAction {
    /// A crash in one module for a minute.
    Bug(&'static str),
    /// One module's code throws on every request for a minute.
    Exception(&'static str),
    /// One module's database becomes 1,000 times slower for five minutes.
    SlowDb(&'static str),
    /// Turns timeouts, a retry and a circuit breaker on calls between services on or off.
    ToggleProtection,
    /// A memory leak in one module for five minutes.
    Leak(&'static str),
    /// A new version of one module, or "*" for everything.
    Deploy(&'static str),
    /// Traffic times N for two minutes.
    Spike(u32),
    /// No traffic for N seconds.
    Idle(u32),
    /// Keep N instances per function initialised.
    Provisioned(u32),
    /// Switch between the legacy burst and the current scaling model.
    ToggleScaling,
    /// The functions keep their data in one PostgreSQL instance, each environment holding a
    /// connection of its own.
    Postgres,
    /// The same database behind RDS Proxy, which pools the connections.
    RdsProxy,
    /// A kind is invoked asynchronously: the client gets 202 and the job is queued.
    Asynchronous(&'static str),
}

impl TryAction {
    pub fn label(self) -> String {
        match self {
            TryAction::Bug(m) => format!("Crash {m} for 60 s"),
            TryAction::Exception(m) => format!("Make {m} throw for 60 s"),
            TryAction::SlowDb(m) => format!("Slow the {m} database x1000"),
            TryAction::ToggleProtection => "Toggle timeouts and breaker".into(),
            TryAction::Leak(m) => format!("Leak memory in {m}"),
            TryAction::Deploy("*") => "Deploy a new version".into(),
            TryAction::Deploy(m) => format!("Deploy {m} only"),
            TryAction::Spike(n) => format!("Traffic spike x{n}"),
            TryAction::Idle(s) => format!("Go idle for {} min", s / 60),
            TryAction::Provisioned(n) => format!("Provision {n} warm instances"),
            TryAction::ToggleScaling => "Switch scaling model".into(),
            TryAction::Postgres => "Functions on PostgreSQL, no proxy".into(),
            TryAction::RdsProxy => "Put RDS Proxy in front".into(),
            TryAction::Asynchronous(k) => format!("Queue the {k} as an async job"),
        }
    }

    /// The action's name in an embed link (`action=`); unique within a chapter.
    pub fn id(self) -> &'static str {
        match self {
            TryAction::Bug(_) => "crash",
            TryAction::Exception(_) => "throw",
            TryAction::SlowDb(_) => "slow-db",
            TryAction::ToggleProtection => "protection",
            TryAction::Leak(_) => "leak",
            TryAction::Deploy(_) => "deploy",
            TryAction::Spike(_) => "spike",
            TryAction::Idle(_) => "idle",
            TryAction::Provisioned(_) => "provisioned",
            TryAction::ToggleScaling => "scaling",
            TryAction::Postgres => "postgres",
            TryAction::RdsProxy => "rds-proxy",
            TryAction::Asynchronous(_) => "async",
        }
    }

    /// The claims whose findings this action is there to change. A chapter shows some of them;
    /// tests check that each one it shows changes, and gets a verdict.
    pub fn moves(self) -> &'static [Claim] {
        match self {
            TryAction::Bug(_) => &[Claim::M3, Claim::U3, Claim::W4],
            TryAction::Exception(_) | TryAction::SlowDb(_) => &[Claim::M3, Claim::U3],
            TryAction::ToggleProtection => &[Claim::U3],
            TryAction::Leak(_) => &[Claim::M3],
            // Everything at once is not the one service that U3 is about.
            TryAction::Deploy("*") => &[Claim::M2, Claim::W4],
            TryAction::Deploy(_) => &[Claim::M2, Claim::U3, Claim::W4],
            // Not S5: a spike is left out of the monthly bills it compares.
            TryAction::Spike(_) => &[Claim::M4, Claim::U2, Claim::S6, Claim::W1, Claim::W4],
            TryAction::Idle(_) => &[Claim::S3, Claim::S8, Claim::W3, Claim::S5, Claim::W4],
            TryAction::Provisioned(_) => &[Claim::S3, Claim::S8, Claim::W3],
            TryAction::ToggleScaling => &[Claim::S6],
            TryAction::Postgres | TryAction::RdsProxy => &[Claim::W1],
            TryAction::Asynchronous(_) => &[Claim::S7],
        }
    }

    /// The action whose effect this one changes, for settings that show only when something
    /// goes wrong: the breaker needs a slow service, the scaling model a crowd.
    pub fn shown_with(self) -> Option<TryAction> {
        match self {
            TryAction::ToggleProtection => Some(TryAction::SlowDb("payments")),
            TryAction::ToggleScaling => Some(TryAction::Spike(400)),
            _ => None,
        }
    }

    /// Simulated seconds after the action is taken by which its effect has played out and can be
    /// read: a fault's length and a little, an idle period and the minute after it, or for a
    /// setting, long enough for the longest job it changes (the 8-minute export) to finish. A
    /// spike's claims about money wait for five minutes of steady traffic after it and the five
    /// it takes to settle (and the metrics windows the spike touches), since monthly bills leave
    /// spikes out.
    pub fn shows_after_s(self) -> f64 {
        match self {
            TryAction::Bug(_) | TryAction::Exception(_) => 90.0,
            TryAction::SlowDb(_) | TryAction::Deploy(_) => 150.0,
            TryAction::Spike(_) => 750.0,
            TryAction::Leak(_) => 330.0,
            TryAction::Idle(s) => s as f64 + 60.0,
            TryAction::ToggleProtection
            | TryAction::Provisioned(_)
            | TryAction::ToggleScaling
            | TryAction::Postgres
            | TryAction::RdsProxy => 120.0,
            TryAction::Asynchronous(_) => 900.0,
        }
    }

    /// Changes the scenario from `now` on. Timeline actions leave the past untouched, so the run
    /// so far replays identically; parameter actions apply from the start, as a setting would.
    pub fn apply(self, sc: &mut Scenario, now: f64) {
        // From the next arrival block on, so that nothing before it changes.
        let block = sc.arrival_block_s();
        let at_s = ((now / block).floor() + 1.0) * block;
        match self {
            TryAction::Bug(m) => sc.events.push(TimelineEvent::Bug {
                at_s,
                duration_s: 60.0,
                target: m.into(),
                effect: BugEffect::Crash,
            }),
            TryAction::Exception(m) => sc.events.push(TimelineEvent::Bug {
                at_s,
                duration_s: 60.0,
                target: m.into(),
                effect: BugEffect::Exception,
            }),
            TryAction::SlowDb(m) => sc.events.push(TimelineEvent::Bug {
                at_s,
                duration_s: 300.0,
                target: m.into(),
                effect: BugEffect::SlowDb { factor: 1000.0 },
            }),
            TryAction::ToggleProtection => {
                sc.microservices.calls = if sc.microservices.calls.is_protected() {
                    CallPolicy::default()
                } else {
                    CallPolicy::protected()
                }
            }
            TryAction::Leak(m) => sc.events.push(TimelineEvent::Bug {
                at_s,
                duration_s: 300.0,
                target: m.into(),
                effect: BugEffect::Leak {
                    slowdown_per_min: 2.0,
                },
            }),
            TryAction::Deploy(m) => sc.events.push(TimelineEvent::Deploy {
                at_s,
                target: m.into(),
            }),
            TryAction::Spike(n) => sc.workload.shape.push(RateShape::Spike {
                at_s,
                duration_s: 120.0,
                factor: n as f64,
            }),
            TryAction::Idle(s) => sc.workload.shape.push(RateShape::Idle {
                at_s,
                duration_s: s as f64,
            }),
            TryAction::Provisioned(n) => sc.serverless.provisioned = n,
            TryAction::ToggleScaling => {
                sc.serverless.scaling_model = match sc.serverless.scaling_model {
                    ScalingModel::Current => ScalingModel::LegacyBurst,
                    ScalingModel::LegacyBurst => ScalingModel::Current,
                }
            }
            TryAction::Asynchronous(k) => {
                let kinds = &mut sc.serverless.async_kinds;
                if !kinds.iter().any(|x| x == k) {
                    kinds.push(k.into());
                }
            }
            TryAction::Postgres | TryAction::RdsProxy => {
                let store = &mut sc.serverless.data_store;
                store.engine = StoreEngine::Relational;
                store.proxy = self == TryAction::RdsProxy;
            }
        }
    }
}

/// Extra panels a chapter shows below its diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Monthly cost against traffic, functions against the cluster.
    BreakEven,
    /// One traced request as the per-service logs show it.
    TraceLogs,
    /// The same traffic through every architecture: a table and small charts.
    Comparison,
    /// The whole scenario as editable JSON.
    Editor,
    /// Download the scenario, metrics and report; load a scenario file.
    Export,
    /// Import a traffic series and choose what of it to replay.
    Traffic,
}

/// One thing a scripted presentation does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// Play until this simulated time, then pause.
    RunTo(f64),
    /// Take a "try this" action.
    Do(TryAction),
    /// Point at the diagram node with this label.
    Highlight(&'static str),
}

/// What a beat's words say the room will see happen while it plays, in some architecture on
/// screen. The tests hold every beat to it (natively, and the end-to-end test from the counts the
/// presenter's line shows), so a script cannot say what its run does not do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The words point at the picture; there is nothing to count.
    Picture,
    /// Requests fail (any cause but a throttle).
    Failures,
    /// Requests are throttled (HTTP 429).
    Throttles,
    /// Functions start cold.
    ColdStarts,
}

impl Evidence {
    /// Its name on the page, where the end-to-end test reads it.
    pub fn name(self) -> &'static str {
        match self {
            Evidence::Picture => "picture",
            Evidence::Failures => "failures",
            Evidence::Throttles => "throttles",
            Evidence::ColdStarts => "cold-starts",
        }
    }
}

/// A question the room answers before a beat plays: the run waits, paused, until the presenter
/// reveals it, and the answer comes with what the run then counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Question {
    pub prompt: &'static str,
    /// Two to four.
    pub choices: &'static [&'static str],
    /// The right choice's place in `choices`.
    pub answer: usize,
}

/// A beat of a chapter's script: what the presenter says, what the app does, and what the room
/// sees happen; some first ask the room to predict it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Beat {
    pub say: &'static str,
    pub steps: &'static [Step],
    pub shows: Evidence,
    pub ask: Option<Question>,
}

pub struct Chapter {
    pub id: &'static str,
    pub title: &'static str,
    /// The diagrams drawn; empty means every architecture the scenario simulates.
    pub archs: &'static [Architecture],
    pub panels: &'static [Panel],
    pub narration: &'static [&'static str],
    pub actions: &'static [TryAction],
    pub claims: &'static [Claim],
    pub scenario: fn() -> Scenario,
    /// The presenter's walk through the chapter, one beat per key press.
    pub script: &'static [Beat],
    /// The chart that tells the chapter's story, the one a compact embed shows.
    pub chart: ChartKind,
    /// The settings its lesson depends on, as sliders beside the diagram.
    pub knobs: &'static [Knob],
}

/// Chapters run for an hour with 5-second metric windows, fine enough to watch live.
fn base(archs: &[Architecture], duration_s: f64) -> Scenario {
    Scenario {
        architectures: archs.to_vec(),
        duration_s,
        window_s: Some(5.0),
        ..Scenario::default()
    }
}

fn monolith_scenario() -> Scenario {
    let mut sc = base(
        &[Architecture::Monolith, Architecture::Microservices],
        3600.0,
    );
    sc.workload.rate_per_s = 25.0;
    sc
}

fn microservices_scenario() -> Scenario {
    let mut sc = base(
        &[Architecture::Microservices, Architecture::Monolith],
        3600.0,
    );
    sc.workload.rate_per_s = 25.0;
    sc
}

fn serverless_scenario() -> Scenario {
    let mut sc = base(
        &[Architecture::Serverless, Architecture::Microservices],
        3600.0,
    );
    sc.workload.rate_per_s = 20.0;
    sc.workload.kinds.push(RequestKind {
        name: "export".into(),
        share: 0.004,
        work: Distribution::lognormal(480.0, 0.6),
        db: Distribution::exponential(1.0),
        modules: vec!["orders".into()],
    });
    // The scaling the article describes, AWS's until November 2023: a burst of 500 for the whole
    // account, then 500 more a minute. A flash crowd is throttled by it on its own; "Switch
    // scaling model" shows today's, which takes the same crowd. The account limit is raised past
    // the crowd, so that the 429s come from how fast environments are made, which is what differs.
    sc.serverless.scaling_model = ScalingModel::LegacyBurst;
    sc.serverless.account_limit = 5000;
    sc.serverless.legacy_burst = 500;
    sc
}

fn which_scenario() -> Scenario {
    let mut sc = base(
        &[Architecture::Serverless, Architecture::Microservices],
        3600.0,
    );
    sc.workload.rate_per_s = 3.0;
    sc
}

fn hybrid_scenario() -> Scenario {
    let mut sc = base(
        &[
            Architecture::Hybrid,
            Architecture::Serverless,
            Architecture::Microservices,
        ],
        3600.0,
    );
    sc.workload.rate_per_s = 20.0;
    sc
}

fn side_by_side_scenario() -> Scenario {
    let mut sc = base(&Architecture::ALL, 3600.0);
    sc.workload.rate_per_s = 20.0;
    sc
}

/// The traffic chapter starts on a synthetic business day. It runs on traffic.html only (see
/// explainer::pages): the first page (built with `web` but not `traffic`) links there and never
/// runs it, so it leaves the day out, and with it the importer's code that builds it (1.7 KB of
/// the page budget). Native builds, tests and the runner keep the real one.
#[cfg(not(all(feature = "web", not(feature = "traffic"))))]
const TRAFFIC_CHAPTER_SCENARIO: fn() -> Scenario = super::your_traffic::synthetic_day;
#[cfg(all(feature = "web", not(feature = "traffic")))]
const TRAFFIC_CHAPTER_SCENARIO: fn() -> Scenario = Scenario::default;

/// The chapter whose scenario the reader edits, and the browser keeps.
pub const PLAYGROUND: &str = "playground";

pub const CHAPTERS: &[Chapter] = &[
    Chapter {
        id: "monolith",
        title: "1. The monolith",
        archs: &[Architecture::Monolith],
        panels: &[],
        narration: &[
            "Every module of the application runs in one process on one server, and the database often lives on the same machine.",
            "The app and its queries share the same CPU cores, time-sliced between every busy thread, so heavy database work slows every page. A release means restarting the whole thing (or rolling through copies one at a time, when there are several). A crash anywhere kills the process and every endpoint with it; an exception in one module fails only that module's requests.",
        ],
        actions: &[TryAction::Bug("payments"), TryAction::Exception("payments"), TryAction::SlowDb("payments"), TryAction::Deploy("*"), TryAction::Spike(3)],
        claims: &[Claim::M1, Claim::M2, Claim::M3, Claim::M4],
        scenario: monolith_scenario,
        script: &[
            Beat { say: "One application server holds every module; its database shares the machine.", steps: &[Step::Highlight("App (all modules)"), Step::RunTo(60.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "A bug now crashes the payments module.", steps: &[Step::Do(TryAction::Bug("payments")), Step::RunTo(90.0)], shows: Evidence::Failures, ask: Some(Question { prompt: "A bug crashes the payments module. Which requests fail?", choices: &["Only payments", "Every endpoint", "None: the process restarts at once"], answer: 1 }) },
            Beat { say: "Every endpoint fails with it, not only payments: it is one process.", steps: &[Step::Highlight("App (all modules)"), Step::RunTo(130.0)], shows: Evidence::Failures, ask: None },
            Beat { say: "A release restarts the whole application, and everything waits.", steps: &[Step::Do(TryAction::Deploy("*")), Step::RunTo(200.0)], shows: Evidence::Failures, ask: None },
        ],
        chart: ChartKind::Throughput,
        knobs: &[Knob::Rate, Knob::Copies, Knob::Workers],
    },
    Chapter {
        id: "microservices",
        title: "2. Microservices",
        archs: &[Architecture::Microservices],
        panels: &[Panel::TraceLogs],
        narration: &[
            "The application is cut into small services, each owning one concern and its own data store, talking over REST through a gateway.",
            "They run as containers on a cluster that adds pods when their CPU gets busy. One service can ship without touching the rest; the price is more memory, more network hops and logs spread over many services.",
            "Each call is synchronous: a service waits, holding a worker thread, until the service it called answers. So a slow dependency fills its callers' thread pools and endpoints that never touch it fail too, unless timeouts and a circuit breaker cut the wait short. Isolation is earned, not given.",
        ],
        actions: &[TryAction::SlowDb("payments"), TryAction::ToggleProtection, TryAction::Bug("payments"), TryAction::Deploy("orders"), TryAction::Spike(10)],
        claims: &[Claim::U1, Claim::U2, Claim::U3, Claim::U4],
        scenario: microservices_scenario,
        script: &[
            Beat { say: "A gateway routes each request through the services it needs.", steps: &[Step::Highlight("gateway"), Step::RunTo(60.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "Payments' database turns 1,000 times slower. Checkout waits on it, and orders waits on checkout's call, holding a thread.", steps: &[Step::Do(TryAction::SlowDb("payments")), Step::Highlight("payments"), Step::RunTo(150.0)], shows: Evidence::Failures, ask: None },
            Beat { say: "Browse never calls payments, yet it fails: orders has no thread left to serve it.", steps: &[Step::Highlight("orders"), Step::RunTo(240.0)], shows: Evidence::Failures, ask: Some(Question { prompt: "Browse never calls payments. While payments' database is slow, does browse keep working?", choices: &["Yes: it is a separate service", "No: it fails too"], answer: 1 }) },
            Beat { say: "The same run with a one-second timeout, one retry and a circuit breaker: checkout fails fast, browse keeps working.", steps: &[Step::Do(TryAction::ToggleProtection), Step::RunTo(300.0)], shows: Evidence::Failures, ask: None },
            Beat { say: "Orders ships a new version alone, pod by pod.", steps: &[Step::Do(TryAction::Deploy("orders")), Step::Highlight("orders"), Step::RunTo(420.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "A spike ten times the traffic: the autoscaler adds pods, which take time to start, and requests fail until they are up.", steps: &[Step::Do(TryAction::Spike(10)), Step::RunTo(600.0)], shows: Evidence::Failures, ask: None },
        ],
        chart: ChartKind::Throughput,
        knobs: &[Knob::Rate, Knob::MaxReplicas, Knob::CallTimeout, Knob::Breaker],
    },
    Chapter {
        id: "serverless",
        title: "3. Serverless",
        archs: &[Architecture::Serverless],
        panels: &[Panel::TraceLogs],
        narration: &[
            "You hand the provider functions; an API gateway maps each HTTP route to one, and the provider runs them in short-lived containers it manages.",
            "An instance that has just served a request stays warm for a while; after that the next call pays a cold start. Scaling is automatic but capped, a single run may last at most 15 minutes, and you pay only while code runs.",
            "The cap shown first is the one the article describes, AWS's until November 2023: a burst of 500 new environments for the whole account, then 500 more a minute. Today each function may add 1,000 every 10 seconds; switch the scaling model to compare them under the same flash crowd.",
        ],
        actions: &[TryAction::Idle(900), TryAction::Spike(400), TryAction::ToggleScaling, TryAction::Provisioned(10), TryAction::Asynchronous("export")],
        claims: &[Claim::S1, Claim::S2, Claim::S3, Claim::S4, Claim::S5, Claim::S6, Claim::S7, Claim::S8, Claim::S9],
        scenario: serverless_scenario,
        script: &[
            Beat { say: "API Gateway maps each route to a function; instances start on demand.", steps: &[Step::Highlight("API Gateway"), Step::RunTo(60.0)], shows: Evidence::ColdStarts, ask: None },
            Beat { say: "Fifteen quiet minutes: idle instances expire.", steps: &[Step::Do(TryAction::Idle(900)), Step::RunTo(900.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "Traffic returns and pays cold starts.", steps: &[Step::RunTo(1000.0)], shows: Evidence::ColdStarts, ask: Some(Question { prompt: "Traffic returns after fifteen quiet minutes. What do the first requests meet?", choices: &["Warm instances, as before", "Cold starts", "Throttling (429)"], answer: 1 }) },
            Beat { say: "Under the legacy burst limit, a flash crowd is throttled.", steps: &[Step::Do(TryAction::Spike(400)), Step::RunTo(1050.0)], shows: Evidence::Throttles, ask: Some(Question { prompt: "A crowd 400 times the traffic arrives, under the legacy burst limit. What happens?", choices: &["Every request is served", "Some are throttled (429)", "Every request fails"], answer: 1 }) },
        ],
        chart: ChartKind::Latency,
        knobs: &[
            Knob::Rate,
            Knob::KeepAlive,
            Knob::Memory,
            Knob::Provisioned,
            Knob::ScalingModel,
        ],
    },
    Chapter {
        id: "which",
        title: "4. Which to use",
        archs: &[Architecture::Serverless, Architecture::Microservices],
        panels: &[Panel::BreakEven, Panel::Comparison],
        narration: &[
            "Light, bursty work such as database calls favours functions: nothing runs, and nothing is paid for, while no one calls.",
            "Steady heavy processing and strict millisecond latency favour containers that are always up. Provisioned concurrency removes cold starts, but you then pay for idle capacity again.",
            "Database access is light only while the database keeps up: every function instance opens its own connection to a relational database, and a flash crowd can open more than it allows. A proxy that pools connections fixes that, for an hourly price.",
        ],
        actions: &[TryAction::Spike(400), TryAction::Provisioned(5), TryAction::Postgres, TryAction::RdsProxy],
        claims: &[Claim::W1, Claim::W2, Claim::W3],
        scenario: which_scenario,
        script: &[
            Beat { say: "Functions and containers serve the same requests; the break-even below says which is cheaper at which rate.", steps: &[Step::RunTo(60.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "The functions keep their data in PostgreSQL, each environment with its own connection, and a flash crowd arrives.", steps: &[Step::Do(TryAction::Postgres), Step::Do(TryAction::Spike(400)), Step::RunTo(120.0)], shows: Evidence::Failures, ask: Some(Question { prompt: "A flash crowd reaches functions that each open their own PostgreSQL connection. What gives way first?", choices: &["Nothing: functions scale", "The database's connections", "API Gateway"], answer: 1 }) },
            Beat { say: "The same crowd with RDS Proxy pooling the connections: every function gets its data, while the containers' queues overflow until new pods are up.", steps: &[Step::Do(TryAction::RdsProxy), Step::RunTo(180.0)], shows: Evidence::Failures, ask: None },
            Beat { say: "Five environments kept warm: fewer cold starts, paid for by the hour.", steps: &[Step::Do(TryAction::Provisioned(5)), Step::RunTo(240.0)], shows: Evidence::Picture, ask: None },
        ],
        chart: ChartKind::Cost,
        knobs: &[Knob::Rate, Knob::Provisioned, Knob::KeepAlive],
    },
    Chapter {
        id: "hybrid",
        title: "5. Hybrid",
        archs: &[Architecture::Hybrid],
        panels: &[Panel::Comparison],
        narration: &[
            "Nothing forces one choice: heavy jobs can go to a container pool while light calls run as functions behind the same gateway.",
            "Here reports, the heavy kind, run in containers; browsing and checkout run as functions.",
        ],
        actions: &[TryAction::Spike(10), TryAction::Idle(900)],
        claims: &[Claim::W4],
        scenario: hybrid_scenario,
        script: &[
            Beat { say: "Reports run in a container pool; browse and checkout run as functions behind the same gateway.", steps: &[Step::RunTo(60.0)], shows: Evidence::ColdStarts, ask: None },
            Beat { say: "Fifteen quiet minutes: the functions' instances expire, the container pool stays up and is paid for.", steps: &[Step::Do(TryAction::Idle(900)), Step::RunTo(900.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "Traffic returns: the functions pay cold starts, the pool's reports do not.", steps: &[Step::RunTo(1000.0)], shows: Evidence::ColdStarts, ask: None },
            Beat { say: "A spike ten times the traffic: functions scale out at once; the pool adds containers more slowly, and its queue overflows meanwhile.", steps: &[Step::Do(TryAction::Spike(10)), Step::RunTo(1120.0)], shows: Evidence::ColdStarts, ask: None },
        ],
        chart: ChartKind::Cost,
        knobs: &[Knob::Rate, Knob::KeepAlive],
    },
    Chapter {
        id: "side-by-side",
        title: "6. Side by side",
        archs: &Architecture::ALL,
        panels: &[Panel::Comparison],
        narration: &["The same requests, drawn from the same seed, through all four architectures at once."],
        actions: &[TryAction::Bug("payments"), TryAction::Spike(10), TryAction::Deploy("*")],
        claims: &[Claim::M3, Claim::U3, Claim::S5, Claim::W4],
        scenario: side_by_side_scenario,
        script: &[
            Beat { say: "The same requests, drawn from the same seed, go through all four architectures.", steps: &[Step::RunTo(60.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "Payments crashes: the monolith loses every endpoint, the others only what needs payments.", steps: &[Step::Do(TryAction::Bug("payments")), Step::RunTo(150.0)], shows: Evidence::Failures, ask: None },
            Beat { say: "A spike ten times the traffic, everywhere at once: functions start cold, and the monolith's and the containers' queues overflow.", steps: &[Step::Do(TryAction::Spike(10)), Step::RunTo(300.0)], shows: Evidence::ColdStarts, ask: None },
            Beat { say: "A new version of everything: the monolith restarts whole, the services roll pod by pod.", steps: &[Step::Do(TryAction::Deploy("*")), Step::RunTo(420.0)], shows: Evidence::Failures, ask: None },
        ],
        chart: ChartKind::Latency,
        knobs: &[Knob::Rate],
    },
    Chapter {
        id: "your-traffic",
        title: "7. Your traffic",
        archs: &Architecture::ALL,
        panels: &[Panel::Traffic, Panel::Comparison, Panel::BreakEven, Panel::Export],
        narration: &[
            "Which architecture suits a system depends on the shape of its traffic: how high its peaks are, how long its quiet hours last, how fast it jumps. Here you bring that shape.",
            "Drop a file of request counts per interval (exported from CloudWatch or Prometheus, or a plain CSV), paste it, or pick one of the synthetic examples. The same requests then go through all four architectures, and the table and the claims below answer for that traffic. Nothing leaves your browser.",
        ],
        actions: &[],
        claims: &[Claim::S5, Claim::W1, Claim::W3],
        scenario: TRAFFIC_CHAPTER_SCENARIO,
        script: &[
            Beat { say: "Each dot is a request of the traffic loaded here, the same ones through all four architectures.", steps: &[Step::RunTo(300.0)], shows: Evidence::ColdStarts, ask: None },
            Beat { say: "The table and the claims below answer for this traffic, and change with it.", steps: &[Step::RunTo(600.0)], shows: Evidence::Picture, ask: None },
        ],
        chart: ChartKind::Cost,
        knobs: &[],
    },
    Chapter {
        id: PLAYGROUND,
        title: "8. Playground",
        archs: &[],
        panels: &[Panel::Editor, Panel::Export, Panel::Comparison, Panel::BreakEven],
        narration: &[
            "Every setting of the simulation is here: the traffic and its shape, each architecture's sizing, limits and prices, faults and deploys on a timeline.",
            "Edit the scenario and apply it; a value out of range is named, replaced by its default, and the rest of your edit is kept.",
        ],
        actions: &[TryAction::Spike(10), TryAction::Bug("payments"), TryAction::Deploy("*"), TryAction::Idle(900)],
        claims: &[Claim::S5, Claim::W3, Claim::W4],
        scenario: side_by_side_scenario,
        script: &[
            Beat { say: "Whatever you set up in the playground runs through every architecture it lists.", steps: &[Step::RunTo(60.0)], shows: Evidence::Picture, ask: None },
            Beat { say: "A spike ten times the traffic.", steps: &[Step::Do(TryAction::Spike(10)), Step::RunTo(210.0)], shows: Evidence::ColdStarts, ask: None },
            Beat { say: "Payments crashes for a minute.", steps: &[Step::Do(TryAction::Bug("payments")), Step::RunTo(300.0)], shows: Evidence::Failures, ask: None },
        ],
        chart: ChartKind::Latency,
        knobs: &[],
    },
];

/// Chapters are identified by their id.
impl PartialEq for Chapter {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl std::fmt::Debug for Chapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Chapter({})", self.id)
    }
}

pub fn chapter(id: &str) -> Option<&'static Chapter> {
    CHAPTERS.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serverless_spike_is_throttled_on_its_own_and_todays_scaling_takes_it() {
        use crate::engine::metrics::FailureCause::Throttled;
        use crate::engine::scenario::Architecture::Serverless;
        // A flash crowd at 2:00, judged at 4:00, without and with the switch taken first.
        let judged = |switched: bool| {
            let mut sc = (chapter("serverless").expect("a chapter").scenario)();
            sc.duration_s = 240.0;
            if switched {
                TryAction::ToggleScaling.apply(&mut sc, 60.0);
            }
            TryAction::Spike(400).apply(&mut sc, 120.0);
            let (_, r) = crate::engine::report::run_scenario(&sc);
            let throttled = r.architectures[&Serverless].failed[&Throttled];
            (
                throttled,
                crate::explainer::verdicts::verdict(Claim::S6, &sc, &r, 240.0),
            )
        };
        let (throttled, legacy) = judged(false);
        assert!(
            throttled > 1000,
            "{throttled} throttled: {}",
            legacy.finding
        );
        assert_eq!(legacy.holds, Some(true), "{}", legacy.finding);
        assert!(
            legacy.finding.contains("legacy burst of 500"),
            "{}",
            legacy.finding
        );
        let (throttled, today) = judged(true);
        assert_eq!(throttled, 0, "{}", today.finding);
        assert_eq!(today.holds, Some(false), "{}", today.finding);
        assert!(today.finding.contains("today's"), "{}", today.finding);
    }
    use crate::engine::workload::ArrivalStream;

    #[test]
    fn an_action_in_a_ten_year_run_starts_on_a_block_boundary_and_keeps_the_past() {
        let mut sc = Scenario {
            duration_s: 315_360_000.0,
            ..Scenario::default()
        };
        sc.workload.rate_per_s = 0.05;
        let block = sc.arrival_block_s();
        assert_eq!(block, 316.0);
        let before = sc.clone();
        TryAction::Spike(10).apply(&mut sc, 1000.5);
        let RateShape::Spike { at_s, .. } = sc.workload.shape[0] else {
            panic!("{:?}", sc.workload.shape)
        };
        assert_eq!(at_s, 1264.0, "the next boundary after 1000.5 s");
        let arrivals = |sc: &Scenario| {
            let mut s = ArrivalStream::new(&sc.workload, sc.seed, block);
            std::iter::from_fn(|| s.next_before(at_s))
                .map(|r| r.arrival)
                .collect::<Vec<_>>()
        };
        let past = arrivals(&before);
        assert!(past.len() > 20);
        assert_eq!(arrivals(&sc), past);
    }

    #[test]
    fn every_chapter_scenario_is_valid_and_lists_its_diagrams() {
        for c in CHAPTERS {
            let sc = (c.scenario)();
            assert_eq!(sc.validate(), Ok(()), "{}", c.id);
            for a in c.archs {
                assert!(
                    sc.architectures.contains(a),
                    "{}: {a:?} is drawn but not simulated",
                    c.id
                );
            }
            for action in c.actions {
                let mut s = sc.clone();
                action.apply(&mut s, 100.0);
                assert_eq!(s.validate(), Ok(()), "{}: {:?}", c.id, action);
                assert_ne!(s, sc, "{:?} changes the scenario", action);
            }
        }
    }

    #[test]
    fn scripts_move_forward_and_keep_the_scenario_valid() {
        for c in CHAPTERS {
            let mut sc = (c.scenario)();
            let mut t = 0.0;
            for beat in c.script {
                for step in beat.steps {
                    match *step {
                        Step::RunTo(to) => {
                            assert!(to > t && to <= sc.duration_s, "{}: runs back to {to}", c.id);
                            t = to;
                        }
                        Step::Do(action) => action.apply(&mut sc, t),
                        Step::Highlight(label) => {
                            let sys = crate::engine::system::System::new(
                                c.archs.first().copied().unwrap_or(Architecture::Monolith),
                                &sc,
                            );
                            assert!(
                                sys.topology.nodes.iter().any(|n| n.label == label),
                                "{}: no node {label}",
                                c.id
                            );
                        }
                    }
                }
            }
            assert_eq!(sc.validate(), Ok(()), "{}", c.id);
        }
        assert!(CHAPTERS.iter().filter(|c| !c.script.is_empty()).count() >= 3);
    }

    /// What a reader sees of `claims` at `t` in `sc`, as the page computes it.
    fn findings_at(sc: &Scenario, t: f64, claims: &[Claim]) -> Vec<(Claim, String, Option<bool>)> {
        let mut session = crate::explainer::session::Session::new(sc.clone());
        session.seek(t);
        while !session.work(u64::MAX) {}
        let report = session.report();
        claims
            .iter()
            .map(|&c| {
                let v = crate::explainer::verdicts::verdict(c, &session.scenario, &report, t);
                (c, v.finding, v.holds)
            })
            .collect()
    }

    #[test]
    fn every_action_changes_the_findings_it_names_and_gives_them_a_verdict() {
        // Taken one second in, as a reader who clicks at once would, and read once it has played
        // out, against the same run without it at the same time (both with the action it is
        // shown with, if any). Every claim named must change and be decided, never left at "try
        // it" with its event on screen; a claim with two halves (W3: cold starts, then what
        // removing them costs) may wait for the chapter's other action that moves it, and in the
        // playground, which has none, for the edit its finding asks for.
        let mut wrong = Vec::new();
        for c in CHAPTERS {
            for &action in c.actions {
                let shown: Vec<Claim> = action
                    .moves()
                    .iter()
                    .copied()
                    .filter(|m| c.claims.contains(m))
                    .collect();
                assert!(
                    !shown.is_empty(),
                    "{}: {action:?} moves none of the chapter's claims",
                    c.id
                );
                let mut without = (c.scenario)();
                if let Some(first) = action.shown_with() {
                    first.apply(&mut without, 1.0);
                }
                let mut with = without.clone();
                action.apply(&mut with, 1.0);
                // Monthly figures need MONTHLY_AFTER_S of the run first.
                let t = (1.0 + action.shows_after_s())
                    .max(crate::explainer::verdicts::MONTHLY_AFTER_S + 1.0);
                let before = findings_at(&without, t, &shown);
                let after = findings_at(&with, t, &shown);
                for ((claim, was, _), (_, is, _)) in before.iter().zip(&after) {
                    if was == is {
                        wrong.push(format!(
                            "{}: {action:?} left {claim:?} unchanged at {t} s: {is}",
                            c.id
                        ));
                    }
                }
                for (claim, finding, _) in after.iter().filter(|(_, _, holds)| holds.is_none()) {
                    let others: Vec<TryAction> = c
                        .actions
                        .iter()
                        .copied()
                        .filter(|&b| b != action && b.moves().contains(claim))
                        .collect();
                    let mut both = with.clone();
                    for b in &others {
                        b.apply(&mut both, 1.0);
                    }
                    let waits_for_an_edit = others.is_empty() && c.id == PLAYGROUND;
                    if !waits_for_an_edit && findings_at(&both, t, &[*claim])[0].2.is_none() {
                        wrong.push(format!(
                            "{}: {action:?} left {claim:?} undecided at {t} s: {finding}",
                            c.id
                        ));
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn timeline_actions_leave_the_past_alone() {
        let sc = side_by_side_scenario();
        let mut s = sc.clone();
        TryAction::Bug("payments").apply(&mut s, 100.2);
        match &s.events[0] {
            TimelineEvent::Bug { at_s, .. } => assert!(*at_s > 100.2),
            e => panic!("{e:?}"),
        }
    }
}
