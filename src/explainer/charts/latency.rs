//! Latency percentiles over time.
use super::{line_chart, Canvas, Line, XAxis, BLUE, ORANGE, VERMILLION};
use crate::explainer::format::{ms, percent};
use crate::explainer::series::Series;

pub fn lines(s: &Series) -> Vec<Line<'_>> {
    vec![
        Line {
            name: "p50 (ms)",
            color: BLUE,
            dashed: false,
            ys: &s.p50,
        },
        Line {
            name: "p95 (ms)",
            color: ORANGE,
            dashed: true,
            ys: &s.p95,
        },
        Line {
            name: "p99 (ms)",
            color: VERMILLION,
            dashed: false,
            ys: &s.p99,
        },
    ]
}

/// The percentiles are of the requests that succeeded, so the title says how many did: a p99 over
/// a few survivors must not pass for a healthy one.
pub fn draw(s: &Series, canvas: Canvas) -> String {
    line_chart(
        &match s.succeeded {
            Some(rate) => format!("Latency percentiles ({} succeeded)", percent(rate)),
            None => "Latency percentiles (no request finished yet)".into(),
        },
        "latency (ms)",
        XAxis::Time(&s.markers),
        &s.t,
        s.x_end,
        &lines(s),
        canvas,
    )
}

/// The long jobs, said apart from the chart: an 8-minute export drawn with the APIs would flatten
/// every line the chapter is about.
pub fn long_jobs_note(s: &Series) -> Option<String> {
    let jobs = s.long_jobs.as_ref()?;
    let time = |ms_: f64| {
        if ms_ >= 60_000.0 {
            format!("{:.1} min", ms_ / 60_000.0)
        } else {
            ms(ms_)
        }
    };
    Some(format!(
        "Long jobs ({}), not in the percentiles above: {} finished, median {}, p99 {}.",
        jobs.kinds,
        jobs.finished,
        time(jobs.ms.p50),
        time(jobs.ms.p99)
    ))
}
