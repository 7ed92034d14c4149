//! Instances: machines, pods or function instances, working, idle and starting.
use super::{line_chart, Canvas, Line, XAxis, BLUE, GREY, SKY};
use crate::explainer::series::Series;

pub fn lines(s: &Series) -> Vec<Line<'_>> {
    vec![
        Line {
            name: "serving",
            color: BLUE,
            dashed: false,
            ys: &s.running,
        },
        Line {
            name: "idle (warm)",
            color: GREY,
            dashed: true,
            ys: &s.idle,
        },
        Line {
            name: "starting",
            color: SKY,
            dashed: false,
            ys: &s.starting,
        },
    ]
}

pub fn draw(s: &Series, canvas: Canvas) -> String {
    line_chart(
        "Instances",
        "instances",
        XAxis::Time(&s.markers),
        &s.t,
        s.x_end,
        &lines(s),
        canvas,
    )
}
