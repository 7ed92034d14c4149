//! The embed dialog's side of embedding: the options a blogger chooses, the snippet they paste
//! (the iframe's address carries the options as `embed::parse` reads them, and the scenario on
//! screen as a link patch), and the dialog's markup.

use super::chapters::{Chapter, TryAction, CHAPTERS};
use super::charts::ChartKind;
use super::embed::{action_from_id, chapter_from_id, chart_from_id, Layout, Theme};
use super::format::escaped;
use super::share::{scenario_patch, MAX_LINK_CHARS};
use crate::engine::scenario::{Scenario, FORMAT_VERSION};
use crate::engine::validation::excerpt;

/// What the embed dialog offers; the snippet is made from it.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedChoice {
    pub chapter: &'static Chapter,
    pub layout: Layout,
    pub theme: Theme,
    pub autoplay: bool,
    /// The compact layout's chart and try button; None: the chapter's own.
    pub chart: Option<ChartKind>,
    pub action: Option<TryAction>,
    /// The iframe's height in CSS pixels: the compact layout fills exactly this; a full one starts
    /// at it and is resized by the post's script.
    pub height_px: u32,
}

impl EmbedChoice {
    /// The dialog's starting choice: the chapter on screen, as it is embedded by default.
    pub fn of(chapter: &'static Chapter) -> EmbedChoice {
        EmbedChoice {
            chapter,
            layout: Layout::Full,
            theme: Theme::Light,
            autoplay: false,
            chart: None,
            action: None,
            height_px: FULL_HEIGHT_PX,
        }
    }

    /// Sets the dialog's field `field` (the form control's name) to `value`, as the form gives it
    /// (a checkbox: "1" or "0"). A value that cannot be used is named, and the choice is unchanged.
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), String> {
        match field {
            "chapter" => {
                self.chapter = chapter_from_id(value)?;
                // The button chosen was the other chapter's.
                self.action = None;
            }
            "layout" => {
                self.layout = Layout::from_id(value)?;
                self.height_px = match self.layout {
                    Layout::Full => FULL_HEIGHT_PX,
                    Layout::Compact => COMPACT_HEIGHT_PX,
                };
            }
            "chart" if value.is_empty() => self.chart = None,
            "chart" => self.chart = Some(chart_from_id(value)?),
            "action" if value.is_empty() => self.action = None,
            "action" => self.action = Some(action_from_id(self.chapter, value)?),
            "theme" => self.theme = Theme::from_id(value)?,
            "autoplay" => self.autoplay = value == "1",
            "height" => {
                self.height_px = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|h| HEIGHTS_PX.contains(h))
                    .ok_or_else(|| {
                        format!(
                            "height \"{}\" is not a whole number of pixels from {} to {}; the widget keeps {} px",
                            excerpt(value),
                            HEIGHTS_PX.start(),
                            HEIGHTS_PX.end(),
                            self.height_px
                        )
                    })?
            }
            _ => return Err(format!("\"{}\" is not an embed option", excerpt(field))),
        }
        Ok(())
    }

    /// The options of the dialog's select named `field`, as markup, with the current choice
    /// selected: chapters, layouts, the compact layout's chart and button, themes.
    pub fn options_html(&self, field: &str) -> String {
        let own_chart = format!("The chapter\u{2019}s own ({})", self.chapter.chart.id());
        let first_action = self
            .chapter
            .actions
            .first()
            .map(|a| format!("The first ({})", a.label()))
            .unwrap_or_else(|| "None (this chapter has no buttons)".into());
        let items: Vec<(&str, String)> = match field {
            "chapter" => CHAPTERS
                .iter()
                .map(|c| (c.id, c.title.to_string()))
                .collect(),
            "layout" => vec![
                ("full", "Full, sized to its content".into()),
                ("compact", "Compact, fixed height".into()),
            ],
            "chart" => std::iter::once(("", own_chart))
                .chain(ChartKind::ALL.iter().map(|k| (k.id(), k.id().to_string())))
                .collect(),
            "action" => std::iter::once(("", first_action))
                .chain(self.chapter.actions.iter().map(|a| (a.id(), a.label())))
                .collect(),
            _ => Theme::ALL
                .iter()
                .map(|t| (t.id(), t.id().to_string()))
                .collect(),
        };
        let selected = match field {
            "chapter" => self.chapter.id,
            "layout" if self.layout == Layout::Compact => "compact",
            "layout" => "full",
            "chart" => self.chart.map_or("", ChartKind::id),
            "action" => self.action.map_or("", TryAction::id),
            _ => self.theme.id(),
        };
        let mut out = String::new();
        for (value, label) in items {
            out.push_str(&format!(
                "<option value=\"{value}\"{}>{}</option>",
                if value == selected { " selected" } else { "" },
                escaped(&label)
            ));
        }
        out
    }
}

