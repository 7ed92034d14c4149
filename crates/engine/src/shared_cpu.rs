//! A CPU of `cores` cores shared by the jobs on it, by processor sharing: with n jobs on c cores,
//! each job runs at min(1, c/n) of a core. That is what an operating system's time slicing
//! converges to, and what a container's CPU limit (a CFS quota of c cores) enforces: a short job
//! never waits behind a long one, and with a limit of 0.5 vCPU even a lone job runs at half speed.
//!
//! Every job on the CPU has received the same service since it joined, so one "virtual clock"
//! (service received per job) covers them all: a job finishes when the virtual clock reaches the
//! value it joined at plus its work. The jobs sit in a min-heap on that finish value, so a change
//! costs O(log n), and only the next completion needs an event. Each change bumps `generation`;
//! a completion event carries the generation it was scheduled for, and a stale one is ignored.

use super::earliest::Earliest;
use std::collections::BinaryHeap;

#[derive(Clone, Debug)]
pub struct SharedCpu<T> {
    cores: f64,
    /// Jobs keyed by the virtual time at which each finishes.
    jobs: BinaryHeap<Earliest<T>>,
    /// Service each job present has received since the CPU was created, core-seconds.
    virtual_s: f64,
    since: f64,
    seq: u64,
    generation: u64,
    /// Core-seconds used, for utilisation.
    busy_area: f64,
}

/// When the next job finishes, and the generation a completion event must carry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NextCompletion {
    pub at: f64,
    pub generation: u64,
}

impl<T: Copy> SharedCpu<T> {
    pub fn new(cores: f64) -> Self {
        SharedCpu {
            cores,
            jobs: BinaryHeap::new(),
            virtual_s: 0.0,
            since: 0.0,
            seq: 0,
            generation: 0,
            busy_area: 0.0,
        }
    }

    /// An empty CPU of `cores` whose event generations continue from this one's.
    pub fn renewed(&self, cores: f64) -> Self {
        SharedCpu {
            generation: self.generation + 1,
            ..SharedCpu::new(cores)
        }
    }

    /// Speed of each job now, in cores.
    fn rate(&self) -> f64 {
        let n = self.jobs.len() as f64;
        if n == 0.0 {
            0.0
        } else {
            (self.cores / n).min(1.0)
        }
    }

    fn advance(&mut self, now: f64) {
        let dt = now - self.since;
        if dt > 0.0 {
            let rate = self.rate();
            self.virtual_s += rate * dt;
            self.busy_area += rate * self.jobs.len() as f64 * dt;
            self.since = now;
        }
    }

    /// Puts a job of `work_s` core-seconds on the CPU; then schedule `next_completion`.
    pub fn add(&mut self, now: f64, work_s: f64, token: T) {
        self.advance(now);
        self.seq += 1;
        self.jobs.push(Earliest {
            key: self.virtual_s + work_s.max(0.0),
            seq: self.seq,
            item: token,
        });
        self.generation += 1;
    }

    /// The job due at this completion event, or None if the event is stale. After a job is
    /// returned, schedule `next_completion` again.
    pub fn complete(&mut self, now: f64, generation: u64) -> Option<T> {
        if generation != self.generation {
            return None;
        }
        self.advance(now);
        let job = self.jobs.pop()?;
        // Rounding can leave the clock a hair short of the job's finish value.
        self.virtual_s = self.virtual_s.max(job.key);
        self.generation += 1;
        Some(job.item)
    }

    pub fn next_completion(&self, now: f64) -> Option<NextCompletion> {
        let first = self.jobs.peek()?;
        let left = (first.key - self.virtual_s).max(0.0);
        Some(NextCompletion {
            at: now + left / self.rate(),
            generation: self.generation,
        })
    }

