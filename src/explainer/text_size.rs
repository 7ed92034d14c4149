//! The sizes the page draws diagram and chart text at, in CSS pixels. A reader gets at least 12
//! px and a room in front of a projector at least 20 (the floors the end-to-end test holds every
//! piece of text to); each size is a pixel over its floor so that rounding never takes it under.

pub const TEXT_PX: f64 = 13.0;
pub const PRESENTER_TEXT_PX: f64 = 21.0;

/// Average advance of a glyph of sans-serif text, as a share of its size: a little over what
/// digits and lower-case letters take, so that estimates err on the wide side. Bold is wider.
const GLYPH: f64 = 0.58;
const GLYPH_BOLD: f64 = 0.64;

/// Estimated width of `text` at `px`, for laying out boxes and legends without measuring.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    text.chars().count() as f64 * px * if bold { GLYPH_BOLD } else { GLYPH }
}

/// How a set of charts is laid out in `width` pixels: as many columns as fit charts wide enough
/// for their text (about 26 characters of it), and the canvas each is drawn on.
pub fn chart_grid(
    width: f64,
    charts: usize,
    text_px: f64,
) -> (usize, crate::explainer::charts::Canvas) {
    let narrowest = 26.0 * text_px;
    let fit = ((width + CHART_GAP_PX) / (narrowest + CHART_GAP_PX)).floor() as usize;
    let columns = fit.clamp(1, charts.max(1));
    let outer = (width - (columns - 1) as f64 * CHART_GAP_PX) / columns as f64;
    let inner = (outer - CHART_CHROME_PX).max(120.0).floor();
    let height = (inner * 0.62).clamp(16.0 * text_px, 30.0 * text_px).floor();
    (
        columns,
        crate::explainer::charts::Canvas {
            width: inner as u32,
            height: height as u32,
            text_px,
            y_top: None,
        },
    )
}

/// The gap between charts in the grid, and each chart's padding and border on both sides, as the
/// style sheet sets them (public/style.css, `.charts` and `.chart`).
pub const CHART_GAP_PX: f64 = 10.0;
pub const CHART_CHROME_PX: f64 = 12.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_take_as_many_columns_as_fit_and_fill_them() {
        // A phone: one column, the full width less the chart's own padding and border.
        let (cols, c) = chart_grid(358.0, 4, TEXT_PX);
        assert_eq!((cols, c.width), (1, 346));
        // The charts column of a laptop: two of them.
        let (cols, c) = chart_grid(700.0, 4, TEXT_PX);
        assert_eq!(cols, 2);
        assert_eq!(
            c.width,
            ((700.0 - CHART_GAP_PX) / 2.0 - CHART_CHROME_PX).floor() as u32
        );
        // Presenting, text is larger and so are the charts: fewer columns in the same width.
        assert_eq!(chart_grid(700.0, 4, PRESENTER_TEXT_PX).0, 1);
        // Never more columns than charts.
        assert_eq!(chart_grid(1800.0, 2, TEXT_PX).0, 2);
        // Height follows width, within room for the text.
        assert!(c.height as f64 >= 16.0 * TEXT_PX);
    }
}