/// The heights a snippet may give its iframe, and the compact layout's default, which holds the
/// diagram, the controls, one button and one chart at every width from a phone's 320 px up.
pub const HEIGHTS_PX: std::ops::RangeInclusive<u32> = 360..=1600;
pub const COMPACT_HEIGHT_PX: u32 = 640;
pub const FULL_HEIGHT_PX: u32 = 620;

/// What a blogger pastes, and what was left out of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Snippet {
    /// The iframe's address.
    pub src: String,
    /// The `<iframe>`, and for the full layout the script that sizes it.
    pub html: String,
    /// Why the scenario on screen is not in the snippet, when it is too large for a link.
    pub left_out: Option<String>,
}

/// The snippet for `choice`, embedding the explainer at `page_url` and carrying `scenario` (what
/// is on screen) as a link patch when it differs from the chapter's own and fits in a link.
pub fn snippet(page_url: &str, choice: &EmbedChoice, scenario: &Scenario) -> Snippet {
    let base = page_url.split(['?', '#']).next().unwrap_or(page_url);
    let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
    let c = choice.chapter;
    let mut src = format!("{base}?embed=1&chapter={}", c.id);
    if choice.layout == Layout::Compact {
        src.push_str("&height=compact");
        if let Some(kind) = choice.chart {
            src = format!("{src}&chart={}", kind.id());
        }
        if let Some(a) = choice.action.filter(|a| c.actions.contains(a)) {
            src = format!("{src}&action={}", a.id());
        }
    }
    if choice.theme != Theme::Light {
        src = format!("{src}&theme={}", choice.theme.id());
    }
    if choice.autoplay {
        src.push_str("&autoplay=1");
    }
    let mut left_out = None;
    if let Some(patch) = scenario_patch(c, scenario) {
        let with = format!("{src}#f={FORMAT_VERSION}&c={}&s={patch}", c.id);
        if with.len() <= MAX_LINK_CHARS {
            src = with;
        } else {
            left_out = Some(format!(
                "The scenario on screen would make the widget's address {} characters long, and some sites cut addresses over {MAX_LINK_CHARS}, so the snippet shows the chapter as it starts. To share this scenario, download its file (\u{201c}Scenario (JSON)\u{201d} in the playground).",
                with.len()
            ));
        }
    }
    let height = choice
        .height_px
        .clamp(*HEIGHTS_PX.start(), *HEIGHTS_PX.end());
    let mut html = format!(
        "<iframe src=\"{}\" title=\"archflow: {}, an interactive simulation\" \
         loading=\"lazy\" width=\"100%\" height=\"{height}\" style=\"border:0;max-width:1200px\" \
         sandbox=\"allow-scripts allow-same-origin allow-popups\"></iframe>",
        src.replace('&', "&amp;"),
        c.title
            .trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '.' || ch == ' '),
    );
    // A compact widget fits the height it is given; a full one grows to its content.
    if choice.layout == Layout::Full {
        html = format!("{html}\n<script src=\"{dir}examples/archflow-embed.js\" async></script>");
    }
    Snippet {
        src,
        html,
        left_out,
    }
}

/// The dialog's fields for `choice`, as markup: drawn again after each change, so that the lists
/// follow the chapter, and the compact layout's fields show only when it is chosen.
pub fn form_html(choice: &EmbedChoice) -> String {
    let select = |label: &str, field: &str| {
        format!(
            "<label>{label} <select name=\"{field}\">{}</select></label>",
            choice.options_html(field)
        )
    };
    let mut out = select("Chapter", "chapter") + &select("Layout", "layout");
    if choice.layout == Layout::Compact {
        out += &select("Chart", "chart");
        out += &select("Button", "action");
        out += &format!(
            "<label>Height (px) <input name=\"height\" type=\"number\" min=\"{}\" max=\"{}\" step=\"10\" value=\"{}\"></label>",
            HEIGHTS_PX.start(),
            HEIGHTS_PX.end(),
            choice.height_px
        );
    }
    out += &select("Theme", "theme");
    out += &format!(
        "<label><input name=\"autoplay\" type=\"checkbox\"{}> Play on load</label>",
        if choice.autoplay { " checked" } else { "" }
    );
    out
}

