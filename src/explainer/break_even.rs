//! Monthly cost against steady traffic: functions (pay per request) against a microservices
//! cluster sized by the same rules the simulation's autoscaler follows at its target utilisation.
//! Pure arithmetic on the scenario's prices, so the chart can sweep traffic without simulating.

use crate::engine::models::api_gateway::ApiFlavour;
use crate::engine::models::function_store::StoreEngine;
use crate::engine::models::microservices::nodes_for;
use crate::engine::prices::MONTH_S;
use crate::engine::scenario::Scenario;

/// Cost of one request on functions: invocation, gateway, mean billed duration, and a table
/// query for the kinds that touch their data when the store is a table.
pub fn serverless_cost_per_request(sc: &Scenario) -> f64 {
    let p = &sc.prices;
    let total_share: f64 = sc.workload.kinds.iter().map(|k| k.share).sum();
    let mean_s: f64 = sc
        .workload
        .kinds
        .iter()
        .map(|k| k.share * (k.work.mean() / sc.serverless.cpu_share() + k.db.mean()))
        .sum::<f64>()
        / total_share;
    let gw = match sc.api_gateway.flavour {
        ApiFlavour::Http => p.api_gateway_http_per_million,
        ApiFlavour::Rest => p.api_gateway_rest_per_million,
    };
    let table = sc.serverless.data_store.engine == StoreEngine::Table;
    let querying: f64 = sc
        .workload
        .kinds
        .iter()
        .filter(|k| table && k.db.mean() > 0.0)
        .map(|k| k.share)
        .sum::<f64>()
        / total_share;
    (p.lambda_per_million_requests + gw + querying * p.table_per_million_queries) / 1e6
        + mean_s * sc.serverless.memory_mb / 1024.0 * p.lambda_per_gb_s
}

/// Functions' monthly cost at a steady `rate` (requests/s), with a relational store's instance
/// and proxy billed by the hour whatever the traffic.
pub fn serverless_monthly(sc: &Scenario, rate: f64) -> f64 {
    rate * MONTH_S * serverless_cost_per_request(sc)
        + sc.serverless.data_store.per_hour(&sc.prices) * MONTH_S / 3600.0
}

/// The cluster's monthly cost at a steady `rate`: each service gets the pods it needs at the
/// autoscaler's target utilisation, by the larger of two needs: CPU (its work against the pods'
/// `pod_vcpu`, what the autoscaler scales on) and worker threads (held for the whole call,
/// including the services it calls in turn; the gateway holds one only for its own work). At
/// least its minimum; packed onto nodes.
pub fn cluster_monthly(sc: &Scenario, rate: f64) -> f64 {
    let ms = &sc.microservices;
    let modules = sc.workload.modules();
    let total_share: f64 = sc.workload.kinds.iter().map(|k| k.share).sum();
    let hop = ms.network_hop_ms / 1000.0;
    // CPU seconds and worker-held seconds per second for each module's service and the gateway.
    let mut cpu = vec![0.0; modules.len()];
    let mut held = vec![0.0; modules.len()];
    let mut gateway = 0.0;
    for k in &sc.workload.kinds {
        let r = rate * k.share / total_share;
        let parts = k.modules.len().max(1) as f64;
        let path: Vec<usize> = k
            .modules
            .iter()
            .filter_map(|m| modules.iter().position(|x| x == m))
            .collect();
        let own = |i: usize| {
            let spec = ms.spec(&modules[i]);
            let speed = spec.pod_vcpu.min(1.0);
            k.work.mean() / parts / speed + k.db.mean() / parts + 2.0 * hop
        };
        // A caller holds its worker until everything after it on the path has answered.
        let mut downstream = 0.0;
        for &i in path.iter().rev() {
            downstream += own(i);
            cpu[i] += r * k.work.mean() / parts;
            held[i] += r * downstream;
            downstream += 2.0 * hop;
        }
        // The gateway is an event-driven proxy: it holds a thread only for its own work.
        gateway += r * ms.gateway_work_ms / 1000.0;
    }
    let target = ms.autoscaling.target_utilisation;
    let pods = |name: &str, cpu: f64, held: f64| {
        let spec = ms.spec(name);
        let by_cpu = cpu / (spec.pod_vcpu * target);
        let by_workers = held / (spec.workers_per_pod as f64 * target);
        (
            by_cpu
                .max(by_workers)
                .ceil()
                .clamp(spec.min_replicas as f64, spec.max_replicas as f64),
            spec,
        )
    };
    let mut all: Vec<(f64, &_)> = (0..modules.len())
        .map(|i| pods(&modules[i], cpu[i], held[i]))
        .collect();
    all.push(pods("gateway", gateway, gateway));
    let node = sc
        .prices
        .machine(&ms.node_machine)
        .expect("validated machine");
    let nodes = nodes_for(all.into_iter(), ms, node);
    // Every business service owns a database, billed by the hour.
    let databases = modules.len() as f64 * sc.prices.database_per_hour;
    (nodes * node.per_hour + sc.prices.eks_control_plane_per_hour + databases) * MONTH_S / 3600.0
}

