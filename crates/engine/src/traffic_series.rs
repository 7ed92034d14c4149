//! A recorded traffic series: request counts per fixed interval, as monitoring tools export them,
//! replayed as the workload's base rate. Within an interval the rate is constant (the count over
//! the interval's length), so the arrivals form a non-homogeneous Poisson process whose expected
//! count in each interval is the recorded count, times `scale`.

use super::validation::Checker;
use serde::Serialize;

/// The most rows a series may hold: a year of 1-minute counts is about 526,000.
pub const MAX_ROWS: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrafficSeries {
    /// Length of one interval, seconds.
    pub interval_s: f64,
    /// Every count is multiplied by this (0.1 to 100), to ask "what if we had ten times this?".
    pub scale: f64,
    /// What was read, for the reader: "7 days of 1-minute counts from traffic.csv".
    pub source: String,
    /// Requests per interval: one column for all kinds (mixed by their shares), or one column
    /// per request kind.
    pub columns: Vec<SeriesColumn>,
}

#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesColumn {
    /// The request kind these counts are of; absent for a column of all requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub counts: Vec<f64>,
}

impl TrafficSeries {
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.counts.len())
    }

    /// Simulated time the series covers.
    pub fn duration_s(&self) -> f64 {
        self.rows() as f64 * self.interval_s
    }

    /// All requests in row `i`, scaled.
    fn row_total(&self, i: usize) -> f64 {
        self.scale * self.columns.iter().map(|c| c.counts[i]).sum::<f64>()
    }

    fn row_at(&self, t: f64) -> Option<usize> {
        let i = (t / self.interval_s).floor();
        (i >= 0.0 && i < self.rows() as f64).then_some(i as usize)
    }

    /// The arrival rate at t, requests/s; none before the start or after the last interval.
    #[inline(always)]
    pub fn rate_at(&self, t: f64) -> f64 {
        self.row_at(t)
            .map_or(0.0, |i| self.row_total(i) / self.interval_s)
    }

    /// The highest rate of any interval that overlaps [a, b].
    pub fn max_rate_between(&self, a: f64, b: f64) -> f64 {
        let rows = self.rows();
        if rows == 0 || b < 0.0 {
            return 0.0;
        }
        let first = (a.max(0.0) / self.interval_s).floor() as usize;
        let last = ((b / self.interval_s).floor() as usize).min(rows - 1);
        (first..=last)
            .map(|i| self.row_total(i))
            .fold(0.0, f64::max)
            / self.interval_s
    }

    /// Every request the series holds, scaled.
    pub fn total(&self) -> f64 {
        (0..self.rows()).map(|i| self.row_total(i)).sum()
    }

    /// With one column per kind: which column an arrival at t belongs to, for `u` uniform in
    /// [0, 1), in proportion to the columns' counts in t's interval. None for a single column of
    /// all requests, whose kinds follow the workload's shares.
    pub fn column_for(&self, t: f64, u: f64) -> Option<usize> {
        if self.columns.len() < 2 && self.columns.first().is_none_or(|c| c.kind.is_none()) {
            return None;
        }
        let i = self.row_at(t)?;
        let total: f64 = self.columns.iter().map(|c| c.counts[i]).sum();
        let mut left = u * total;
        for (j, c) in self.columns.iter().enumerate() {
            left -= c.counts[i];
            if left < 0.0 {
                return Some(j);
            }
        }
        // Rounding at the top end: the last column with any requests.
        self.columns.iter().rposition(|c| c.counts[i] > 0.0)
    }
}

