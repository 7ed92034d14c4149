//! What a model sees while it handles one event: the clock, the event list, the requests in
//! flight and the recorders. Finishing a request always goes through here, so metrics, traces and
//! flights can never disagree.

use super::event::Event;
use super::event_queue::{EventQueue, Lane};
use super::flight::{Flight, Flights, Slot};
use super::metrics::{FailureCause, Metrics};
use super::prices::Prices;
use super::rng::Rng;
use super::timeline::FaultBook;
use super::topology::Topology;
use super::trace::{Hop, Outcome, Trace, TraceLog};
use super::workload::Request;

pub struct Ctx<'a> {
    pub now: f64,
    pub queue: &'a mut EventQueue<Event>,
    pub flights: &'a mut Flights,
    pub metrics: &'a mut Metrics,
    pub traces: &'a mut TraceLog,
    /// Randomness the platform adds (cold-start times).
    pub rng: &'a mut Rng,
    pub faults: &'a FaultBook,
    pub prices: &'a Prices,
}

impl Ctx<'_> {
    pub fn schedule(&mut self, at: f64, event: Event) {
        self.queue.push(at, event);
    }

    /// Schedules an event a constant `delay` of this lane from now (see `EventQueue`).
    pub fn schedule_after(&mut self, lane: Lane, delay: f64, event: Event) {
        self.queue.push_in_order(lane, self.now + delay, event);
    }

    /// Puts a new request in flight at `node`.
    pub fn admit(&mut self, req: Request, node: u16) -> Slot {
        let sampled = self.traces.is_sampled(req.id);
        let hops = if sampled {
            vec![
                Hop {
                    node: Topology::CLIENT,
                    arrive: req.arrival,
                    depart: req.arrival,
                },
                Hop {
                    node,
                    arrive: self.now,
                    depart: f64::INFINITY,
                },
            ]
        } else {
            Vec::new()
        };
        self.flights.insert(Flight {
            req,
            stage: 0,
            cold: false,
            hops,
            sampled,
            lane: 0,
            queued_at: self.now,
            waited_s: 0.0,
            answered: false,
        })
    }

    /// Records that the request left its current node at `leave` and reached `node` at `arrive`.
    /// A visit to the node the request was admitted at (a gateway that is also the model's first
    /// stop) is one hop: it only moves that hop's arrival to when the request really got there.
    pub fn visit(&mut self, slot: Slot, node: u16, leave: f64, arrive: f64) {
        if let Some(f) = self.flights.get_mut(slot) {
            if f.sampled {
                let n = f.hops.len();
                // A trace never leaves a node before it got there: a crash can cut short a call
                // still on its way to its data store, and it leaves the store as it arrives.
                if n >= 2 && f.hops[n - 1].node == node && f.hops[n - 1].depart == f64::INFINITY {
                    f.hops[n - 2].depart = leave.max(f.hops[n - 2].arrive);
                    f.hops[n - 1].arrive = arrive;
                    return;
                }
                if let Some(last) = f.hops.last_mut() {
                    last.depart = leave.max(last.arrive);
                }
                f.hops.push(Hop {
                    node,
                    arrive,
                    depart: f64::INFINITY,
                });
            }
        }
    }

    /// Marks the start of a wait in a queue.
    pub fn queued(&mut self, slot: Slot) {
        let now = self.now;
        if let Some(f) = self.flights.get_mut(slot) {
            f.queued_at = now;
        }
    }

    /// Marks the end of a wait in a queue (service starts).
    pub fn dequeued(&mut self, slot: Slot) {
        let now = self.now;
        if let Some(f) = self.flights.get_mut(slot) {
            f.waited_s += now - f.queued_at;
        }
    }

    pub fn complete(&mut self, slot: Slot) {
        self.complete_at(slot, self.now);
    }

    /// Completes a request whose response reaches the client at `t` (>= now): the return trip
    /// has a known, fixed length, so it needs no event of its own.
    pub fn complete_at(&mut self, slot: Slot, t: f64) {
        if let Some(f) = self.flights.remove(slot) {
            if f.answered {
                self.metrics.job_ended(t, None);
            } else {
                self.metrics.completed(t, f.req.kind, t - f.req.arrival);
                self.metrics.waited(t, f.waited_s);
            }
            self.finish_trace(f, None, self.now, t);
        }
    }

    pub fn fail(&mut self, slot: Slot, cause: FailureCause) {
        if let Some(f) = self.flights.remove(slot) {
            if f.answered {
                self.metrics.job_ended(self.now, Some(cause));
            } else {
                self.metrics
                    .failed(self.now, f.req.kind, cause, self.now - f.req.arrival);
            }
            self.finish_trace(f, Some(cause), self.now, self.now);
        }
    }

    /// The client gets its answer now, 202 for a job accepted for later: the request counts as
    /// served, and the job goes on under the same slot.
    pub fn acknowledge(&mut self, slot: Slot) {
        if self.flights.answer(slot) {
            let arrival = self.flights.get(slot).map_or(self.now, |f| f.req.arrival);
            self.metrics.acknowledged(self.now, self.now - arrival);
        }
    }

    /// Ends a sampled trace: it leaves its last node at `leave` and is back at the client at `end`.
    fn finish_trace(&mut self, mut f: Flight, failure: Option<FailureCause>, leave: f64, end: f64) {
        if !f.sampled {
            return;
        }
        if let Some(last) = f.hops.last_mut() {
            last.depart = last.depart.min(leave);
        }
        f.hops.push(Hop {
            node: Topology::CLIENT,
            arrive: end,
            depart: end,
        });
        self.traces.push(Trace {
            id: f.req.id,
            kind: f.req.kind,
            hops: f.hops,
            outcome: Outcome::of(failure, f.cold),
            failure,
            end,
        });
    }
}
