//! A verdict for each of the article's claims, computed from the run on screen: the claim in our
//! own words, what the simulation shows with numbers, and whether it holds here. Nothing is
//! written in advance; a claim that needs an event not yet triggered says which action shows it.

use super::break_even::{break_even, Shape};
use super::format::{compact, ms, percent, usd};
use crate::engine::metrics::FailureCause;
use crate::engine::models::function_store::StoreEngine;
use crate::engine::models::scaling_limit::ScalingModel;
use crate::engine::report::{ArchReport, Report};
use crate::engine::scenario::{Architecture, Scenario};
use crate::engine::timeline::{BugEffect, TimelineEvent};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    M1,
    M2,
    M3,
    M4,
    U1,
    U2,
    U3,
    U4,
    S1,
    S2,
    S3,
    S4,
    S5,
    S6,
    S7,
    S8,
    S9,
    W1,
    W2,
    W3,
    W4,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub claim: Claim,
    /// The article's point, in our words.
    pub statement: &'static str,
    /// What this run shows, with numbers.
    pub finding: String,
    /// Some(true) holds here, Some(false) does not, None not shown yet.
    pub holds: Option<bool>,
}

impl Claim {
    pub fn statement(self) -> &'static str {
        match self {
            Claim::M1 => "A monolith is one application on one server, often with its database on the same machine.",
            Claim::M2 => "Any change means redeploying the whole application.",
            Claim::M3 => "One small bug can break the whole system.",
            Claim::M4 => "A monolith scales only as one block.",
            Claim::U1 => "Microservices are small services with one concern each, their own data, and a REST interface.",
            Claim::U2 => "They run in containers managed by an orchestrator such as Kubernetes.",
            Claim::U3 => "A broken service breaks only itself; the rest keeps working.",
            Claim::U4 => "Many containers cost memory, and one request's logs are scattered over services.",
            Claim::S1 => "You write the code; the provider runs it in containers it manages.",
            Claim::S2 => "An invocation loads an instance, runs it, and it stops afterwards.",
            Claim::S3 => "Instances stay cached for a while; after that the next call is a cold start.",
            Claim::S4 => "An API gateway maps HTTP routes to functions that work on data stores.",
            Claim::S5 => "You pay only for execution time, while a cluster costs money all the time.",
            Claim::S6 => "The provider scales for you, within per-region concurrency limits.",
            Claim::S7 => "A function may run for at most about 15 minutes.",
            Claim::S8 => "Cold starts make the first call after idle seconds slower.",
            Claim::S9 => "Serverless code is harder to test and debug locally.",
            Claim::W1 => "Light tasks such as database access suit serverless.",
            Claim::W2 => "Heavy, long-running processing suits microservices.",
            Claim::W3 => "Reliable millisecond responses favour containers; provisioned concurrency usually costs more.",
            Claim::W4 => "A hybrid can do heavy lifting in containers and simple tasks as functions.",
        }
    }
}

fn has_bug(sc: &Scenario, now: f64, want: fn(&BugEffect) -> bool) -> Option<&str> {
    sc.events.iter().find_map(|e| match e {
        TimelineEvent::Bug {
            at_s,
            target,
            effect,
            ..
        } if *at_s <= now && want(effect) => Some(target.as_str()),
        _ => None,
    })
}

/// The one module a release has gone out for alone, if any has by `now`.
fn deployed_alone(sc: &Scenario, now: f64) -> Option<&str> {
    sc.events.iter().find_map(|e| match e {
        TimelineEvent::Deploy { at_s, target } if *at_s <= now && target != "*" => {
            Some(target.as_str())
        }
        _ => None,
    })
}

fn has_deploy(sc: &Scenario, now: f64) -> bool {
    sc.events
        .iter()
        .any(|e| matches!(e, TimelineEvent::Deploy { at_s, .. } if *at_s <= now))
}

/// Share of the monolith's CPU demand that its busiest module accounts for: each kind's work is
/// split evenly over the modules it touches.
fn busiest_module_share(sc: &Scenario) -> (String, f64) {
    let modules = sc.workload.modules();
    let mut demand = vec![0.0; modules.len()];
    for k in &sc.workload.kinds {
        let parts = k.modules.len().max(1) as f64;
        for m in &k.modules {
            if let Some(i) = modules.iter().position(|x| x == m) {
                demand[i] += k.share * (k.work.mean() + k.db.mean()) / parts;
            }
        }
    }
    let total: f64 = demand.iter().sum();
    demand
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, d)| {
            (
                modules[i].clone(),
                if total > 0.0 { d / total } else { 0.0 },
            )
        })
        .unwrap_or_default()
}

/// How calls between services are protected, in words.
fn protection(sc: &Scenario) -> String {
    let c = &sc.microservices.calls;
    if !c.is_protected() {
        return "calls that have no timeout and no breaker".into();
    }
    let mut parts = Vec::new();
    if c.timeout_s > 0.0 {
        parts.push(format!("a {} s timeout", c.timeout_s));
    }
    if c.retries > 0 {
        parts.push(format!("{} retry", c.retries));
    }
    if c.breaker.enabled {
        parts.push("a circuit breaker".into());
    }
    format!("calls that have {}", parts.join(", "))
}

/// Requests of kinds that do not touch `module` that failed anyway, and how many there were.
fn bystanders(sc: &Scenario, r: &ArchReport, module: &str) -> (u64, u64) {
    sc.workload
        .kinds
        .iter()
        .filter(|k| !k.modules.iter().any(|m| m == module))
        .map(|k| {
            (
                r.failed_by_kind.get(&k.name).copied().unwrap_or(0),
                r.requests_by_kind.get(&k.name).copied().unwrap_or(0),
            )
        })
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// Simulated time of steady traffic before a run's bill is scaled to a month. Sooner, a minute of
/// warm-up would stand for the whole month; a spike is left out of the month in any case (see
/// `ArchReport::month_basis_s`).
pub const MONTHLY_AFTER_S: f64 = 300.0;

/// The seconds of the run the monthly figures are scaled from: the run so far, or its steady part
/// when a spike was left out (the least of the architectures').
fn month_basis_s(r: &Report, now: f64) -> f64 {
    r.architectures
        .values()
        .filter_map(|a| a.month_basis_s)
        .fold(now, f64::min)
}

/// Whether the run at `now` has enough steady traffic to scale its bill to a month: the claims
/// and the side-by-side table ask the same question here.
pub fn monthly_supported(r: &Report, now: f64) -> bool {
    month_basis_s(r, now) >= MONTHLY_AFTER_S
}

/// What a claim about monthly cost says until there is enough of the run to scale up.
fn month_not_yet(r: &Report, now: f64) -> Option<String> {
    let missing_s = MONTHLY_AFTER_S - month_basis_s(r, now);
    (missing_s > 0.0).then(|| {
        let minutes = (missing_s / 60.0).ceil().max(1.0);
        format!(
            "Not enough data yet for a monthly cost: {minutes:.0} more simulated minute{} of steady traffic first; spikes are left out.",
            if minutes > 1.0 { "s" } else { "" }
        )
    })
}

fn spikes_left_out(r: &Report) -> bool {
    r.architectures.values().any(|a| a.month_basis_s.is_some())
}

/// How a monthly figure was reached, said once per finding that gives one.
fn month_basis(r: &Report) -> &'static str {
    if spikes_left_out(r) {
        "(the run's steady traffic scaled to a month, its spikes left out)"
    } else {
        "(the run so far, scaled to a month)"
    }
}

