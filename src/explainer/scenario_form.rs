//! The playground's form: every field of the scenario the engine checks, drawn from that check
//! (`Scenario::fields`, which knows each field's range and unit) in sections, each with a line of
//! help. A changed field is laid into the scenario's JSON and read back as the JSON tab would read
//! it, so the form and the text cannot disagree; a value the check refuses is named with what is
//! allowed, and the run is left as it was.

use super::format::escaped;
use super::repair;
use crate::engine::scenario::Scenario;
use crate::engine::validation::{Field, Input};
use serde_json::Value;
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Run,
    Traffic,
    Kinds,
    Monolith,
    Microservices,
    Serverless,
    Gateway,
    Hybrid,
    Events,
    Prices,
}

impl Section {
    pub const ALL: [Section; 10] = [
        Section::Run,
        Section::Traffic,
        Section::Kinds,
        Section::Monolith,
        Section::Microservices,
        Section::Serverless,
        Section::Gateway,
        Section::Hybrid,
        Section::Events,
        Section::Prices,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Run => "Run",
            Section::Traffic => "Traffic",
            Section::Kinds => "Request kinds",
            Section::Monolith => "Monolith",
            Section::Microservices => "Microservices",
            Section::Serverless => "Serverless",
            Section::Gateway => "API gateway",
            Section::Hybrid => "Hybrid",
            Section::Events => "Events",
            Section::Prices => "Prices",
        }
    }

    /// The section a field's path belongs to.
    pub fn of(path: &str) -> Section {
        let top = path.split(['.', '[']).next().unwrap_or_default();
        match top {
            "workload" if path.starts_with("workload.kinds") => Section::Kinds,
            "workload" => Section::Traffic,
            "monolith" => Section::Monolith,
            "microservices" => Section::Microservices,
            "serverless" => Section::Serverless,
            "api_gateway" => Section::Gateway,
            "hybrid" => Section::Hybrid,
            "events" => Section::Events,
            "prices" => Section::Prices,
            _ => Section::Run,
        }
    }

    /// What the section holds when the scenario gives it no field (no events yet).
    fn when_empty(self) -> &'static str {
        match self {
            Section::Events => {
                "No events. The chapters' buttons add crashes, bugs and deploys; the JSON tab adds any."
            }
            _ => "Nothing to set here in this scenario.",
        }
    }
}

/// The path with list places and service names taken out, as the help is written:
/// `workload.kinds[2].work.mean_s` is `workload.kinds[].work.mean_s`, and a service's own
/// settings read as the defaults for every service.
fn pattern(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for ch in path.chars() {
        match ch {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(ch),
        }
    }
    match out.strip_prefix(SERVICES) {
        Some(rest) => match rest.split_once('.') {
            Some((_, field)) => format!("{SERVICE_DEFAULTS}.{field}"),
            None => out,
        },
        None => out,
    }
}

/// A distribution's parameter, named for what the distribution draws.
fn distribution_help(what: &str, parameter: &str) -> Option<String> {
    let of = match what {
        "work" => "CPU time per request at one vCPU",
        "db" => "time per request in the data store",
        "init" => "a new instance's start (runtime and init code)",
        "cold_duration" => "a cold request's whole duration (SimFaaS's way of giving cold starts)",
        _ => return None,
    };
    let parameter = match parameter {
        "mean_s" => "Mean of",
        "median_s" => "Median of",
        "sigma" => "Spread (log-normal sigma) of",
        "value_s" => "Fixed value of",
        "values_s[]" => "One of the values drawn for",
        _ => return None,
    };
    Some(format!("{parameter} {of}."))
}

