//! Requests in flight. Memory is bounded by how many requests are in the system at once, never by
//! how many have been served: finished slots are reused.

use super::trace::Hop;
use super::workload::Request;

#[derive(Clone, Debug)]
pub struct Flight {
    pub req: Request,
    /// Which step of its path the request is on (meaning is per model).
    pub stage: u16,
    /// Set when it had to start a new function instance.
    pub cold: bool,
    /// The node path so far; kept only for sampled requests.
    pub hops: Vec<Hop>,
    pub sampled: bool,
    /// Model-specific index (the monolith copy, the function, ...).
    pub lane: u32,
    /// When it joined its current queue, and its total time spent queueing.
    pub queued_at: f64,
    pub waited_s: f64,
    /// The client already has its answer (202 for a job queued for an asynchronous
    /// invocation); how the job ends is counted apart.
    pub answered: bool,
}

/// A slot handle. The request id travels with it so an event for a slot that has since been
/// reused (a request that failed early) can be recognised as stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub index: u32,
    pub id: u64,
}

#[derive(Default)]
pub struct Flights {
    slots: Vec<Option<Flight>>,
    free: Vec<u32>,
    live: usize,
    /// Of the live, those whose client already has its answer (asynchronous jobs).
    answered: usize,
}

impl Flights {
    pub fn insert(&mut self, flight: Flight) -> Slot {
        let id = flight.req.id;
        self.live += 1;
        let index = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(flight);
                i
            }
            None => {
                self.slots.push(Some(flight));
                (self.slots.len() - 1) as u32
            }
        };
        Slot { index, id }
    }

    pub fn get(&self, slot: Slot) -> Option<&Flight> {
        self.slots
            .get(slot.index as usize)?
            .as_ref()
            .filter(|f| f.req.id == slot.id)
    }

    pub fn get_mut(&mut self, slot: Slot) -> Option<&mut Flight> {
        self.slots
            .get_mut(slot.index as usize)?
            .as_mut()
            .filter(|f| f.req.id == slot.id)
    }

    pub fn remove(&mut self, slot: Slot) -> Option<Flight> {
        let cell = self.slots.get_mut(slot.index as usize)?;
        if cell.as_ref().map(|f| f.req.id) != Some(slot.id) {
            return None;
        }
        self.free.push(slot.index);
        self.live -= 1;
        let flight = cell.take();
        if flight.as_ref().is_some_and(|f| f.answered) {
            self.answered -= 1;
        }
        flight
    }

    /// The client has its answer; the flight goes on as a job. Returns whether it was waiting.
    pub fn answer(&mut self, slot: Slot) -> bool {
        match self.get_mut(slot) {
            Some(f) if !f.answered => {
                f.answered = true;
                self.answered += 1;
                true
            }
            _ => false,
        }
    }

    /// Requests whose clients are still waiting for an answer.
    pub fn unanswered(&self) -> usize {
        self.live - self.answered
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Flight> {
        self.slots.iter().flatten()
    }

    /// Slots ever allocated: the high-water mark of requests in flight.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flight(id: u64) -> Flight {
        Flight {
            req: Request {
                id,
                kind: 0,
                arrival: 0.0,
                work_s: 0.0,
                db_s: 0.0,
            },
            stage: 0,
            cold: false,
            hops: vec![],
            sampled: false,
            lane: 0,
            queued_at: 0.0,
            waited_s: 0.0,
            answered: false,
        }
    }

    #[test]
    fn slots_are_reused_and_stale_handles_see_nothing() {
        let mut f = Flights::default();
        let a = f.insert(flight(1));
        assert!(f.remove(a).is_some());
        let b = f.insert(flight(2));
        assert_eq!(a.index, b.index);
        assert!(
            f.get(a).is_none(),
            "a stale handle must not reach the new request"
        );
        assert!(f.remove(a).is_none());
        assert_eq!(f.len(), 1);
        assert_eq!(f.capacity(), 1);
    }
}