/// Names a number in a message: whole numbers without a fraction.
fn shown(x: f64) -> String {
    if x.is_finite() && x == x.trunc() {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

impl TrafficSeries {
    /// Reports what is wrong at `path` and repairs it, keeping every count that can be kept:
    /// the interval and scale in range; at most `MAX_ROWS` rows, every column as long as the
    /// shortest; counts finite and not negative; either one column of all requests or one per
    /// known kind (other columns are added into one column of all requests).
    pub fn repair(&mut self, c: &mut Checker, path: &str, kinds: &[&str]) {
        c.number(
            &format!("{path}.interval_s"),
            &mut self.interval_s,
            1.0,
            86_400.0,
            "s",
            60.0,
        );
        c.number(
            &format!("{path}.scale"),
            &mut self.scale,
            0.1,
            100.0,
            "x",
            1.0,
        );
        if self.columns.is_empty() {
            c.error(
                format!("{path}.columns"),
                "has no column; give at least one column of counts",
            );
            self.columns.push(SeriesColumn {
                kind: None,
                counts: vec![],
            });
        }
        let shortest = self.columns.iter().map(|c| c.counts.len()).min();
        let rows = shortest.unwrap_or(0).min(MAX_ROWS);
        for (j, column) in self.columns.iter_mut().enumerate() {
            if column.counts.len() > rows {
                c.error(
                    format!("{path}.columns[{j}].counts"),
                    format!(
                        "has {} rows; the most allowed is {MAX_ROWS}, and every column must be as long as the others ({rows} kept)",
                        column.counts.len()
                    ),
                );
                column.counts.truncate(rows);
            }
            if let Some(i) = column
                .counts
                .iter()
                .position(|&n| !(n.is_finite() && n >= 0.0))
            {
                c.error(
                    format!("{path}.columns[{j}].counts[{i}]"),
                    format!(
                        "{} is not allowed; a count is a number of requests, 0 or more (every such count is read as 0)",
                        shown(column.counts[i])
                    ),
                );
                for n in &mut column.counts {
                    if !(n.is_finite() && *n >= 0.0) {
                        *n = 0.0;
                    }
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut problem = None;
        for (j, column) in self.columns.iter().enumerate() {
            match column.kind.as_deref() {
                None if self.columns.len() > 1 => {
                    problem = Some((
                        j,
                        "names no request kind; with several columns, each names one".to_string(),
                    ))
                }
                Some(k) if !kinds.contains(&k) => {
                    problem = Some((
                        j,
                        format!(
                            "\"{}\" is not a request kind here; use one of {}",
                            super::validation::excerpt(k),
                            kinds.join(", ")
                        ),
                    ))
                }
                Some(k) if seen.contains(&k) => {
                    problem = Some((
                        j,
                        format!("\"{k}\" has a column already; give each kind one column"),
                    ))
                }
                Some(k) => seen.push(k),
                None => {}
            }
            if problem.is_some() {
                break;
            }
        }
        if let Some((j, message)) = problem {
            c.error(
                format!("{path}.columns[{j}].kind"),
                format!("{message} (the columns are added into one column of all requests)"),
            );
            let counts = (0..rows)
                .map(|i| self.columns.iter().map(|c| c.counts[i]).sum())
                .collect();
            self.columns = vec![SeriesColumn { kind: None, counts }];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(columns: Vec<(Option<&str>, Vec<f64>)>) -> TrafficSeries {
        TrafficSeries {
            interval_s: 60.0,
            scale: 1.0,
            source: String::new(),
            columns: columns
                .into_iter()
                .map(|(kind, counts)| SeriesColumn {
                    kind: kind.map(Into::into),
                    counts,
                })
                .collect(),
        }
    }

    #[test]
    fn the_rate_is_each_intervals_count_over_its_length_and_zero_outside() {
        let mut s = series(vec![(None, vec![60.0, 0.0, 600.0])]);
        assert_eq!(s.rate_at(0.0), 1.0);
        assert_eq!(s.rate_at(59.9), 1.0);
        assert_eq!(s.rate_at(60.0), 0.0);
        assert_eq!(s.rate_at(170.0), 10.0);
        assert_eq!(s.rate_at(180.0), 0.0);
        assert_eq!(s.rate_at(-1.0), 0.0);
        assert_eq!(s.duration_s(), 180.0);
        assert_eq!(s.total(), 660.0);
        assert_eq!(s.max_rate_between(0.0, 100.0), 1.0);
        assert_eq!(s.max_rate_between(100.0, 1000.0), 10.0);
        s.scale = 2.5;
        assert_eq!(s.rate_at(130.0), 25.0);
        assert_eq!(s.total(), 1650.0);
    }

    #[test]
    fn kind_columns_split_arrivals_by_their_counts_in_that_interval() {
        let s = series(vec![
            (Some("browse"), vec![30.0, 0.0]),
            (Some("checkout"), vec![10.0, 5.0]),
        ]);
        assert_eq!(s.column_for(10.0, 0.0), Some(0));
        assert_eq!(s.column_for(10.0, 0.74), Some(0));
        assert_eq!(s.column_for(10.0, 0.76), Some(1));
        assert_eq!(s.column_for(70.0, 0.0), Some(1));
        assert_eq!(s.column_for(70.0, 0.999_999), Some(1));
        let one = series(vec![(None, vec![30.0])]);
        assert_eq!(one.column_for(10.0, 0.5), None);
    }

    fn repaired(mut s: TrafficSeries) -> (TrafficSeries, Vec<String>) {
        let mut c = Checker::default();
        s.repair(&mut c, "s", &["browse", "checkout"]);
        (s, c.errors.iter().map(|e| e.to_string()).collect())
    }

    #[test]
    fn a_good_series_passes_untouched() {
        let good = series(vec![
            (Some("browse"), vec![1.0, 2.0]),
            (Some("checkout"), vec![3.0, 0.0]),
        ]);
        assert_eq!(repaired(good.clone()), (good, vec![]));
    }

    #[test]
    fn bad_counts_lengths_and_kinds_are_named_and_repaired() {
        let (s, errors) = repaired(series(vec![
            (Some("browse"), vec![1.0, -2.0, 4.0]),
            (Some("search"), vec![3.0, f64::NAN]),
        ]));
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(
            errors[0].starts_with("s.columns[0].counts: has 3 rows"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("s.columns[0].counts[1]: -2 is not allowed"),
            "{errors:?}"
        );
        assert!(
            errors[2].starts_with("s.columns[1].counts[1]: NaN is not allowed"),
            "{errors:?}"
        );
        assert!(
            errors[3]
                .contains("\"search\" is not a request kind here; use one of browse, checkout"),
            "{errors:?}"
        );
        // Nothing counted is lost: the columns are added together.
        assert_eq!(
            s.columns,
            vec![SeriesColumn {
                kind: None,
                counts: vec![4.0, 0.0]
            }]
        );
        let (s, errors) = repaired(TrafficSeries {
            interval_s: 0.0,
            scale: 1000.0,
            ..series(vec![])
        });
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!((s.interval_s, s.scale, s.rows()), (60.0, 1.0, 0));
    }
}
