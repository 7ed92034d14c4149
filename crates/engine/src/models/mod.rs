//! The parts an architecture is built from.
pub mod api_gateway;
pub mod autoscaler;
pub mod cluster_autoscaler;
pub mod function_platform;
pub mod function_store;
pub mod mesh;
pub mod microservices;
pub mod monolith;
pub mod process_copies;
pub mod resilience;
pub mod scaling_limit;
pub mod serverless;

/// What the system tells a part about the requests it will serve: the workload's modules and
/// kinds, which kinds are routed to this part, and the node its requests arrive from.
pub struct Routing<'a> {
    pub modules: &'a [String],
    pub kind_names: &'a [String],
    /// Module indices each kind touches, in call order.
    pub kind_modules: &'a [Vec<usize>],
    /// Whether each kind is served by this part.
    pub routed: &'a [bool],
    pub entry: u16,
    /// The scenario's seed, for the part's own random choices (load balancing).
    pub seed: u64,
}
