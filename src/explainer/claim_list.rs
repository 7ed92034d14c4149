//! The claim checks as the page lists them: each claim's badge, its statement in our words and
//! what this run shows, as HTML set into the list in one piece.

use super::format::escaped;
use super::verdicts::Verdict;
use std::fmt::Write;

/// One `<li>` per verdict, classed and badged by whether the claim holds here.
pub fn claims_html(verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    for v in verdicts {
        let (badge, class) = match v.holds {
            Some(true) => ("holds here", "holds"),
            Some(false) => ("not here", "fails"),
            None => ("try it", "pending"),
        };
        let _ = write!(
            out,
            r#"<li class="claim {class}" data-claim="{:?}"><span class="badge">{badge}</span><p class="statement">{}</p><p class="finding">{}</p></li>"#,
            v.claim,
            escaped(v.statement),
            escaped(&v.finding)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::verdicts::Claim;

    #[test]
    fn each_verdict_is_an_item_badged_by_what_the_run_shows() {
        let v = |claim, holds, finding: &str| Verdict {
            claim,
            statement: claim.statement(),
            finding: finding.into(),
            holds,
        };
        let html = claims_html(&[
            v(Claim::S5, Some(true), "$12 < $40"),
            v(Claim::S6, Some(false), "no 429"),
            v(Claim::S7, None, "press it"),
        ]);
        assert_eq!(html.matches("<li ").count(), 3);
        assert!(html.starts_with(
            r#"<li class="claim holds" data-claim="S5"><span class="badge">holds here</span>"#
        ));
        assert!(html.contains(
            r#"<li class="claim fails" data-claim="S6"><span class="badge">not here</span>"#
        ));
        assert!(html.contains(r#"class="claim pending" data-claim="S7""#));
        assert!(html.contains("$12 &lt; $40"));
    }
}
