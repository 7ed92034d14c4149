//! What a screen reader hears: key events since the last announcement (cold starts, throttling,
//! failures), at most one sentence per architecture, so the live region stays readable.

use crate::engine::metrics::FailureCause;
use crate::engine::report::Report;

pub fn announcement(before: &Report, now: &Report) -> Option<String> {
    let mut parts = Vec::new();
    for (arch, a) in &now.architectures {
        let b = before.architectures.get(arch);
        let delta = |f: &dyn Fn(&crate::engine::report::ArchReport) -> u64| {
            f(a).saturating_sub(b.map_or(0, f))
        };
        let cold = delta(&|r| r.cold_starts);
        let throttled = delta(&|r| r.failed[&FailureCause::Throttled]);
        let failed = delta(&|r| r.failed_total).saturating_sub(throttled);
        let mut events = Vec::new();
        if failed > 0 {
            events.push(format!("{failed} requests failed"));
        }
        if throttled > 0 {
            events.push(format!("{throttled} throttled"));
        }
        if cold > 0 {
            events.push(format!("{cold} cold starts"));
        }
        if !events.is_empty() {
            parts.push(format!("{}: {}.", arch.key(), events.join(", ")));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scenario::{Architecture, Scenario};
    use crate::engine::simulation::Simulation;
    use crate::engine::timeline::{BugEffect, TimelineEvent};

    fn report_at(sc: &Scenario, t: f64) -> Report {
        let mut sims: Vec<Simulation> = Simulation::for_each_architecture(sc);
        for s in &mut sims {
            s.run_until(t);
        }
        Report::of(sc, &sims)
    }

    #[test]
    fn announces_what_happened_since_last_time_and_nothing_when_calm() {
        let mut sc = Scenario {
            duration_s: 200.0,
            ..Scenario::default()
        };
        sc.events.push(TimelineEvent::Bug {
            at_s: 100.0,
            duration_s: 20.0,
            target: "payments".into(),
            effect: BugEffect::Crash,
        });
        // An earlier crash, so that the totals at 90 s are not zero.
        sc.events.push(TimelineEvent::Bug {
            at_s: 30.0,
            duration_s: 10.0,
            target: "payments".into(),
            effect: BugEffect::Crash,
        });
        let calm = report_at(&sc, 90.0);
        assert!(calm.architectures[&Architecture::Monolith].failed_total > 0);
        assert_eq!(announcement(&calm, &report_at(&sc, 95.0)), None);
        let after = report_at(&sc, 110.0);
        let text = announcement(&calm, &after).unwrap();
        // Each architecture's count is what failed between the two reports, not a total.
        for arch in [Architecture::Monolith, Architecture::Microservices] {
            let failed =
                after.architectures[&arch].failed_total - calm.architectures[&arch].failed_total;
            assert!(failed > 0);
            assert!(
                text.contains(&format!("{}: {failed} requests failed", arch.key())),
                "{text}"
            );
        }
        // Nothing is announced as zero.
        assert!(
            !text
                .split([':', ','])
                .any(|part| part.trim_start().starts_with("0 ")),
            "{text}"
        );
    }
}
