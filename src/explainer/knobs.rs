//! The few settings each chapter's lesson depends on, as sliders beside its diagram: the reader
//! moves one and the run replays with it, the actions taken kept (`Session::adjust`). Each knob
//! is one field of the `Scenario`, with its unit, range and a line of help; the playground's
//! editor holds the rest.

use super::format::escaped;
use crate::engine::models::scaling_limit::ScalingModel;
use crate::engine::scenario::Scenario;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// `workload.rate_per_s`
    Rate,
    /// `monolith.copies`
    Copies,
    /// `monolith.workers`
    Workers,
    /// `microservices.service_defaults.max_replicas`
    MaxReplicas,
    /// `microservices.calls.timeout_s`
    CallTimeout,
    /// `serverless.keep_alive_s`
    KeepAlive,
    /// `serverless.memory_mb`
    Memory,
    /// `serverless.provisioned`
    Provisioned,
    /// `serverless.scaling_model`, two positions: the legacy burst, today's
    ScalingModel,
    /// `microservices.calls.breaker.enabled`, two positions: off, on
    Breaker,
}

/// A knob's range and step, in its unit.
pub struct Range {
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

impl Knob {
    pub fn label(self) -> &'static str {
        match self {
            Knob::Rate => "Traffic",
            Knob::Copies => "Copies of the app",
            Knob::Workers => "Workers per copy",
            Knob::MaxReplicas => "Most pods per service",
            Knob::CallTimeout => "Call timeout",
            Knob::KeepAlive => "Keep-alive",
            Knob::Memory => "Function memory",
            Knob::Provisioned => "Provisioned instances",
            Knob::ScalingModel => "Scaling model",
            Knob::Breaker => "Circuit breaker",
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Knob::Rate => "requests/s",
            Knob::Copies => "copies",
            Knob::Workers => "threads",
            Knob::MaxReplicas => "pods",
            Knob::CallTimeout => "s",
            Knob::KeepAlive => "s",
            Knob::Memory => "MB",
            Knob::Provisioned => "per function",
            Knob::ScalingModel | Knob::Breaker => "",
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Knob::Rate => "Requests arriving each second, before any spike or idle stretch.",
            Knob::Copies => "Identical copies of the whole application behind a load balancer.",
            Knob::Workers => "Threads in each copy serving requests at once; the rest queue.",
            Knob::MaxReplicas => "The most pods the autoscaler may run for each service.",
            Knob::CallTimeout => {
                "How long a service waits for one it calls; 0 waits for ever, holding a thread."
            }
            Knob::KeepAlive => {
                "How long an idle instance stays warm; after it, a call starts cold."
            }
            Knob::Memory => {
                "Memory per function; Lambda gives CPU in proportion and bills per GB-second."
            }
            Knob::Provisioned => {
                "Instances per function kept initialised, billed whether used or not."
            }
            Knob::ScalingModel => {
                "How fast Lambda adds instances: the burst the article describes (AWS's until \
                 November 2023), or today's 1,000 per function every 10 s."
            }
            Knob::Breaker => {
                "After repeated failures a caller stops calling a service for a while, then \
                 lets one call through to try it."
            }
        }
    }

    /// Inside the scenario's own limits (a test holds them to `Scenario::validate`), narrowed to
    /// what a slider can be set to by hand.
    pub fn range(self) -> Range {
        let (min, max, step) = match self {
            Knob::Rate => (1.0, 500.0, 1.0),
            Knob::Copies => (1.0, 8.0, 1.0),
            Knob::Workers => (1.0, 64.0, 1.0),
            Knob::MaxReplicas => (1.0, 60.0, 1.0),
            Knob::CallTimeout => (0.0, 30.0, 0.5),
            Knob::KeepAlive => (60.0, 3600.0, 60.0),
            Knob::Memory => (128.0, 10_240.0, 64.0),
            Knob::Provisioned => (0.0, 50.0, 1.0),
            Knob::ScalingModel | Knob::Breaker => (0.0, 1.0, 1.0),
        };
        Range { min, max, step }
    }

    pub fn get(self, sc: &Scenario) -> f64 {
        match self {
            Knob::Rate => sc.workload.rate_per_s,
            Knob::Copies => sc.monolith.copies as f64,
            Knob::Workers => sc.monolith.workers as f64,
            Knob::MaxReplicas => sc.microservices.service_defaults.max_replicas as f64,
            Knob::CallTimeout => sc.microservices.calls.timeout_s,
            Knob::KeepAlive => sc.serverless.keep_alive_s,
            Knob::Memory => sc.serverless.memory_mb,
            Knob::Provisioned => sc.serverless.provisioned as f64,
            Knob::ScalingModel => match sc.serverless.scaling_model {
                ScalingModel::LegacyBurst => 0.0,
                ScalingModel::Current => 1.0,
            },
            Knob::Breaker => f64::from(u8::from(sc.microservices.calls.breaker.enabled)),
        }
    }

    /// The value as the slider says it: a number with its unit, or a position's name.
    pub fn shown(self, value: f64) -> String {
        match self {
            Knob::ScalingModel if value >= 0.5 => "today's".into(),
            Knob::ScalingModel => "legacy burst".into(),
            Knob::Breaker if value >= 0.5 => "on".into(),
            Knob::Breaker => "off".into(),
            _ => format!("{} {}", super::format::compact(value), self.unit()),
        }
    }

