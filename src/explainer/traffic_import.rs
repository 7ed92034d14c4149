//! Reading a reader's own traffic: request counts per interval, in the layouts monitoring tools
//! export, into the columns of a `TrafficSeries`.
//!
//! Accepted (README, "Your traffic"):
//! - CSV: a time column (ISO 8601 or epoch seconds) and one count column, or one count column per
//!   request kind named in a header. A header with `Timestamp` and `Sum` (or `SampleCount`) is
//!   read as CloudWatch's, that column alone.
//! - `aws cloudwatch get-metric-statistics` JSON (`Datapoints`, each `Timestamp` with `Sum` or
//!   `SampleCount`) and `aws cloudwatch get-metric-data` JSON (`MetricDataResults`, parallel
//!   `Timestamps` and `Values`; several results are added together).
//! - A Prometheus range query's JSON (`data.result[].values`, pairs of epoch seconds and a
//!   number as text), from `increase(...)` (counts per step) or `rate(...)` (per second, times
//!   the step); several series are added together.
//!
//! Every refusal names the line (or JSON item) and what is allowed. Missing intervals are
//! reported and filled with zero only when the reader agrees (`ImportOptions::fill_gaps`).

use super::decimal;
use super::format::{compact, duration_name, interval_name, unit_of};
use super::timestamp;
use crate::engine::traffic_series::{SeriesColumn, MAX_ROWS};
use crate::engine::validation::excerpt;
use serde_json::Value;
use std::fmt;

/// Inputs of this size or more are refused before they are read.
pub const MAX_BYTES: usize = 50_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Csv,
    CloudWatchCsv,
    CloudWatchStatistics,
    CloudWatchMetricData,
    Prometheus,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Csv => "CSV",
            Layout::CloudWatchCsv => "CloudWatch CSV",
            Layout::CloudWatchStatistics => "CloudWatch get-metric-statistics JSON",
            Layout::CloudWatchMetricData => "CloudWatch get-metric-data JSON",
            Layout::Prometheus => "Prometheus range query JSON",
        }
    }
}

/// What a Prometheus range query's values are: the query decides, and the JSON does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PrometheusValues {
    /// `increase(...)`: requests per step.
    #[default]
    Increase,
    /// `rate(...)`: requests per second, averaged over the step.
    Rate,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    pub fill_gaps: bool,
    pub prometheus: PrometheusValues,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// The input cannot be used as it is: where, what, and what is allowed.
    Unreadable(String),
    /// Some intervals have no row. Filled with zero only if the reader agrees.
    Gaps { missing: usize, message: String },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Unreadable(m) | ImportError::Gaps { message: m, .. } => f.write_str(m),
        }
    }
}

fn refuse<T>(message: impl Into<String>) -> Result<T, ImportError> {
    Err(ImportError::Unreadable(message.into()))
}

/// Where a reading came from, for messages: a CSV line or an item of a JSON list.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    Line(usize),
    Item(&'static str, usize),
}

impl Place {
    fn order(self) -> usize {
        match self {
            Place::Line(n) | Place::Item(_, n) => n,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(n) => write!(f, "line {n}"),
            Place::Item(list, i) => write!(f, "{list}[{i}]"),
        }
    }
}

struct Reading {
    at: f64,
    place: Place,
    counts: Vec<f64>,
}

/// A series as read: its intervals from `start_epoch_s`, one count per interval and column.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub layout: Layout,
    pub start_epoch_s: f64,
    pub interval_s: f64,
    pub columns: Vec<SeriesColumn>,
    /// Intervals that had no row and were filled with zero, as the reader agreed.
    pub filled: usize,
    /// Series added together (Prometheus results, CloudWatch metric data results).
    pub added: usize,
}