/// One line of help for each field the form shows. A test holds every field of every kind of
/// rate shape, event and distribution to having one.
pub fn help(path: &str) -> Option<String> {
    let p = pattern(path);
    let text = match p.as_str() {
        "duration_s" => "Simulated time of the whole run.",
        "warmup_s" => "Leading time left out of the totals while the system fills up.",
        "window_s" => "Width of one point on the charts; empty chooses one from the duration.",
        "trace_fraction" => "Share of requests drawn as dots; empty chooses about 8 a second.",
        "workload.rate_per_s" => "Requests arriving each second, before any shape below.",
        "workload.shape[].at_s" => "When this change to the rate begins.",
        "workload.shape[].rate_per_s" => "The base rate from this step on.",
        "workload.shape[].from_s" => "When the ramp starts.",
        "workload.shape[].to_s" => "When the ramp reaches its rate.",
        "workload.shape[].to_rate_per_s" => "The rate the ramp ends at.",
        "workload.shape[].duration_s" => "How long the spike or idle stretch lasts.",
        "workload.shape[].factor" => "How many times the usual rate the spike brings.",
        "workload.shape[].amplitude" => "How far the daily cycle swings, as a share of the rate.",
        "workload.shape[].period_s" => "Length of one cycle (a day is 86400 s).",
        "workload.shape[].interval_s" => "Time each recorded count covers.",
        "workload.shape[].scale" => "Multiplies every recorded count.",
        "workload.kinds[].share" => "Weight of this kind in the mix of requests.",
        "monolith.machine" => "Machine type from the price list; its vCPUs are shared by all.",
        "monolith.copies" => "Identical copies of the whole application behind a load balancer.",
        "monolith.workers" => "Threads per copy serving requests at once; the rest queue.",
        "monolith.queue_limit" => "Requests that may wait per copy; more are refused (503).",
        "monolith.db_on_same_machine" => "The database shares the application machine's CPU.",
        "monolith.db_connections" => "Database connections per copy; queries beyond wait.",
        "monolith.db_connection_timeout_s" => "How long a request waits for a connection.",
        "monolith.restart_s" => "How long one copy takes to restart for a release.",
        "monolith.memory_mb" => "Memory the application and its database reserve per copy.",
        "microservices.service_defaults.min_replicas" => "Pods each service always keeps.",
        "microservices.service_defaults.max_replicas" => "The most pods the autoscaler may run.",
        "microservices.service_defaults.workers_per_pod" => "Requests one pod serves at once.",
        "microservices.service_defaults.queue_per_pod" => {
            "Requests that may wait per ready pod; more are refused (503)."
        }
        "microservices.service_defaults.pod_vcpu" => {
            "CPU a pod requests, also its limit: its workers share this much."
        }
        "microservices.service_defaults.pod_memory_mb" => "Memory a pod requests from its node.",
        "microservices.service_defaults.startup_s" => "From scheduling a pod to it serving.",
        "microservices.gateway_work_ms" => "CPU time the gateway spends routing one request.",
        "microservices.network_hop_ms" => "One-way latency of a call between services.",
        "microservices.autoscaling.enabled" => {
            "The Horizontal Pod Autoscaler adds and removes pods."
        }
        "microservices.autoscaling.target_utilisation" => {
            "Busy share of the pods' workers the autoscaler aims for."
        }
        "microservices.autoscaling.sync_s" => "How often the autoscaler looks.",
        "microservices.autoscaling.tolerance" => "Deviation from the target that is ignored.",
        "microservices.autoscaling.scale_down_stabilisation_s" => {
            "Scaling down follows the highest wish over this long."
        }
        "microservices.nodes.node_join_s" => "From a pod waiting for room to a new node taking it.",
        "microservices.nodes.unneeded_s" => "How long a node stays unneeded before it goes.",
        "microservices.nodes.scan_s" => "How often the cluster autoscaler looks.",
        "microservices.node_machine" => "Machine type of the cluster's nodes.",
        "microservices.container_overhead_mb" => {
            "Memory per pod beyond its request (runtime, sidecar)."
        }
        "microservices.calls.timeout_s" => {
            "A caller stops waiting after this long; 0 waits for ever, holding its thread."
        }
        "microservices.calls.retries" => "Further attempts after a call that failed or timed out.",
        "microservices.calls.backoff_s" => "Wait before the first retry, doubling after.",
        "microservices.calls.breaker.enabled" => {
            "A circuit breaker stops calls to a failing service."
        }
        "microservices.calls.breaker.failures" => "Failures within the window that open it.",
        "microservices.calls.breaker.window_s" => "How far back failures are counted.",
        "microservices.calls.breaker.open_s" => "How long it stays open before a trial call.",
        "microservices.ingress_timeout_s" => "The ingress answers 504 after this long; 0 never.",
        "microservices.store_connections" => "Queries each service's data store runs at once.",
        "serverless.memory_mb" => {
            "Function memory; Lambda gives CPU in proportion and bills per GB-s."
        }
        "serverless.scaling_model" => {
            "How fast Lambda adds instances: today's per-function rate, or the legacy burst."
        }
        "serverless.keep_alive_s" => "How long an idle instance stays warm.",
        "serverless.timeout_s" => "The longest one invocation may run (Lambda: 900 s).",
        "serverless.provisioned" => "Instances per function kept initialised, billed all the time.",
        "serverless.legacy_burst" => "The legacy model's first burst: 500, 1000 or 3000 by region.",
        "serverless.account_limit" => "Executions at once across all functions of the account.",
        "serverless.network_hop_ms" => "One-way latency from a function to its data store.",
        "serverless.data_store.engine" => "A table billed per query, or a relational database.",
        "serverless.data_store.proxy" => "RDS Proxy pools the database's connections.",
        "serverless.data_store.max_connections" => "The relational database's connection limit.",
        "serverless.data_store.borrow_timeout_s" => "How long the proxy lets a query wait.",
        "api_gateway.flavour" => "HTTP APIs cost less than REST APIs and time out sooner.",
        "api_gateway.latency_ms" => "Latency the gateway adds to each request.",
        "api_gateway.rate_limit_per_s" => "Steady request limit before throttling (429).",
        "api_gateway.burst" => "Requests allowed at once above the steady rate.",
        "api_gateway.integration_timeout_s" => {
            "The gateway answers 504 after this long; empty uses its flavour's own."
        }
        "hybrid.heavy_work_s" => {
            "Request kinds with at least this mean CPU time run in containers."
        }
        "events[].at_s" => "When the event happens.",
        "events[].duration_s" => "How long the bug lasts.",
        "events[].target" => "The module it hits (* deploys every one).",
        "events[].effect.slowdown_per_min" => "How much slower each minute the leak makes it.",
        "events[].effect.factor" => "How many times slower the database answers.",
        "prices.lambda_per_million_requests" => "Lambda, per million invocations.",
        "prices.lambda_per_gb_s" => "Lambda's running time, per GB-second.",
        "prices.provisioned_per_gb_s" => "Provisioned instances held, per GB-second.",
        "prices.provisioned_exec_per_gb_s" => {
            "Running time on provisioned instances, per GB-second."
        }
        "prices.api_gateway_http_per_million" => "HTTP API, per million requests.",
        "prices.api_gateway_rest_per_million" => "REST API, per million requests.",
        "prices.eks_control_plane_per_hour" => "The Kubernetes control plane, per hour.",
        "prices.database_per_hour" => "One service's managed database, per hour.",
        "prices.table_per_million_queries" => "A function's table, per million queries.",
        "prices.rds_proxy_per_hour" => "RDS Proxy, per hour.",
        "prices.free_tier" => "Take Lambda's monthly free requests and GB-seconds off.",
        "prices.free_requests_per_month" => "Lambda's free requests each month.",
        "prices.free_gb_s_per_month" => "Lambda's free GB-seconds each month.",
        "prices.machines[].vcpu" => "vCPUs of this machine type.",
        "prices.machines[].memory_gb" => "Memory of this machine type.",
        "prices.machines[].per_hour" => "Price of this machine type per hour.",
        _ => {
            let (parent, parameter) = p.rsplit_once('.')?;
            let what = parent.rsplit('.').next()?;
            return distribution_help(what, parameter);
        }
    };
    Some(text.to_string())
}

