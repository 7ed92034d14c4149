//! A pool of identical servers (worker threads, database connections) with one FIFO queue.
//! It is the shared building block of every queue-based model. It also integrates how many servers
//! were busy and available over time, which the autoscaler reads as utilisation.

use super::flight::Slot;
use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admit {
    /// A server was free: start now.
    Serve,
    /// All servers busy: the request waits in the queue.
    Queued,
    /// The queue is full.
    Rejected,
}

/// `T` is what waits: a request's slot, or a call between services.
#[derive(Clone, Debug)]
pub struct Station<T = Slot> {
    servers: u32,
    busy: u32,
    queue: VecDeque<T>,
    queue_limit: usize,
    since: f64,
    busy_area: f64,
    server_area: f64,
}

impl<T: Copy> Station<T> {
    pub fn new(servers: u32, queue_limit: usize) -> Self {
        Station {
            servers,
            busy: 0,
            queue: VecDeque::new(),
            queue_limit,
            since: 0.0,
            busy_area: 0.0,
            server_area: 0.0,
        }
    }

    fn account(&mut self, now: f64) {
        let dt = now - self.since;
        if dt > 0.0 {
            self.busy_area += self.busy as f64 * dt;
            self.server_area += self.servers as f64 * dt;
            self.since = now;
        }
    }

    pub fn admit(&mut self, now: f64, slot: T) -> Admit {
        if self.busy < self.servers {
            self.account(now);
            self.busy += 1;
            Admit::Serve
        } else if self.queue.len() < self.queue_limit {
            self.queue.push_back(slot);
            Admit::Queued
        } else {
            Admit::Rejected
        }
    }

    /// A server finished; returns the queued request it takes next, if any.
    pub fn release(&mut self, now: f64) -> Option<T> {
        self.account(now);
        self.busy -= 1;
        self.take_next()
    }

    fn take_next(&mut self) -> Option<T> {
        if self.busy < self.servers {
            let next = self.queue.pop_front()?;
            self.busy += 1;
            Some(next)
        } else {
            None
        }
    }

    /// Changes the number of servers; returns queued requests that can start now. Shrinking below
    /// the busy count lets running requests finish (a draining pod) and starts nothing new.
    pub fn resize(&mut self, now: f64, servers: u32, queue_limit: usize) -> Vec<T> {
        self.account(now);
        self.servers = servers;
        self.queue_limit = queue_limit;
        std::iter::from_fn(|| self.take_next()).collect()
    }

    /// Every server is free again (a crashed process's threads are gone).
    pub fn reset(&mut self, now: f64) {
        self.account(now);
        self.busy = 0;
    }

    /// Empties the queue (a crash or restart loses it); returns who was waiting.
    pub fn drain_queue(&mut self) -> Vec<T> {
        self.queue.drain(..).collect()
    }

    /// (busy server-seconds, available server-seconds) since the last call, then resets.
    pub fn take_utilisation(&mut self, now: f64) -> (f64, f64) {
        self.account(now);
        let out = (self.busy_area, self.server_area);
        self.busy_area = 0.0;
        self.server_area = 0.0;
        out
    }

    pub fn servers(&self) -> u32 {
        self.servers
    }
    pub fn busy(&self) -> u32 {
        self.busy
    }
    pub fn queued(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(i: u32) -> Slot {
        Slot {
            index: i,
            id: i as u64,
        }
    }

    #[test]
    fn serves_queues_then_rejects() {
        let mut st = Station::new(1, 1);
        assert_eq!(st.admit(0.0, s(1)), Admit::Serve);
        assert_eq!(st.admit(0.0, s(2)), Admit::Queued);
        assert_eq!(st.admit(0.0, s(3)), Admit::Rejected);
        assert_eq!(st.release(1.0), Some(s(2)));
        assert_eq!(st.release(2.0), None);
        assert_eq!(st.busy(), 0);
    }

    #[test]
    fn growing_starts_waiting_requests_and_utilisation_is_time_weighted() {
        let mut st = Station::new(1, 10);
        st.admit(0.0, s(1));
        st.admit(0.0, s(2));
        st.admit(0.0, s(3));
        assert_eq!(st.resize(2.0, 3, 10), vec![s(2), s(3)]);
        let (busy, avail) = st.take_utilisation(4.0);
        assert!((busy - (1.0 * 2.0 + 3.0 * 2.0)).abs() < 1e-9);
        assert!((avail - (1.0 * 2.0 + 3.0 * 2.0)).abs() < 1e-9);
    }

    #[test]
    fn shrinking_lets_running_work_drain() {
        let mut st = Station::new(2, 10);
        st.admit(0.0, s(1));
        st.admit(0.0, s(2));
        st.admit(0.0, s(3));
        assert!(st.resize(1.0, 1, 10).is_empty());
        assert_eq!(st.release(2.0), None, "still one busy on a single server");
        assert_eq!(st.release(3.0), Some(s(3)));
    }
}