/// The kinds of request whose work runs a minute or more, named so that a chapter whose bill they
/// dominate says so (the serverless chapter's export job).
fn long_jobs(sc: &Scenario) -> String {
    let total: f64 = sc.workload.kinds.iter().map(|k| k.share).sum();
    let jobs: Vec<String> = sc
        .workload
        .kinds
        .iter()
        .filter(|k| k.work.mean() >= 60.0)
        .map(|k| {
            format!(
                "the {} job ({:.0} minutes on average, {} of requests)",
                k.name,
                k.work.mean() / 60.0,
                percent(k.share / total)
            )
        })
        .collect();
    if jobs.is_empty() {
        String::new()
    } else {
        format!(
            " This traffic includes {}, billed for every second it runs.",
            jobs.join(" and ")
        )
    }
}

pub fn verdict(claim: Claim, sc: &Scenario, r: &Report, now: f64) -> Verdict {
    let get = |k: Architecture| r.architectures.get(&k);
    let early = month_not_yet(r, now);
    let month = month_basis(r);
    let (finding, holds): (String, Option<bool>) = match claim {
        Claim::M1 => match get(Architecture::Monolith) {
            Some(m) => {
                let machine = sc.prices.machine(&sc.monolith.machine).map_or(0, |m| m.vcpu);
                let total: f64 = sc.workload.kinds.iter().map(|k| k.share).sum();
                let db: f64 = sc.workload.kinds.iter().map(|k| k.share * k.db.mean()).sum::<f64>() / total;
                let cpu: f64 = sc.workload.kinds.iter().map(|k| k.share * k.work.mean()).sum::<f64>() / total;
                (
                    format!("App and database share {machine} vCPUs on one {}; database work is {} of each request's CPU time, and the workers are {} busy.", sc.monolith.machine, percent(db / (db + cpu)), percent(m.utilisation)),
                    Some(sc.monolith.db_on_same_machine),
                )
            }
            None => ("The monolith is not simulated in this chapter.".into(), None),
        },
        Claim::M2 => match (get(Architecture::Monolith), has_deploy(sc, now)) {
            (Some(m), true) => (
                format!("The deploy restarted everything: {} requests across all endpoints got 503 while it came back.", m.failed[&FailureCause::Unavailable]),
                Some(m.failed[&FailureCause::Unavailable] > 0),
            ),
            _ => ("Press \u{201c}Deploy a new version\u{201d} to see a release restart the whole app.".into(), None),
        },
        Claim::M3 => {
            let crash = has_bug(sc, now, |e| matches!(e, BugEffect::Crash));
            let slow = has_bug(sc, now, |e| matches!(e, BugEffect::SlowDb { .. }));
            let exception = has_bug(sc, now, |e| matches!(e, BugEffect::Exception));
            match (get(Architecture::Monolith), crash.or(slow).or(exception)) {
                (Some(m), Some(module)) => {
                    let (failed, of) = bystanders(sc, m, module);
                    let finding = if crash == Some(module) {
                        format!("A crash in {module} killed the process: {failed} of {of} requests that never use {module} failed too.")
                    } else if slow == Some(module) {
                        format!("Slow {module} queries ran on the database every module shares, on the same machine: {failed} of {of} requests that never use {module} failed too ({} of all requests turned away with every worker busy, {} with no pooled connection within {} s).", m.failed[&FailureCause::Overflow], m.failed[&FailureCause::NoDbConnection], sc.monolith.db_connection_timeout_s)
                    } else {
                        format!("An exception in {module} failed {} of its own requests and {failed} of {of} others: the process lived on, so this bug did not break the whole system.", m.failed[&FailureCause::Exception])
                    };
                    (finding, Some(failed > 0))
                }
                _ => ("Crash one module, make it throw or slow its database, to see what happens to the endpoints that do not use it.".into(), None),
            }
        }
        Claim::M4 => match get(Architecture::Monolith) {
            Some(m) => {
                let (module, share) = busiest_module_share(sc);
                let pressed = m.failed[&FailureCause::Overflow] > 0 || m.utilisation >= 0.8;
                let per_copy = usd(m.cost_per_month_usd / sc.monolith.copies.max(1) as f64);
                if !pressed {
                    (format!("{} x {} with its workers {} busy has room to spare; press the spike to need more.", sc.monolith.copies, sc.monolith.machine, percent(m.utilisation)), None)
                } else {
                    (format!("Out of room ({} of workers busy, {} turned away): the only step is another whole copy, {per_copy} a month, though {module}, the busiest module, needs {} of the work.", percent(m.utilisation), m.failed[&FailureCause::Overflow], percent(share)), Some(share < 0.9))
                }
            }
            None => ("The monolith is not simulated in this chapter.".into(), None),
        },
        Claim::U1 => match (get(Architecture::Microservices), get(Architecture::Monolith)) {
            (Some(u), Some(m)) if u.completed > 0 && m.completed > 0 => {
                let services = sc.workload.kinds.iter().map(|k| k.modules.len()).max().unwrap_or(1);
                (
                    format!("Median {} through the gateway and up to {services} services, each call a network hop of {} each way, against {} in one process (success {} and {}).", ms(u.latency_ms.p50), ms(sc.microservices.network_hop_ms), ms(m.latency_ms.p50), percent(u.success_rate), percent(m.success_rate)),
                    Some(u.latency_ms.p50 > m.latency_ms.p50),
                )
            }
            (Some(_), _) => ("Compare with the monolith: the hops' cost shows beside it.".into(), None),
            _ => ("Microservices are not simulated in this chapter.".into(), None),
        },
        Claim::U2 => match get(Architecture::Microservices) {
            // The orchestrator shows itself when it starts pods: scaling out or rolling a release.
            Some(u) if u.avg_starting > 0.0 => (format!("Kubernetes ran {:.1} pods on average and started more as the run needed them ({:.1} starting on average), service by service.", u.avg_running, u.avg_starting), Some(true)),
            Some(u) => (format!("The cluster ran {:.1} pods on average and the orchestrator has had nothing to start yet; a spike or a release shows it at work.", u.avg_running), None),
            None => ("Microservices are not simulated in this chapter.".into(), None),
        },
        Claim::U3 => {
            let broken = has_bug(sc, now, |e| !matches!(e, BugEffect::Leak { .. }));
            match (get(Architecture::Microservices), broken, deployed_alone(sc, now)) {
                // A release of one service: the others keep running, and its own pods are
                // replaced one at a time, so nobody should be turned away.
                (Some(u), None, Some(module)) => {
                    let (bystanders_failed, _) = bystanders(sc, u, module);
                    let refused = u.failed[&FailureCause::Unavailable];
                    (format!("{module} shipped a new version alone, pod by pod, while the other services ran on: {refused} requests were turned away during the release, and {bystanders_failed} requests that do not use {module} failed."), Some(refused == 0 && bystanders_failed == 0))
                }
                (Some(u), Some(module), _) => {
                    let (failed, of) = bystanders(sc, u, module);
                    let rate = if of > 0 { failed as f64 / of as f64 } else { 0.0 };
                    let how = protection(sc);
                    if rate < 0.001 {
                        (format!("With {module} broken and {how}, {failed} of {of} requests that do not need it failed: the rest kept working."), Some(true))
                    } else {
                        (format!("With {module} broken and {how}, {failed} of {of} requests that never call it failed too ({}): their services waited on it, holding their threads.", percent(rate)), Some(false))
                    }
                }
                _ => ("Break one service (crash it, or slow its database), or deploy one alone, to see whether the others keep working.".into(), None),
            }
        }
        Claim::U4 => match (get(Architecture::Microservices), get(Architecture::Monolith)) {
            (Some(u), Some(m)) => (
                format!("Containers reserve {:.0} MB against {:.0} MB for the monolith ({:.1}x).", u.avg_memory_mb, m.avg_memory_mb, u.avg_memory_mb / m.avg_memory_mb.max(1.0)),
                Some(u.avg_memory_mb > m.avg_memory_mb),
            ),
            _ => ("Compare with the monolith in the side-by-side chapter.".into(), None),
        },
        // Whoever starts the instances, on demand or provisioned ahead, the provider runs them: in
        // this model that cannot be otherwise, so it is described, not judged.
        Claim::S1 => match get(Architecture::Serverless) {
            Some(s) if s.requests > 0 => (format!("The platform ran {:.1} instances on average ({} started on demand, {} per function provisioned ahead), {:.1} of them working; none was yours to manage.", s.avg_instances, s.cold_starts, sc.serverless.provisioned, s.avg_running), None),
            Some(_) => ("No request has reached a function yet.".into(), None),
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        // Loading an instance for an invocation is what a cold start is; provisioned ones are
        // loaded ahead.
        Claim::S2 => match get(Architecture::Serverless) {
            Some(s) => (format!("The platform started {} instances on demand and kept {:.1} alive on average, {:.1} of them working.", s.cold_starts, s.avg_instances, s.avg_running), Some(s.cold_starts > 0)),
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        Claim::S3 | Claim::S8 => match get(Architecture::Serverless) {
            Some(s) => (
                format!("{} cold starts ({} of calls) with a {} s keep-alive; p99 latency {} against a median of {}.", s.cold_starts, percent(s.cold_start_probability.unwrap_or(0.0)), sc.serverless.keep_alive_s, ms(s.latency_ms.p99), ms(s.latency_ms.p50)),
                Some(s.cold_starts > 0 && s.latency_ms.p99 > s.latency_ms.p50),
            ),
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        Claim::S4 => match get(Architecture::Serverless) {
            Some(s) if s.requests > 0 => {
                let throttled = s.failed[&FailureCause::Throttled];
                let routes = sc.workload.kinds.len();
                (
                    format!("API Gateway took {} requests on {routes} routes, one function each, and refused {throttled} at its limits.", s.requests),
                    Some(s.completed > 0 && (throttled as f64) < 0.5 * s.requests as f64),
                )
            }
            Some(_) => ("No request has reached the gateway yet.".into(), None),
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        Claim::W1 => match (get(Architecture::Serverless), get(Architecture::Microservices)) {
            (Some(s), Some(u)) => {
                // Database access is only light for functions while the database keeps up with
                // how many of them connect.
                let store = &sc.serverless.data_store;
                let refused = s.failed[&FailureCause::NoDbConnection];
                let costs = format!("functions cost {} a month against {} for the cluster", usd(s.cost_per_month_usd), usd(u.cost_per_month_usd));
                if refused > 0 {
                    let proxy = if store.proxy { "RDS Proxy's" } else { "PostgreSQL's" };
                    (format!("{refused} function requests found no database connection ({proxy} {} ran out; {} succeeded), while the containers' fixed pools refused {} ({} succeeded): {costs}.", store.max_connections, percent(s.success_rate), u.failed[&FailureCause::NoDbConnection], percent(u.success_rate)), Some(false))
                } else {
                    let how = match (store.engine, store.proxy) {
                        (StoreEngine::Table, _) => "Querying a table, which has no connections to run out of".to_string(),
                        (StoreEngine::Relational, false) => format!("Each environment held one of PostgreSQL's {} connections and none was refused (a spike can use them up)", store.max_connections),
                        (StoreEngine::Relational, true) => format!("RDS Proxy lent its {} connections one query at a time and none was refused", store.max_connections),
                    };
                    match early {
                        Some(wait) => (format!("{how}. {wait}"), None),
                        None => (format!("{how}; {costs} {}.", month), Some(s.cost_per_month_usd < u.cost_per_month_usd)),
                    }
                }
            }
            _ => ("Compare with microservices in the \u{201c}Which to use\u{201d} chapter.".into(), None),
        },
        Claim::S5 => match (get(Architecture::Serverless), get(Architecture::Microservices)) {
            (Some(_), Some(_)) if early.is_some() => (early.unwrap_or_default(), None),
            (Some(s), Some(u)) => {
                // A recorded series has no one rate: name its mean.
                let rate = match sc.workload.series() {
                    Some(_) => format!("At your traffic (a mean of {} requests/s)", compact(sc.workload.mean_rate(sc.duration_s))),
                    None => format!("At {} requests/s", sc.workload.rate_per_s),
                };
                (
                    format!(
                        "{rate} functions cost {} a month against {} for the cluster {}; {}.{}",
                        usd(s.cost_per_month_usd),
                        usd(u.cost_per_month_usd),
                        month,
                        match (Shape::of(sc), break_even(sc, 100_000.0)) {
                            (Some(shape), _) => match shape.break_even_multiple(sc, 1000.0) {
                                Some(m) => format!("with this traffic's shape they break even at about {} times it", compact(m)),
                                None => "with this traffic's shape functions stay cheaper up to 1,000 times it".into(),
                            },
                            (None, Some(r)) => format!("at steady traffic they break even at about {r:.0} requests/s"),
                            (None, None) => "functions stay cheaper up to 100,000 requests/s".into(),
                        },
                        long_jobs(sc),
                    ),
                    Some(s.cost_per_month_usd < u.cost_per_month_usd),
                )
            }
            _ => ("Compare with microservices in the \u{201c}Which to use\u{201d} chapter.".into(), None),
        },
        Claim::S6 => match get(Architecture::Serverless) {
            Some(s) => {
                let legacy = sc.serverless.scaling_model == ScalingModel::LegacyBurst;
                let model = if legacy {
                    format!("the legacy burst of {} for the whole account, then 500 more a minute", sc.serverless.legacy_burst)
                } else {
                    "today's 1,000 new environments per function every 10 s, refilled continuously".into()
                };
                let throttled = s.failed[&FailureCause::Throttled];
                let most_burst = 3000;
                if throttled > 0 {
                    (format!("The platform scaled on its own to {:.1} instances on average, and {throttled} requests got a 429: it creates environments no faster than {model}, within an account limit of {} at once.", s.avg_instances, sc.serverless.account_limit), Some(true))
                } else if !legacy && s.cold_starts > most_burst {
                    (format!("Under {model}, the platform started {} environments and throttled none: more than the article's 500 to 3,000, which was the legacy burst.", s.cold_starts), Some(false))
                } else {
                    (format!("The platform scaled on its own ({:.1} instances on average, {} started) and never reached {model}; a spike shows the limit.", s.avg_instances, s.cold_starts), None)
                }
            }
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        Claim::S7 | Claim::W2 => {
            // Only a workload with jobs of the limit's order can show it.
            let long = sc.workload.kinds.iter().filter(|k| k.work.mean() >= sc.serverless.timeout_s / 10.0).map(|k| k.name.as_str()).collect::<Vec<_>>();
            match (get(Architecture::Serverless), long.is_empty()) {
                (Some(_), true) => (format!("No request kind here runs anywhere near the {} s limit; the serverless chapter adds a long export job.", sc.serverless.timeout_s), None),
                (Some(s), false) => {
                    // Called through API Gateway, a long job's client gets a 504 at the gateway's
                    // integration timeout, long before the function's own limit; queued as an
                    // asynchronous job it gets 202 at once and the job runs to that limit.
                    let jobs = s.async_jobs.as_ref().filter(|j| j.started > 0);
                    let killed = s.failed[&FailureCause::TimedOut] + jobs.map_or(0, |j| j.killed);
                    let cut = s.failed[&FailureCause::GatewayTimeout];
                    let gateway_s = sc.api_gateway.integration_timeout();
                    let limit_s = sc.serverless.timeout_s;
                    let names = long.join("/");
                    // Long requests that finished: the jobs that ran to their end, or at least
                    // the requests neither failed nor in flight.
                    let of = |m: &std::collections::BTreeMap<String, u64>| long.iter().map(|k| m.get(*k).copied().unwrap_or(0)).sum::<u64>();
                    let finished = match jobs {
                        Some(j) => j.finished,
                        None => of(&s.requests_by_kind).saturating_sub(of(&s.failed_by_kind) + s.in_flight),
                    };
                    let mut parts = Vec::new();
                    if cut > 0 {
                        parts.push(format!("{cut} {names} requests got a 504 from API Gateway after {gateway_s} s while their functions ran on, billed"));
                    }
                    if let Some(j) = jobs {
                        parts.push(format!("{} {names} jobs were answered 202 at once and waited {:.1} s on average for an execution", j.started, j.avg_wait_s));
                    }
                    if killed > 0 {
                        parts.push(format!("{killed} hit the {limit_s} s limit and were killed"));
                    }
                    if killed + cut > 0 {
                        (format!("{}. Containers have neither limit.", parts.join("; ")), Some(true))
                    } else if finished > 0 && jobs.is_some() {
                        (format!("{finished} {names} jobs, answered 202 at once, ran to their end within Lambda's {limit_s} s."), Some(false))
                    } else if finished > 0 {
                        (format!("{finished} {names} requests finished within API Gateway's {gateway_s} s and Lambda's {limit_s} s."), Some(false))
                    } else {
                        (format!("No {names} request has run past API Gateway's {gateway_s} s yet; wait for one."), None)
                    }
                }
                (None, _) => ("Serverless is not simulated in this chapter.".into(), None),
            }
        }
        Claim::S9 => ("The trace view shows one request crossing several components; locally you would have to reproduce each of them.".into(), None),
        Claim::W3 => match (get(Architecture::Serverless), get(Architecture::Microservices)) {
            (Some(s), Some(u)) => {
                let steadier = u.latency_ms.p99 <= s.latency_ms.p99;
                let latency = format!("p99: containers {} ({} succeeded), functions {} ({})", ms(u.latency_ms.p99), percent(u.success_rate), ms(s.latency_ms.p99), percent(s.success_rate));
                if sc.serverless.provisioned == 0 {
                    (format!("{latency}. Provision warm instances to see the second half: what removing cold starts costs."), None)
                } else if let Some(wait) = early {
                    (format!("{latency}. {wait}"), None)
                } else {
                    let dearer = s.cost_per_month_usd > u.cost_per_month_usd;
                    (
                        format!("{latency}, with {} provisioned per function costing {} a month against {} for the cluster {}.", sc.serverless.provisioned, usd(s.cost_per_month_usd), usd(u.cost_per_month_usd), month),
                        Some(steadier && dearer),
                    )
                }
            }
            _ => ("Compare in the \u{201c}Which to use\u{201d} chapter.".into(), None),
        },
        Claim::W4 => match get(Architecture::Hybrid) {
            Some(h) => {
                // Whether the hybrid serves every kind is known at once; what it costs a month
                // only once there is enough of the run.
                let served = if h.failed_total == 0 { "served every request".to_string() } else { format!("failed {} of {} requests", h.failed_total, h.requests) };
                match early {
                    Some(wait) => (format!("The hybrid {served}, p99 {}. {wait}", ms(h.latency_ms.p99)), Some(h.failed_total == 0)),
                    None => {
                        let pure: Vec<String> = [Architecture::Serverless, Architecture::Microservices].into_iter().filter_map(|k| get(k).map(|a| format!("{} {} / {}", k.key(), usd(a.cost_per_month_usd), ms(a.latency_ms.p99)))).collect();
                        (format!("The hybrid {served}: {} a month {}, p99 {}. {}", usd(h.cost_per_month_usd), month, ms(h.latency_ms.p99), pure.join("; ")), Some(h.failed_total == 0))
                    }
                }
            }
            None => ("The hybrid is not simulated in this chapter.".into(), None),
        },
    };
    Verdict {
        claim,
        statement: claim.statement(),
        finding,
        holds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::report::run_scenario;
    use crate::explainer::chapters::{TryAction, CHAPTERS};

    #[test]
    fn crash_verdicts_come_from_the_run() {
        let mut sc = Scenario {
            duration_s: 200.0,
            ..Scenario::default()
        };
        TryAction::Bug("payments").apply(&mut sc, 50.0);
        let (_, r) = run_scenario(&sc);
        let m3 = verdict(Claim::M3, &sc, &r, 200.0);
        assert_eq!(m3.holds, Some(true));
        let failed = r.architectures[&Architecture::Monolith].failed_by_kind["browse"]
            + r.architectures[&Architecture::Monolith].failed_by_kind["report"];
        assert!(m3.finding.contains(&failed.to_string()), "{}", m3.finding);
        let u3 = verdict(Claim::U3, &sc, &r, 200.0);
        assert_eq!(u3.holds, Some(true), "{}", u3.finding);
        // Before the crash happens there is nothing to show yet.
        assert_eq!(verdict(Claim::M3, &sc, &r, 10.0).holds, None);
    }

    #[test]
    fn a_slow_database_in_the_monolith_fails_endpoints_that_never_use_it() {
        let mut sc = (crate::explainer::chapters::chapter("monolith")
            .unwrap()
            .scenario)();
        sc.duration_s = 400.0;
        TryAction::SlowDb("payments").apply(&mut sc, 50.0);
        let (_, r) = run_scenario(&sc);
        let m = &r.architectures[&Architecture::Monolith];
        let v = verdict(Claim::M3, &sc, &r, 400.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        let (failed, of) = bystanders(&sc, m, "payments");
        assert!(failed > 0 && of > 0);
        assert!(
            v.finding.starts_with(&format!("Slow payments queries ran on the database every module shares, on the same machine: {failed} of {of} requests")),
            "{}",
            v.finding
        );
        assert!(
            v.finding.contains(&format!(
                "({} of all requests turned away with every worker busy, {} with no pooled connection within 30 s)",
                m.failed[&FailureCause::Overflow],
                m.failed[&FailureCause::NoDbConnection]
            )),
            "{}",
            v.finding
        );
    }

    #[test]
    fn paying_per_execution_is_judged_on_the_traffic_replayed_and_can_go_either_way() {
        use crate::explainer::traffic_import::{read, ImportOptions};
        use crate::explainer::your_traffic::{scenario, Replay};
        // Two hours of minute counts, scaled: a spike every ten minutes over a trickle, and
        // the same mean of requests spread evenly.
        let judged = |text: String, scale: f64| {
            let imported = read(&text, ImportOptions::default()).unwrap();
            let mut sc = scenario(
                &imported,
                Replay {
                    scale,
                    ..Replay::all(&imported)
                },
                "",
            )
            .unwrap();
            sc.architectures = vec![Architecture::Serverless, Architecture::Microservices];
            let (_, r) = run_scenario(&sc);
            verdict(Claim::S5, &sc, &r, sc.duration_s)
        };
        let spiky = || {
            (0..120)
                .map(|m| format!("{},{}\n", m * 60, if m % 10 == 0 { 300 } else { 30 }))
                .collect()
        };
        let even = || (0..120).map(|m| format!("{},57\n", m * 60)).collect();
        let quiet = judged(spiky(), 1.0);
        assert_eq!(quiet.holds, Some(true), "{}", quiet.finding);
        assert!(
            quiet
                .finding
                .starts_with("At your traffic (a mean of 0.95 requests/s) functions cost"),
            "{}",
            quiet.finding
        );
        assert!(
            quiet
                .finding
                .contains("with this traffic's shape they break even at about"),
            "{}",
            quiet.finding
        );
        // A hundred times over, the spikes keep a cluster sized for them: functions still win.
        let spikes = judged(spiky(), 100.0);
        assert_eq!(spikes.holds, Some(true), "{}", spikes.finding);
        // The same 95 requests/s, steady: the cluster is the cheaper.
        let steady = judged(even(), 100.0);
        assert!(
            steady
                .finding
                .starts_with("At your traffic (a mean of 95 requests/s)"),
            "{}",
            steady.finding
        );
        assert_eq!(steady.holds, Some(false), "{}", steady.finding);
    }

    #[test]
    fn database_access_suits_functions_only_while_the_database_has_connections() {
        let which = || {
            let mut sc = (crate::explainer::chapters::chapter("which")
                .unwrap()
                .scenario)();
            sc.duration_s = 900.0;
            TryAction::Spike(400).apply(&mut sc, 300.0);
            sc
        };
        // A flash crowd on a table: no connections to run out of.
        let sc = which();
        let (_, r) = run_scenario(&sc);
        let v = verdict(Claim::W1, &sc, &r, 900.0);
        assert!(v.finding.starts_with("Querying a table"), "{}", v.finding);
        // On PostgreSQL, each new instance's connection counts against its 198.
        let mut sc = which();
        TryAction::Postgres.apply(&mut sc, 0.0);
        let (_, r) = run_scenario(&sc);
        let refused =
            r.architectures[&Architecture::Serverless].failed[&FailureCause::NoDbConnection];
        let v = verdict(Claim::W1, &sc, &r, 900.0);
        assert!(refused > 0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
        assert!(
            v.finding.starts_with(&format!(
                "{refused} function requests found no database connection"
            )),
            "{}",
            v.finding
        );
        // RDS Proxy lends the same 198 connections a query at a time: none refused.
        let mut sc = which();
        TryAction::RdsProxy.apply(&mut sc, 0.0);
        let (_, r) = run_scenario(&sc);
        assert_eq!(
            r.architectures[&Architecture::Serverless].failed[&FailureCause::NoDbConnection],
            0
        );
        let v = verdict(Claim::W1, &sc, &r, 900.0);
        assert!(
            v.finding.starts_with("RDS Proxy lent its 198 connections"),
            "{}",
            v.finding
        );
        assert!(v.holds.is_some());
    }

    #[test]
    fn the_time_limit_claim_waits_for_long_jobs() {
        let sc = Scenario {
            duration_s: 60.0,
            ..Scenario::default()
        };
        let (_, r) = run_scenario(&sc);
        assert_eq!(
            verdict(Claim::S7, &sc, &r, 60.0).holds,
            None,
            "no long jobs, no verdict"
        );
        let sc = (crate::explainer::chapters::chapter("serverless")
            .unwrap()
            .scenario)();
        let sc = Scenario {
            duration_s: 2400.0,
            ..sc
        };
        let (_, r) = run_scenario(&sc);
        let v = verdict(Claim::S7, &sc, &r, 2400.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        let failed = &r.architectures[&Architecture::Serverless].failed;
        assert!(failed[&FailureCause::GatewayTimeout] > 0, "{}", v.finding);
        assert!(v.finding.starts_with(&format!(
            "{} export requests got a 504",
            failed[&FailureCause::GatewayTimeout]
        )));
        // Queued as asynchronous jobs, exports get 202 and run; the longest are killed at 900 s.
        let mut queued = sc.clone();
        TryAction::Asynchronous("export").apply(&mut queued, 0.0);
        let (_, r) = run_scenario(&queued);
        let v = verdict(Claim::S7, &queued, &r, 2400.0);
        let s = &r.architectures[&Architecture::Serverless];
        let jobs = s.async_jobs.as_ref().expect("reported");
        assert_eq!(s.failed[&FailureCause::GatewayTimeout], 0);
        assert!(jobs.killed > 0 && jobs.finished > jobs.killed, "{jobs:?}");
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        assert!(
            v.finding.starts_with(&format!(
                "{} export jobs were answered 202 at once",
                jobs.started
            )) && v
                .finding
                .contains(&format!("{} hit the 900 s limit", jobs.killed)),
            "{}",
            v.finding
        );
        // Before any export job has run 30 s, there is nothing to judge yet.
        let early = Scenario {
            duration_s: 20.0,
            ..sc.clone()
        };
        let (_, r) = run_scenario(&early);
        assert_eq!(verdict(Claim::S7, &early, &r, 20.0).holds, None);
        // Jobs of 100 s behind a REST API allowed 300 s finish within both limits.
        let mut within = sc.clone();
        within.api_gateway.flavour = crate::engine::models::api_gateway::ApiFlavour::Rest;
        within.api_gateway.integration_timeout_s = Some(300.0);
        for k in &mut within.workload.kinds {
            if k.name == "export" {
                k.work = crate::engine::distribution::Distribution::Constant { value_s: 100.0 };
            }
        }
        within.validate().unwrap();
        let (_, r) = run_scenario(&within);
        let v = verdict(Claim::S7, &within, &r, 2400.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
    }

    fn run_to(sc: &Scenario) -> Report {
        run_scenario(sc).1
    }

    fn short(archs: &[crate::engine::scenario::Architecture], duration_s: f64) -> Scenario {
        Scenario {
            duration_s,
            architectures: archs.to_vec(),
            ..Scenario::default()
        }
    }

    #[test]
    fn m1_shows_the_database_taking_the_apps_cores_and_says_not_here_when_it_moves_off() {
        use crate::engine::scenario::Architecture::Monolith;
        let mut together = short(&[Monolith], 600.0);
        // Busy enough that sharing the cores shows: about 60 % of them with the database's work.
        together.workload.rate_per_s = 140.0;
        let r = run_to(&together);
        let v = verdict(Claim::M1, &together, &r, 600.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        let busy = r.architectures[&Monolith].utilisation;
        assert!(
            v.finding
                .contains(&format!("workers are {} busy", percent(busy))),
            "{}",
            v.finding
        );
        // The article's point: on one machine the database's work slows every request. Moved to
        // its own machine, the same traffic is served faster, and the claim no longer holds.
        let mut apart = together.clone();
        apart.monolith.db_on_same_machine = false;
        let r_apart = run_to(&apart);
        let v = verdict(Claim::M1, &apart, &r_apart, 600.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
        let (p50_together, p50_apart) = (
            r.architectures[&Monolith].latency_ms.p50,
            r_apart.architectures[&Monolith].latency_ms.p50,
        );
        assert!(
            p50_together > 1.2 * p50_apart,
            "median {p50_together} ms together, {p50_apart} ms apart"
        );
    }

    #[test]
    fn descriptive_claims_never_give_a_verdict() {
        // S1 and S9 describe what the platform is; no run of this model can make them false, so
        // they are never marked as holding either.
        for c in crate::explainer::chapters::CHAPTERS {
            let sc = (c.scenario)();
            let r = run_to(&Scenario {
                duration_s: 300.0,
                ..sc.clone()
            });
            for claim in [Claim::S1, Claim::S9] {
                assert_eq!(
                    verdict(claim, &sc, &r, 300.0).holds,
                    None,
                    "{}: {claim:?}",
                    c.id
                );
            }
        }
    }

    #[test]
    fn u3_holds_when_one_service_ships_alone_and_others_are_untouched() {
        use crate::engine::scenario::Architecture::{Microservices, Monolith};
        let mut sc = short(&[Microservices], 400.0);
        sc.workload.rate_per_s = 25.0;
        assert_eq!(verdict(Claim::U3, &sc, &run_to(&sc), 400.0).holds, None);
        TryAction::Deploy("orders").apply(&mut sc, 60.0);
        let r = run_to(&sc);
        let v = verdict(Claim::U3, &sc, &r, 400.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        assert!(
            v.finding.contains(": 0 requests were turned away"),
            "{}",
            v.finding
        );
        // The monolith's release, in the same run, turns requests away: the contrast U3 is about.
        let mut mono = short(&[Monolith], 400.0);
        mono.workload.rate_per_s = 25.0;
        TryAction::Deploy("*").apply(&mut mono, 60.0);
        assert!(run_to(&mono).architectures[&Monolith].failed[&FailureCause::Unavailable] > 100);
        // A release of everything is not one service shipping alone.
        let mut all = short(&[Microservices], 400.0);
        TryAction::Deploy("*").apply(&mut all, 60.0);
        assert_eq!(verdict(Claim::U3, &all, &run_to(&all), 400.0).holds, None);
    }

    #[test]
    fn every_chapter_gives_monthly_costs_only_once_the_run_supports_them() {
        // Each chapter as it opens, read at several times: before MONTHLY_AFTER_S no finding
        // gives a monthly figure or a verdict that rests on one; after it, the cost claims give
        // both and say what the month was scaled from.
        let money = [Claim::S5, Claim::W1, Claim::W3, Claim::W4];
        for c in CHAPTERS {
            for t in [60.0, 240.0, 420.0, 1200.0] {
                let mut sc = (c.scenario)();
                if c.claims.contains(&Claim::W3) {
                    sc.serverless.provisioned = 2;
                }
                let sc = Scenario {
                    duration_s: t,
                    ..sc
                };
                let r = run_to(&sc);
                for &claim in c.claims.iter().filter(|cl| money.contains(cl)) {
                    let v = verdict(claim, &sc, &r, t);
                    let monthly = v.finding.contains('$');
                    if t < MONTHLY_AFTER_S {
                        assert!(
                            !monthly && v.finding.contains("Not enough data yet"),
                            "{} {claim:?} at {t} s: {}",
                            c.id,
                            v.finding
                        );
                        assert!(
                            claim == Claim::W4 || v.holds.is_none(),
                            "{} {claim:?} at {t} s: {:?}",
                            c.id,
                            v.holds
                        );
                    } else {
                        assert!(
                            monthly
                                && v.finding.contains("(the run so far, scaled to a month)")
                                && v.holds.is_some(),
                            "{} {claim:?} at {t} s: {}",
                            c.id,
                            v.finding
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_spike_is_never_scaled_to_a_month() {
        use crate::engine::scenario::Architecture::{Microservices, Serverless};
        use crate::explainer::chapters::{chapter, TryAction};
        // The side-by-side chapter at 10 minutes, with a 2-minute x10 spike at 5:00 or without.
        let judged = |spike_at: Option<f64>, t: f64| {
            let mut sc = Scenario {
                duration_s: t,
                ..(chapter("side-by-side").unwrap().scenario)()
            };
            if let Some(at) = spike_at {
                TryAction::Spike(10).apply(&mut sc, at);
            }
            let r = run_to(&sc);
            let month = |a| r.architectures[&a].cost_per_month_usd;
            let s5 = verdict(Claim::S5, &sc, &r, t);
            (month(Serverless), month(Microservices), s5)
        };
        let (steady_fn, steady_cluster, steady) = judged(None, 600.0);
        let (spiked_fn, spiked_cluster, spiked) = judged(Some(299.0), 600.0);
        // The month is the steady five minutes before the spike, scaled: within a few percent of
        // the run that had none, where a spike scaled to a month would cost many times more.
        assert!(
            (spiked_fn / steady_fn - 1.0).abs() < 0.1,
            "{spiked_fn} against {steady_fn}"
        );
        assert!(
            (spiked_cluster / steady_cluster - 1.0).abs() < 0.1,
            "{spiked_cluster} against {steady_cluster}"
        );
        assert_eq!(
            spiked.holds, steady.holds,
            "{} / {}",
            spiked.finding, steady.finding
        );
        assert!(
            spiked.finding.contains("its spikes left out"),
            "{}",
            spiked.finding
        );
        // A spike early in the run leaves too little steady traffic for a month yet.
        let (_, _, early) = judged(Some(59.0), 600.0);
        assert_eq!(early.holds, None, "{}", early.finding);
        assert!(
            early
                .finding
                .contains("more simulated minutes of steady traffic"),
            "{}",
            early.finding
        );
    }

    #[test]
    fn the_same_claim_names_what_makes_a_chapter_differ() {
        // "You pay only for execution time" costs far more in the serverless chapter than side by
        // side: the chapter's export job. The finding says so there, and only there.
        let read = |id: &str| {
            let c = crate::explainer::chapters::chapter(id).unwrap();
            let sc = Scenario {
                duration_s: 600.0,
                ..(c.scenario)()
            };
            verdict(Claim::S5, &sc, &run_to(&sc), 600.0).finding
        };
        let serverless = read("serverless");
        assert!(
            serverless.contains("the export job (10 minutes on average, 0.4% of requests)"),
            "{serverless}"
        );
        assert!(!read("side-by-side").contains("job"));
    }

    #[test]
    fn m2_holds_for_one_copy_and_not_for_a_rolling_release() {
        use crate::engine::scenario::Architecture::Monolith;
        let mut sc = short(&[Monolith], 300.0);
        assert_eq!(verdict(Claim::M2, &sc, &run_to(&sc), 300.0).holds, None);
        TryAction::Deploy("*").apply(&mut sc, 50.0);
        let r = run_to(&sc);
        let v = verdict(Claim::M2, &sc, &r, 300.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        let refused = r.architectures[&Monolith].failed[&FailureCause::Unavailable];
        assert!(
            v.finding.contains(&format!(": {refused} requests")),
            "{}",
            v.finding
        );
        // Two copies roll the release one at a time: nobody gets a 503.
        sc.monolith.copies = 2;
        let v = verdict(Claim::M2, &sc, &run_to(&sc), 300.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
    }

    #[test]
    fn cold_start_claims_need_cold_starts_that_show_in_the_tail() {
        use crate::engine::scenario::Architecture::Serverless;
        let mut sc = short(&[Serverless], 300.0);
        let r = run_to(&sc);
        let starts = r.architectures[&Serverless].cold_starts;
        for claim in [Claim::S2, Claim::S3, Claim::S8] {
            let v = verdict(claim, &sc, &r, 300.0);
            assert_eq!(v.holds, Some(true), "{claim:?}: {}", v.finding);
            assert!(v.finding.contains(&starts.to_string()), "{}", v.finding);
        }
        // Enough provisioned instances for the whole load: nothing starts on demand.
        sc.serverless.provisioned = 40;
        let r = run_to(&sc);
        assert_eq!(r.architectures[&Serverless].cold_starts, 0);
        for claim in [Claim::S2, Claim::S3, Claim::S8] {
            let v = verdict(claim, &sc, &r, 300.0);
            assert_eq!(v.holds, Some(false), "{claim:?}: {}", v.finding);
        }
        // The provider still runs them: provisioning does not make S1 false (issue 14); S1 is
        // described, never judged, since the model cannot make it false.
        let v = verdict(Claim::S1, &sc, &r, 300.0);
        assert_eq!(v.holds, None, "{}", v.finding);
        assert!(
            v.finding.contains("40 per function provisioned ahead"),
            "{}",
            v.finding
        );
    }

    #[test]
    fn s5_follows_the_two_bills() {
        use crate::engine::scenario::Architecture::{Microservices, Serverless};
        let mut sc = short(&[Serverless, Microservices], 600.0);
        for (rate, cheaper) in [(5.0, true), (400.0, false)] {
            sc.workload.rate_per_s = rate;
            let r = run_to(&sc);
            let (s, u) = (
                r.architectures[&Serverless].cost_per_month_usd,
                r.architectures[&Microservices].cost_per_month_usd,
            );
            assert_eq!(s < u, cheaper, "at {rate}/s: {s} against {u}");
            let v = verdict(Claim::S5, &sc, &r, 600.0);
            assert_eq!(v.holds, Some(cheaper), "{}", v.finding);
            assert!(
                v.finding.contains(&usd(s)) && v.finding.contains(&usd(u)),
                "{}",
                v.finding
            );
        }
    }

    #[test]
    fn w4_holds_only_while_the_hybrid_serves_everything() {
        use crate::engine::scenario::Architecture::{Hybrid, Microservices, Serverless};
        let mut sc = short(&[Hybrid, Serverless, Microservices], 300.0);
        let v = verdict(Claim::W4, &sc, &run_to(&sc), 300.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        TryAction::Bug("payments").apply(&mut sc, 50.0);
        let r = run_to(&sc);
        assert!(r.architectures[&Hybrid].failed_total > 0);
        let v = verdict(Claim::W4, &sc, &r, 300.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
    }

    #[test]
    fn u4_compares_the_memory_the_two_reserve() {
        use crate::engine::scenario::Architecture::{Microservices, Monolith};
        let mut sc = short(&[Microservices, Monolith], 120.0);
        let v = verdict(Claim::U4, &sc, &run_to(&sc), 120.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        // A monolith given 64 GB per copy reserves more than the containers.
        sc.monolith.memory_mb = 65_536.0;
        let v = verdict(Claim::U4, &sc, &run_to(&sc), 120.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
    }

    #[test]
    fn u2_waits_for_the_orchestrator_to_start_pods() {
        use crate::engine::scenario::Architecture::Microservices;
        let mut sc = short(&[Microservices], 240.0);
        sc.workload.rate_per_s = 5.0;
        let v = verdict(Claim::U2, &sc, &run_to(&sc), 240.0);
        assert_eq!(v.holds, None, "{}", v.finding);
        TryAction::Deploy("orders").apply(&mut sc, 20.0);
        let v = verdict(Claim::U2, &sc, &run_to(&sc), 240.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
    }

    #[test]
    fn m3_holds_for_a_crash_and_not_for_an_exception() {
        use crate::engine::scenario::Architecture::Monolith;
        let mut sc = short(&[Monolith], 200.0);
        TryAction::Exception("payments").apply(&mut sc, 50.0);
        let v = verdict(Claim::M3, &sc, &run_to(&sc), 200.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
        assert!(v.finding.contains("and 0 of"), "{}", v.finding);
        let mut sc = short(&[Monolith], 200.0);
        TryAction::Bug("payments").apply(&mut sc, 50.0);
        assert_eq!(
            verdict(Claim::M3, &sc, &run_to(&sc), 200.0).holds,
            Some(true)
        );
    }

    #[test]
    fn m4_waits_for_pressure_then_weighs_the_busiest_module() {
        use crate::engine::scenario::Architecture::Monolith;
        let sc = short(&[Monolith], 120.0);
        let v = verdict(Claim::M4, &sc, &run_to(&sc), 120.0);
        assert_eq!(v.holds, None, "20 requests/s leave room: {}", v.finding);
        let mut sc = short(&[Monolith], 300.0);
        sc.workload.rate_per_s = 60.0; // 10 % reports of 250 ms: 1.5 of the 2 cores and more
        let v = verdict(Claim::M4, &sc, &run_to(&sc), 300.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        // One module doing all the work: scaling the block wastes nothing, so it does not hold.
        sc.workload
            .kinds
            .iter_mut()
            .for_each(|k| k.modules = vec!["orders".into()]);
        let v = verdict(Claim::M4, &sc, &run_to(&sc), 300.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
    }

    #[test]
    fn u1_compares_the_medians_of_the_same_traffic() {
        use crate::engine::scenario::Architecture::{Microservices, Monolith};
        let sc = short(&[Monolith, Microservices], 300.0);
        let r = run_to(&sc);
        let v = verdict(Claim::U1, &sc, &r, 300.0);
        let (u, m) = (
            &r.architectures[&Architecture::Microservices],
            &r.architectures[&Architecture::Monolith],
        );
        assert_eq!(
            v.holds,
            Some(u.latency_ms.p50 > m.latency_ms.p50),
            "{}",
            v.finding
        );
        assert_eq!(
            v.holds,
            Some(true),
            "hops and half-core pods cost time: {}",
            v.finding
        );
        // A monolith on one overloaded machine is the slower one: NOT HERE.
        let mut sc = short(&[Monolith, Microservices], 300.0);
        sc.workload.rate_per_s = 75.0;
        sc.microservices.service_defaults.pod_vcpu = 2.0;
        let v = verdict(Claim::U1, &sc, &run_to(&sc), 300.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
    }

    #[test]
    fn u3_follows_the_protection_on_screen() {
        use crate::engine::scenario::Architecture::Microservices;
        let mut sc = short(&[Microservices], 400.0);
        sc.workload.rate_per_s = 25.0;
        TryAction::SlowDb("payments").apply(&mut sc, 50.0);
        let v = verdict(Claim::U3, &sc, &run_to(&sc), 400.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
        assert!(
            v.finding.contains("no timeout and no breaker"),
            "{}",
            v.finding
        );
        TryAction::ToggleProtection.apply(&mut sc, 50.0);
        let v = verdict(Claim::U3, &sc, &run_to(&sc), 400.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        assert!(v.finding.contains("a circuit breaker"), "{}", v.finding);
    }

    #[test]
    fn s6_needs_the_limit_to_be_reached() {
        use crate::engine::scenario::Architecture::Serverless;
        let mut sc = short(&[Serverless], 300.0);
        let v = verdict(Claim::S6, &sc, &run_to(&sc), 300.0);
        assert_eq!(v.holds, None, "{}", v.finding);
        sc.serverless.account_limit = 5;
        let v = verdict(Claim::S6, &sc, &run_to(&sc), 300.0);
        assert_eq!(v.holds, Some(true), "{}", v.finding);
        // Traffic growing to 20,000 requests/s of 0.2 s over 100 s needs 4,000 environments,
        // 40 more each second: past any legacy burst, and within today's 100 a second.
        let mut sc = short(&[Serverless], 150.0);
        sc.workload.kinds.truncate(1);
        sc.workload.kinds[0].work = crate::engine::distribution::Distribution::constant(0.2);
        sc.workload.kinds[0].db = crate::engine::distribution::Distribution::constant(0.0);
        sc.workload.rate_per_s = 0.0;
        sc.workload.shape = vec![crate::engine::workload::RateShape::Ramp {
            from_s: 0.0,
            to_s: 100.0,
            to_rate_per_s: 20_000.0,
        }];
        sc.serverless.account_limit = 100_000;
        sc.serverless.memory_mb = 1769.0;
        sc.api_gateway.rate_limit_per_s = 1e6;
        sc.api_gateway.burst = 1e6;
        let r = run_to(&sc);
        let v = verdict(Claim::S6, &sc, &r, 150.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
        let started = r.architectures[&Serverless].cold_starts;
        assert!(
            v.finding.contains(&format!(
                "started {started} environments and throttled none"
            )),
            "{}",
            v.finding
        );
    }

    #[test]
    fn s4_does_not_hold_when_the_gateway_refuses_most_requests() {
        use crate::engine::scenario::Architecture::Serverless;
        let mut sc = short(&[Serverless], 120.0);
        assert_eq!(
            verdict(Claim::S4, &sc, &run_to(&sc), 120.0).holds,
            Some(true)
        );
        sc.api_gateway.rate_limit_per_s = 2.0;
        sc.api_gateway.burst = 2.0;
        let v = verdict(Claim::S4, &sc, &run_to(&sc), 120.0);
        assert_eq!(v.holds, Some(false), "{}", v.finding);
    }

    #[test]
    fn w3_needs_both_halves() {
        use crate::engine::scenario::Architecture::{Microservices, Serverless};
        let mut sc = short(&[Serverless, Microservices], 600.0);
        let v = verdict(Claim::W3, &sc, &run_to(&sc), 600.0);
        assert_eq!(
            v.holds, None,
            "no provisioned concurrency yet: {}",
            v.finding
        );
        TryAction::Provisioned(10).apply(&mut sc, 0.0);
        let r = run_to(&sc);
        let v = verdict(Claim::W3, &sc, &r, 600.0);
        let (s, u) = (
            &r.architectures[&Architecture::Serverless],
            &r.architectures[&Architecture::Microservices],
        );
        let both =
            u.latency_ms.p99 <= s.latency_ms.p99 && s.cost_per_month_usd > u.cost_per_month_usd;
        assert_eq!(v.holds, Some(both), "{}", v.finding);
    }

    #[test]
    fn every_claim_has_a_chapter() {
        use Claim::*;
        for c in [
            M1, M2, M3, M4, U1, U2, U3, U4, S1, S2, S3, S4, S5, S6, S7, S8, S9, W1, W2, W3, W4,
        ] {
            assert!(
                CHAPTERS.iter().any(|ch| ch.claims.contains(&c)),
                "{c:?} is in no chapter"
            );
        }
    }
}
