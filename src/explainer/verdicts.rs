//! A verdict for each of the article's claims, computed from the run on screen: the claim in our
//! own words, what the simulation shows with numbers, and whether it holds here. Nothing is
//! written in advance; a claim that needs an event not yet triggered says which action shows it.

use super::break_even::break_even;
use super::format::{ms, percent, usd};
use crate::engine::metrics::FailureCause;
use crate::engine::report::{ArchReport, Report};
use crate::engine::scenario::Scenario;
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

fn has_deploy(sc: &Scenario, now: f64) -> bool {
    sc.events
        .iter()
        .any(|e| matches!(e, TimelineEvent::Deploy { at_s, .. } if *at_s <= now))
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

pub fn verdict(claim: Claim, sc: &Scenario, r: &Report, now: f64) -> Verdict {
    let get = |k: &str| r.architectures.get(k);
    let (finding, holds): (String, Option<bool>) = match claim {
        Claim::M1 => match get("monolith") {
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
        Claim::M2 => match (get("monolith"), has_deploy(sc, now)) {
            (Some(m), true) => (
                format!("The deploy restarted everything: {} requests across all endpoints got 503 while it came back.", m.failed["unavailable"]),
                Some(m.failed["unavailable"] > 0),
            ),
            _ => ("Press \u{201c}Deploy a new version\u{201d} to see a release restart the whole app.".into(), None),
        },
        Claim::M3 => match (get("monolith"), has_bug(sc, now, |e| matches!(e, BugEffect::Crash))) {
            (Some(m), Some(module)) => {
                let (failed, of) = bystanders(sc, m, module);
                (format!("A crash in {module} also failed {failed} of {of} requests that never use {module}."), Some(failed > 0))
            }
            _ => ("Crash one module to see what happens to the endpoints that do not use it.".into(), None),
        },
        Claim::M4 => match get("monolith") {
            Some(m) => (
                format!("Capacity comes in whole copies: {} x {} ({} a month) with {} of its workers busy; more traffic needs another copy or a bigger machine.", sc.monolith.copies, sc.monolith.machine, usd(m.cost_per_month_usd), percent(m.utilisation)),
                Some(true),
            ),
            None => ("The monolith is not simulated in this chapter.".into(), None),
        },
        Claim::U1 => match (get("microservices"), get("monolith")) {
            (Some(u), Some(m)) => (
                format!("Each request crosses the gateway and its services: median {} against {} in the monolith, with each hop {} each way.", ms(u.latency_ms.p50), ms(m.latency_ms.p50), ms(sc.microservices.network_hop_ms)),
                Some(true),
            ),
            (Some(u), None) => (format!("Median latency {} across gateway and services.", ms(u.latency_ms.p50)), Some(true)),
            _ => ("Microservices are not simulated in this chapter.".into(), None),
        },
        Claim::U2 => match get("microservices") {
            Some(u) => (format!("The cluster ran {:.1} pods on average ({:.1} starting), autoscaled per service.", u.avg_running, u.avg_starting), Some(u.avg_running > 0.0)),
            None => ("Microservices are not simulated in this chapter.".into(), None),
        },
        Claim::U3 => match (get("microservices"), has_bug(sc, now, |e| matches!(e, BugEffect::Crash))) {
            (Some(u), Some(module)) => {
                let (failed, of) = bystanders(sc, u, module);
                (format!("With {module} crashed, {failed} of {of} requests that do not need it failed; {} that need it did.", u.failed["crashed"]), Some(failed == 0))
            }
            _ => ("Crash one service to see the others keep working.".into(), None),
        },
        Claim::U4 => match (get("microservices"), get("monolith")) {
            (Some(u), Some(m)) => (
                format!("Containers reserve {:.0} MB against {:.0} MB for the monolith ({:.1}x).", u.avg_memory_mb, m.avg_memory_mb, u.avg_memory_mb / m.avg_memory_mb.max(1.0)),
                Some(u.avg_memory_mb > m.avg_memory_mb),
            ),
            _ => ("Compare with the monolith in the side-by-side chapter.".into(), None),
        },
        Claim::S1 | Claim::S2 => match get("serverless") {
            Some(s) => (format!("The platform started {} instances on demand and kept {:.1} alive on average, {:.1} of them working.", s.cold_starts, s.avg_instances, s.avg_running), Some(s.cold_starts > 0)),
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        Claim::S3 | Claim::S8 => match get("serverless") {
            Some(s) => (
                format!("{} cold starts ({} of calls) with a {} s keep-alive; p99 latency {} against a median of {}.", s.cold_starts, percent(s.cold_start_probability.unwrap_or(0.0)), sc.serverless.keep_alive_s, ms(s.latency_ms.p99), ms(s.latency_ms.p50)),
                Some(s.cold_starts > 0 && s.latency_ms.p99 > s.latency_ms.p50),
            ),
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        Claim::S4 => (format!("{} routes map to {} functions.", sc.workload.kinds.len(), sc.workload.kinds.len()), Some(true)),
        Claim::S5 | Claim::W1 => match (get("serverless"), get("microservices")) {
            (Some(s), Some(u)) => {
                let rate = sc.workload.rate_per_s;
                (
                    format!(
                        "At {rate} requests/s functions cost {} a month against {} for the cluster; {}.",
                        usd(s.cost_per_month_usd),
                        usd(u.cost_per_month_usd),
                        match break_even(sc, 100_000.0) {
                            Some(r) => format!("at steady traffic they break even at about {r:.0} requests/s"),
                            None => "functions stay cheaper up to 100,000 requests/s".into(),
                        }
                    ),
                    Some(s.cost_per_month_usd < u.cost_per_month_usd),
                )
            }
            _ => ("Compare with microservices in the \u{201c}Which to use\u{201d} chapter.".into(), None),
        },
        Claim::S6 => match get("serverless") {
            Some(s) => {
                let model = match sc.serverless.scaling_model {
                    crate::engine::models::scaling_limit::ScalingModel::LegacyBurst => format!("the legacy burst of {}", sc.serverless.legacy_burst),
                    crate::engine::models::scaling_limit::ScalingModel::Current => "today's +1000 per 10 s".into(),
                };
                (format!("Under {model} (account limit {}), {} requests were throttled.", sc.serverless.account_limit, s.failed[FailureCause::Throttled.name()]), Some(true))
            }
            None => ("Serverless is not simulated in this chapter.".into(), None),
        },
        Claim::S7 | Claim::W2 => {
            // Only a workload with jobs of the limit's order can show it.
            let long = sc.workload.kinds.iter().filter(|k| k.work.mean() >= sc.serverless.timeout_s / 10.0).map(|k| k.name.as_str()).collect::<Vec<_>>();
            match (get("serverless"), long.is_empty()) {
                (Some(_), true) => (format!("No request kind here runs anywhere near the {} s limit; the serverless chapter adds a long export job.", sc.serverless.timeout_s), None),
                (Some(s), false) => {
                    let killed = s.failed[FailureCause::TimedOut.name()];
                    (format!("{killed} {} jobs hit the {} s limit and were killed; containers have no such limit.", long.join("/"), sc.serverless.timeout_s), Some(killed > 0))
                }
                (None, _) => ("Serverless is not simulated in this chapter.".into(), None),
            }
        }
        Claim::S9 => ("The trace view shows one request crossing several components; locally you would have to reproduce each of them.".into(), None),
        Claim::W3 => match (get("serverless"), get("microservices")) {
            (Some(s), Some(u)) => (
                format!("p99: functions {} ({} provisioned per function), containers {}; monthly {} against {}.", ms(s.latency_ms.p99), sc.serverless.provisioned, ms(u.latency_ms.p99), usd(s.cost_per_month_usd), usd(u.cost_per_month_usd)),
                Some(u.latency_ms.p99 <= s.latency_ms.p99 || s.cost_per_month_usd > u.cost_per_month_usd),
            ),
            _ => ("Compare in the \u{201c}Which to use\u{201d} chapter.".into(), None),
        },
        Claim::W4 => match get("hybrid") {
            Some(h) => {
                let pure: Vec<String> = ["serverless", "microservices"].iter().filter_map(|k| get(k).map(|a| format!("{k} {} / {}", usd(a.cost_per_month_usd), ms(a.latency_ms.p99)))).collect();
                (format!("Hybrid: {} a month, p99 {}. {}", usd(h.cost_per_month_usd), ms(h.latency_ms.p99), pure.join("; ")), Some(h.failed_total == 0))
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
        let failed = r.architectures["monolith"].failed_by_kind["browse"]
            + r.architectures["monolith"].failed_by_kind["report"];
        assert!(m3.finding.contains(&failed.to_string()), "{}", m3.finding);
        let u3 = verdict(Claim::U3, &sc, &r, 200.0);
        assert_eq!(u3.holds, Some(true), "{}", u3.finding);
        // Before the crash happens there is nothing to show yet.
        assert_eq!(verdict(Claim::M3, &sc, &r, 10.0).holds, None);
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
        assert!(v
            .finding
            .contains(&r.architectures["serverless"].failed["timed_out"].to_string()));
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