/// Reads `text` in any accepted layout.
pub fn read(text: &str, options: ImportOptions) -> Result<Imported, ImportError> {
    if text.len() >= MAX_BYTES {
        return refuse(format!("this is {:.1} MB; the most accepted is {} MB: export a shorter range or a coarser interval (5-minute or hourly counts)", text.len() as f64 / 1e6, MAX_BYTES / 1_000_000));
    }
    let text = text.trim_start_matches('\u{feff}');
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return refuse("there is nothing to read: drop a CSV or JSON file, paste its text, or choose an example");
    }
    let read = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        json(text, options)?
    } else {
        csv(text)?
    };
    grid(read, options)
}

/// Everything read, before it is put on a grid.
struct Read {
    layout: Layout,
    /// Each count column's request kind, or None for a column of all requests.
    kinds: Vec<Option<String>>,
    readings: Vec<Reading>,
    /// How many separately read series `readings` holds, to be added where their times meet.
    added: usize,
    /// The values are per second (Prometheus `rate`): times the interval, they are counts.
    per_second: bool,
}

fn split_fields(line: &str, delimiter: char) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

const TIME_NAMES: &[&str] = &[
    "time",
    "timestamp",
    "date",
    "datetime",
    "ts",
    "period",
    "interval",
];

fn csv(text: &str) -> Result<Read, ImportError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
    let Some((first_line, first)) = lines.next() else {
        return refuse("there is nothing to read: no line holds data");
    };
    let delimiter = [',', '\t', ';']
        .into_iter()
        .max_by_key(|&d| first.matches(d).count())
        .filter(|&d| first.contains(d))
        .unwrap_or(',');
    let head = split_fields(first, delimiter);
    let is_value = |f: &str| timestamp::parse(f).is_ok() || decimal::read(f).is_some();
    let has_header = head.iter().any(|f| !is_value(f));
    let (layout, time_column, count_columns, kinds) = if has_header {
        let lower: Vec<String> = head.iter().map(|h| h.to_ascii_lowercase()).collect();
        let time = lower
            .iter()
            .position(|h| TIME_NAMES.contains(&h.as_str()))
            .unwrap_or(0);
        let cloudwatch = ["sum", "samplecount"]
            .iter()
            .find_map(|name| lower.iter().position(|h| h == name));
        match cloudwatch {
            Some(c) if lower[time] == "timestamp" => {
                (Layout::CloudWatchCsv, time, vec![c], vec![None])
            }
            _ => {
                let columns: Vec<usize> = (0..head.len()).filter(|&c| c != time).collect();
                if columns.is_empty() {
                    return refuse(format!("line {first_line}: the header names only a time column; add a column of request counts"));
                }
                if let Some(&c) = columns.iter().find(|&&c| head[c].is_empty()) {
                    return refuse(format!("line {first_line}: column {} has no name; name each count column after its request kind, or keep one count column", c + 1));
                }
                let kinds = if columns.len() == 1 {
                    vec![None]
                } else {
                    columns.iter().map(|&c| Some(head[c].clone())).collect()
                };
                (Layout::Csv, time, columns, kinds)
            }
        }
    } else {
        if head.len() > 2 {
            return refuse(format!("line {first_line}: {} columns and no header; with several count columns, add a header line naming the request kind of each (for example time,browse,checkout)", head.len()));
        }
        if head.len() < 2 {
            return refuse(format!("line {first_line}: one column; each line needs a time and a count, such as 2025-11-20T10:04:00Z,412"));
        }
        (Layout::Csv, 0, vec![1], vec![None])
    };
    let names: Vec<String> = count_columns
        .iter()
        .map(|&c| {
            head.get(c)
                .filter(|_| has_header)
                .cloned()
                .unwrap_or_else(|| "count".into())
        })
        .collect();
    let width = head.len();
    let data = (!has_header)
        .then_some((first_line, first))
        .into_iter()
        .chain(lines);
    let mut readings = Vec::new();
    for (n, line) in data {
        if readings.len() >= MAX_ROWS {
            return refuse(format!("line {n}: more than {MAX_ROWS} rows; the most accepted is {MAX_ROWS}: export a shorter range or a coarser interval"));
        }
        let fields = split_fields(line, delimiter);
        if fields.len() != width {
            return refuse(format!("line {n}: {} fields where the first line has {width}; every line needs the same columns", fields.len()));
        }
        let at =
            timestamp::parse(&fields[time_column]).or_else(|e| refuse(format!("line {n}: {e}")))?;
        let counts = count_columns
            .iter()
            .zip(&names)
            .map(|(&c, name)| count(&fields[c], Place::Line(n), name))
            .collect::<Result<_, _>>()?;
        readings.push(Reading {
            at,
            place: Place::Line(n),
            counts,
        });
    }
    Ok(Read {
        layout,
        kinds,
        readings,
        added: 1,
        per_second: false,
    })
}

