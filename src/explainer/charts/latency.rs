//! Latency percentiles over time.
use super::{line_chart, Line, XAxis, BLUE, ORANGE, VERMILLION};
use crate::explainer::series::Series;

pub fn draw(s: &Series, size: (u32, u32)) -> String {
    let lines = [
        Line {
            name: "p50",
            color: BLUE,
            dashed: false,
            ys: &s.p50,
        },
        Line {
            name: "p95",
            color: ORANGE,
            dashed: true,
            ys: &s.p95,
        },
        Line {
            name: "p99",
            color: VERMILLION,
            dashed: false,
            ys: &s.p99,
        },
    ];
    line_chart(
        "Latency percentiles",
        "latency (ms)",
        XAxis::Time,
        &s.t,
        s.x_end,
        &lines,
        size,
    )
}