/// The field's name as read: its last part, its unit left to the unit beside it; a
/// distribution's parameter is named with what the distribution draws ("Init median").
pub fn label(path: &str) -> String {
    let mut parts = path.rsplit('.');
    let last = parts.next().unwrap_or(path);
    let last = last.split('[').next().unwrap_or(last);
    let name = match parts.next() {
        Some(parent @ ("work" | "db" | "init" | "cold_duration"))
            if matches!(
                last,
                "mean_s" | "median_s" | "sigma" | "value_s" | "values_s"
            ) =>
        {
            format!("{parent}_{last}")
        }
        _ => last.to_string(),
    };
    let bare = ["_per_s", "_ms", "_mb", "_gb", "_s"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(&name);
    let words: Vec<&str> = bare
        .split('_')
        .map(|w| match w {
            "db" => "database",
            "vcpu" => "vCPU",
            "api" => "API",
            "http" => "HTTP",
            "rest" => "REST",
            "eks" => "EKS",
            "rds" => "RDS",
            "gb" => "GB",
            w => w,
        })
        .collect();
    let joined = words.join(" ");
    // Capitalised unless its first word has capitals of its own ("vCPU").
    let first_word = words.first().copied().unwrap_or_default();
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) if first_word.chars().all(|c| !c.is_uppercase()) => {
            first.to_uppercase().chain(chars).collect()
        }
        _ => joined,
    }
}

