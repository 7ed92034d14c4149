//! The monolith's settings: its copies, their machine, worker threads, queue and database, as a
//! scenario gives them. The running model is `process_copies.rs`.

use crate::validation::Checker;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonolithConfig {
    /// Machine type from the price table; its vCPUs are the cores requests compete for.
    pub machine: String,
    /// Identical copies of the whole application behind a load balancer.
    pub copies: u32,
    /// Worker threads per copy (requests served at once).
    pub workers: u32,
    /// Requests that may wait for a worker per copy; more get HTTP 503.
    pub queue_limit: u32,
    /// The database runs on the application's machine and shares its CPU.
    pub db_on_same_machine: bool,
    /// Connections in each copy's pool to the database: queries beyond it wait for one
    /// (HikariCP's default pool is 10).
    pub db_connections: u32,
    /// How long a request waits for a pooled connection before it fails, seconds (HikariCP's
    /// `connectionTimeout`, 30 s by default).
    pub db_connection_timeout_s: f64,
    /// How long one copy takes to restart for a release, seconds. With one copy the application
    /// is down that long; with more, they restart one at a time while the others serve.
    pub restart_s: f64,
    /// Memory the application and its database reserve per copy, MB.
    pub memory_mb: f64,
}

crate::tagged::settings_reader!(MonolithConfig {
    machine,
    copies,
    workers,
    queue_limit,
    db_on_same_machine,
    db_connections,
    db_connection_timeout_s,
    restart_s,
    memory_mb
});

impl Default for MonolithConfig {
    fn default() -> Self {
        MonolithConfig {
            machine: "m5.large".into(),
            copies: 1,
            workers: 16,
            queue_limit: 200,
            db_on_same_machine: true,
            db_connections: 10,
            db_connection_timeout_s: 30.0,
            restart_s: 45.0,
            memory_mb: 3072.0,
        }
    }
}

impl MonolithConfig {
    pub fn check(&mut self, path: &str, c: &mut Checker, machines: &[String]) {
        let d = MonolithConfig::default();
        c.one_of(
            &format!("{path}.machine"),
            &mut self.machine,
            machines,
            &d.machine,
        );
        c.flag(&format!("{path}.db_on_same_machine"));
        c.count(
            &format!("{path}.copies"),
            &mut self.copies,
            1,
            64,
            "copies",
            d.copies,
        );
        c.count(
            &format!("{path}.workers"),
            &mut self.workers,
            1,
            4096,
            "workers",
            d.workers,
        );
        c.count(
            &format!("{path}.queue_limit"),
            &mut self.queue_limit,
            0,
            1_000_000,
            "requests",
            d.queue_limit,
        );
        c.count(
            &format!("{path}.db_connections"),
            &mut self.db_connections,
            1,
            10_000,
            "connections",
            d.db_connections,
        );
        c.number(
            &format!("{path}.db_connection_timeout_s"),
            &mut self.db_connection_timeout_s,
            0.25,
            3600.0,
            "s",
            d.db_connection_timeout_s,
        );
        c.number(
            &format!("{path}.restart_s"),
            &mut self.restart_s,
            0.0,
            3600.0,
            "s",
            d.restart_s,
        );
        c.number(
            &format!("{path}.memory_mb"),
            &mut self.memory_mb,
            64.0,
            1_048_576.0,
            "MB",
            d.memory_mb,
        );
    }
}
