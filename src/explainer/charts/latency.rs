//! Latency percentiles over time.
use super::{line_chart, Canvas, Line, XAxis, BLUE, ORANGE, VERMILLION};
use crate::explainer::format::percent;
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
