//! Latency percentiles over time.
use super::{line_chart, Line, XAxis, BLUE, ORANGE, VERMILLION};
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

pub fn draw(s: &Series, size: (u32, u32)) -> String {
    line_chart(
        "Latency percentiles",
        "latency (ms)",
        XAxis::Time,
        &s.t,
        s.x_end,
        &lines(s),
        size,
    )
}
