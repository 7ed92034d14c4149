//! The parts an architecture is built from.
pub mod api_gateway;
pub mod autoscaler;
pub mod mesh;
pub mod microservices;
pub mod monolith;
pub mod resilience;
pub mod scaling_limit;
pub mod serverless;
