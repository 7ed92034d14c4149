//! One running copy of a program that serves requests: a copy of the monolith on its machine, or
//! one pod of a service. It has worker threads with a queue in front of them, and CPU cores that
//! its busy workers share (see `SharedCpu`). The monolith and the pods are built from the same
//! part and balanced by the same policy, so their differences come from how they are arranged,
//! never from two ways of modelling a server.

use super::shared_cpu::SharedCpu;
use super::station::Station;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaState {
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
}

impl<T: Copy> Replica<T> {
    pub fn new(workers: u32, queue_limit: u32, cores: f64, state: ReplicaState) -> Self {
        Replica {
            workers: Station::new(workers, queue_limit as usize),
            cpu: SharedCpu::new(cores),
            state,
            version: 0,
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

/// The load-balancing policy for monolith copies and pods alike: least outstanding requests. The
/// ready replica with the fewest requests in progress or waiting gets the next one, the first of
/// equals (so runs are deterministic). This is what AWS's Application Load Balancer offers as
/// "least outstanding requests", and what Envoy's least-request balancer converges to.
pub fn least_outstanding<T: Copy>(replicas: &[Replica<T>]) -> Option<usize> {
    replicas
        .iter()
        .enumerate()
        .filter(|(_, r)| r.state == ReplicaState::Ready)
        .min_by_key(|(i, r)| (r.outstanding(), *i))
        .map(|(i, _)| i)
}

/// The place for a new replica: a gone one's, or a new one at the end.
pub fn vacant_place<T: Copy>(replicas: &[Replica<T>]) -> Option<usize> {
    replicas.iter().position(|r| r.state == ReplicaState::Gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::station::Admit;

    #[test]
    fn the_least_busy_ready_replica_gets_the_request() {
        let mut rs: Vec<Replica<u32>> = (0..3)
            .map(|_| Replica::new(1, 10, 1.0, ReplicaState::Ready))
            .collect();
        assert_eq!(least_outstanding(&rs), Some(0), "the first of equals");
        assert_eq!(rs[0].workers.admit(0.0, 1), Admit::Serve);
        assert_eq!(least_outstanding(&rs), Some(1));
        rs[1].state = ReplicaState::Draining;
        rs[2].state = ReplicaState::Starting;
        assert_eq!(
            least_outstanding(&rs),
            Some(0),
            "only ready ones take requests"
        );
        rs[0].state = ReplicaState::Restarting;
        assert_eq!(least_outstanding(&rs), None);
    }

    #[test]
    fn a_replaced_replica_ignores_the_old_ones_events() {
        let mut r: Replica<u32> = Replica::new(1, 1, 1.0, ReplicaState::Ready);
        let old = r.cpu.add(0.0, 1.0, 9);
        r.state = ReplicaState::Gone;
        r.replace(1, 1, 1.0, ReplicaState::Starting);
        let new = r.cpu.add(0.0, 1.0, 10);
        assert_ne!(old.generation, new.generation);
        assert_eq!(r.cpu.complete(old.at, old.generation), None);
        assert_eq!(r.cpu.complete(new.at, new.generation), Some(10));
    }
}
