//! Embed mode for blog posts: options read from the page's query string, e.g.
//! `?embed=1&chapter=serverless&autoplay=1&theme=dark&height=compact&chart=latency&action=spike`,
//! and what they put on screen. The snippet that writes them is `embed_dialog`'s.

use super::chapters::{chapter, Chapter, TryAction, CHAPTERS};
use super::charts::ChartKind;
use crate::engine::validation::excerpt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// Follow the reader's system preference.
    Auto,
}

impl Theme {
    pub(super) const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    pub(super) fn id(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }

    pub(super) fn from_id(id: &str) -> Result<Theme, String> {
        Theme::ALL
            .into_iter()
            .find(|t| t.id() == id)
            .ok_or_else(|| {
                format!(
                    "theme \"{}\" is not known; use light, dark or auto",
                    excerpt(id)
                )
            })
    }
}

/// How much of the chapter an embed shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// The diagram, every chart, the try buttons and the controls; the iframe is sized to it by
    /// the post's script.
    Full,
    /// The diagram, one chart, play and one try button, filling an iframe of fixed height.
    Compact,
}

impl Layout {
    pub(super) fn from_id(id: &str) -> Result<Layout, String> {
        match id {
            "compact" => Ok(Layout::Compact),
            "full" => Ok(Layout::Full),
            _ => Err(format!(
                "height \"{}\" is not known; use compact or full",
                excerpt(id)
            )),
        }
    }
}

pub(super) fn chart_from_id(id: &str) -> Result<ChartKind, String> {
    ChartKind::from_id(id).ok_or_else(|| {
        format!(
            "chart \"{}\" is not known; use latency, throughput, cost or instances",
            excerpt(id)
        )
    })
}

pub(super) fn chapter_from_id(id: &str) -> Result<&'static Chapter, String> {
    chapter(id).ok_or_else(|| {
        format!(
            "chapter \"{}\" does not exist; use one of {}",
            excerpt(id),
            CHAPTERS.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
        )
    })
}