/// What the dialog says under its fields: the value it could not use, what the widget starts
/// from, and the code to paste.
pub fn output_html(made: &Snippet, problem: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(p) = problem {
        out += &format!("<p class=\"problems\" role=\"alert\">{}</p>", escaped(p));
    }
    let starts = match (&made.left_out, made.src.contains('#')) {
        (Some(why), _) => why.as_str(),
        (None, true) => "The widget starts from the scenario on screen, with the actions you took.",
        (None, false) => "The widget starts from the chapter\u{2019}s own scenario.",
    };
    out += &format!(
        "<p class=\"embed-scenario\">{}</p><textarea class=\"embed-code\" readonly rows=\"7\" aria-label=\"Code to paste into the post\">{}</textarea>",
        escaped(starts),
        escaped(&made.html)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::timeline::TimelineEvent;
    use crate::explainer::chapters::chapter;
    use crate::explainer::embed::parse;
    use crate::explainer::share::decode;

    fn choice(id: &str) -> EmbedChoice {
        EmbedChoice::of(chapter(id).unwrap())
    }

    #[test]
    fn the_dialog_sets_each_option_and_names_a_value_it_cannot_use() {
        let mut c = choice("monolith");
        for (field, value) in [
            ("layout", "compact"),
            ("chart", "latency"),
            ("action", "spike"),
            ("theme", "auto"),
            ("autoplay", "1"),
        ] {
            c.set(field, value).unwrap();
        }
        assert_eq!(
            (
                c.layout,
                c.chart,
                c.action,
                c.theme,
                c.autoplay,
                c.height_px
            ),
            (
                Layout::Compact,
                Some(ChartKind::Latency),
                Some(TryAction::Spike(3)),
                Theme::Auto,
                true,
                COMPACT_HEIGHT_PX
            )
        );
        let before = c.clone();
        for (field, value) in [
            ("height", "12"),
            ("height", "tall"),
            ("action", "scaling"),
            ("chart", "pie"),
            ("theme", "pink"),
            ("colour", "red"),
        ] {
            let e = c.set(field, value).expect_err(value);
            assert!(e.contains(value) || e.contains(field), "{e}");
            assert_eq!(c, before, "{field}={value} changed the choice");
        }
        assert!(c
            .set("height", "12")
            .unwrap_err()
            .contains("from 360 to 1600; the widget keeps 640 px"));
        c.set("height", "500").unwrap();
        assert_eq!(c.height_px, 500);
        // Another chapter: the button chosen was this one's, so it goes.
        c.set("chapter", "serverless").unwrap();
        assert_eq!((c.chapter.id, c.action), ("serverless", None));
        c.set("layout", "full").unwrap();
        assert_eq!(c.height_px, FULL_HEIGHT_PX);
    }

    #[test]
    fn the_dialogs_lists_offer_the_chapters_choices_with_the_current_one_selected() {
        let mut c = choice("serverless");
        c.set("action", "idle").unwrap();
        let actions = c.options_html("action");
        assert_eq!(
            actions.matches("<option").count(),
            1 + c.chapter.actions.len()
        );
        assert!(
            actions.contains("<option value=\"idle\" selected>Go idle for 15 min</option>"),
            "{actions}"
        );
        assert!(actions.starts_with("<option value=\"\">The first (Go idle for 15 min)</option>"));
        let charts = c.options_html("chart");
        assert!(
            charts.starts_with(
                "<option value=\"\" selected>The chapter\u{2019}s own (latency)</option>"
            ),
            "{charts}"
        );
        assert_eq!(
            c.options_html("chapter").matches("<option").count(),
            CHAPTERS.len()
        );
        assert!(c
            .options_html("chapter")
            .contains("<option value=\"serverless\" selected>"));
        assert!(c
            .options_html("theme")
            .contains("<option value=\"light\" selected>"));
        assert!(c
            .options_html("layout")
            .contains("<option value=\"full\" selected>"));
        assert!(choice("your-traffic")
            .options_html("action")
            .contains("None (this chapter has no buttons)"));
    }

    #[test]
    fn the_snippet_points_at_the_chapter_with_a_title_and_lazy_loading() {
        let untouched = (chapter("hybrid").unwrap().scenario)().sanitised().0;
        let s = snippet(
            "https://example.org/archflow/?x=1#c=monolith",
            &choice("hybrid"),
            &untouched,
        );
        assert_eq!(
            s.src,
            "https://example.org/archflow/?embed=1&chapter=hybrid"
        );
        assert!(s.html.starts_with(
            "<iframe src=\"https://example.org/archflow/?embed=1&amp;chapter=hybrid\""
        ));
        assert!(s
            .html
            .contains("title=\"archflow: Hybrid, an interactive simulation\""));
        assert!(s.html.contains("loading=\"lazy\"") && s.html.contains("height=\"620\""));
        assert!(s.html.ends_with(
            "\n<script src=\"https://example.org/archflow/examples/archflow-embed.js\" async></script>"
        ));
        let from_page = snippet(
            "https://example.org/a/index.html",
            &choice("hybrid"),
            &untouched,
        );
        assert!(from_page
            .html
            .contains("src=\"https://example.org/a/examples/archflow-embed.js\""));
    }

    #[test]
    fn the_snippet_carries_every_option_and_reads_back_as_them() {
        let c = chapter("serverless").unwrap();
        let chosen = EmbedChoice {
            layout: Layout::Compact,
            theme: Theme::Dark,
            autoplay: true,
            chart: Some(ChartKind::Instances),
            action: Some(TryAction::Idle(900)),
            height_px: 480,
            ..choice("serverless")
        };
        let s = snippet(
            "https://example.org/",
            &chosen,
            &(c.scenario)().sanitised().0,
        );
        assert!(s.html.contains("height=\"480\"") && !s.html.contains("<script"));
        let (o, problems) = parse(s.src.split_once('?').unwrap().1);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            (o.chapter, o.layout, o.theme, o.autoplay, o.chart, o.action),
            (
                Some(c),
                Layout::Compact,
                Theme::Dark,
                true,
                Some(ChartKind::Instances),
                Some(TryAction::Idle(900))
            )
        );
        // A height out of range is brought into it.
        let tiny = snippet(
            "https://example.org/",
            &EmbedChoice {
                height_px: 10,
                ..chosen
            },
            &(c.scenario)().sanitised().0,
        );
        assert!(tiny.html.contains("height=\"360\""));
    }

    #[test]
    fn the_snippet_carries_the_scenario_on_screen_or_says_why_not() {
        let c = chapter("monolith").unwrap();
        let mut crashed = (c.scenario)();
        TryAction::Bug("payments").apply(&mut crashed, 100.0);
        let s = snippet("https://example.org/", &choice("monolith"), &crashed);
        assert_eq!(s.left_out, None);
        let fragment = s
            .src
            .split_once('#')
            .expect("the scenario rides in the fragment")
            .1;
        let (view, problems) = decode(fragment);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(view.chapter, c);
        assert_eq!(view.scenario, crashed.sanitised().0);
        // Too many events for a link: the chapter as it starts, and a message saying so.
        let mut busy = (c.scenario)();
        for i in 0..400 {
            busy.events.push(TimelineEvent::Deploy {
                at_s: 10.0 + i as f64,
                target: "*".into(),
            });
        }
        let s = snippet("https://example.org/", &choice("monolith"), &busy);
        assert!(!s.src.contains('#'));
        let why = s.left_out.expect("a message");
        assert!(
            why.contains("characters long") && why.contains("Scenario (JSON)"),
            "{why}"
        );
    }

    #[test]
    fn the_form_shows_the_compact_fields_only_for_the_compact_layout() {
        let mut c = choice("microservices");
        let full = form_html(&c);
        assert_eq!(full.matches("<select").count(), 3, "{full}");
        assert!(!full.contains("name=\"height\"") && !full.contains(" checked"));
        c.set("layout", "compact").unwrap();
        c.set("autoplay", "1").unwrap();
        let compact = form_html(&c);
        assert_eq!(compact.matches("<select").count(), 5);
        assert!(compact.contains("value=\"640\"") && compact.contains(" checked"));
        assert!(
            compact.contains("<option value=\"protection\">Toggle timeouts and breaker</option>")
        );
    }

    #[test]
    fn the_output_says_what_the_widget_starts_from_and_escapes_the_code() {
        let c = choice("monolith");
        let mut crashed = (c.chapter.scenario)().sanitised().0;
        TryAction::Bug("payments").apply(&mut crashed, 100.0);
        let made = snippet("https://example.org/", &c, &crashed);
        let out = output_html(&made, Some("height \"<b>\" is not a whole number"));
        assert!(
            out.starts_with("<p class=\"problems\" role=\"alert\">height &quot;&lt;b&gt;&quot;"),
            "{out}"
        );
        assert!(out.contains("from the scenario on screen"));
        assert!(out.contains(
            "&lt;iframe src=&quot;https://example.org/?embed=1&amp;amp;chapter=monolith#f="
        ));
        let plain = output_html(
            &snippet(
                "https://example.org/",
                &c,
                &(c.chapter.scenario)().sanitised().0,
            ),
            None,
        );
        assert!(plain.starts_with(
            "<p class=\"embed-scenario\">The widget starts from the chapter\u{2019}s own scenario."
        ));
    }
}
