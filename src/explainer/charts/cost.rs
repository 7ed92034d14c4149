//! Money spent so far, stacked by line item (machines, nodes, function duration, ...): each line
//! is the items up to it together, so the band under a line is its item and the top line is
//! the total.
use super::{line_chart, Canvas, Line, XAxis, BLUE, GREEN, GREY, ORANGE, SKY, VERMILLION};
use crate::explainer::series::Series;

const ITEM_COLOURS: [plotters::style::RGBColor; 5] = [BLUE, ORANGE, SKY, VERMILLION, GREY];

pub fn lines(s: &Series) -> Vec<Line<'_>> {
    let mut out: Vec<Line<'_>> = s
        .cost_stacked
        .iter()
        .enumerate()
        .map(|(i, (item, ys))| Line {
            name: item.label(),
            color: ITEM_COLOURS[i % ITEM_COLOURS.len()],
            dashed: i >= ITEM_COLOURS.len(),
            ys,
        })
        .collect();
    out.push(Line {
        name: "total (USD)",
        color: GREEN,
        dashed: false,
        ys: &s.cost,
    });
    out
}

pub fn draw(s: &Series, canvas: Canvas) -> String {
    line_chart(
        "Cost so far, stacked by item",
        "USD",
        XAxis::Time(&s.markers),
        &s.t,
        s.x_end,
        &lines(s),
        canvas,
    )
}
