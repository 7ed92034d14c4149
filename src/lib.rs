//! archflow: an explainer of "Microservices vs. Serverless" (Eamon Tang, Fathom), driven by a
//! discrete-event simulation.
//!
//! `engine` is the pure core, tested natively. `ui` is the browser shell (leptos), built only with
//! the `web` feature.

/// The simulation engine lives in its own crate (crates/engine); `archflow::engine` is it.
pub use archflow_engine as engine;

pub mod explainer;
#[cfg(feature = "web")]
pub mod ui;
