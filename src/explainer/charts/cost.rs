//! Money spent so far.
use super::{line_chart, Canvas, Line, XAxis, GREEN};
use crate::explainer::series::Series;

pub fn lines(s: &Series) -> Vec<Line<'_>> {
    vec![Line {
        name: "total (USD)",
        color: GREEN,
        dashed: false,
        ys: &s.cost,
    }]
}

pub fn draw(s: &Series, canvas: Canvas) -> String {
    line_chart(
        "Cost so far",
        "USD",
        XAxis::Time,
        &s.t,
        s.x_end,
        &lines(s),
        canvas,
    )
}