/// A count as text: a number, 0 or more.
fn count(text: &str, place: Place, column: &str) -> Result<f64, ImportError> {
    let shown = excerpt(text);
    match decimal::read(text.trim().trim_matches('"')) {
        _ if text.trim().is_empty() => refuse(format!("{place}: {column} is empty; a count is a number of requests, 0 or more")),
        Some(x) if x >= 0.0 => Ok(x),
        Some(_) => refuse(format!("{place}: {column} is {shown}, a negative count; counts are 0 or more")),
        _ => refuse(format!("{place}: {column} is \"{shown}\", not a number; a count is a number of requests, 0 or more")),
    }
}

fn json(text: &str, options: ImportOptions) -> Result<Read, ImportError> {
    let value: Value = serde_json::from_str(text).or_else(|e| {
        // serde's message ends with the place, which this one puts first.
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or_default().to_string();
        refuse(format!("line {}, column {}: not valid JSON ({what}); accepted are CSV, CloudWatch and Prometheus JSON", e.line(), e.column()))
    })?;
    let unknown = "this JSON is not a layout archflow reads: accepted are `aws cloudwatch get-metric-statistics` output (with \"Datapoints\"), `aws cloudwatch get-metric-data` output (with \"MetricDataResults\") and a Prometheus range query's response (with \"data\": {\"result\": ...})";
    if let Some(points) = value.get("Datapoints") {
        let Some(points) = points.as_array() else {
            return refuse("\"Datapoints\" is not a list");
        };
        let mut readings = Vec::with_capacity(points.len());
        for (i, p) in points.iter().enumerate() {
            let place = Place::Item("Datapoints", i);
            let Some((name, v)) = ["Sum", "SampleCount"]
                .iter()
                .find_map(|k| Some((*k, p.get(*k)?)))
            else {
                return refuse(format!("{place} has neither Sum nor SampleCount; ask CloudWatch for them with --statistics Sum"));
            };
            let time = p.get("Timestamp").unwrap_or(&Value::Null);
            readings.push(json_reading(time, v, place, name)?);
        }
        return Ok(Read::one_column(
            Layout::CloudWatchStatistics,
            readings,
            1,
            false,
        ));
    }
    if let Some(results) = value.get("MetricDataResults") {
        let Some(results) = results.as_array() else {
            return refuse("\"MetricDataResults\" is not a list");
        };
        let mut readings = Vec::new();
        for (r, result) in results.iter().enumerate() {
            let list = |key: &str| result.get(key).and_then(Value::as_array);
            let (Some(times), Some(values)) = (list("Timestamps"), list("Values")) else {
                return refuse(format!(
                    "MetricDataResults[{r}] needs the lists \"Timestamps\" and \"Values\""
                ));
            };
            if times.len() != values.len() {
                return refuse(format!(
                    "MetricDataResults[{r}] has {} timestamps and {} values; they must pair up",
                    times.len(),
                    values.len()
                ));
            }
            for (i, (t, v)) in times.iter().zip(values).enumerate() {
                let place = Place::Item("Values", i);
                readings.push(json_reading(t, v, place, "the value")?);
            }
        }
        return Ok(Read::one_column(
            Layout::CloudWatchMetricData,
            readings,
            results.len(),
            false,
        ));
    }
    if let Some(data) = value.get("data") {
        if data.get("resultType").and_then(Value::as_str) != Some("matrix") {
            return refuse("this Prometheus response is not a range query's (its resultType is not \"matrix\"): run the query through /api/v1/query_range with a step, such as increase(http_requests_total[1m]) with step=60");
        }
        let Some(results) = data.get("result").and_then(Value::as_array) else {
            return refuse("\"data\" has no \"result\" list");
        };
        let mut readings = Vec::new();
        for (r, result) in results.iter().enumerate() {
            let Some(values) = result.get("values").and_then(Value::as_array) else {
                return refuse(format!("result[{r}] has no \"values\" list"));
            };
            for (i, pair) in values.iter().enumerate() {
                let place = Place::Item("values", i);
                let (Some(t), Some(v)) = (pair.get(0), pair.get(1)) else {
                    return refuse(format!(
                        "result[{r}].values[{i}] is not a pair [time, \"value\"]"
                    ));
                };
                readings.push(json_reading(t, v, place, "the value")?);
            }
        }
        let per_second = options.prometheus == PrometheusValues::Rate;
        return Ok(Read::one_column(
            Layout::Prometheus,
            readings,
            results.len(),
            per_second,
        ));
    }
    refuse(unknown)
}

