//! The site's two pages. index.html is the explainer every reader and blog embed loads;
//! traffic.html is the same explainer with the two chapters that take the reader's own scenario
//! built in (the `traffic` feature): "Your traffic" with its importer and form, and the
//! playground with its editor (a form of every setting, and the JSON). Only their readers need
//! to download those. A page without them sends its reader on to the one with them, link and
//! settings kept.

use super::chapters::{Chapter, Panel};

pub const TRAFFIC_PAGE: &str = "traffic.html";

/// The page to open for `chapter` from a page that `has_importer` or not, if not this one.
pub fn elsewhere(chapter: &Chapter, has_importer: bool) -> Option<&'static str> {
    let needs_it = chapter
        .panels
        .iter()
        .any(|p| matches!(p, Panel::Traffic | Panel::Editor));
    (needs_it && !has_importer).then_some(TRAFFIC_PAGE)
}

/// `page` with this page's query (`?embed=1...`, kept as it is) and a share-link fragment,
/// relative to this page's folder.
pub fn address(page: &str, query: &str, fragment: &str) -> String {
    let fragment = fragment.trim_start_matches('#');
    if fragment.is_empty() {
        format!("{page}{query}")
    } else {
        format!("{page}{query}#{fragment}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::CHAPTERS;

    #[test]
    fn only_the_traffic_chapter_and_the_playground_need_the_other_page_and_only_from_this_one() {
        let away: Vec<&str> = CHAPTERS
            .iter()
            .filter(|c| elsewhere(c, false).is_some())
            .map(|c| c.id)
            .collect();
        assert_eq!(away, ["your-traffic", "playground"]);
        assert!(CHAPTERS.iter().all(|c| elsewhere(c, true).is_none()));
    }

    #[test]
    fn the_address_keeps_the_query_and_the_link() {
        assert_eq!(address(TRAFFIC_PAGE, "", ""), "traffic.html");
        assert_eq!(
            address(
                TRAFFIC_PAGE,
                "?embed=1&chapter=your-traffic",
                "#c=your-traffic&t=5"
            ),
            "traffic.html?embed=1&chapter=your-traffic#c=your-traffic&t=5"
        );
    }
}
