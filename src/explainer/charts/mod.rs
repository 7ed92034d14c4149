//! The charts, drawn by plotters into SVG text. One chart per module, each a single `draw`
//! function; they share the line-chart frame below. SVG is used both on screen and for export, so
//! what is tested natively is what the reader sees.
//!
//! Charts are drawn at the size they are shown at, with text of the size asked for (`Canvas`), so
//! that no label is scaled down below what a reader or a room can read. Legends sit above the plot
//! and never cover a line; numbers read in k and M.
//!
//! The title and legend are laid out here with estimated text widths rather than by plotters:
//! in the browser plotters measures text by setting a `style` attribute on a probe element, which
//! a strict Content-Security-Policy blocks (and which forces a layout per label). This way the SVG
//! is the same natively and in the browser.

pub mod break_even;
pub mod cost;
pub mod instances;
pub mod latency;
pub mod markers;
pub mod throughput;

use super::format::{compact, escaped};
use super::text_size::text_width;
use markers::{labels_shown, Marker};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The live charts of a run, in the order they are shown (a kind's discriminant is its place in
/// `ALL`). A compact embed shows one of them, named in its link by `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    Latency,
    Throughput,
    Cost,
    Instances,
}

impl ChartKind {
    pub const ALL: [ChartKind; 4] = [
        ChartKind::Latency,
        ChartKind::Throughput,
        ChartKind::Cost,
        ChartKind::Instances,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ChartKind::Latency => "latency",
            ChartKind::Throughput => "throughput",
            ChartKind::Cost => "cost",
            ChartKind::Instances => "instances",
        }
    }

    pub fn from_id(id: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The charts drawn for each architecture: the one asked for (a compact embed, the
    /// projector's stage); all four for one architecture; latency, throughput and cost (stacked
    /// by item, on one scale across architectures) for several.
    pub fn shown(several: bool, only: Option<ChartKind>) -> &'static [ChartKind] {
        match only {
            Some(kind) => &ChartKind::ALL[kind as usize..=kind as usize],
            None if several => &ChartKind::ALL[..3],
            None => &ChartKind::ALL[..],
        }
    }
}

/// Where a chart is drawn: its size in CSS pixels, as shown, and the size of its text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Canvas {
    pub width: u32,
    pub height: u32,
    pub text_px: f64,
    /// The top of the y axis when charts are compared on one scale; None: from the data.
    pub y_top: Option<f64>,
}

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
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum XAxis<'a> {
    /// Simulated seconds, shown in s, min or h by span, with the events that happened.
    Time(&'a [Marker]),
    /// Steady traffic, requests per second.
    Rate,
    /// A multiple of a recorded series' traffic.
    Multiple,
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
    canvas: Canvas,
) -> String {
    render(title, y_label, x_axis, xs, x_end, lines, canvas).unwrap_or_default()
}

/// The chart's SVG, or what plotters reported.
pub fn render(
    title: &str,
    y_label: &str,
    x_axis: XAxis,
    xs: &[f64],
    x_end: f64,
    lines: &[Line],
    canvas: Canvas,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (canvas.width, canvas.height)).into_drawing_area();
        draw(&root, title, y_label, x_axis, xs, x_end, lines, canvas).map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Plotters writes a font of size s as s/1.24 CSS pixels.
fn font(px: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, px * 1.24, FontStyle::Normal)
}

/// Where the parts of a chart go, in pixels from the top left.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The title, on one line, or two where one would be cut off by the chart's edges.
    pub title_lines: Vec<String>,
    pub title_h: i32,
    /// Each legend row's items: the line's index and its left edge.
    pub legend_rows: Vec<Vec<(usize, i32)>>,
    pub legend_top: i32,
    pub row_h: i32,
    /// The plot's top edge and its x axis.
    pub plot_top: i32,
    pub plot_bottom: i32,
}

/// The stroke sample and the gap before a legend entry's name.
const SAMPLE_W: i32 = 28;