impl Read {
    /// The JSON layouts: one column of all requests.
    fn one_column(layout: Layout, readings: Vec<Reading>, added: usize, per_second: bool) -> Self {
        Read {
            layout,
            kinds: vec![None],
            readings,
            added,
            per_second,
        }
    }
}

/// One reading of a JSON layout: a time (ISO text or epoch seconds) and its count.
fn json_reading(
    time: &Value,
    count: &Value,
    place: Place,
    name: &str,
) -> Result<Reading, ImportError> {
    let at = match time {
        Value::String(s) => timestamp::parse(s),
        Value::Number(n) => timestamp::parse(&n.to_string()),
        _ => Err("has no time".to_string()),
    }
    .or_else(|e| refuse(format!("{place}: {e}")))?;
    Ok(Reading {
        at,
        place,
        counts: vec![number(count, place, name)?],
    })
}

/// A JSON value that is a count: a number, or a number as text (Prometheus writes them so).
fn number(v: &Value, place: Place, name: &str) -> Result<f64, ImportError> {
    match v {
        Value::Number(n) => count(&n.to_string(), place, name),
        Value::String(s) => count(s, place, name),
        other => refuse(format!(
            "{place}: {name} is {}, not a number",
            crate::engine::validation::json_kind(other)
        )),
    }
}