/// The lowest traffic (requests/s) at which functions cost at least as much as the cluster,
/// searched up to `max_rate`; None if functions stay cheaper.
pub fn break_even(sc: &Scenario, max_rate: f64) -> Option<f64> {
    let (mut lo, mut hi) = (0.0, max_rate);
    if serverless_monthly(sc, hi) < cluster_monthly(sc, hi) {
        return None;
    }
    // The difference is not monotonic everywhere (the cluster grows in steps), but it starts
    // negative and ends positive; bisection finds a crossing.
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if serverless_monthly(sc, mid) < cluster_monthly(sc, mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(hi)
}

/// A recorded series' shape, as the two bills see it: functions pay for the requests, so for the mean rate; a
/// cluster pays for what it holds, and it holds capacity for the highest rate of the last
/// `scale_down_stabilisation_s` + `unneeded_s` seconds (the pods wait that long before the
/// autoscaler shrinks them, the nodes that long again before they go; 5 and 10 minutes by
/// default), so a short peak is paid for long after it.
pub struct Shape {
    pub mean_rate: f64,
    /// The rates the cluster holds, each with the share of the time it holds it.
    held: Vec<(f64, f64)>,
}

impl Shape {
    /// The shape of the scenario's recorded series, if it replays one.
    pub fn of(sc: &Scenario) -> Option<Shape> {
        let series = sc.workload.series()?;
        let rates: Vec<f64> = (0..series.rows())
            .map(|i| series.rate_at((i as f64 + 0.5) * series.interval_s))
            .collect();
        if rates.is_empty() {
            return None;
        }
        let ms = &sc.microservices;
        let hold_s = ms.autoscaling.scale_down_stabilisation_s + ms.nodes.unneeded_s;
        let window = (hold_s / series.interval_s).ceil() as usize;
        let held = trailing_max(&rates, window);
        // 256 bins from 0 to the highest rate, each standing for its rows at their mean: the
        // cluster's cost is then 256 evaluations whatever the series' length (no sort needed).
        let top = held.iter().copied().fold(0.0, f64::max).max(1e-9);
        let mut bins = vec![(0.0, 0usize); 256];
        for &r in &held {
            let bin = &mut bins[((r / top) * 255.0) as usize];
            bin.0 += r;
            bin.1 += 1;
        }
        let quantiles = bins
            .into_iter()
            .filter(|&(_, n)| n > 0)
            .map(|(sum, n)| (sum / n as f64, n as f64 / held.len() as f64))
            .collect();
        Some(Shape {
            mean_rate: rates.iter().sum::<f64>() / rates.len() as f64,
            held: quantiles,
        })
    }

    /// Both monthly costs with the traffic times `multiple`: functions at the mean rate, the
    /// cluster the average of its steady costs at the rates it holds.
    pub fn monthly_at(&self, sc: &Scenario, multiple: f64) -> (f64, f64) {
        let cluster = self
            .held
            .iter()
            .map(|&(r, share)| share * cluster_monthly(sc, r * multiple))
            .sum::<f64>();
        (serverless_monthly(sc, self.mean_rate * multiple), cluster)
    }

    /// The smallest multiple of this traffic, up to `max_multiple`, at which functions cost at
    /// least as much as the cluster; None if they stay cheaper.
    pub fn break_even_multiple(&self, sc: &Scenario, max_multiple: f64) -> Option<f64> {
        let cheaper = |m: f64| {
            let (functions, cluster) = self.monthly_at(sc, m);
            functions < cluster
        };
        if cheaper(max_multiple) {
            return None;
        }
        let (mut lo, mut hi) = (0.0, max_multiple);
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            if cheaper(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(hi)
    }

    /// Multiples from 0 to `max_multiple` and both monthly costs at each, for the chart.
    pub fn curve(&self, sc: &Scenario, max_multiple: f64, points: usize) -> [Vec<f64>; 3] {
        let multiples: Vec<f64> = (0..=points)
            .map(|i| max_multiple * i as f64 / points as f64)
            .collect();
        let (functions, cluster) = multiples.iter().map(|&m| self.monthly_at(sc, m)).unzip();
        [multiples, functions, cluster]
    }
}

/// For each value, the largest of it and the `window` values before it, in linear time whatever
/// the window (van Herk and Gil-Werman: maxima running forward and backward within blocks of the
/// window's length; any window spans the end of one block and the start of the next).
fn trailing_max(values: &[f64], window: usize) -> Vec<f64> {
    let (n, w) = (values.len(), window + 1);
    let mut forward = values.to_vec();
    let mut backward = values.to_vec();
    for i in 1..n {
        if i % w != 0 {
            forward[i] = forward[i].max(forward[i - 1]);
        }
    }
    for i in (0..n.saturating_sub(1)).rev() {
        if (i + 1) % w != 0 {
            backward[i] = backward[i].max(backward[i + 1]);
        }
    }
    (0..n)
        .map(|i| match (i + 1).checked_sub(w) {
            Some(start) => backward[start].max(forward[i]),
            None => forward[i],
        })
        .collect()
}

/// Rates from 0 to `max_rate` and both monthly costs at each, for the chart.
pub fn curve(sc: &Scenario, max_rate: f64, points: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let rates: Vec<f64> = (0..=points)
        .map(|i| max_rate * i as f64 / points as f64)
        .collect();
    let fns = rates.iter().map(|&r| serverless_monthly(sc, r)).collect();
    let cluster = rates.iter().map(|&r| cluster_monthly(sc, r)).collect();
    (rates, fns, cluster)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::report::run_scenario;
    use crate::engine::scenario::Architecture;

    #[test]
    fn functions_are_cheaper_at_low_traffic_and_the_curves_cross_once_found() {
        let sc = Scenario::default();
        assert!(serverless_monthly(&sc, 1.0) < cluster_monthly(&sc, 1.0));
        let r = break_even(&sc, 5000.0).expect("a crossing below 5000 requests/s");
        // The crossing found is the lowest traffic where functions cost at least as much: there
        // they do, and 1 % below it they are still cheaper.
        assert!(serverless_monthly(&sc, r) >= cluster_monthly(&sc, r));
        assert!(serverless_monthly(&sc, r * 0.99) < cluster_monthly(&sc, r * 0.99));
    }

    #[test]
    fn a_shape_is_costed_interval_by_interval_and_its_crossing_found() {
        use crate::explainer::traffic_import::{read, ImportOptions};
        use crate::explainer::your_traffic::{scenario, Replay};
        let shape_of = |text: &str| {
            let i = read(text, ImportOptions::default()).unwrap();
            let sc = scenario(&i, Replay::all(&i), "").unwrap();
            let shape = Shape::of(&sc).unwrap();
            assert!((shape.mean_rate - 40.0).abs() < 1e-9, "{}", shape.mean_rate);
            (sc, shape)
        };
        // Steady traffic: the shape's crossing is the steady crossing, in multiples of 40/s.
        let steady: String = (0..24)
            .map(|h| format!("{},{}\n", h * 3600, 40 * 3600))
            .collect();
        let (sc, shape) = shape_of(&steady);
        let m = shape.break_even_multiple(&sc, 1000.0).unwrap();
        let r = break_even(&sc, 100_000.0).unwrap();
        assert!((m * 40.0 / r - 1.0).abs() < 0.01, "{m} x 40 against {r}");
        // The same requests in two hours of 24: the cluster costs what it costs at 480/s while
        // it holds that capacity, and its idle minimum for the rest.
        let peaky: String = (0..1440)
            .map(|m| format!("{},{}\n", m * 60, if m < 120 { 480 * 60 } else { 0 }))
            .collect();
        let (sc, shape) = shape_of(&peaky);
        for multiple in [0.5, 1.0, 3.0] {
            let (functions, cluster) = shape.monthly_at(&sc, multiple);
            // The peak is held for the 15 minutes after it as well: 2 h 15 min of 24 h.
            let expected = (2.25 * cluster_monthly(&sc, 480.0 * multiple)
                + 21.75 * cluster_monthly(&sc, 0.0))
                / 24.0;
            assert!(
                (cluster - expected).abs() / expected < 0.01,
                "x{multiple}: {cluster} against {expected}"
            );
            assert!((functions - serverless_monthly(&sc, 40.0 * multiple)).abs() < 1e-6);
        }
        let m = shape.break_even_multiple(&sc, 1000.0).unwrap();
        let cheaper = |m: f64| {
            let (f, c) = shape.monthly_at(&sc, m);
            f < c
        };
        assert!(!cheaper(m) && cheaper(m * 0.99), "{m}");
    }

    #[test]
    fn a_peak_is_held_for_the_window_after_it() {
        assert_eq!(
            trailing_max(&[1.0, 5.0, 2.0, 3.0, 1.0, 0.0], 2),
            vec![1.0, 5.0, 5.0, 5.0, 3.0, 3.0]
        );
        assert_eq!(trailing_max(&[4.0, 1.0], 0), vec![4.0, 1.0]);
        // Against the definition, for every window up to past the length.
        let values: Vec<f64> = (0..40).map(|i| ((i * 37) % 23) as f64).collect();
        for window in 0..45 {
            let naive: Vec<f64> = (0..values.len())
                .map(|i| {
                    values[i.saturating_sub(window)..=i]
                        .iter()
                        .copied()
                        .fold(0.0, f64::max)
                })
                .collect();
            assert_eq!(trailing_max(&values, window), naive, "window {window}");
        }
    }

    #[test]
    fn the_functions_estimate_matches_the_simulated_bill_at_steady_load() {
        let mut sc = Scenario {
            duration_s: 3600.0,
            warmup_s: 600.0,
            architectures: vec![Architecture::Serverless],
            ..Scenario::default()
        };
        sc.workload.rate_per_s = 50.0;
        let simulated =
            run_scenario(&sc).1.architectures[&Architecture::Serverless].cost_per_month_usd;
        let estimated = serverless_monthly(&sc, 50.0);
        // The estimate leaves out cold starts' initialisation, the hops to the table and the
        // rounding up to the millisecond (about 1 % together here); the run's 150,000 Poisson
        // arrivals vary by 0.3 % at most. So the bill is above the estimate, by under 3 %.
        let ratio = simulated / estimated;
        assert!(
            (1.0..1.03).contains(&ratio),
            "simulated {simulated}, estimated {estimated}"
        );
    }

    #[test]
    fn the_cluster_estimate_matches_the_simulated_cluster_at_steady_load() {
        // A long steady run settles where the autoscaler's rule puts it; the estimate should
        // agree on cost within a node's worth.
        let mut sc = Scenario {
            duration_s: 3600.0,
            warmup_s: 1200.0,
            architectures: vec![Architecture::Microservices],
            ..Scenario::default()
        };
        sc.workload.rate_per_s = 300.0;
        let simulated =
            run_scenario(&sc).1.architectures[&Architecture::Microservices].cost_per_month_usd;
        let estimated = cluster_monthly(&sc, 300.0);
        let node_month = 0.096 * MONTH_S / 3600.0;
        assert!(
            (simulated - estimated).abs() <= 1.5 * node_month,
            "simulated {simulated}, estimated {estimated}"
        );
    }
}
