//! Monthly cost against steady traffic: where functions stop being the cheaper option.
use super::{line_chart, Canvas, Line, XAxis, BLUE, ORANGE};
use crate::engine::scenario::Scenario;
use crate::explainer::break_even::curve;

pub fn draw(sc: &Scenario, max_rate: f64, canvas: Canvas) -> String {
    let (rates, functions, cluster) = curve(sc, max_rate, 120);
    line_chart(
        "Monthly cost against traffic",
        "USD per month",
        XAxis::Rate,
        &rates,
        max_rate,
        &[
            Line {
                name: "functions (pay per request)",
                color: ORANGE,
                dashed: false,
                ys: &functions,
            },
            Line {
                name: "container cluster (always on)",
                color: BLUE,
                dashed: true,
                ys: &cluster,
            },
        ],
        canvas,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::charts::tests::polylines;

    #[test]
    fn both_curves_are_drawn_over_the_whole_range() {
        let svg = draw(
            &Scenario::default(),
            200.0,
            crate::explainer::charts::Canvas {
                width: 500,
                height: 260,
                text_px: 13.0,
                y_top: None,
            },
        );
        assert!(svg.contains("steady traffic (requests/s)") && svg.contains("USD per month"));
        assert_eq!(
            polylines(&svg).iter().filter(|&&n| n == 121).count(),
            1,
            "the solid line has every point"
        );
        assert!(svg.contains("container cluster"));
    }
}