/// Puts the readings on one grid of equal intervals: the interval is the most common step
/// between consecutive times, every step must be a whole number of intervals, and series that
/// were read separately (`added` > 1) are added where their times meet.
fn grid(read: Read, options: ImportOptions) -> Result<Imported, ImportError> {
    let Read {
        layout,
        kinds,
        mut readings,
        added,
        per_second,
    } = read;
    // Ties keep the input's order (lines and items are numbered in reading order), so a
    // duplicate is reported at its first and second appearance.
    readings.sort_unstable_by(|a, b| {
        a.at.total_cmp(&b.at)
            .then(a.place.order().cmp(&b.place.order()))
    });
    if added > 1 {
        readings.dedup_by(|later, earlier| {
            let same = later.at == earlier.at;
            if same {
                for (e, l) in earlier.counts.iter_mut().zip(&later.counts) {
                    *e += *l;
                }
            }
            same
        });
    } else if let Some(w) = readings.windows(2).find(|w| w[0].at == w[1].at) {
        return refuse(format!(
            "{} and {} are both for {}: each interval may appear once",
            w[0].place,
            w[1].place,
            timestamp::show(w[0].at)
        ));
    }
    if readings.len() < 2 {
        return refuse(format!(
            "{} row{} of counts; at least two are needed to tell the interval",
            readings.len(),
            if readings.len() == 1 { "" } else { "s" }
        ));
    }
    // The most common step, in whole milliseconds (ties go to the first seen), counted in a short
    // list: an export has one step, and a few others where rows are missing.
    let mut steps: Vec<(i64, usize)> = Vec::new();
    for w in readings.windows(2) {
        let step = ((w[1].at - w[0].at) * 1000.0).round() as i64;
        match steps.iter().position(|&(s, _)| s == step) {
            Some(i) => steps[i].1 += 1,
            None if steps.len() < 64 => steps.push((step, 1)),
            None => return refuse(format!("{}: the rows are not evenly spaced (more than 64 different steps between them); export counts at one fixed interval", w[1].place)),
        }
    }
    let best = steps.iter().fold(
        (0i64, 0usize),
        |best, &(s, n)| if n > best.1 { (s, n) } else { best },
    );
    let interval_s = best.0 as f64 / 1000.0;
    if interval_s < 1.0 {
        return refuse(format!(
            "the rows are {interval_s} s apart; the shortest interval accepted is 1 s"
        ));
    }
    if interval_s > 86_400.0 {
        return refuse(format!(
            "the rows are {} apart; the longest interval accepted is a day",
            duration_name(interval_s)
        ));
    }
    let start = readings[0].at;
    let mut index = Vec::with_capacity(readings.len());
    let (mut gaps, mut missing, mut first_gap) = (0usize, 0usize, None);
    for (i, r) in readings.iter().enumerate() {
        let at = (r.at - start) / interval_s;
        let k = at.round();
        if (at - k).abs() > 0.01 {
            return refuse(format!("{}: {} is off the {} grid the other rows follow (from {}); every row must be a whole number of intervals after the first", r.place, timestamp::show(r.at), interval_name(interval_s), timestamp::show(start)));
        }
        let k = k as usize;
        if let Some(&previous) = index.last() {
            if k > previous + 1 {
                gaps += 1;
                missing += k - previous - 1;
                first_gap.get_or_insert((readings[i - 1].place, readings[i - 1].at, r.at));
            }
        }
        if k >= MAX_ROWS {
            return refuse(format!("{}: the series would span more than {MAX_ROWS} intervals of {}; export a coarser interval", r.place, interval_name(interval_s)));
        }
        index.push(k);
    }
    if let (Some((place, from, to)), false) = (first_gap, options.fill_gaps) {
        return Err(ImportError::Gaps {
            missing,
            message: format!("{missing} interval{} of {} have no row, in {gaps} gap{}; the first is after {place}, from {} to {}. Fill the gaps with zero requests, or export the data again without them", if missing == 1 { "" } else { "s" }, interval_name(interval_s), if gaps == 1 { "" } else { "s" }, timestamp::show(from + interval_s), timestamp::show(to)),
        });
    }
    let rows = index.last().map_or(0, |&k| k + 1);
    let mut columns: Vec<SeriesColumn> = kinds
        .into_iter()
        .map(|kind| SeriesColumn {
            kind,
            counts: vec![0.0; rows],
        })
        .collect();
    for (r, &k) in readings.iter().zip(&index) {
        for (column, &n) in columns.iter_mut().zip(&r.counts) {
            column.counts[k] = if per_second { n * interval_s } else { n };
        }
    }
    Ok(Imported {
        layout,
        start_epoch_s: start,
        interval_s,
        columns,
        filled: missing,
        added,
    })
}

