//! The future-event list: a min-heap on (time, sequence). The sequence number breaks ties in
//! insertion order, which keeps runs deterministic when two events share a timestamp.

use super::system::Event;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

struct Entry {
    t: f64,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    // Reversed: BinaryHeap is a max-heap and we want the earliest event on top.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .t
            .total_cmp(&self.t)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

#[derive(Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    seq: u64,
}

impl EventQueue {
    pub fn push(&mut self, t: f64, event: Event) {
        self.seq += 1;
        self.heap.push(Entry {
            t,
            seq: self.seq,
            event,
        });
    }

    pub fn peek_time(&self) -> Option<f64> {
        self.heap.peek().map(|e| e.t)
    }

    pub fn pop(&mut self) -> Option<(f64, Event)> {
        self.heap.pop().map(|e| (e.t, e.event))
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_and_ties_in_insertion_order() {
        let mut q = EventQueue::default();
        q.push(2.0, Event::Timeline(0));
        q.push(1.0, Event::Timeline(1));
        q.push(2.0, Event::Timeline(2));
        q.push(0.5, Event::Timeline(3));
        let order: Vec<f64> = std::iter::from_fn(|| q.pop())
            .map(|(t, e)| match e {
                Event::Timeline(i) => t * 10.0 + i as f64,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(order, vec![8.0, 11.0, 20.0, 22.0]);
    }
}