/// A JSON pointer for a field's path: `workload.kinds[1].share` is `/workload/kinds/1/share`.
fn pointer(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(name) = pieces.next() {
            out.push('/');
            out.push_str(name);
        }
        for index in pieces {
            out.push('/');
            out.push_str(index.trim_end_matches(']'));
        }
    }
    out
}

/// A number as a form shows it and reads it back: in full, whole numbers without a fraction.
fn plain(x: f64) -> String {
    format!("{x}")
}

const SERVICES: &str = "microservices.services.";
const SERVICE_DEFAULTS: &str = "microservices.service_defaults";

/// The item a field belongs to, if any: a list's (`workload.kinds[1]`), the settings every
/// service shares, or one service's own. The form heads each item's fields with its name.
fn item_of(path: &str) -> Option<&str> {
    if path.starts_with(SERVICE_DEFAULTS) {
        return Some(SERVICE_DEFAULTS);
    }
    if let Some(rest) = path.strip_prefix(SERVICES) {
        let name = rest.split('.').next()?;
        return Some(&path[..SERVICES.len() + name.len()]);
    }
    let close = path.find(']')?;
    Some(&path[..=close])
}

/// How an item is named: its `name`, else its `kind` and place.
fn item_title(whole: &Value, item: &str) -> String {
    if item == SERVICE_DEFAULTS {
        return "Every service, unless given its own below".into();
    }
    if let Some(name) = item.strip_prefix(SERVICES) {
        return format!("{name}: its own settings");
    }
    let value = whole.pointer(&pointer(item));
    let place = item
        .rsplit('[')
        .next()
        .and_then(|i| i.trim_end_matches(']').parse::<usize>().ok())
        .map_or(0, |i| i + 1);
    match value {
        Some(v) if v.get("name").and_then(Value::as_str).is_some() => {
            v["name"].as_str().unwrap_or_default().to_string()
        }
        Some(v) => match v.get("kind").and_then(Value::as_str) {
            Some(kind) => format!("{place}. {}", kind.replace('_', " ")),
            None => format!("{place}."),
        },
        None => format!("{place}."),
    }
}

/// The sections open when the form is first drawn.
pub const FIRST_OPEN: [Section; 2] = [Section::Run, Section::Traffic];

