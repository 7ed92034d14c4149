//! The charts, drawn by plotters into SVG text. One chart per module, each a single `draw`
//! function; they share the line-chart frame below. SVG is used both on screen and for export, so
//! what is tested natively is what the reader sees.
//!
//! The title and legend are laid out here with estimated text widths rather than by plotters:
//! in the browser plotters measures text by setting a `style` attribute on a probe element, which
//! a strict Content-Security-Policy blocks (and which forces a layout per label). This way the SVG
//! is the same natively and in the browser.

pub mod break_even;
pub mod cost;
pub mod instances;
pub mod latency;
pub mod throughput;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe-Ito colours, readable with colour-blindness.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);

pub struct Line<'a> {
    pub name: &'a str,
    pub color: RGBColor,
    /// Dashed lines let series differ by more than colour.
    pub dashed: bool,
    pub ys: &'a [f64],
}

/// What the x values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XAxis {
    /// Simulated seconds, shown in s, min or h by span.
    Time,
    /// Steady traffic, requests per second.
    Rate,
}

/// A line chart over shared x values from 0 to `x_end`, with labelled axes and a legend. Drawing
/// into a String cannot fail for I/O reasons; an error would be a plotters bug, and the page shows
/// an empty chart rather than breaking (`render` is what the tests hold to account).
pub fn line_chart(
    title: &str,
    y_label: &str,
    x_axis: XAxis,
    xs: &[f64],
    x_end: f64,
    lines: &[Line],
    size: (u32, u32),
) -> String {
    render(title, y_label, x_axis, xs, x_end, lines, size).unwrap_or_default()
}

/// The chart's SVG, or what plotters reported.
pub fn render(
    title: &str,
    y_label: &str,
    x_axis: XAxis,
    xs: &[f64],
    x_end: f64,
    lines: &[Line],
    size: (u32, u32),
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root, title, y_label, x_axis, xs, x_end, lines).map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    y_label: &str,
    x_axis: XAxis,
    xs: &[f64],
    x_end: f64,
    lines: &[Line],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let x_max = x_end.max(xs.last().copied().unwrap_or(0.0)).max(1.0);
    let y_max = lines
        .iter()
        .flat_map(|l| l.ys.iter())
        .copied()
        .filter(|y| y.is_finite())
        .fold(0.0, f64::max);
    let y_max = if y_max > 0.0 { y_max * 1.1 } else { 1.0 };
    let (x_scale, x_desc) = match x_axis {
        XAxis::Rate => (1.0, "steady traffic (requests/s)".to_string()),
        XAxis::Time => {
            let (scale, unit) = if x_max > 7200.0 {
                (3600.0, "h")
            } else if x_max > 120.0 {
                (60.0, "min")
            } else {
                (1.0, "s")
            };
            (scale, format!("simulated time ({unit})"))
        }
    };
    root.draw(&Text::new(
        title.to_string(),
        (root.dim_in_pixel().0 as i32 / 2, 6),
        ("sans-serif", TITLE_PX)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    let plot = root.margin(TITLE_PX as u32 + 8, 0, 0, 0);
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..x_max / x_scale, 0.0..y_max)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_label)
        .x_labels(6)
        .y_labels(5)
        .light_line_style(RGBColor(0xEE, 0xEE, 0xEE))
        .draw()?;
    for l in lines {
        let points: Vec<(f64, f64)> = xs
            .iter()
            .zip(l.ys)
            .filter(|(_, y)| y.is_finite())
            .map(|(&x, &y)| (x / x_scale, y))
            .collect();
        let style = l.color.stroke_width(2);
        if l.dashed {
            chart.draw_series(DashedLineSeries::new(points, 6, 4, style))?;
        } else {
            chart.draw_series(LineSeries::new(points, style))?;
        }
    }
    let (x_range, y_range) = chart.plotting_area().get_pixel_range();
    draw_legend(root, (x_range.start + 8, y_range.start + 6), lines)?;
    root.present()
}

