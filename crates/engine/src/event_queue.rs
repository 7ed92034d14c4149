//! The future-event list: a min-heap on (time, sequence), plus FIFO lanes for events that are
//! always scheduled a constant delay after "now" (a network hop, the API Gateway's latency): those
//! arrive already in time order, so a queue costs O(1) where the heap costs O(log n). Every event
//! gets a sequence number that breaks ties in insertion order, across heap and lanes alike, so the
//! order is exactly that of a single heap and runs stay deterministic.

use super::earliest::Earliest;
use std::collections::{BinaryHeap, VecDeque};

/// A FIFO lane for one constant delay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    NetworkHop = 0,
    ApiGateway = 1,
    /// A caller's timeout on a call between services (one policy for all calls).
    CallTimeout = 2,
}

impl Lane {
    const COUNT: usize = 3;
}

/// The earliest event of a queue: its time, and the heap (None) or lane (Some) it waits in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Next {
    pub at: f64,
    lane: Option<usize>,
}

/// Generic over the event type, so the queue knows nothing of the models that use it.
pub struct EventQueue<E> {
    heap: BinaryHeap<Earliest<E>>,
    lanes: [VecDeque<Earliest<E>>; Lane::COUNT],
    seq: u64,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            heap: BinaryHeap::new(),
            lanes: std::array::from_fn(|_| VecDeque::new()),
            seq: 0,
        }
    }
}

impl<E> EventQueue<E> {
    pub fn push(&mut self, t: f64, event: E) {
        self.seq += 1;
        self.heap.push(Earliest {
            key: t,
            seq: self.seq,
            item: event,
        });
    }

    /// Schedules an event that is, by construction, no earlier than anything already in `lane`.
    pub fn push_in_order(&mut self, lane: Lane, t: f64, event: E) {
        self.seq += 1;
        let q = &mut self.lanes[lane as usize];
        debug_assert!(
            q.back().is_none_or(|b| b.key <= t),
            "lane {lane:?} out of order"
        );
        q.push_back(Earliest {
            key: t,
            seq: self.seq,
            item: event,
        });
    }

    /// The earliest event: when it is due and where it waits, for `take`. The simulation looks
    /// once per event, so the search over the heap and the lanes is not repeated to remove it.
    #[inline(always)]
    pub fn peek(&self) -> Option<Next> {
        let mut best: Option<(Option<usize>, &Earliest<E>)> = self.heap.peek().map(|e| (None, e));
        for (i, q) in self.lanes.iter().enumerate() {
            if let Some(e) = q.front() {
                // `Earliest` is ordered for the max-heap: greater means earlier.
                let earlier = match best {
                    None => true,
                    Some((_, b)) => e.cmp(b) == std::cmp::Ordering::Greater,
                };
                if earlier {
                    best = Some((Some(i), e));
                }
            }
        }
        best.map(|(lane, e)| Next { at: e.key, lane })
    }

    /// Removes the event `next` (from `peek`, with nothing pushed since) and returns it.
    #[inline(always)]
    pub fn take(&mut self, next: Next) -> Option<E> {
        let e = match next.lane {
            None => self.heap.pop()?,
            Some(lane) => self.lanes[lane].pop_front()?,
        };
        Some(e.item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event, earliest first, as the simulation takes them.
    fn drain(q: &mut EventQueue<u16>) -> Vec<(f64, u16)> {
        std::iter::from_fn(|| {
            let next = q.peek()?;
            q.take(next).map(|e| (next.at, e))
        })
        .collect()
    }

    fn pending(q: &EventQueue<u16>) -> usize {
        q.heap.len() + q.lanes.iter().map(VecDeque::len).sum::<usize>()
    }

    #[test]
    fn pops_in_time_order_and_ties_in_insertion_order() {
        let mut q = EventQueue::default();
        q.push(2.0, 0);
        q.push(1.0, 1);
        q.push(2.0, 2);
        q.push(0.5, 3);
        assert_eq!(drain(&mut q), vec![(0.5, 3), (1.0, 1), (2.0, 0), (2.0, 2)]);
    }

    #[test]
    fn lanes_and_heap_interleave_exactly_like_one_heap() {
        let mut q = EventQueue::default();
        q.push(2.0, 0);
        q.push_in_order(Lane::NetworkHop, 1.0, 1);
        q.push_in_order(Lane::NetworkHop, 2.0, 2);
        q.push_in_order(Lane::ApiGateway, 0.5, 3);
        q.push(1.0, 4);
        assert_eq!(pending(&q), 5);
        // Ties at 1.0 and 2.0 go in insertion order whichever structure holds them.
        let order: Vec<u16> = drain(&mut q).into_iter().map(|(_, i)| i).collect();
        assert_eq!(order, vec![3, 1, 4, 0, 2]);
        assert_eq!(pending(&q), 0);
    }
}