/// One of `c`'s try buttons, by its id.
pub(super) fn action_from_id(c: &Chapter, id: &str) -> Result<TryAction, String> {
    match c.actions.iter().find(|a| a.id() == id) {
        Some(&a) => Ok(a),
        None if c.actions.is_empty() => Err(format!(
            "action \"{}\" is not one of {}'s: it has none",
            excerpt(id),
            c.id
        )),
        None => Err(format!(
            "action \"{}\" is not one of {}'s; use one of {}",
            excerpt(id),
            c.id,
            c.actions
                .iter()
                .map(|a| a.id())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EmbedOptions {
    pub embed: bool,
    pub chapter: Option<&'static Chapter>,
    pub autoplay: bool,
    pub theme: Theme,
    pub layout: Layout,
    /// The compact layout's chart, when the link names one.
    pub chart: Option<ChartKind>,
    /// The compact layout's try button, when the link names one.
    pub action: Option<TryAction>,
}

/// Reads the query string (with or without '?'). Unknown or bad values are named and ignored.
pub fn parse(query: &str) -> (EmbedOptions, Vec<String>) {
    let mut o = EmbedOptions {
        embed: false,
        chapter: None,
        autoplay: false,
        theme: Theme::Light,
        layout: Layout::Full,
        chart: None,
        action: None,
    };
    let mut problems = Vec::new();
    let mut action = None;
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, "1"));
        let read = match key {
            "embed" => {
                o.embed = value != "0";
                Ok(())
            }
            "autoplay" => {
                o.autoplay = value != "0";
                Ok(())
            }
            "chapter" => chapter_from_id(value).map(|c| o.chapter = Some(c)),
            "theme" => Theme::from_id(value).map(|t| o.theme = t),
            "height" => Layout::from_id(value).map(|l| o.layout = l),
            "chart" => chart_from_id(value).map(|k| o.chart = Some(k)),
            "action" => {
                action = Some(value);
                Ok(())
            }
            _ => Err(format!(
                "\"{}\" is not a page setting; it was ignored",
                excerpt(key)
            )),
        };
        problems.extend(read.err());
    }
    // An action is one of its chapter's buttons, so it is read once the chapter is known.
    if let Some(id) = action {
        match action_from_id(o.chapter.unwrap_or(&CHAPTERS[0]), id) {
            Ok(a) => o.action = Some(a),
            Err(e) => problems.push(e),
        }
    }
    (o, problems)
}

/// The try buttons on screen: all of the chapter's, or in a compact embed the one its link
/// names (the chapter's first when it names none).
pub fn shown_actions(chapter: &'static Chapter, o: &EmbedOptions) -> &'static [TryAction] {
    if !o.embed || o.layout == Layout::Full {
        return chapter.actions;
    }
    let i = o
        .action
        .and_then(|a| chapter.actions.iter().position(|&b| b == a))
        .unwrap_or(0);
    chapter.actions.get(i..=i).unwrap_or(&[])
}

/// The one chart of a compact embed: the link's, or the chapter's own; None shows them all.
pub fn shown_chart(chapter: &Chapter, o: &EmbedOptions) -> Option<ChartKind> {
    (o.embed && o.layout == Layout::Compact).then(|| o.chart.unwrap_or(chapter.chart))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_embed_options_and_names_bad_ones() {
        let (o, problems) = parse("?embed=1&chapter=serverless&autoplay=1&theme=dark");
        assert!(o.embed && o.autoplay && problems.is_empty());
        assert_eq!(o.chapter.map(|c| c.id), Some("serverless"));
        assert_eq!((o.theme, o.layout), (Theme::Dark, Layout::Full));
        let (o, problems) = parse("embed&chapter=%3Cscript%3E&theme=pink&x=2&height=9&chart=pie");
        assert!(o.embed && !o.autoplay);
        assert_eq!(o.chapter, None);
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert_eq!(
            parse("").0,
            EmbedOptions {
                embed: false,
                chapter: None,
                autoplay: false,
                theme: Theme::Light,
                layout: Layout::Full,
                chart: None,
                action: None,
            }
        );
    }

    #[test]
    fn a_compact_embed_shows_the_chart_and_the_one_button_its_link_names() {
        let (o, problems) =
            parse("embed=1&chapter=serverless&height=compact&chart=instances&action=spike");
        assert!(problems.is_empty(), "{problems:?}");
        let c = o.chapter.unwrap();
        assert_eq!(shown_actions(c, &o), &[TryAction::Spike(400)]);
        assert_eq!(shown_chart(c, &o), Some(ChartKind::Instances));
        // Without chart or action: the chapter's own chart and its first button.
        let (o, _) = parse("embed=1&chapter=monolith&height=compact");
        let c = o.chapter.unwrap();
        assert_eq!(shown_actions(c, &o), &c.actions[..1]);
        assert_eq!(shown_chart(c, &o), Some(ChartKind::Throughput));
        // The full layout and the page itself show every button and every chart.
        let (o, _) = parse("embed=1&chapter=monolith&action=deploy");
        assert_eq!(shown_actions(c, &o), c.actions);
        assert_eq!(shown_chart(c, &o), None);
        assert_eq!(shown_chart(c, &parse("height=compact").0), None);
    }

    #[test]
    fn an_action_of_another_chapter_is_named_with_the_ones_allowed() {
        let (o, problems) = parse("embed=1&chapter=monolith&action=scaling&height=compact");
        assert_eq!(o.action, None);
        assert_eq!(
            problems,
            ["action \"scaling\" is not one of monolith's; use one of crash, throw, slow-db, deploy, spike"]
        );
        let (_, problems) = parse("embed=1&chapter=your-traffic&action=spike");
        assert_eq!(
            problems,
            ["action \"spike\" is not one of your-traffic's: it has none"]
        );
    }

    #[test]
    fn action_ids_name_one_button_in_each_chapter() {
        for c in CHAPTERS {
            for (i, a) in c.actions.iter().enumerate() {
                let link = format!("embed=1&chapter={}&height=compact&action={}", c.id, a.id());
                let (o, problems) = parse(&link);
                assert!(problems.is_empty(), "{link}: {problems:?}");
                assert_eq!(shown_actions(c, &o), &c.actions[i..=i], "{link}");
            }
        }
    }
}