/// A chart's data as a table, the accessible alternative to the drawing: time, then one column
/// per line, at most `max_rows` evenly spread rows.
pub struct DataTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl DataTable {
    pub fn of(t: &[f64], lines: &[Line], max_rows: usize) -> DataTable {
        let step = t.len().div_ceil(max_rows.max(1)).max(1);
        DataTable {
            header: std::iter::once("time (s)".to_string())
                .chain(lines.iter().map(|l| l.name.to_string()))
                .collect(),
            rows: (0..t.len())
                .step_by(step)
                .map(|i| {
                    std::iter::once(format!("{:.0}", t[i]))
                        .chain(
                            lines
                                .iter()
                                .map(|l| l.ys.get(i).map_or(String::new(), |v| format!("{v:.2}"))),
                        )
                        .collect()
                })
                .collect(),
        }
    }
}

const TITLE_PX: f64 = 16.0;
const LEGEND_PX: f64 = 12.0;

/// The width of `text` in a plotters sans-serif font of `size`. Plotters' SVG writes a font of
/// size s as s/1.24 pixels, and the average advance of sans-serif fonts over digits and
/// lower-case letters is a little over half a pixel size.
pub fn text_width(text: &str, size: f64) -> i32 {
    (text.chars().count() as f64 * size / 1.24 * 0.56).ceil() as i32
}

