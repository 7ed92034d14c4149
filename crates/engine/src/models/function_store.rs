//! The functions' data store, and what it allows at once.
//!
//! - A **table** (DynamoDB on demand) takes requests over HTTP: there are no connections to run
//!   out of, and each query is billed.
//! - A **relational** database (RDS for PostgreSQL) has `max_connections`. Each execution
//!   environment opens one connection when it starts and keeps it for its whole life, idle or not,
//!   because that is how function code reuses a connection across invocations. When the functions
//!   scale out past the limit, a new environment's connection is refused and its request fails:
//!   the connection storm. A fixed pool of containers never gets there.
//! - With **RDS Proxy** in front, environments connect to the proxy, which lends its pooled
//!   database connections one query at a time and queues a query when all are lent, failing it
//!   after the borrow timeout.

use crate::prices::Prices;
use crate::validation::Checker;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreEngine {
    Table,
    Relational,
}

impl StoreEngine {
    /// The names a scenario spells it with, in the order of its variants.
    pub const NAMES: &'static [&'static str] = &["table", "relational"];
}

impl<'de> serde::Deserialize<'de> for StoreEngine {
    fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
        Ok([StoreEngine::Table, StoreEngine::Relational]
            [crate::tagged::name_index(input, Self::NAMES)?])
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunctionStore {
    pub engine: StoreEngine,
    /// The relational database's connection limit (RDS for PostgreSQL sets it from memory:
    /// 198 on a 2 GiB instance class).
    pub max_connections: u32,
    /// RDS Proxy pools the connections (relational only).
    pub proxy: bool,
    /// How long the proxy lets a query wait for a free connection, seconds (its
    /// `ConnectionBorrowTimeout`, 120 s by default).
    pub borrow_timeout_s: f64,
}

crate::tagged::settings_reader!(FunctionStore {
    engine,
    max_connections,
    proxy,
    borrow_timeout_s
});

impl Default for FunctionStore {
    fn default() -> Self {
        FunctionStore {
            engine: StoreEngine::Table,
            max_connections: 198,
            proxy: false,
            borrow_timeout_s: 120.0,
        }
    }
}

impl FunctionStore {
    pub fn check(&mut self, path: &str, c: &mut Checker) {
        let d = FunctionStore::default();
        c.named(&format!("{path}.engine"), StoreEngine::NAMES);
        c.flag(&format!("{path}.proxy"));
        c.count(
            &format!("{path}.max_connections"),
            &mut self.max_connections,
            1,
            // RDS's own ceiling for PostgreSQL's default formula.
            5000,
            "connections",
            d.max_connections,
        );
        c.number(
            &format!("{path}.borrow_timeout_s"),
            &mut self.borrow_timeout_s,
            // The proxy accepts 0 to 3,600 s; 0 there means no limit, which a run cannot show.
            1.0,
            3600.0,
            "s",
            d.borrow_timeout_s,
        );
    }

    /// Each environment holds a database connection of its own.
    pub fn holds_connections(&self) -> bool {
        self.engine == StoreEngine::Relational && !self.proxy
    }

    /// What the store costs by the hour whatever the traffic: a relational instance, and its
    /// proxy (a table is billed per query instead).
    pub fn per_hour(&self, prices: &Prices) -> f64 {
        match (self.engine, self.proxy) {
            (StoreEngine::Table, _) => 0.0,
            (StoreEngine::Relational, false) => prices.database_per_hour,
            (StoreEngine::Relational, true) => prices.database_per_hour + prices.rds_proxy_per_hour,
        }
    }

    /// Queries borrow one of the proxy's pooled connections.
    pub fn borrows_connections(&self) -> bool {
        self.engine == StoreEngine::Relational && self.proxy
    }
}

/// The proxy's pooled connections as a first-come-first-served multi-server queue. Queries are
/// offered in time order and each one's length is known when it arrives, so the time its
/// connection frees up is known too: a query starts when the earliest-free connection frees
/// (the Kiefer-Wolfowitz recursion). That is exact FIFO with no event per connection; checked
/// against Erlang C in `tests/data_store_capacity.rs`.
#[derive(Clone, Debug)]
pub struct BorrowQueue {
    /// When each connection is next free.
    free_at: Vec<f64>,
}

impl BorrowQueue {
    pub fn new(connections: u32) -> Self {
        BorrowQueue {
            free_at: vec![0.0; connections as usize],
        }
    }

    /// The earliest-free connection: its index and how long a query arriving `now` waits for it.
    pub fn wait(&self, now: f64) -> (usize, f64) {
        let (index, free) =
            self.free_at
                .iter()
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |best, (i, &t)| {
                        if t < best.1 {
                            (i, t)
                        } else {
                            best
                        }
                    },
                );
        (index, (free - now).max(0.0))
    }

    /// The connection is lent until `until`.
    pub fn lend(&mut self, index: usize, until: f64) {
        self.free_at[index] = until;
    }

    /// Connections lent at `now`.
    pub fn lent(&self, now: f64) -> u32 {
        self.free_at.iter().filter(|&&t| t > now).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_connection_means_no_wait_and_lent_ones_are_counted() {
        let mut pool = BorrowQueue::new(2);
        let (a, wait) = pool.wait(1.0);
        assert_eq!(wait, 0.0);
        pool.lend(a, 3.0);
        let (b, wait) = pool.wait(1.5);
        assert_ne!(a, b);
        assert_eq!(wait, 0.0);
        pool.lend(b, 2.0);
        assert_eq!(pool.lent(1.8), 2);
        // Both lent: the next query waits for the one that frees first, at 2.0.
        let (next, wait) = pool.wait(1.8);
        assert_eq!(next, b);
        assert!((wait - 0.2).abs() < 1e-12, "{wait}");
    }
}