/// The title in lines that fit `width`: one, or two split before its bracket or after its comma
/// (every title that can be too wide has one).
fn title_lines(title: &str, width: u32, px: f64) -> Vec<String> {
    if text_width(title, px * 1.2, true) <= f64::from(width) - 8.0 {
        return vec![title.to_string()];
    }
    match title.find(" (").or_else(|| title.find(", ").map(|i| i + 1)) {
        Some(i) => vec![title[..i].to_string(), title[i + 1..].to_string()],
        None => vec![title.to_string()],
    }
}

/// Lays out title (wrapped if it must be), legend rows (wrapped to the width) and plot for
/// `lines` at `px`.
pub fn frame(width: u32, height: u32, title: &str, lines: &[Line], px: f64) -> Frame {
    let row_h = (px * 1.5).ceil() as i32;
    let title_lines = title_lines(title, width, px);
    let title_h = (px * 1.2 * 1.4).ceil() as i32;
    let legend_top = title_h * title_lines.len() as i32 + 4;
    let mut legend_rows: Vec<Vec<(usize, i32)>> = Vec::new();
    let mut x = 8;
    for (i, l) in lines.iter().enumerate() {
        let w = SAMPLE_W + text_width(l.name, px, false).ceil() as i32 + (px as i32);
        if legend_rows.is_empty() || (x + w > width as i32 - 4 && x > 8) {
            legend_rows.push(Vec::new());
            x = 8;
        }
        legend_rows.last_mut().expect("a row").push((i, x));
        x += w;
    }
    let plot_top = legend_top + row_h * legend_rows.len() as i32 + (px / 2.0) as i32;
    let plot_bottom = height as i32 - x_label_area(px) - (px / 2.0) as i32;
    Frame {
        title_lines,
        title_h,
        legend_rows,
        legend_top,
        row_h,
        plot_top,
        plot_bottom,
    }
}

/// Room under the plot for the x labels and the axis name.
fn x_label_area(px: f64) -> i32 {
    (px * 3.2).ceil() as i32
}

