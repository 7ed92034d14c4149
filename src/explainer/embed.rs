//! Embed mode for blog posts: options read from the page's query string, e.g.
//! `?embed=1&chapter=serverless&autoplay=1&theme=dark`. The snippet a blogger pastes is built
//! here too.

use super::chapters::{chapter, Chapter, CHAPTERS};
use crate::engine::validation::excerpt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// Follow the reader's system preference.
    Auto,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    pub embed: bool,
    pub chapter: Option<&'static Chapter>,
    pub autoplay: bool,
    pub theme: Theme,
}

/// Reads the query string (with or without '?'). Unknown or bad values are named and ignored.
pub fn parse(query: &str) -> (EmbedOptions, Vec<String>) {
    let mut o = EmbedOptions {
        embed: false,
        chapter: None,
        autoplay: false,
        theme: Theme::Light,
    };
    let mut problems = Vec::new();
    for pair in query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, "1"));
        match key {
            "embed" => o.embed = value != "0",
            "autoplay" => o.autoplay = value != "0",
            "chapter" => match chapter(value) {
                Some(c) => o.chapter = Some(c),
                None => problems.push(format!(
                    "chapter \"{}\" does not exist; use one of {}",
                    excerpt(value),
                    CHAPTERS.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
                )),
            },
            "theme" => match value {
                "light" => o.theme = Theme::Light,
                "dark" => o.theme = Theme::Dark,
                "auto" => o.theme = Theme::Auto,
                _ => problems.push(format!(
                    "theme \"{}\" is not known; use light, dark or auto",
                    excerpt(value)
                )),
            },
            _ => problems.push(format!(
                "\"{}\" is not a page setting; it was ignored",
                excerpt(key)
            )),
        }
    }
    (o, problems)
}

/// What a blogger pastes to embed `chapter` from the explainer at `page_url`: the `<iframe>`,
/// and the script beside the explainer that sizes it to the height the widget reports (without
/// it, the iframe keeps its 620 px and scrolls inside).
pub fn snippet(page_url: &str, chapter: &Chapter) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or(page_url);
    let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
    format!(
        "<iframe src=\"{base}?embed=1&amp;chapter={id}\" title=\"archflow: {title}, an interactive simulation\" \
         loading=\"lazy\" width=\"100%\" height=\"620\" style=\"border:0;max-width:1200px\" \
         sandbox=\"allow-scripts allow-same-origin allow-popups\"></iframe>\n\
         <script src=\"{dir}examples/archflow-embed.js\" async></script>",
        id = chapter.id,
        title = chapter.title.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' '),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_embed_options_and_names_bad_ones() {
        let (o, problems) = parse("?embed=1&chapter=serverless&autoplay=1&theme=dark");
        assert!(o.embed && o.autoplay && problems.is_empty());
        assert_eq!(o.chapter.map(|c| c.id), Some("serverless"));
        assert_eq!(o.theme, Theme::Dark);
        let (o, problems) = parse("embed&chapter=%3Cscript%3E&theme=pink&x=2");
        assert!(o.embed && !o.autoplay);
        assert_eq!(o.chapter, None);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(
            parse("").0,
            EmbedOptions {
                embed: false,
                chapter: None,
                autoplay: false,
                theme: Theme::Light
            }
        );
    }

    #[test]
    fn the_snippet_points_at_the_chapter_with_a_title_and_lazy_loading() {
        let s = snippet(
            "https://example.org/archflow/?x=1#c=monolith",
            chapter("hybrid").unwrap(),
        );
        assert!(s.starts_with(
            "<iframe src=\"https://example.org/archflow/?embed=1&amp;chapter=hybrid\""
        ));
        assert!(s.contains("title=\"archflow: Hybrid, an interactive simulation\""));
        assert!(s.contains("loading=\"lazy\""));
        assert!(s.ends_with(
            "\n<script src=\"https://example.org/archflow/examples/archflow-embed.js\" async></script>"
        ));
        let from_page = snippet(
            "https://example.org/a/index.html",
            chapter("hybrid").unwrap(),
        );
        assert!(from_page.contains("src=\"https://example.org/a/examples/archflow-embed.js\""));
    }
}
