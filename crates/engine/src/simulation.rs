//! The driver: one architecture, one scenario. It merges the arrival stream with the event list,
//! hands each event to the system, and keeps the gauges integrated. It can advance in slices
//! (for animation) or run to the end (for the headless runner); both give identical results.

use super::context::Ctx;
use super::event::Event;
use super::event_queue::EventQueue;
use super::flight::Flights;
use super::metrics::Metrics;
use super::rng::{Rng, Stream};
use super::scenario::{Architecture, Scenario};
use super::system::System;
use super::timeline::FaultBook;
use super::topology::NodeState;
use super::trace::{Outcome, Trace, TraceLog};
use super::workload::{ArrivalStream, Request};

/// How many finished traces each simulation keeps for the animation.
const TRACE_RING: usize = 4096;

pub struct Simulation {
    pub arch: Architecture,
    pub scenario: Scenario,
    pub system: System,
    pub metrics: Metrics,
    pub traces: TraceLog,
    queue: EventQueue<Event>,
    flights: Flights,
    arrivals: ArrivalStream,
    pending: Option<Request>,
    rng: Rng,
    faults: FaultBook,
    now: f64,
    last_event: f64,
    events: u64,
}

impl Simulation {
    /// `scenario` must be valid (see `Scenario::validate`).
    pub fn new(scenario: &Scenario, arch: Architecture) -> Self {
        let system = System::new(arch, scenario);
        let mut queue = EventQueue::default();
        for (i, e) in scenario.events.iter().enumerate() {
            queue.push(e.at(), Event::Timeline(i as u16));
        }
        let faults = FaultBook::new(&scenario.events, &scenario.workload.modules());
        let mut sim = Simulation {
            arch,
            metrics: Metrics::new(
                scenario.window(),
                scenario.warmup_s,
                scenario
                    .workload
                    .kinds
                    .iter()
                    .map(|k| k.is_long_job())
                    .collect(),
            ),
            traces: TraceLog::new(scenario.seed, scenario.trace_fraction(), TRACE_RING),
            queue,
            flights: Flights::default(),
            arrivals: ArrivalStream::new(
                &scenario.workload,
                scenario.seed,
                scenario.arrival_block_s(),
            ),
            pending: None,
            rng: Rng::stream(scenario.seed, Stream::ColdStart),
            faults,
            now: 0.0,
            last_event: 0.0,
            events: 0,
            system,
            scenario: scenario.clone(),
        };
        let mut ctx = Ctx {
            now: 0.0,
            queue: &mut sim.queue,
            flights: &mut sim.flights,
            metrics: &mut sim.metrics,
            traces: &mut sim.traces,
            rng: &mut sim.rng,
            faults: &sim.faults,
            prices: &sim.scenario.prices,
        };
        sim.system.start(&mut ctx);
        sim.pending = sim.arrivals.next_before(sim.scenario.duration_s);
        sim.metrics.set_gauges(0.0, sim.system.gauges(0.0));
        sim
    }

    /// One simulation for each architecture the scenario lists, in its order.
    pub fn for_each_architecture(scenario: &Scenario) -> Vec<Simulation> {
        scenario
            .architectures
            .iter()
            .map(|&a| Simulation::new(scenario, a))
            .collect()
    }

    pub fn now(&self) -> f64 {
        self.now
    }
    pub fn is_finished(&self) -> bool {
        self.now >= self.scenario.duration_s
    }

    pub fn events_processed(&self) -> u64 {
        self.events
    }

    /// Requests still waiting for their answer (a job answered 202 is not one of them).
    pub fn in_flight(&self) -> usize {
        self.flights.unanswered()
    }

    /// Advances to `t` (capped at the scenario's end), processing every event up to it.
    pub fn run_until(&mut self, t: f64) {
        self.run_bounded(t, u64::MAX);
    }

    /// Like `run_until`, but stops after `max_events` events; returns true if it reached `t`.
    pub fn run_bounded(&mut self, t: f64, max_events: u64) -> bool {
        let end = t.min(self.scenario.duration_s);
        let mut budget = max_events;
        loop {
            let next = self.queue.peek();
            let next_event = next.map_or(f64::INFINITY, |n| n.at);
            let next_arrival = self.pending.map_or(f64::INFINITY, |r| r.arrival);
            let at = next_event.min(next_arrival);
            if at > end {
                break;
            }
            if budget == 0 {
                // Out of budget: the clock stays at the last event handled.
                self.now = self.now.max(self.last_event);
                return false;
            }
            budget -= 1;
            let event = match next {
                Some(n) if n.at < next_arrival => self.queue.take(n),
                _ => None,
            };
            let mut ctx = Ctx {
                now: at,
                queue: &mut self.queue,
                flights: &mut self.flights,
                metrics: &mut self.metrics,
                traces: &mut self.traces,
                rng: &mut self.rng,
                faults: &self.faults,
                prices: &self.scenario.prices,
            };
            match event {
                Some(event) => self.system.handle(event, &mut ctx, &self.scenario.events),
                None => {
                    let req = self.pending.take().expect("an arrival is pending");
                    ctx.metrics.arrival(at, req.kind);
                    self.system.arrive(req, &mut ctx);
                    self.pending = self.arrivals.next_before(self.scenario.duration_s);
                }
            }
            self.events += 1;
            self.last_event = at;
            self.metrics.set_gauges(at, self.system.gauges(at));
        }
        self.now = self.now.max(end);
        // Gauges are integrated only at event times and at the very end, so that running in
        // slices adds no extra (rounded) integration steps: sliced and whole runs are identical.
        if self.is_finished() {
            self.metrics.advance(self.now);
        }
        true
    }

    pub fn run_to_end(&mut self) {
        self.run_until(self.scenario.duration_s);
    }

    pub fn node_states(&self) -> Vec<NodeState> {
        self.system.node_states(self.now, &self.faults)
    }

    /// Sampled requests still in the system, as traces whose last hop has not ended.
    pub fn live_traces(&self) -> Vec<Trace> {
        self.flights
            .iter()
            .filter(|f| f.sampled)
            .map(|f| Trace {
                id: f.req.id,
                kind: f.req.kind,
                hops: f.hops.clone(),
                outcome: Outcome::of(None, f.cold),
                failure: None,
                end: f64::INFINITY,
            })
            .collect()
    }
}
