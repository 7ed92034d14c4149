//! Monthly cost against steady traffic: where functions stop being the cheaper option.
use super::{line_chart, Canvas, Line, XAxis, BLUE, ORANGE};
use crate::engine::scenario::Scenario;
use crate::explainer::break_even::{break_even, curve, Shape};
use crate::explainer::format::compact;

/// The panel's chart and its sentence: against steady traffic, or, when the scenario replays a
/// recorded series, against multiples of that series ("your shape, scaled").
pub fn view(sc: &Scenario, canvas: Canvas) -> (String, String) {
    if let Some(shape) = Shape::of(sc) {
        let crossing = shape.break_even_multiple(sc, 1000.0);
        let max_multiple = crossing.map_or(10.0, |m| (m * 2.5).max(2.0));
        let text = match crossing {
            Some(m) => format!("Scaled as it is, with its own peaks and quiet hours (a mean of {} requests/s), your traffic costs less on functions than on a cluster that scales with it up to about {} times what is replayed; beyond that, the cluster is cheaper. You are at 1 times ({}).", compact(shape.mean_rate), compact(m), if m > 1.0 { "functions are cheaper" } else { "the cluster is cheaper" }),
            None => format!("Scaled as it is (a mean of {} requests/s), your traffic stays cheaper on functions up to 1,000 times what is replayed.", compact(shape.mean_rate)),
        };
        return (draw_shape(sc, &shape, max_multiple, canvas), text);
    }
    let crossing = break_even(sc, 100_000.0);
    let max_rate = crossing.map_or(1000.0, |r| (r * 2.5).max(20.0));
    let text = match crossing {
        Some(r) => format!("With these prices and this request mix, functions cost less than an always-on cluster below about {r:.0} requests/s of steady traffic; above it, the cluster is cheaper. You are at {} requests/s.", sc.workload.rate_per_s),
        None => "With these prices, functions stay cheaper than the cluster up to 100,000 requests/s.".to_string(),
    };
    (draw(sc, max_rate, canvas), text)
}

/// Against steady traffic, from 0 to `max_rate` requests/s.
pub fn draw(sc: &Scenario, max_rate: f64, canvas: Canvas) -> String {
    let (rates, functions, cluster) = curve(sc, max_rate, 120);
    costs(XAxis::Rate, &rates, max_rate, &functions, &cluster, canvas)
}

/// Against a recorded series' traffic scaled, from 0 to `max_multiple` times it.
pub fn draw_shape(sc: &Scenario, shape: &Shape, max_multiple: f64, canvas: Canvas) -> String {
    let [multiples, functions, cluster] = shape.curve(sc, max_multiple, 120);
    costs(
        XAxis::Multiple,
        &multiples,
        max_multiple,
        &functions,
        &cluster,
        canvas,
    )
}

fn costs(
    x_axis: XAxis<'_>,
    xs: &[f64],
    x_end: f64,
    functions: &[f64],
    cluster: &[f64],
    canvas: Canvas,
) -> String {
    line_chart(
        "Monthly cost against traffic",
        "USD per month",
        x_axis,
        xs,
        x_end,
        &[
            Line {
                name: "functions (pay per request)",
                color: ORANGE,
                dashed: false,
                ys: functions,
            },
            Line {
                name: "container cluster (always on)",
                color: BLUE,
                dashed: true,
                ys: cluster,
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