#[allow(clippy::too_many_arguments)]
fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    y_label: &str,
    x_axis: XAxis,
    xs: &[f64],
    x_end: f64,
    lines: &[Line],
    canvas: Canvas,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let px = canvas.text_px;
    let (width, height) = root.dim_in_pixel();
    let f = frame(width, height, title, lines, px);
    let x_max = x_end.max(xs.last().copied().unwrap_or(0.0)).max(1.0);
    let y_max = canvas.y_top.unwrap_or_else(|| y_top(lines));
    let (x_scale, x_desc) = match x_axis {
        XAxis::Rate => (1.0, "steady traffic (requests/s)".to_string()),
        XAxis::Multiple => (1.0, "your traffic, times (x)".to_string()),
        XAxis::Time(_) => {
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
    for (i, line) in f.title_lines.iter().enumerate() {
        root.draw(&Text::new(
            line.clone(),
            (width as i32 / 2, 4 + f.title_h * i as i32),
            font(px * 1.2)
                .style(FontStyle::Bold)
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    draw_legend(root, &f, lines, px)?;
    // DrawingArea::margin takes top, bottom, left, right.
    let plot = root.margin(f.plot_top as u32, 0, (px / 2.0) as u32, 0);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right((px / 2.0) as u32)
        .margin_bottom((px / 2.0) as u32)
        .x_label_area_size(x_label_area(px) as u32)
        .y_label_area_size((px * 5.2).ceil() as u32)
        .build_cartesian_2d(0.0..x_max / x_scale, 0.0..y_max)?;
    let number = |v: &f64| compact(*v);
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_label)
        .x_labels(6)
        .y_labels(5)
        .label_style(font(px))
        .axis_desc_style(font(px))
        .x_label_formatter(&number)
        .y_label_formatter(&number)
        .light_line_style(RGBColor(0xEE, 0xEE, 0xEE))
        .draw()?;
    if let XAxis::Time(markers) = x_axis {
        draw_markers(root, &chart, markers, x_scale, y_max, px)?;
    }
    for l in lines {
        let style = l.color.stroke_width(2);
        // Where there is no value the line stops: a gap is drawn as a gap, never bridged. A
        // value alone between gaps is drawn across its own window.
        let step = match xs {
            [a, b, ..] => b - a,
            _ => x_max / 60.0,
        };
        for run in runs(xs, l.ys) {
            let mut points: Vec<(f64, f64)> = run.iter().map(|&(x, y)| (x / x_scale, y)).collect();
            if let [(x, y)] = points[..] {
                points.push((x + step / x_scale, y));
            }
            if l.dashed {
                chart.draw_series(DashedLineSeries::new(points, 6, 4, style))?;
            } else {
                chart.draw_series(LineSeries::new(points, style))?;
            }
        }
    }
    root.present()
}

/// Each event on the time axis: a light band over the time it lasts, a dashed line where it
/// begins, and its label at the top, left out where it would overlap the label before. Drawn on
/// the root area in pixels, with the element types the legend already uses, so that the markers
/// add little code to the page.
fn draw_markers<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    chart: &ChartContext<DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    markers: &[Marker],
    x_scale: f64,
    y_max: f64,
    px: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let ink = RGBColor(0x55, 0x55, 0x55);
    let at = |s: f64| chart.backend_coord(&(s / x_scale, y_max)).0;
    let (across, down) = chart.plotting_area().get_pixel_range();
    let (top, bottom) = (down.start, down.end);
    // A label goes right of its line, or left of it where it would run past the plot.
    let placed: Vec<(f64, f64)> = markers
        .iter()
        .map(|m| {
            let (x, width) = (f64::from(at(m.from_s)), text_width(&m.label, px, false));
            let left = if x + 3.0 + width > f64::from(across.end) {
                x - 3.0 - width
            } else {
                x + 3.0
            };
            (left, width)
        })
        .collect();
    let shown = labels_shown(&placed, px / 2.0);
    for ((m, &(left, _)), shown) in markers.iter().zip(&placed).zip(shown) {
        let x = at(m.from_s);
        if let Some(to) = m.to_s {
            // A band is one stroke as wide as the event lasts.
            let width = (at(to) - x).max(1);
            let mid = x + width / 2;
            root.draw(&PathElement::new(
                vec![(mid, top), (mid, bottom)],
                ink.mix(0.08).stroke_width(width as u32),
            ))?;
        }
        for y in (top..bottom).step_by(8) {
            root.draw(&PathElement::new(
                vec![(x, y), (x, (y + 4).min(bottom))],
                ink.stroke_width(1),
            ))?;
        }
        if shown {
            root.draw(&Text::new(
                m.label.clone(),
                (left as i32, top + 2),
                font(px).color(&ink).pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
    }
    Ok(())
}

/// The top of a y axis that shows every value of `lines` with a tenth to spare (1 when there is
/// nothing above 0). Charts compared side by side share the largest of theirs.
pub fn y_top(lines: &[Line]) -> f64 {
    let max = lines
        .iter()
        .flat_map(|l| l.ys.iter())
        .copied()
        .filter(|y| y.is_finite())
        .fold(0.0, f64::max);
    if max > 0.0 {
        max * 1.1
    } else {
        1.0
    }
}

/// The stretches of a line between its missing values.
fn runs(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (&x, &y) in xs.iter().zip(ys) {
        if y.is_finite() {
            out.last_mut().expect("a run").push((x, y));
        } else if !out.last().expect("a run").is_empty() {
            out.push(Vec::new());
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// The legend's rows, above the plot: a short stroke in each line's colour and dash, then its name.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    f: &Frame,
    lines: &[Line],
    px: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (r, row) in f.legend_rows.iter().enumerate() {
        let mid = f.legend_top + f.row_h * r as i32 + f.row_h / 2;
        for &(i, x) in row {
            let l = &lines[i];
            let style = l.color.stroke_width(2);
            let dashes: &[(i32, i32)] = if l.dashed {
                &[(0, 8), (12, 20)]
            } else {
                &[(0, 20)]
            };
            for &(a, b) in dashes {
                root.draw(&PathElement::new(vec![(x + a, mid), (x + b, mid)], style))?;
            }
            root.draw(&Text::new(
                l.name.to_string(),
                (x + SAMPLE_W - 4, mid),
                font(px)
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
    }
    Ok(())
}

/// A chart's data as a table, the accessible alternative to the drawing: time, then one column
/// per line, at most `max_rows` evenly spread rows.
pub struct DataTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl DataTable {
    /// The table's header and body as HTML, set into the page's `<table>` in one piece.
    pub fn html(&self) -> String {
        use std::fmt::Write;
        let mut out = String::from("<thead><tr>");
        for h in &self.header {
            let _ = write!(out, r#"<th scope="col">{}</th>"#, escaped(h));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for v in row {
                let _ = write!(out, "<td>{}</td>", escaped(v));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody>");
        out
    }

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
                        .chain(lines.iter().map(|l| match l.ys.get(i) {
                            Some(v) if v.is_finite() => format!("{v:.2}"),
                            _ => "no data".to_string(),
                        }))
                        .collect()
                })
                .collect(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The canvas most tests draw on: a small chart at the reader's text size.
    const CANVAS: Canvas = Canvas {
        width: 400,
        height: 240,
        text_px: 13.0,
        y_top: None,
    };

    #[test]
    fn one_architecture_gets_every_chart_several_share_three_and_one_can_be_asked_for() {
        assert_eq!(ChartKind::shown(false, None), ChartKind::ALL);
        assert_eq!(
            ChartKind::shown(true, None),
            [ChartKind::Latency, ChartKind::Throughput, ChartKind::Cost]
        );
        for kind in ChartKind::ALL {
            assert_eq!(ChartKind::shown(true, Some(kind)), [kind]);
            assert_eq!(ChartKind::shown(false, Some(kind)), [kind]);
            assert_eq!(ChartKind::from_id(kind.id()), Some(kind));
        }
    }

    #[test]
    fn tables_are_downsampled_evenly_with_every_column() {
        let t: Vec<f64> = (0..100).map(|i| i as f64 * 5.0).collect();
        let a: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let line = |name| Line {
            name,
            color: BLUE,
            dashed: false,
            ys: &a,
        };
        let table = DataTable::of(&t, &[line("a"), line("b")], 30);
        assert_eq!(table.header, vec!["time (s)", "a", "b"]);
        let html = table.html();
        assert!(html.starts_with(r#"<thead><tr><th scope="col">time (s)</th>"#));
        assert_eq!(html.matches("<tr>").count(), 1 + table.rows.len());
        assert_eq!(html.matches("<td>").count(), 3 * table.rows.len());
        assert_eq!(table.rows.len(), 25);
        assert_eq!(table.rows[1], vec!["20", "4.00", "4.00"]);
    }

    /// A column of a table, as numbers.
    fn column(table: &DataTable, name: &str) -> Vec<f64> {
        let i = table
            .header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", table.header));
        table.rows.iter().map(|r| r[i].parse().unwrap()).collect()
    }

    #[test]
    fn the_tables_a_reader_can_open_add_up_to_the_report() {
        use crate::engine::report::ArchReport;
        use crate::engine::scenario::{Architecture, Scenario};
        use crate::engine::simulation::Simulation;
        // A run with failures, a spike and a bill, in 10 s windows; every window is a row.
        let mut sc = Scenario {
            duration_s: 600.0,
            window_s: Some(10.0),
            ..Scenario::default()
        };
        crate::explainer::chapters::TryAction::Bug("payments").apply(&mut sc, 100.0);
        crate::explainer::chapters::TryAction::Spike(5).apply(&mut sc, 300.0);
        for arch in [Architecture::Monolith, Architecture::Serverless] {
            let mut sim = Simulation::new(&sc, arch);
            sim.run_to_end();
            let r = ArchReport::of(&sim);
            let s = crate::explainer::series::series(&sim.metrics, 600.0, &sc);
            let rows = s.t.len();
            assert_eq!(rows, 60);
            let throughput = DataTable::of(&s.t, &throughput::lines(&s), rows);
            let count = |name| {
                column(&throughput, name)
                    .iter()
                    .map(|per_s| per_s * 10.0)
                    .sum::<f64>()
            };
            // Rates are printed to 0.01/s, so each of the 60 rows may be 0.05 requests out.
            assert!(
                (count("ok (/s)") - r.completed as f64).abs() < 3.0,
                "{arch:?}: {} against {}",
                count("ok (/s)"),
                r.completed
            );
            let failed = count("failed (/s)") + count("throttled (/s)");
            assert!(
                (failed - r.failed_total as f64).abs() < 3.0,
                "{arch:?}: {failed} against {}",
                r.failed_total
            );
            assert!(r.failed_total > 100, "{arch:?}: the crash failed requests");
            let cost = DataTable::of(&s.t, &cost::lines(&s), rows);
            let last = *column(&cost, "total (USD)").last().unwrap();
            assert!(
                (last - r.cost_usd).abs() < 0.006,
                "{arch:?}: {last} against {}",
                r.cost_usd
            );
            let instances = DataTable::of(&s.t, &instances::lines(&s), rows);
            let serving = column(&instances, "serving");
            let mean = serving.iter().sum::<f64>() / serving.len() as f64;
            assert!(
                (mean - r.avg_running).abs() < 0.01 + 0.01 * r.avg_running,
                "{arch:?}: {mean} against {}",
                r.avg_running
            );
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
                let points = p
                    .split("points=\"")
                    .nth(1)
                    .unwrap_or("")
                    .split('"')
                    .next()
                    .unwrap_or("");
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
        let line = |name, ys| Line {
            name,
            color: BLUE,
            dashed: false,
            ys,
        };
        let svg = render(
            "t",
            "ms",
            XAxis::Time(&[]),
            &xs,
            40.0,
            &[line("a", &rising), line("b", &dip)],
            CANVAS,
        )
        .unwrap();
        // Legend samples have two points; the data lines have one per value.
        let lines: Vec<_> = polyline_points(&svg)
            .into_iter()
            .filter(|p| p.len() == xs.len())
            .collect();
        assert_eq!(lines.len(), 2, "{svg}");
        let (a, b) = (&lines[0], &lines[1]);
        // Pixels per unit, from the rising line's ends; y grows downwards in SVG.
        let per_unit = (a[0].1 - a[4].1) / (rising[4] - rising[0]);
        assert!(per_unit > 0.0, "larger values are higher up: {a:?}");
        let baseline = a[0].1 + rising[0] * per_unit;
        for (points, values) in [(a, &rising), (b, &dip)] {
            for (&(x, y), (&v, &t)) in points.iter().zip(values.iter().zip(&xs)) {
                assert!(
                    (y - (baseline - v * per_unit)).abs() <= 1.0,
                    "value {v} drawn at y {y}: {points:?}"
                );
                let per_s = (points[4].0 - points[0].0) / 40.0;
                assert!(
                    (x - (points[0].0 + t * per_s)).abs() <= 1.0,
                    "time {t} drawn at x {x}"
                );
            }
        }
        // The y axis starts at zero: the dip touches the plot's bottom edge, where the x axis is.
        let plot_bottom = f64::from(
            frame(400, 240, "t", &[line("a", &rising), line("b", &dip)], 13.0).plot_bottom,
        );
        assert!(
            (b[2].1 - plot_bottom).abs() <= 2.0,
            "zero at y {} against the axis at {plot_bottom}",
            b[2].1
        );
        // The highest value leaves a tenth of headroom below the top.
        assert!(a[4].1 > 0.0 && b[0].1 == a[4].1);
    }

    /// One blue line over `xs` to 40 s, 400 x 200 px, text 13 px.
    fn one_line_chart(title: &str, y_label: &str, x_axis: XAxis, xs: &[f64], ys: &[f64]) -> String {
        let line = Line {
            name: "p50",
            color: BLUE,
            dashed: false,
            ys,
        };
        let canvas = Canvas {
            width: 400,
            height: 200,
            text_px: 13.0,
            y_top: None,
        };
        render(title, y_label, x_axis, xs, 40.0, &[line], canvas).expect("drawn")
    }

    #[test]
    fn draws_one_polyline_per_series_with_every_point_and_the_labels() {
        let xs = [0.0, 10.0, 20.0, 30.0];
        let a = [1.0, 2.0, 3.0, 4.0];
        let svg = one_line_chart("Title here", "latency (ms)", XAxis::Time(&[]), &xs, &a);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Title here") && svg.contains("latency (ms)") && svg.contains("p50"));
        assert!(svg.contains("simulated time (s)"));
        assert!(polylines(&svg).contains(&4), "{:?}", polylines(&svg));
    }

    #[test]
    fn events_are_marked_where_they_begin_with_a_band_while_they_last() {
        let xs = [0.0, 10.0, 20.0, 30.0];
        let a = [1.0, 2.0, 3.0, 4.0];
        let marker = |from_s, to_s, label: &str| Marker {
            from_s,
            to_s,
            label: label.into(),
        };
        let markers = [
            marker(10.0, Some(30.0), "payments down"),
            marker(11.0, None, "deploy"),
        ];
        let draw = |markers: &[Marker]| one_line_chart("t", "ms", XAxis::Time(markers), &xs, &a);
        let (plain, marked) = (draw(&[]), draw(&markers));
        // The first label is drawn; the deploy a second later would overlap it and is not, though
        // its line is.
        assert!(marked.contains("payments down") && !marked.contains("deploy"));
        // The band: one stroke as wide as the 20 s the crash lasts, half the 40 s axis, less
        // the room the y axis takes.
        let band = marked
            .split("stroke-width=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse::<u32>().ok())
            .max()
            .unwrap();
        assert!((120..200).contains(&band), "{band}");
        let strokes = |svg: &str| svg.matches("<polyline").count();
        assert!(strokes(&marked) > strokes(&plain) + 10);
        // A label that would run past the plot's right edge goes left of its line.
        let text_x = |svg: &str, label: &str| -> f64 {
            let tag = svg[..svg.find(label).unwrap()]
                .rsplit("<text")
                .next()
                .unwrap()
                .to_string();
            tag.split("x=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let early = text_x(&draw(&[marker(1.0, None, "x400")]), "x400");
        let late = text_x(&draw(&[marker(39.0, None, "x400")]), "x400");
        assert!(late < 400.0 - 13.0 * 2.0, "{late}");
        assert!(early < 100.0, "{early}");
    }

    #[test]
    fn charts_compared_on_one_scale_draw_the_same_value_at_the_same_height() {
        // Three points, so the line is told from the grid's two-point lines.
        let xs = [0.0, 5.0, 10.0];
        let (low, high) = ([10.0, 10.0, 10.0], [10.0, 80.0, 80.0]);
        let line = |ys| Line {
            name: "p50",
            color: BLUE,
            dashed: false,
            ys,
        };
        let top = y_top(&[line(&low)]).max(y_top(&[line(&high)]));
        assert_eq!(top, 88.0);
        let first_y = |ys, y_top| {
            let svg = render(
                "t",
                "ms",
                XAxis::Time(&[]),
                &xs,
                10.0,
                &[line(ys)],
                Canvas { y_top, ..CANVAS },
            )
            .unwrap();
            polyline_points(&svg)
                .into_iter()
                .find(|p| p.len() == 3)
                .expect("the data line")[0]
                .1
        };
        // On one scale, 10 ms is at the same height in both; each on its own, it is not.
        assert_eq!(first_y(&low, Some(top)), first_y(&high, Some(top)));
        assert!(
            first_y(&low, None) < first_y(&high, None) - 50.0,
            "{} {}",
            first_y(&low, None),
            first_y(&high, None)
        );
    }

    #[test]
    fn a_gap_in_the_data_is_a_gap_in_the_line() {
        let xs = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0];
        let ys = [1.0, 2.0, f64::NAN, f64::NAN, 5.0, 6.0, 7.0];
        let line = || Line {
            name: "p50",
            color: BLUE,
            dashed: false,
            ys: &ys,
        };
        let svg = render("t", "y", XAxis::Time(&[]), &xs, 60.0, &[line()], CANVAS).unwrap();
        let data: Vec<usize> = polylines(&svg).into_iter().filter(|&n| n > 1).collect();
        // Two stretches (the legend's sample is the third polyline with two points).
        assert!(data.contains(&2) && data.contains(&3), "{data:?}");
        assert!(
            !data.iter().any(|&n| n >= 5),
            "the gap was bridged: {data:?}"
        );
        let table = DataTable::of(&xs, &[line()], 10);
        assert_eq!(table.rows[2], vec!["20", "no data"]);
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
            render(
                "t",
                "y",
                XAxis::Time(&[]),
                xs,
                10.0,
                &[line],
                Canvas {
                    width: 320,
                    height: 200,
                    text_px: 13.0,
                    y_top: None,
                },
            )
            .unwrap_or_else(|e| panic!("{xs:?} {ys:?}: {e}"));
        }
    }

    #[test]
    fn the_legend_sits_above_the_plot_and_wraps_to_the_width() {
        let ys = [1.0, 2.0];
        let line = |name| Line {
            name,
            color: BLUE,
            dashed: false,
            ys: &ys,
        };
        let names = [
            "p50 (ms)",
            "a rather long series name",
            "another long series name",
        ];
        let lines: Vec<Line> = names.iter().map(|&n| line(n)).collect();
        for (width, px) in [(320, 13.0), (460, 13.0), (900, 21.0), (600, 21.0)] {
            let f = frame(width, 300, "t", &lines, px);
            // Every entry is on one row, within the width, after the last one's end.
            let mut entries = 0;
            for row in &f.legend_rows {
                let mut end = 0;
                for &(i, x) in row {
                    assert!(x >= end, "{width} px: entry {i} overlaps the one before");
                    end = x + SAMPLE_W + text_width(names[i], px, false).ceil() as i32;
                    assert!(
                        end <= width as i32 || row.len() == 1,
                        "{width} px: entry {i} ends at {end}"
                    );
                    entries += 1;
                }
            }
            assert_eq!(entries, names.len());
            // Below the title, and above the plot: no line is ever under a legend.
            let bottom = f.legend_top + f.row_h * f.legend_rows.len() as i32;
            assert!(
                f.legend_top as f64 >= 1.2 * px && bottom <= f.plot_top,
                "{width} px: {f:?}"
            );
        }
        // Narrow, the long names take a row each; wide, they share one.
        assert_eq!(frame(320, 300, "t", &lines, 13.0).legend_rows.len(), 3);
        assert_eq!(frame(900, 300, "t", &lines, 13.0).legend_rows.len(), 1);
        // A title too wide for the chart takes two lines, each within it, and the legend
        // moves down a line.
        let title = "Latency percentiles (no request finished yet)";
        let (narrow, wide) = (
            frame(300, 300, title, &lines, 13.0),
            frame(900, 300, title, &lines, 13.0),
        );
        assert_eq!(wide.title_lines, [title]);
        assert_eq!(
            narrow.title_lines,
            ["Latency percentiles", "(no request finished yet)"]
        );
        assert!(narrow
            .title_lines
            .iter()
            .all(|l| text_width(l, 13.0 * 1.2, true) <= 292.0));
        assert_eq!(narrow.legend_top, wide.legend_top + narrow.title_h);
        // The text is written at the size asked for (plotters divides by 1.24).
        let xs = [0.0, 1.0];
        let svg = render(
            "t",
            "y",
            XAxis::Time(&[]),
            &xs,
            1.0,
            &lines,
            Canvas {
                width: 460,
                height: 260,
                text_px: 13.0,
                y_top: None,
            },
        )
        .unwrap();
        let sizes: Vec<f64> = svg
            .split("font-size=\"")
            .skip(1)
            .map(|r| r.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert!(
            !sizes.is_empty() && sizes.iter().all(|&s| s >= 13.0 - 1e-6),
            "{sizes:?}"
        );
    }
}
