//! Every kind of event the simulation schedules, in one place that depends on nothing but the
//! request handles: the models, the context they schedule through and the system that routes
//! events all use it, and none of them has to import another to know what an event is.

use crate::flight::Slot;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    Mono(MonoEvent),
    Mesh(MeshEvent),
    Fn(FnEvent),
    /// Passed API Gateway; now goes to its route.
    Routed(Slot),
    /// The scenario's timeline event with this index.
    Timeline(u16),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MonoEvent {
    /// A copy's CPU finished a job: application code, or a query when the database shares it.
    Cpu { copy: u16, generation: u64 },
    /// The separate database server's CPU finished a query.
    DbCpu { generation: u64 },
    /// A copy is back after restarting for a release.
    Restarted { copy: u16 },
    /// A request has waited its pool's connection timeout; it fails if it is still waiting.
    ConnectionTimeout(Slot),
}

/// A call between services (or from the client to the first service). The serial tells a reused
/// place from the call an old event was meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallId {
    pub(crate) index: u32,
    pub(crate) serial: u32,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MeshEvent {
    /// The call reached its service.
    Reach(CallId),
    /// A pod's CPU finished a job (stale if the generation moved on).
    Cpu {
        service: u16,
        pod: u16,
        generation: u64,
    },
    /// The call's query on its service's data store came back.
    Queried(CallId),
    /// The call's answer reached its caller.
    Answer(CallId),
    /// The caller's timeout for this call.
    Timeout(CallId),
    /// The caller tries its call again after a backoff.
    Retry(CallId),
    /// Ingress deadlines have come due (see `Deadlines`: one wake-up for many requests).
    Deadlines,
    PodReady {
        service: u16,
        pod: u16,
    },
    /// The horizontal pod autoscaler looks.
    Sync,
    /// The cluster autoscaler looks.
    NodeScan,
    /// A launched node has joined the cluster.
    NodeJoined,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FnEvent {
    InitDone(u16),
    Done {
        slot: Slot,
        function: u16,
        /// The on-demand environment it ran in (its release and age are kept with it).
        env: u32,
        provisioned: bool,
        /// False when the environment failed to initialise and is discarded.
        keep: bool,
    },
    Expire(u16),
    /// API Gateway stops waiting for this request's function and answers 504.
    GatewayTimeout(Slot),
    /// A function's query reaches RDS Proxy and asks for a pooled connection (the ticket of its
    /// waiting invocation).
    Query(u32),
    /// The function's queue of asynchronous jobs looks again for an execution.
    Poll(u16),
}
