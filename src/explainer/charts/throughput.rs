//! Completed, failed and throttled requests per second.
use super::{line_chart, Line, XAxis, BLUE, ORANGE, VERMILLION};
use crate::explainer::series::Series;

pub fn draw(s: &Series, size: (u32, u32)) -> String {
    let lines = [
        Line {
            name: "ok",
            color: BLUE,
            dashed: false,
            ys: &s.ok_per_s,
        },
        Line {
            name: "failed",
            color: VERMILLION,
            dashed: false,
            ys: &s.failed_per_s,
        },
        Line {
            name: "throttled",
            color: ORANGE,
            dashed: true,
            ys: &s.throttled_per_s,
        },
    ];
    line_chart(
        "Throughput and failures",
        "requests/s",
        XAxis::Time,
        &s.t,
        s.x_end,
        &lines,
        size,
    )
}
