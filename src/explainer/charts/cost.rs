//! Money spent so far.
use super::{line_chart, Line, XAxis, GREEN};
use crate::explainer::series::Series;

pub fn draw(s: &Series, size: (u32, u32)) -> String {
    let lines = [Line {
        name: "total",
        color: GREEN,
        dashed: false,
        ys: &s.cost,
    }];
    line_chart(
        "Cost so far",
        "USD",
        XAxis::Time,
        &s.t,
        s.x_end,
        &lines,
        size,
    )
}