    /// Removes every job (a crashed process loses them); returns their tokens.
    pub fn clear(&mut self, now: f64) -> Vec<T> {
        self.advance(now);
        self.generation += 1;
        // In the order they started. At most a replica's workers and connections are here, so
        // placing each by binary search is quick, and it spares the page a sort routine
        // compiled for this type alone (issue 13).
        let mut jobs: Vec<Earliest<T>> = Vec::with_capacity(self.jobs.len());
        for job in self.jobs.drain() {
            let at = jobs.partition_point(|j| j.seq < job.seq);
            jobs.insert(at, job);
        }
        jobs.into_iter().map(|j| j.item).collect()
    }

    pub fn jobs(&self) -> usize {
        self.jobs.len()
    }

    /// Core-seconds used since the last call, then resets.
    pub fn take_busy(&mut self, now: f64) -> f64 {
        self.advance(now);
        std::mem::take(&mut self.busy_area)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the CPU to empty; returns (token, finish time) in completion order.
    fn drain(cpu: &mut SharedCpu<u32>, mut next: NextCompletion) -> Vec<(u32, f64)> {
        let mut out = Vec::new();
        loop {
            let t = next.at;
            let token = cpu
                .complete(t, next.generation)
                .expect("current generation");
            out.push((token, t));
            match cpu.next_completion(t) {
                Some(n) => next = n,
                None => return out,
            }
        }
    }

    #[test]
    fn a_short_job_does_not_wait_behind_a_long_one() {
        // One core: a 300 ms report and a 4 ms page arrive together. First come, first served
        // would finish the page at 304 ms; shared, both run at half speed until the page is done.
        let mut cpu = SharedCpu::new(1.0);
        cpu.add(0.0, 0.300, 1);
        cpu.add(0.0, 0.004, 2);
        let next = cpu.next_completion(0.0).unwrap();
        let done = drain(&mut cpu, next);
        assert_eq!(done[0].0, 2);
        assert!((done[0].1 - 0.008).abs() < 1e-12, "{done:?}");
        assert!(
            (done[1].1 - 0.304).abs() < 1e-12,
            "work is conserved: {done:?}"
        );
    }

    #[test]
    fn a_cpu_limit_below_one_core_slows_even_a_lone_job() {
        let mut cpu = SharedCpu::new(0.5);
        cpu.add(1.0, 0.1, 7);
        let next = cpu.next_completion(1.0).unwrap();
        assert!((next.at - 1.2).abs() < 1e-12, "{next:?}");
        // Two cores, two jobs: each has a core of its own.
        let mut cpu = SharedCpu::new(2.0);
        cpu.add(0.0, 0.1, 1);
        cpu.add(0.0, 0.1, 2);
        let next = cpu.next_completion(0.0).unwrap();
        assert!((next.at - 0.1).abs() < 1e-12);
    }

    #[test]
    fn a_job_arriving_midway_shares_from_then_on_and_old_events_go_stale() {
        let mut cpu = SharedCpu::new(1.0);
        cpu.add(0.0, 1.0, 1);
        let first = cpu.next_completion(0.0).unwrap();
        assert_eq!(first.at, 1.0);
        cpu.add(0.5, 1.0, 2);
        let next = cpu.next_completion(0.5).unwrap();
        assert_eq!(cpu.complete(first.at, first.generation), None, "stale");
        // Job 1 has 0.5 s left at half speed: done at 1.5; job 2 then has 0.5 s alone: 2.0.
        let done = drain(&mut cpu, next);
        assert_eq!(done, vec![(1, 1.5), (2, 2.0)]);
        assert!(
            (cpu.take_busy(2.0) - 2.0).abs() < 1e-12,
            "2 core-seconds of work"
        );
    }

    #[test]
    fn clearing_returns_every_job_in_the_order_they_came() {
        let mut cpu = SharedCpu::new(1.0);
        cpu.add(0.0, 5.0, 1);
        let next = cpu.next_completion(0.0).unwrap();
        cpu.add(0.0, 1.0, 2);
        assert_eq!(cpu.clear(0.5), vec![1, 2]);
        assert_eq!(cpu.jobs(), 0);
        assert_eq!(cpu.complete(next.at, next.generation), None);
    }
}
