//! One running copy of a program that serves requests: a copy of the monolith on its machine, or
//! one pod of a service. It has worker threads with a queue in front of them, and CPU cores that
//! its busy workers share (see `SharedCpu`). The monolith and the pods are built from the same
//! part and balanced by the same policy, so their differences come from how they are arranged,
//! never from two ways of modelling a server.

use super::rng::Rng;
use super::shared_cpu::SharedCpu;
use super::station::Station;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaState {
    /// Waiting for a node with room for its CPU and memory requests (a pod): not billed,
    /// not serving.
    Pending,
    /// Booting (image pull, start, readiness): billed, not serving.
    Starting,
    Ready,
    /// Takes no new requests and finishes what it has, then goes (scale-down, rolling update).
    Draining,
    /// Restarting after a release (a monolith copy in a rolling update).
    Restarting,
    /// No longer exists; its place may be reused.
    Gone,
}

#[derive(Clone, Debug)]
pub struct Replica<T> {
    pub workers: Station<T>,
    pub cpu: SharedCpu<T>,
    pub state: ReplicaState,
    /// The release it runs, for rolling updates.
    pub version: u32,
    /// When its process last started: a memory leak grows from then.
    pub started: f64,
}

impl<T: Copy> Replica<T> {
    pub fn new(workers: u32, queue_limit: u32, cores: f64, state: ReplicaState) -> Self {
        Replica {
            workers: Station::new(workers, queue_limit as usize),
            cpu: SharedCpu::new(cores),
            state,
            version: 0,
            started: 0.0,
        }
    }

    /// A new replica in the place of a gone one. The CPU's event generations carry on, so an
    /// event left over from the old replica can never be taken for one of the new.
    pub fn replace(&mut self, workers: u32, queue_limit: u32, cores: f64, state: ReplicaState) {
        let cpu = self.cpu.renewed(cores);
        *self = Replica {
            cpu,
            ..Replica::new(workers, queue_limit, cores, state)
        };
    }

    /// Requests in progress or waiting here.
    pub fn outstanding(&self) -> usize {
        self.workers.busy() as usize + self.workers.queued()
    }

    pub fn is_empty(&self) -> bool {
        self.outstanding() == 0
    }
}

/// The load-balancing policy for monolith copies and pods alike: least outstanding requests, by
/// two random choices. Among the ready replicas (`ready`, their places), two are drawn at random
/// and the one with fewer requests in progress or waiting gets the next (the first drawn of
/// equals). With one or two ready replicas this is exactly least-outstanding. It is Envoy's
/// least-request balancer (Istio's default); drawing two keeps each choice O(1) however many pods
/// a service has, and follows the least-loaded replica almost as closely as comparing them all.
pub fn least_outstanding<T: Copy>(
    replicas: &[Replica<T>],
    ready: &[u16],
    rng: &mut Rng,
) -> Option<usize> {
    let load = |i: u16| replicas[i as usize].outstanding();
    match ready.len() {
        0 => None,
        1 => Some(ready[0] as usize),
        2 => Some(if load(ready[1]) < load(ready[0]) {
            ready[1]
        } else {
            ready[0]
        } as usize),
        n => {
            let first = (rng.next_u64() % n as u64) as usize;
            let second = (first + 1 + (rng.next_u64() % (n as u64 - 1)) as usize) % n;
            let (a, b) = (ready[first], ready[second]);
            Some(if load(b) < load(a) { b } else { a } as usize)
        }
    }
}

/// The places of the ready replicas, in order.
pub fn ready_places<T: Copy>(replicas: &[Replica<T>]) -> Vec<u16> {
    replicas
        .iter()
        .enumerate()
        .filter(|(_, r)| r.state == ReplicaState::Ready)
        .map(|(i, _)| i as u16)
        .collect()
}

/// The place for a new replica: a gone one's, or a new one at the end.
pub fn vacant_place<T: Copy>(replicas: &[Replica<T>]) -> Option<usize> {
    replicas.iter().position(|r| r.state == ReplicaState::Gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;
    use crate::station::Admit;

    #[test]
    fn the_less_busy_of_the_ready_replicas_gets_the_request() {
        let mut rng = Rng::stream(1, Stream::Routing);
        let mut rs: Vec<Replica<u32>> = (0..2)
            .map(|_| Replica::new(1, 10, 1.0, ReplicaState::Ready))
            .collect();
        let ready = |rs: &[Replica<u32>]| ready_places(rs);
        assert_eq!(
            least_outstanding(&rs, &ready(&rs), &mut rng),
            Some(0),
            "the first of equals"
        );
        assert_eq!(rs[0].workers.admit(0.0, 1), Admit::Serve);
        assert_eq!(least_outstanding(&rs, &ready(&rs), &mut rng), Some(1));
        rs[1].state = ReplicaState::Draining;
        assert_eq!(ready(&rs), vec![0]);
        assert_eq!(
            least_outstanding(&rs, &ready(&rs), &mut rng),
            Some(0),
            "only ready ones"
        );
        rs[0].state = ReplicaState::Restarting;
        assert_eq!(least_outstanding(&rs, &ready(&rs), &mut rng), None);
    }

    #[test]
    fn with_many_replicas_two_random_choices_avoid_the_busy_ones() {
        // Ten replicas, one of them with 50 requests: it is chosen only when both draws land on
        // it, which two distinct draws never do.
        let mut rng = Rng::stream(7, Stream::Routing);
        let mut rs: Vec<Replica<u32>> = (0..10)
            .map(|_| Replica::new(100, 100, 1.0, ReplicaState::Ready))
            .collect();
        for k in 0..50 {
            rs[3].workers.admit(0.0, k);
        }
        let ready = ready_places(&rs);
        let mut hits = [0u32; 10];
        for _ in 0..10_000 {
            hits[least_outstanding(&rs, &ready, &mut rng).unwrap()] += 1;
        }
        assert_eq!(hits[3], 0, "{hits:?}");
        assert!(
            hits.iter().enumerate().all(|(i, &h)| i == 3 || h > 800),
            "{hits:?}"
        );
    }

    #[test]
    fn a_replaced_replica_ignores_the_old_ones_events() {
        let mut r: Replica<u32> = Replica::new(1, 1, 1.0, ReplicaState::Ready);
        r.cpu.add(0.0, 1.0, 9);
        let old = r.cpu.next_completion(0.0).unwrap();
        r.state = ReplicaState::Gone;
        r.replace(1, 1, 1.0, ReplicaState::Starting);
        r.cpu.add(0.0, 1.0, 10);
        let new = r.cpu.next_completion(0.0).unwrap();
        assert_ne!(old.generation, new.generation);
        assert_eq!(r.cpu.complete(old.at, old.generation), None);
        assert_eq!(r.cpu.complete(new.at, new.generation), Some(10));
    }
}
