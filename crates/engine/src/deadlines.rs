//! Deadlines set a constant delay after each request starts (an ingress's timeout), so they
//! come due in the order they were set, and nearly all of them belong to requests answered long
//! before. An event per deadline would be one in twelve of the microservices' events, each
//! found stale; instead only the earliest deadline still open has a wake-up event, and answered
//! requests' deadlines are dropped as they reach the front, with no event at all.

use std::collections::VecDeque;

#[derive(Clone, Debug)]
pub struct Deadlines<K> {
    /// (when it comes due, whose), earliest first.
    queue: VecDeque<(f64, K)>,
    /// A wake-up event is in the simulation's queue.
    wake_pending: bool,
}

impl<K> Default for Deadlines<K> {
    fn default() -> Self {
        Deadlines {
            queue: VecDeque::new(),
            wake_pending: false,
        }
    }
}

impl<K: Copy> Deadlines<K> {
    /// Sets `key`'s deadline at `at`, no earlier than any set before. Returns when a wake-up
    /// event must be scheduled, if none is pending. `settled` tells a key whose request needs
    /// no deadline any more: those at the front are forgotten now, keeping the queue about as
    /// long as the requests in flight.
    pub fn set(&mut self, at: f64, key: K, settled: impl Fn(K) -> bool) -> Option<f64> {
        debug_assert!(
            self.queue.back().is_none_or(|&(last, _)| last <= at),
            "deadlines come due in the order they are set"
        );
        self.forget_settled(&settled);
        self.queue.push_back((at, key));
        if self.wake_pending {
            return None;
        }
        self.wake_pending = true;
        self.queue.front().map(|&(t, _)| t)
    }

    /// During a wake-up at `now`: the next deadline that has come due, settled or not.
    pub fn take_due(&mut self, now: f64) -> Option<K> {
        match self.queue.front() {
            Some(&(at, key)) if at <= now => {
                self.queue.pop_front();
                Some(key)
            }
            _ => None,
        }
    }

    /// After a wake-up has taken what was due: when the next wake-up must be, if any deadline
    /// is still open.
    pub fn woke(&mut self, settled: impl Fn(K) -> bool) -> Option<f64> {
        self.forget_settled(&settled);
        let next = self.queue.front().map(|&(t, _)| t);
        self.wake_pending = next.is_some();
        next
    }

    fn forget_settled(&mut self, settled: &impl Fn(K) -> bool) {
        while self.queue.front().is_some_and(|&(_, key)| settled(key)) {
            self.queue.pop_front();
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_wake_up_at_a_time_for_the_earliest_open_deadline() {
        let mut d = Deadlines::default();
        let answered = |k: u32| k % 2 == 0;
        assert_eq!(
            d.set(10.0, 1, answered),
            Some(10.0),
            "the first needs a wake-up"
        );
        assert_eq!(d.set(11.0, 2, answered), None, "one is already pending");
        assert_eq!(d.set(12.0, 3, answered), None);
        // A wake-up can come before anything is due (the deadline it was for was answered).
        assert_eq!(d.take_due(9.5), None);
        assert_eq!(d.take_due(11.5), Some(1));
        assert_eq!(
            d.take_due(11.5),
            Some(2),
            "taken even when answered: the caller checks"
        );
        assert_eq!(d.take_due(11.5), None);
        assert_eq!(d.woke(answered), Some(12.0));
        assert_eq!(d.take_due(12.0), Some(3));
        assert_eq!(d.woke(answered), None, "nothing open: no wake-up");
        assert_eq!(
            d.set(20.0, 5, answered),
            Some(20.0),
            "a new one after that needs one"
        );
    }

    #[test]
    fn answered_deadlines_at_the_front_are_dropped_without_waking() {
        let mut d = Deadlines::default();
        let answered = |k: u32| k < 100;
        for k in 0..100 {
            d.set(k as f64, k, |_| false);
        }
        assert_eq!(d.len(), 100);
        // All answered: the next one set drops them all, so memory follows what is in flight.
        d.set(200.0, 100, answered);
        assert_eq!(d.len(), 1);
        assert_eq!(d.woke(answered), Some(200.0));
    }
}