/// One row per line at `top_left`: a short stroke in the line's colour and dash, then its name,
/// on a translucent box sized to the longest name.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    (x, y): (i32, i32),
    lines: &[Line],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if lines.is_empty() {
        return Ok(());
    }
    let row = LEGEND_PX as i32 + 6;
    let width = 16
        + 6
        + lines
            .iter()
            .map(|l| text_width(l.name, LEGEND_PX))
            .max()
            .unwrap_or(0)
        + 12;
    let height = row * lines.len() as i32 + 6;
    root.draw(&Rectangle::new(
        [(x, y), (x + width, y + height)],
        WHITE.mix(0.85).filled(),
    ))?;
    root.draw(&Rectangle::new(
        [(x, y), (x + width, y + height)],
        GREY.stroke_width(1),
    ))?;
    for (i, l) in lines.iter().enumerate() {
        let mid = y + 3 + row * i as i32 + row / 2;
        let style = l.color.stroke_width(2);
        let dashes: &[(i32, i32)] = if l.dashed {
            &[(6, 12), (16, 22)]
        } else {
            &[(6, 22)]
        };
        for &(a, b) in dashes {
            root.draw(&PathElement::new(vec![(x + a, mid), (x + b, mid)], style))?;
        }
        root.draw(&Text::new(
            l.name.to_string(),
            (x + 28, mid),
            ("sans-serif", LEGEND_PX)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn tables_are_downsampled_evenly_with_every_column() {
        let t: Vec<f64> = (0..100).map(|i| i as f64 * 5.0).collect();
        let a: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let line = |name| Line { name, color: BLUE, dashed: false, ys: &a };
        let table = DataTable::of(&t, &[line("a"), line("b")], 30);
        assert_eq!(table.header, vec!["time (s)", "a", "b"]);
        assert_eq!(table.rows.len(), 25);
        assert_eq!(table.rows[1], vec!["20", "4.00", "4.00"]);
    }

    /// A column of a table, as numbers.
    fn column(table: &DataTable, name: &str) -> Vec<f64> {
        let i = table.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {:?}", table.header));
        table.rows.iter().map(|r| r[i].parse().unwrap()).collect()
    }

    #[test]
    fn the_tables_a_reader_can_open_add_up_to_the_report() {
        use crate::engine::report::ArchReport;
        use crate::engine::scenario::{Architecture, Scenario};
        use crate::engine::simulation::Simulation;
        // A run with failures, a spike and a bill, in 10 s windows; every window is a row.
        let mut sc = Scenario { duration_s: 600.0, window_s: Some(10.0), ..Scenario::default() };
        crate::explainer::chapters::TryAction::Bug("payments").apply(&mut sc, 100.0);
        crate::explainer::chapters::TryAction::Spike(5).apply(&mut sc, 300.0);
        for arch in [Architecture::Monolith, Architecture::Serverless] {
            let mut sim = Simulation::new(&sc, arch);
            sim.run_to_end();
            let r = ArchReport::of(&sim);
            let s = crate::explainer::series::series(&sim.metrics, 600.0);
            let rows = s.t.len();
            assert_eq!(rows, 60);
            let throughput = DataTable::of(&s.t, &throughput::lines(&s), rows);
            let count = |name| column(&throughput, name).iter().map(|per_s| per_s * 10.0).sum::<f64>();
            // Rates are printed to 0.01/s, so each of the 60 rows may be 0.05 requests out.
            assert!((count("ok (/s)") - r.completed as f64).abs() < 3.0, "{arch:?}: {} against {}", count("ok (/s)"), r.completed);
            let failed = count("failed (/s)") + count("throttled (/s)");
            assert!((failed - r.failed_total as f64).abs() < 3.0, "{arch:?}: {failed} against {}", r.failed_total);
            assert!(r.failed_total > 100, "{arch:?}: the crash failed requests");
            let cost = DataTable::of(&s.t, &cost::lines(&s), rows);
            let last = *column(&cost, "total (USD)").last().unwrap();
            assert!((last - r.cost_usd).abs() < 0.006, "{arch:?}: {last} against {}", r.cost_usd);
            let instances = DataTable::of(&s.t, &instances::lines(&s), rows);
            let serving = column(&instances, "serving");
            let mean = serving.iter().sum::<f64>() / serving.len() as f64;
            assert!((mean - r.avg_running).abs() < 0.01 + 0.01 * r.avg_running, "{arch:?}: {mean} against {}", r.avg_running);
        }
    }

    /// Number of points in each polyline of an SVG.
    pub fn polylines(svg: &str) -> Vec<usize> {
        svg.split("<polyline")
            .skip(1)
            .map(|p| {
                p.split("points=\"")
                    .nth(1)
                    .unwrap_or("")
                    .split('"')
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .count()
            })
            .collect()
    }

    /// The points of each polyline of an SVG, in pixels.
    fn polyline_points(svg: &str) -> Vec<Vec<(f64, f64)>> {
        svg.split("<polyline")
            .skip(1)
            .map(|p| {
                let points = p.split("points=\"").nth(1).unwrap_or("").split('"').next().unwrap_or("");
                points
                    .split_whitespace()
                    .map(|xy| {
                        let (x, y) = xy.split_once(',').expect("x,y");
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn points_sit_where_their_values_are() {
        // Two lines over the same x values: one rising, one with a dip to zero. Each must be drawn
        // at heights proportional to its values from one baseline (0 at the x axis), x evenly.
        let xs = [0.0, 10.0, 20.0, 30.0, 40.0];
        let rising = [10.0, 20.0, 30.0, 40.0, 50.0];
        let dip = [50.0, 25.0, 0.0, 25.0, 50.0];
        let line = |name, ys| Line { name, color: BLUE, dashed: false, ys };
        let svg = render("t", "ms", XAxis::Time, &xs, 40.0, &[line("a", &rising), line("b", &dip)], (400, 240)).unwrap();
        // Legend samples have two points; the data lines have one per value.
        let lines: Vec<_> = polyline_points(&svg).into_iter().filter(|p| p.len() == xs.len()).collect();
        assert_eq!(lines.len(), 2, "{svg}");
        let (a, b) = (&lines[0], &lines[1]);
        // Pixels per unit, from the rising line's ends; y grows downwards in SVG.
        let per_unit = (a[0].1 - a[4].1) / (rising[4] - rising[0]);
        assert!(per_unit > 0.0, "larger values are higher up: {a:?}");
        let baseline = a[0].1 + rising[0] * per_unit;
        for (points, values) in [(a, &rising), (b, &dip)] {
            for (&(x, y), (&v, &t)) in points.iter().zip(values.iter().zip(&xs)) {
                assert!((y - (baseline - v * per_unit)).abs() <= 1.0, "value {v} drawn at y {y}: {points:?}");
                let per_s = (points[4].0 - points[0].0) / 40.0;
                assert!((x - (points[0].0 + t * per_s)).abs() <= 1.0, "time {t} drawn at x {x}");
            }
        }
        // The y axis starts at zero: the dip touches the plot's bottom edge, where the x axis is.
        let plot_bottom = 240.0 - 8.0 - 34.0;
        assert!((b[2].1 - plot_bottom).abs() <= 2.0, "zero at y {} against the axis at {plot_bottom}", b[2].1);
        // The highest value leaves a tenth of headroom below the top.
        assert!(a[4].1 > 0.0 && b[0].1 == a[4].1);
    }

    #[test]
    fn draws_one_polyline_per_series_with_every_point_and_the_labels() {
        let xs = [0.0, 10.0, 20.0, 30.0];
        let a = [1.0, 2.0, 3.0, 4.0];
        let svg = render(
            "Title here",
            "latency (ms)",
            XAxis::Time,
            &xs,
            40.0,
            &[Line {
                name: "p50",
                color: BLUE,
                dashed: false,
                ys: &a,
            }],
            (400, 200),
        )
        .expect("drawn");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Title here") && svg.contains("latency (ms)") && svg.contains("p50"));
        assert!(svg.contains("simulated time (s)"));
        assert!(polylines(&svg).contains(&4), "{:?}", polylines(&svg));
    }

    #[test]
    fn gaps_empty_series_and_a_single_point_draw_without_error() {
        let gaps = [f64::NAN, 3.0, f64::NAN];
        let cases: [(&[f64], &[f64]); 3] =
            [(&[0.0, 1.0, 2.0], &gaps), (&[], &[]), (&[5.0], &[2.0])];
        for (xs, ys) in cases {
            let line = Line {
                name: "p50",
                color: BLUE,
                dashed: true,
                ys,
            };
            render("t", "y", XAxis::Time, xs, 10.0, &[line], (320, 200))
                .unwrap_or_else(|e| panic!("{xs:?} {ys:?}: {e}"));
        }
    }

    #[test]
    fn the_legend_box_fits_the_longest_name() {
        let xs = [0.0, 1.0];
        let ys = [1.0, 2.0];
        let long = "a rather long series name";
        let svg = render(
            "t",
            "y",
            XAxis::Time,
            &xs,
            1.0,
            &[
                Line {
                    name: "p50",
                    color: BLUE,
                    dashed: false,
                    ys: &ys,
                },
                Line {
                    name: long,
                    color: ORANGE,
                    dashed: true,
                    ys: &ys,
                },
            ],
            (480, 240),
        )
        .expect("drawn");
        let width: i32 = svg
            .split("<rect")
            .filter(|r| r.contains("opacity=\"0.85\"") || r.contains("fill-opacity"))
            .find_map(|r| r.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
            .expect("a legend box");
        // Wide enough for the name at any common sans-serif's narrowest average glyph (0.45 em)
        // after the stroke sample, and not wider than the widest (0.65 em) allows.
        let chars = long.chars().count() as f64;
        let (narrowest, widest) = (0.45 * LEGEND_PX * chars, 0.65 * LEGEND_PX * chars);
        assert!(
            f64::from(width) >= 28.0 + narrowest && f64::from(width) <= 40.0 + widest,
            "{width} px for {chars} characters at {LEGEND_PX} px"
        );
        assert_eq!(svg.matches("p50\n</text>").count(), 1);
    }
}