    /// Sets the knob to `value`, brought into its range and onto its step.
    pub fn set(self, sc: &mut Scenario, value: f64) {
        let r = self.range();
        let v = (r.min + ((value - r.min) / r.step).round() * r.step).clamp(r.min, r.max);
        match self {
            Knob::Rate => sc.workload.rate_per_s = v,
            Knob::Copies => sc.monolith.copies = v as u32,
            Knob::Workers => sc.monolith.workers = v as u32,
            Knob::MaxReplicas => {
                let d = &mut sc.microservices.service_defaults;
                d.max_replicas = v as u32;
                d.min_replicas = d.min_replicas.min(d.max_replicas);
            }
            Knob::CallTimeout => sc.microservices.calls.timeout_s = v,
            Knob::KeepAlive => sc.serverless.keep_alive_s = v,
            Knob::Memory => sc.serverless.memory_mb = v,
            Knob::Provisioned => sc.serverless.provisioned = v as u32,
            Knob::ScalingModel => {
                sc.serverless.scaling_model = if v >= 0.5 {
                    ScalingModel::Current
                } else {
                    ScalingModel::LegacyBurst
                }
            }
            Knob::Breaker => sc.microservices.calls.breaker.enabled = v >= 0.5,
        }
    }
}

/// The sliders for `knobs` at `sc`'s values, each carrying its place in the list (the page has
/// one handler for them all).
pub fn knobs_html(knobs: &[Knob], sc: &Scenario) -> String {
    let mut out = String::new();
    for (i, k) in knobs.iter().enumerate() {
        let r = k.range();
        let value = k.get(sc);
        let shown = k.shown(value);
        let _ = write!(
            out,
            r#"<label class="knob" title="{help}"><span class="knob-name">{label}</span><input type="range" data-index="{i}" min="{}" max="{}" step="{}" value="{value}" aria-valuetext="{shown}" aria-describedby="knob-help-{i}"><output>{shown}</output><span class="knob-help" id="knob-help-{i}">{help}</span></label>"#,
            r.min,
            r.max,
            r.step,
            label = escaped(k.label()),
            help = escaped(k.help()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::CHAPTERS;

    const ALL: [Knob; 10] = [
        Knob::Rate,
        Knob::Copies,
        Knob::Workers,
        Knob::MaxReplicas,
        Knob::CallTimeout,
        Knob::KeepAlive,
        Knob::Memory,
        Knob::Provisioned,
        Knob::ScalingModel,
        Knob::Breaker,
    ];

    #[test]
    fn every_knob_sets_its_field_within_the_scenarios_own_limits() {
        for k in ALL {
            let r = k.range();
            for v in [r.min, r.max, (r.min + r.max) / 2.0] {
                let mut sc = Scenario::default();
                k.set(&mut sc, v);
                let read = k.get(&sc);
                assert!(
                    (read - v).abs() <= r.step / 2.0 + 1e-9,
                    "{k:?}: set {v}, read {read}"
                );
                assert_eq!(sc.validate(), Ok(()), "{k:?} at {v}");
            }
            // Out of range or off the step: brought back.
            let mut sc = Scenario::default();
            k.set(&mut sc, r.max * 10.0 + 1.0);
            assert_eq!(k.get(&sc), r.max, "{k:?}");
            k.set(&mut sc, r.min - 5.0);
            assert_eq!(k.get(&sc), r.min, "{k:?}");
        }
        let mut sc = Scenario::default();
        Knob::KeepAlive.set(&mut sc, 631.0);
        assert_eq!(sc.serverless.keep_alive_s, 660.0);
        // The two-position knobs name their positions and set what they say.
        Knob::ScalingModel.set(&mut sc, 0.0);
        assert_eq!(sc.serverless.scaling_model, ScalingModel::LegacyBurst);
        assert_eq!(Knob::ScalingModel.shown(0.0), "legacy burst");
        Knob::Breaker.set(&mut sc, 1.0);
        assert!(sc.microservices.calls.breaker.enabled);
        assert_eq!(Knob::Breaker.shown(Knob::Breaker.get(&sc)), "on");
        assert!(Knob::Memory.shown(1024.0).ends_with(" MB"));
    }

    #[test]
    fn each_chapter_offers_the_knobs_of_what_it_shows() {
        for c in CHAPTERS {
            let sc = (c.scenario)();
            for k in c.knobs {
                assert!(
                    (k.get(&sc) - k.get(&Scenario::default())).is_finite(),
                    "{}: {k:?}",
                    c.id
                );
            }
        }
        let serverless = CHAPTERS.iter().find(|c| c.id == "serverless").unwrap();
        assert!(
            serverless.knobs.contains(&Knob::KeepAlive) && serverless.knobs.contains(&Knob::Memory)
        );
        let html = knobs_html(serverless.knobs, &(serverless.scenario)());
        assert_eq!(
            html.matches("<input type=\"range\"").count(),
            serverless.knobs.len()
        );
        assert!(
            html.contains(r#"min="60" max="3600" step="60" value="600" aria-valuetext="600 s""#),
            "{html}"
        );
    }
}