/// The whole form for `sc`, in sections, those in `open` open. Inputs are named by their field's
/// path, for the one change handler the page gives the form.
pub fn form_html(sc: &Scenario, open: &[Section]) -> String {
    let fields = sc.fields();
    let whole = serde_json::to_value(sc).unwrap_or(Value::Null);
    let mut out = String::new();
    for (s, section) in Section::ALL.into_iter().enumerate() {
        let here: Vec<&Field> = fields
            .iter()
            .filter(|f| Section::of(&f.path) == section)
            .collect();
        let is_open = if open.contains(&section) { " open" } else { "" };
        let _ = write!(
            out,
            r#"<details class="form-section" data-section="{s}"{is_open}><summary>{} <span class="count">{} setting{}</span></summary>"#,
            section.title(),
            here.len(),
            if here.len() == 1 { "" } else { "s" }
        );
        if here.is_empty() {
            let _ = write!(out, r#"<p class="note">{}</p>"#, section.when_empty());
        }
        let mut item = None;
        for field in here {
            let this_item = item_of(&field.path);
            if this_item != item {
                if let Some(i) = this_item {
                    let _ = write!(out, "<h4>{}</h4>", escaped(&item_title(&whole, i)));
                }
                item = this_item;
            }
            field_html(&mut out, field, whole.pointer(&pointer(&field.path)));
        }
        out.push_str("</details>");
    }
    out
}

fn field_html(out: &mut String, field: &Field, value: Option<&Value>) {
    let path = escaped(&field.path);
    let id = format!("field-{}", field.path.replace(['.', '[', ']'], "-"));
    let help = help(&field.path).unwrap_or_default();
    let (control, unit, range) = match &field.input {
        Input::Number {
            lo,
            hi,
            unit,
            optional,
        } => {
            let shown = value.and_then(Value::as_f64).map(plain).unwrap_or_default();
            let empty = if *optional {
                r#" placeholder="automatic""#
            } else {
                " required"
            };
            (
                format!(
                    r#"<input id="{id}" name="{path}" type="number" inputmode="decimal" step="any" min="{}" max="{}" value="{shown}"{empty} aria-describedby="{id}-help">"#,
                    plain(*lo),
                    plain(*hi)
                ),
                unit.as_str(),
                format!(" From {} to {}{}.", plain(*lo), plain(*hi), spaced(unit)),
            )
        }
        Input::Count { lo, hi, unit } => {
            let shown = value.and_then(Value::as_u64).unwrap_or_default();
            (
                format!(
                    r#"<input id="{id}" name="{path}" type="number" inputmode="numeric" step="1" min="{lo}" max="{hi}" value="{shown}" required aria-describedby="{id}-help">"#
                ),
                unit.as_str(),
                format!(" Whole, from {lo} to {hi}{}.", spaced(unit)),
            )
        }
        Input::OneOf(_) | Input::Among(_) => {
            let names: Vec<String> = match &field.input {
                Input::OneOf(names) => names.clone(),
                Input::Among(numbers) => numbers.iter().map(u32::to_string).collect(),
                _ => Vec::new(),
            };
            let current = match value {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            };
            let mut options = String::new();
            for name in &names {
                let selected = if *name == current { " selected" } else { "" };
                let _ = write!(
                    options,
                    r#"<option value="{n}"{selected}>{n}</option>"#,
                    n = escaped(name)
                );
            }
            (
                format!(
                    r#"<select id="{id}" name="{path}" aria-describedby="{id}-help">{options}</select>"#
                ),
                "",
                String::new(),
            )
        }
        Input::Flag => {
            let checked = if value.and_then(Value::as_bool) == Some(true) {
                " checked"
            } else {
                ""
            };
            (
                format!(
                    r#"<input id="{id}" name="{path}" type="checkbox"{checked} aria-describedby="{id}-help">"#
                ),
                "",
                String::new(),
            )
        }
    };
    let _ = write!(
        out,
        r#"<div class="field"><label for="{id}">{}</label><span class="field-input">{control}<span class="unit">{}</span></span><p class="field-help" id="{id}-help">{}{} <code>{path}</code></p></div>"#,
        escaped(&label(&field.path)),
        // Beside the field, the unit alone; a condition on it ("s (less than duration_s)") is
        // read in the range below.
        escaped(unit.split(" (").next().unwrap_or(unit)),
        escaped(&help),
        escaped(&range)
    );
}

fn spaced(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// What the reader left in a field.
#[derive(Clone, Debug, PartialEq)]
pub enum Entered {
    Text(String),
    Checked(bool),
}

/// `sc` with the field at `path` set to what was entered, read as the JSON tab reads a scenario;
/// or, when the entry is not a value the field takes, what is wrong and what is allowed (the run
/// keeps `sc`).
pub fn apply(sc: &Scenario, path: &str, entered: &Entered) -> Result<Scenario, String> {
    let fields = sc.fields();
    let field = fields
        .iter()
        .find(|f| f.path == path)
        .ok_or_else(|| format!("{path} is not a setting of this scenario"))?;
    let value = read(field, entered)?;
    let mut whole = serde_json::to_value(sc).map_err(|e| e.to_string())?;
    let slot = whole
        .pointer_mut(&pointer(path))
        .ok_or_else(|| format!("{path} is not a setting of this scenario"))?;
    *slot = value;
    let (next, problems) = repair::overlay(sc, &whole)?;
    match problems.first() {
        None => Ok(next),
        Some(_) => Err(problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

fn read(field: &Field, entered: &Entered) -> Result<Value, String> {
    let path = &field.path;
    match (&field.input, entered) {
        (Input::Flag, Entered::Checked(on)) => Ok(Value::Bool(*on)),
        (Input::OneOf(names), Entered::Text(t)) if names.contains(t) => Ok(Value::from(t.clone())),
        (Input::OneOf(names), Entered::Text(t)) => Err(format!(
            "{path}: \"{}\" is not known; use one of {}",
            crate::engine::validation::excerpt(t),
            names.join(", ")
        )),
        (Input::Among(numbers), Entered::Text(t)) => match t.trim().parse::<u32>() {
            Ok(n) if numbers.contains(&n) => Ok(Value::from(n)),
            _ => Err(format!(
                "{path}: \"{}\" is not allowed; use one of {}",
                crate::engine::validation::excerpt(t),
                numbers
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        (
            Input::Number {
                lo,
                hi,
                unit,
                optional,
            },
            Entered::Text(t),
        ) => {
            let t = t.trim();
            let allowed = format!(
                "use a number from {} to {}{}",
                plain(*lo),
                plain(*hi),
                spaced(unit)
            );
            if t.is_empty() {
                return if *optional {
                    Ok(Value::Null)
                } else {
                    Err(format!("{path}: is empty; {allowed}"))
                };
            }
            // Read as the JSON tab reads numbers (with serde_json's reader: the standard
            // library's would add its own tables to the page), after the one form a number field
            // allows and JSON does not: no digit before the point (".5").
            let json = match t.strip_prefix('-') {
                Some(rest) if rest.starts_with('.') => format!("-0{rest}"),
                _ if t.starts_with('.') => format!("0{t}"),
                _ => t.to_string(),
            };
            serde_json::from_str::<serde_json::Number>(&json)
                .map(Value::Number)
                .map_err(|_| {
                    format!(
                        "{path}: \"{}\" is not a number; {allowed}",
                        crate::engine::validation::excerpt(t)
                    )
                })
        }
        (Input::Count { lo, hi, unit }, Entered::Text(t)) => {
            let t = t.trim();
            t.parse::<u64>().map(Value::from).map_err(|_| {
                format!(
                    "{path}: \"{}\" is not a whole number; use one from {lo} to {hi}{}",
                    crate::engine::validation::excerpt(t),
                    spaced(unit)
                )
            })
        }
        (_, _) => Err(format!(
            "{path}: this setting does not take that kind of value"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::distribution::Distribution;
    use crate::engine::timeline::{BugEffect, TimelineEvent};
    use crate::engine::workload::RateShape;
    use crate::explainer::playground::{apply_text, to_text, Edit};

    /// A scenario with every kind of rate shape, event, distribution and optional value, so that
    /// each field the check knows shows up.
    fn everything() -> Scenario {
        let mut sc = Scenario {
            window_s: Some(5.0),
            trace_fraction: Some(0.5),
            ..Scenario::default()
        };
        sc.api_gateway.integration_timeout_s = Some(10.0);
        sc.serverless.cold_duration = Some(Distribution::List {
            values_s: vec![0.5, 1.0],
        });
        sc.workload.kinds[0].work = Distribution::constant(0.01);
        sc.workload.shape = vec![
            RateShape::Step {
                at_s: 10.0,
                rate_per_s: 30.0,
            },
            RateShape::Ramp {
                from_s: 20.0,
                to_s: 40.0,
                to_rate_per_s: 10.0,
            },
            RateShape::Spike {
                at_s: 50.0,
                duration_s: 10.0,
                factor: 3.0,
            },
            RateShape::DailySine {
                amplitude: 0.2,
                period_s: 600.0,
            },
            RateShape::Idle {
                at_s: 300.0,
                duration_s: 60.0,
            },
        ];
        sc.events = vec![
            TimelineEvent::Bug {
                at_s: 100.0,
                duration_s: 60.0,
                target: "orders".into(),
                effect: BugEffect::Leak {
                    slowdown_per_min: 0.5,
                },
            },
            TimelineEvent::Bug {
                at_s: 200.0,
                duration_s: 60.0,
                target: "orders".into(),
                effect: BugEffect::SlowDb { factor: 5.0 },
            },
            TimelineEvent::Deploy {
                at_s: 400.0,
                target: "*".into(),
            },
        ];
        sc.microservices
            .services
            .insert("payments".into(), sc.microservices.service_defaults.clone());
        assert_eq!(sc.validate(), Ok(()));
        sc
    }

    #[test]
    fn every_field_has_help_a_section_and_its_value_in_range() {
        let sc = everything();
        let fields = sc.fields();
        assert!(fields.len() > 120, "{}", fields.len());
        let whole = serde_json::to_value(&sc).unwrap();
        for f in &fields {
            assert!(help(&f.path).is_some(), "{} has no help", f.path);
            let value = whole.pointer(&pointer(&f.path));
            assert!(value.is_some(), "{} is not at {}", f.path, pointer(&f.path));
            if let (Input::Number { lo, hi, .. }, Some(v)) =
                (&f.input, value.and_then(Value::as_f64))
            {
                assert!(*lo <= v && v <= *hi, "{} = {v} outside {lo}..{hi}", f.path);
            }
        }
        // Each section but events has fields in the default scenario, and every field of the
        // default scenario's JSON that is a number or a switch is in the form.
        let default_fields = Scenario::default().fields();
        for s in Section::ALL {
            assert_eq!(
                default_fields.iter().any(|f| Section::of(&f.path) == s),
                s != Section::Events,
                "{s:?}"
            );
        }
        let mut leaves = Vec::new();
        collect_leaves(
            &serde_json::to_value(Scenario::default()).unwrap(),
            "",
            &mut leaves,
        );
        let in_form: Vec<String> = default_fields.iter().map(|f| pointer(&f.path)).collect();
        let left_to_json = ["/version", "/seed"];
        for leaf in leaves {
            assert!(
                in_form.contains(&leaf) || left_to_json.contains(&leaf.as_str()),
                "{leaf} is a number or switch missing from the form"
            );
        }
    }

    fn collect_leaves(v: &Value, at: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => map
                .iter()
                .for_each(|(k, x)| collect_leaves(x, &format!("{at}/{k}"), out)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, x)| collect_leaves(x, &format!("{at}/{i}"), out)),
            Value::Number(_) | Value::Bool(_) => out.push(at.to_string()),
            _ => {}
        }
    }

    #[test]
    fn a_field_set_in_the_form_gives_the_scenario_the_json_tab_gives() {
        let sc = everything();
        let cases = [
            (
                "serverless.keep_alive_s",
                Entered::Text("120".into()),
                "\"keep_alive_s\": 600.0",
                "\"keep_alive_s\": 120",
            ),
            (
                "monolith.workers",
                Entered::Text(" 4 ".into()),
                "\"workers\": 16",
                "\"workers\": 4",
            ),
            (
                "microservices.calls.breaker.enabled",
                Entered::Checked(true),
                "\"enabled\": false",
                "\"enabled\": true",
            ),
            (
                "serverless.scaling_model",
                Entered::Text("legacy_burst".into()),
                "\"current\"",
                "\"legacy_burst\"",
            ),
            (
                "serverless.legacy_burst",
                Entered::Text("500".into()),
                "\"legacy_burst\": 3000",
                "\"legacy_burst\": 500",
            ),
            (
                "api_gateway.integration_timeout_s",
                Entered::Text("".into()),
                "\"integration_timeout_s\": 10.0",
                "\"integration_timeout_s\": null",
            ),
        ];
        for (path, entered, before, after) in cases {
            let by_form = apply(&sc, path, &entered).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_ne!(by_form, sc, "{path} changed nothing");
            let text = to_text(&sc);
            assert_eq!(text.matches(before).count(), 1, "{before}");
            let Edit::Applied(by_json, problems) = apply_text(&text.replace(before, after)) else {
                panic!("{path}");
            };
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(by_form, *by_json, "{path}");
        }
        // A field of a list item and of one service's own settings.
        let next = apply(
            &sc,
            "workload.kinds[2].work.sigma",
            &Entered::Text("1.2".into()),
        )
        .unwrap();
        assert_eq!(
            next.workload.kinds[2].work,
            Distribution::Lognormal {
                median_s: 0.25,
                sigma: 1.2
            }
        );
        let next = apply(
            &sc,
            "microservices.services.payments.max_replicas",
            &Entered::Text("7".into()),
        )
        .unwrap();
        assert_eq!(next.microservices.services["payments"].max_replicas, 7);
        assert_eq!(next.microservices.service_defaults.max_replicas, 30);
    }

    #[test]
    fn a_value_the_field_does_not_take_is_named_with_what_is_allowed() {
        let sc = Scenario::default();
        let refused =
            |path: &str, text: &str| apply(&sc, path, &Entered::Text(text.into())).expect_err(text);
        assert_eq!(
            refused("serverless.keep_alive_s", "-5"),
            "serverless.keep_alive_s: -5 is not allowed; use a number from 0 to 86400 s"
        );
        assert!(refused("serverless.keep_alive_s", "ten")
            .contains("\"ten\" is not a number; use a number from 0 to 86400 s"));
        assert!(refused("serverless.keep_alive_s", "").contains("is empty"));
        assert!(refused("serverless.keep_alive_s", "1e").contains("\"1e\" is not a number"));
        assert!(refused("serverless.keep_alive_s", "-.5").contains("-0.5 is not allowed"));
        let half = apply(
            &sc,
            "serverless.network_hop_ms",
            &Entered::Text(".5".into()),
        )
        .unwrap();
        assert_eq!(half.serverless.network_hop_ms, 0.5);
        assert!(refused("monolith.copies", "2.5")
            .contains("not a whole number; use one from 1 to 64 copies"));
        assert!(refused("monolith.copies", "65").contains("65 is not allowed"));
        assert!(refused("monolith.machine", "z9.huge").contains("use one of t3.medium, m5.large"));
        assert!(
            refused("microservices.service_defaults.min_replicas", "40").contains("max_replicas")
        );
        assert!(refused("nope", "1").contains("not a setting"));
        assert!(refused("serverless.legacy_burst", "700").contains("use one of 500, 1000, 3000"));
        assert!(apply(&sc, "monolith.workers", &Entered::Checked(true)).is_err());
    }

    #[test]
    fn the_form_draws_each_field_with_its_value_range_and_help() {
        let html = form_html(&everything(), &FIRST_OPEN);
        for s in Section::ALL {
            assert!(html.contains(&format!("<summary>{} ", s.title())), "{s:?}");
        }
        assert!(html.contains(r#"name="serverless.keep_alive_s" type="number" inputmode="decimal" step="any" min="0" max="86400" value="600""#), "{html}");
        assert!(html.contains("How long an idle instance stays warm. From 0 to 86400 s."));
        assert!(html.contains(
            r#"<option value="legacy_burst">legacy_burst</option><option value="current" selected>"#
        ));
        assert!(
            html.contains(r#"name="microservices.autoscaling.enabled" type="checkbox" checked"#)
        );
        assert!(html.contains(r#"name="api_gateway.integration_timeout_s" type="number" inputmode="decimal" step="any" min="0.05" max="30" value="10" placeholder="automatic""#));
        // List items are headed by their name or kind.
        assert!(
            html.contains("<h4>checkout</h4>") && html.contains("<h4>3. spike</h4>"),
            "{html}"
        );
        assert!(html.contains("<h4>2. bug</h4>"));
        assert!(html.contains("<h4>Every service, unless given its own below</h4>"));
        assert!(html.contains(r#"<h4>payments: its own settings</h4><div class="field"><label for="field-microservices-services-payments-min_replicas">"#), "{html}");
        assert!(html
            .contains(r#"<details class="form-section" data-section="1" open><summary>Traffic "#));
        let empty = form_html(&Scenario::default(), &[Section::Events]);
        assert!(empty.contains("No events."));
        assert!(empty.contains(r#"<details class="form-section" data-section="8" open><summary>Events <span class="count">0 settings</span>"#));
        assert!(empty.contains(r#"<summary>Traffic <span class="count">1 setting</span>"#));
        assert!(empty.contains(r#"<span class="unit">s</span></span><p class="field-help" id="field-warmup_s-help">Leading time left out of the totals while the system fills up. From 0 to 600 s (less than duration_s)."#), "{empty}");
        assert!(empty.contains(r#"data-section="1"><summary>"#));
    }

    #[test]
    fn labels_read_as_words_and_paths_point_into_the_json() {
        assert_eq!(label("serverless.keep_alive_s"), "Keep alive");
        assert_eq!(
            label("monolith.db_connection_timeout_s"),
            "Database connection timeout"
        );
        assert_eq!(label("prices.machines[2].vcpu"), "vCPU");
        assert_eq!(label("workload.shape[1].values_s[3]"), "Values");
        assert_eq!(label("workload.rate_per_s"), "Rate");
        assert_eq!(label("serverless.init.median_s"), "Init median");
        assert_eq!(label("workload.kinds[0].db.mean_s"), "Database mean");
        assert_eq!(
            pointer("workload.kinds[1].work.mean_s"),
            "/workload/kinds/1/work/mean_s"
        );
        assert_eq!(
            pattern("microservices.services.orders.startup_s"),
            "microservices.service_defaults.startup_s"
        );
        assert_eq!(
            pattern("workload.kinds[12].db.values_s[3]"),
            "workload.kinds[].db.values_s[]"
        );
    }
}