impl Imported {
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.counts.len())
    }

    pub fn row_total(&self, i: usize) -> f64 {
        self.columns.iter().map(|c| c.counts[i]).sum()
    }

    pub fn total(&self) -> f64 {
        (0..self.rows()).map(|i| self.row_total(i)).sum()
    }

    pub fn peak(&self) -> f64 {
        (0..self.rows())
            .map(|i| self.row_total(i))
            .fold(0.0, f64::max)
    }

    /// What was read, in a line: "7 days of 1-minute counts from 2025-11-17 00:00 UTC, peak
    /// 412/min, 2.3M requests (CSV)".
    pub fn summary(&self) -> String {
        let (n, unit) = unit_of(self.interval_s);
        let per = match (n, unit) {
            (1.0, "minute") => "/min".to_string(),
            (1.0, "hour") => "/h".to_string(),
            (1.0, "second") => "/s".to_string(),
            (1.0, "day") => "/day".to_string(),
            (n, unit) => format!(" per {} {unit}s", compact(n)),
        };
        let mut out = format!(
            "{} of {} counts from {}, peak {}{per}, {} requests",
            duration_name(self.rows() as f64 * self.interval_s),
            interval_name(self.interval_s),
            timestamp::show(self.start_epoch_s),
            compact(self.peak()),
            compact(self.total()),
        );
        let kinds: Vec<&str> = self
            .columns
            .iter()
            .filter_map(|c| c.kind.as_deref())
            .collect();
        if !kinds.is_empty() {
            out += &format!(" in {} kinds ({})", kinds.len(), kinds.join(", "));
        }
        out += &format!(" ({}", self.layout.name());
        if self.added > 1 {
            out += &format!(", {} series added together", self.added);
        }
        if self.filled > 0 {
            out += &format!(", {} missing intervals filled with zero", self.filled);
        }
        out + ")"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Imported {
        read(text, ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn refused(text: &str) -> String {
        match read(text, ImportOptions::default()) {
            Err(ImportError::Unreadable(m)) => m,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn totals(i: &Imported) -> Vec<f64> {
        (0..i.rows()).map(|r| i.row_total(r)).collect()
    }

    #[test]
    fn a_plain_csv_with_or_without_header_and_in_any_order() {
        let with_header = ok("time,requests\n2025-11-20T10:00:00Z,5\n2025-11-20T10:01:00Z,7\n2025-11-20T10:02:00Z,0\n");
        let bare = ok("1763632920,7\n1763632860,5\n1763632980,0\n");
        for i in [&with_header, &bare] {
            assert_eq!(
                (i.layout, i.interval_s, i.start_epoch_s),
                (
                    Layout::Csv,
                    60.0,
                    1_763_632_800.0 + 60.0 * (i == &bare) as u8 as f64
                )
            );
            assert_eq!(i.columns.len(), 1);
            assert_eq!(i.columns[0].kind, None);
        }
        assert_eq!(totals(&with_header), vec![5.0, 7.0, 0.0]);
        assert_eq!(totals(&bare), vec![5.0, 7.0, 0.0]);
        assert_eq!(
            with_header.summary(),
            "3 min of 1-minute counts from 2025-11-20 10:00 UTC, peak 7/min, 12 requests (CSV)"
        );
    }

    #[test]
    fn one_column_per_kind_keeps_the_kinds_apart() {
        let i = ok("\u{feff}Timestamp;browse;checkout\r\n2025-11-20 10:00;30;10\r\n2025-11-20 10:05;40;\"12\"\r\n");
        assert_eq!(i.interval_s, 300.0);
        let kinds: Vec<_> = i.columns.iter().map(|c| c.kind.clone()).collect();
        assert_eq!(kinds, vec![Some("browse".into()), Some("checkout".into())]);
        assert_eq!(i.columns[1].counts, vec![10.0, 12.0]);
        assert!(
            i.summary()
                .contains("peak 52 per 5 minutes, 92 requests in 2 kinds (browse, checkout)"),
            "{}",
            i.summary()
        );
    }

    #[test]
    fn cloudwatch_csv_uses_its_sum_column_only() {
        let i = ok("\"Timestamp\",\"Average\",\"Sum\",\"Unit\"\n\"2025-11-20T10:00:00Z\",\"1.5\",\"90\",\"Count\"\n\"2025-11-20T10:01:00Z\",\"1.5\",\"120\",\"Count\"\n");
        assert_eq!(i.layout, Layout::CloudWatchCsv);
        assert_eq!(totals(&i), vec![90.0, 120.0]);
    }

    #[test]
    fn cloudwatch_statistics_json_unordered_with_sum_or_sample_count() {
        let text = r#"{"Label": "Count", "Datapoints": [
            {"Timestamp": "2025-11-20T10:02:00+00:00", "Sum": 3.0, "Unit": "Count"},
            {"Timestamp": "2025-11-20T10:00:00+00:00", "Sum": 1.0, "Unit": "Count"},
            {"Timestamp": "2025-11-20T10:01:00+00:00", "SampleCount": 2.0, "Unit": "Count"}]}"#;
        let i = ok(text);
        assert_eq!(
            (i.layout, totals(&i)),
            (Layout::CloudWatchStatistics, vec![1.0, 2.0, 3.0])
        );
        let e = refused(r#"{"Datapoints": [{"Timestamp": "2025-11-20T10:00:00Z", "Average": 3}]}"#);
        assert!(
            e.starts_with("Datapoints[0] has neither Sum nor SampleCount"),
            "{e}"
        );
    }

    #[test]
    fn cloudwatch_metric_data_json_adds_its_results() {
        let text = r#"{"MetricDataResults": [
            {"Id": "a", "Label": "GET", "Timestamps": ["2025-11-20T10:01:00Z", "2025-11-20T10:00:00Z"], "Values": [4, 2], "StatusCode": "Complete"},
            {"Id": "b", "Label": "POST", "Timestamps": ["2025-11-20T10:01:00Z"], "Values": [1], "StatusCode": "Complete"}],
            "Messages": []}"#;
        let i = ok(text);
        assert_eq!(
            (i.layout, totals(&i), i.added),
            (Layout::CloudWatchMetricData, vec![2.0, 5.0], 2)
        );
        assert!(
            i.summary()
                .ends_with("(CloudWatch get-metric-data JSON, 2 series added together)"),
            "{}",
            i.summary()
        );
    }

    #[test]
    fn prometheus_increase_is_counts_and_rate_is_per_second() {
        let text = r#"{"status": "success", "data": {"resultType": "matrix", "result": [
            {"metric": {"route": "/a"}, "values": [[1763632800, "6"], [1763632830, "3.5"]]},
            {"metric": {"route": "/b"}, "values": [[1763632800, "1"], [1763632830, "0"]]}]}}"#;
        let i = ok(text);
        assert_eq!(
            (i.layout, i.interval_s, totals(&i)),
            (Layout::Prometheus, 30.0, vec![7.0, 3.5])
        );
        let rate = read(
            text,
            ImportOptions {
                prometheus: PrometheusValues::Rate,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(totals(&rate), vec![210.0, 105.0]);
        let e = refused(r#"{"status": "success", "data": {"resultType": "vector", "result": []}}"#);
        assert!(e.contains("not a range query's"), "{e}");
        let e = refused(
            r#"{"status": "success", "data": {"resultType": "matrix", "result": [{"values": [[1763632800, "NaN"]]}]}}"#,
        );
        assert_eq!(e, "values[0]: the value is \"NaN\", not a number; a count is a number of requests, 0 or more");
    }

    #[test]
    fn gaps_are_reported_and_filled_only_when_asked() {
        let text = "time,n\n2025-11-20T10:00:00Z,1\n2025-11-20T10:01:00Z,1\n2025-11-20T10:04:00Z,1\n2025-11-20T10:05:00Z,1\n2025-11-20T10:07:00Z,1\n";
        match read(text, ImportOptions::default()) {
            Err(ImportError::Gaps { missing, message }) => {
                assert_eq!(missing, 3);
                assert_eq!(message, "3 intervals of 1-minute have no row, in 2 gaps; the first is after line 3, from 2025-11-20 10:02 UTC to 2025-11-20 10:04 UTC. Fill the gaps with zero requests, or export the data again without them");
            }
            other => panic!("{other:?}"),
        }
        let filled = read(
            text,
            ImportOptions {
                fill_gaps: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            totals(&filled),
            vec![1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0]
        );
        assert!(
            filled
                .summary()
                .ends_with("3 missing intervals filled with zero)"),
            "{}",
            filled.summary()
        );
    }

    #[test]
    fn every_bad_input_names_its_line_and_what_is_allowed() {
        let cases = [
            ("", "there is nothing to read"),
            ("# only a comment\n", "there is nothing to read: no line holds data"),
            ("time,n\n2025-11-20T10:00:00Z,5\n2025-11-20T10:01:00Z,-3\n", "line 3: n is -3, a negative count; counts are 0 or more"),
            ("time,n\n2025-11-20T10:00:00Z,5\n2025-11-20T10:01:00Z,lots\n", "line 3: n is \"lots\", not a number"),
            ("time,n\n2025-11-20T10:00:00Z,5\n2025-11-20T10:01:00Z,\n", "line 3: n is empty"),
            ("time,n\n2025-11-20T10:00:00Z,5\nmonday,4\n", "line 3: \"monday\" is not a time; write ISO 8601"),
            ("time,n\n2025-11-20T10:00:00Z,5\n2025-11-20T10:01:00Z,4,9\n", "line 3: 3 fields where the first line has 2"),
            ("time,n\n2025-11-20T10:00:00Z,5\n2025-11-20T10:01:00Z,4\n2025-11-20T10:01:00Z,6\n", "line 3 and line 4 are both for 2025-11-20 10:01 UTC: each interval may appear once"),
            ("time,n\n2025-11-20T10:00:00Z,5\n2025-11-20T10:01:00Z,4\n2025-11-20T10:02:00Z,4\n2025-11-20T10:03:30Z,6\n2025-11-20T10:04:00Z,6\n", "line 5: 2025-11-20 10:03:30 UTC is off the 1-minute grid"),
            ("time,n\n2025-11-20T10:00:00Z,5\n", "1 row of counts; at least two are needed"),
            ("1763632800,5,6\n1763632860,5,6\n", "line 1: 3 columns and no header; with several count columns, add a header"),
            ("1763632800\n1763632860\n", "line 1: one column; each line needs a time and a count"),
            ("time\n1763632800\n", "line 1: the header names only a time column"),
            ("time,,b\n1763632800,1,2\n1763632860,1,2\n", "line 1: column 2 has no name"),
            ("1763632800.0,1\n1763632800.5,1\n", "the rows are 0.5 s apart; the shortest interval accepted is 1 s"),
            ("{\"Datapoints\": [}", "line 1, column 17: not valid JSON (expected value); accepted"),
            ("{\"rows\": []}", "this JSON is not a layout archflow reads"),
            ("{\"MetricDataResults\": [{\"Timestamps\": [\"2025-11-20T10:00:00Z\"], \"Values\": []}]}", "MetricDataResults[0] has 1 timestamps and 0 values"),
        ];
        for (text, expected) in cases {
            let e = refused(text);
            assert!(
                e.starts_with(expected),
                "{text:?}:\n  got      {e}\n  expected {expected}"
            );
        }
    }

    #[test]
    fn inputs_too_large_are_refused_before_anything_is_kept() {
        let big = "x".repeat(MAX_BYTES);
        assert!(refused(&big).starts_with("this is 50.0 MB; the most accepted is 50 MB"));
        let mut rows = String::from("t,n\n");
        for i in 0..=MAX_ROWS {
            rows += &format!("{},1\n", i * 60);
        }
        let e = refused(&rows);
        assert!(e.starts_with("line 1000002: more than 1000000 rows"), "{e}");
    }
}
