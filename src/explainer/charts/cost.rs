//! Money spent so far.
use super::{line_chart, Line, GREEN};
use crate::explainer::series::Series;

pub fn draw(s: &Series, size: (u32, u32)) -> String {
    line_chart(
        "Cost so far",
        "USD",
        &s.t,
        s.x_end,
        &[Line {
            name: "total",
            color: GREEN,
            dashed: false,
            ys: &s.cost,
        }],
        size,
    )
}
