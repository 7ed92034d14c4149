//! Completed, failed and throttled requests per second.
use super::{line_chart, Canvas, Line, XAxis, BLUE, ORANGE, VERMILLION};
use crate::explainer::series::Series;

pub fn lines(s: &Series) -> Vec<Line<'_>> {
    vec![
        Line {
            name: "ok (/s)",
            color: BLUE,
            dashed: false,
            ys: &s.ok_per_s,
        },
        Line {
            name: "failed (/s)",
            color: VERMILLION,
            dashed: false,
            ys: &s.failed_per_s,
        },
        Line {
            name: "throttled (/s)",
            color: ORANGE,
            dashed: true,
            ys: &s.throttled_per_s,
        },
    ]
}

pub fn draw(s: &Series, canvas: Canvas) -> String {
    line_chart(
        "Throughput and failures",
        "requests/s",
        XAxis::Time(&s.markers),
        &s.t,
        s.x_end,
        &lines(s),
        canvas,
    )
}
