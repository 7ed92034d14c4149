//! The trainer's handout: the chapter on screen printed as a page (the browser's print, styled by
//! the stylesheet's print rules), with its verdicts as the claims list shows them and, here, the
//! run they were read from: the chapter, the simulated time, the scenario's changes from the
//! chapter's own, and the link that replays it.

use super::chapters::Chapter;
use super::format::{clock, escaped};
use super::share::scenario_changes;
use crate::engine::scenario::Scenario;

/// The handout's account of the run, as markup.
pub fn run_html(chapter: &Chapter, scenario: &Scenario, now_s: f64, link: &str) -> String {
    let changes = match scenario_changes(chapter, scenario) {
        Some(json) => format!(
            "<p>Its scenario is the chapter\u{2019}s own with these changes (the playground reads this JSON):</p><pre>{}</pre>",
            escaped(&json)
        ),
        None => "<p>Its scenario is the chapter\u{2019}s own, unchanged.</p>".to_string(),
    };
    format!(
        "<h2>The run these verdicts were read from</h2><p>{}, simulated to {} of {}.</p>{changes}<p>To replay it: <a href=\"{link}\">{link}</a></p>",
        escaped(chapter.title),
        clock(now_s),
        clock(scenario.duration_s),
        link = escaped(link),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::{chapter, TryAction};

    #[test]
    fn the_handout_names_the_run_its_changes_and_the_link_that_replays_it() {
        let c = chapter("monolith").unwrap();
        let mut sc = (c.scenario)().sanitised().0;
        let plain = run_html(c, &sc, 90.0, "https://example.org/#f=1&c=monolith");
        assert!(
            plain.contains("<p>1. The monolith, simulated to 1:30 of 1:00:00.</p>"),
            "{plain}"
        );
        assert!(plain.contains("the chapter\u{2019}s own, unchanged"));
        assert!(plain.contains("<a href=\"https://example.org/#f=1&amp;c=monolith\">"));
        TryAction::Bug("payments").apply(&mut sc, 60.0);
        let crashed = run_html(c, &sc, 90.0, "x");
        assert!(
            crashed.contains("<pre>{&quot;events&quot;:[{&quot;at_s&quot;:61.0"),
            "{crashed}"
        );
        assert!(crashed.contains("&quot;target&quot;:&quot;payments&quot;"));
    }
}
