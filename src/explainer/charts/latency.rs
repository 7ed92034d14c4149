//! Latency percentiles over time.
use super::{line_chart, Line, BLUE, ORANGE, VERMILLION};
use crate::explainer::series::Series;

pub fn draw(s: &Series, size: (u32, u32)) -> String {
    line_chart(
        "Latency percentiles",
        "latency (ms)",
        &s.t,
        s.x_end,
        &[
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
        ],
        size,
    )
}
