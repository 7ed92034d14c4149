//! A chapter's "try this" buttons, and the undo buttons of the actions taken, as markup. Each
//! carries its place in its list (the page has one click handler for each list); a "try this"
//! button also says what it is meant to change and when that has played out, which the
//! end-to-end tests read to check every button.

use super::chapters::TryAction;
use super::format::escaped;
use std::fmt::Write;

pub fn try_buttons_html(actions: &[TryAction]) -> String {
    let mut out = String::new();
    for (i, a) in actions.iter().enumerate() {
        let moves: Vec<String> = a.moves().iter().map(|c| format!("{c:?}")).collect();
        let _ = write!(
            out,
            r#"<button class="try-action" data-index="{i}" data-moves="{}" data-shows-after-s="{}""#,
            moves.join(" "),
            a.shows_after_s()
        );
        if let Some(first) = a.shown_with() {
            let _ = write!(out, r#" data-shown-with="{}""#, escaped(&first.label()));
        }
        let _ = write!(out, ">{}</button>", escaped(&a.label()));
    }
    out
}

/// The actions taken, described ("Crash payments for 60 s at 2:01"), each a button that undoes
/// it, with its place in the list.
pub fn undo_buttons_html(taken: &[String]) -> String {
    let mut out = String::new();
    for (i, t) in taken.iter().enumerate() {
        let t = escaped(t);
        let _ = write!(
            out,
            "<button class=\"undo\" data-index=\"{i}\" aria-label=\"Undo {t}\">{t}\u{a0}\u{2715}</button>"
        );
    }
    out
}

/// The place in the list of the button clicked, from its `data-index`.
pub fn clicked_index(data_index: Option<String>) -> Option<usize> {
    data_index?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::chapter;

    #[test]
    fn each_button_names_its_place_what_it_moves_and_when() {
        let actions = chapter("microservices").unwrap().actions;
        let html = try_buttons_html(actions);
        assert_eq!(html.matches("<button").count(), actions.len());
        assert!(html.starts_with(r#"<button class="try-action" data-index="0" data-moves="M3 U3" data-shows-after-s="150">"#), "{html}");
        // The breaker shows only with a slow service, and says so.
        assert!(html.contains(
            r#"data-index="1" data-moves="U3" data-shows-after-s="120" data-shown-with=""#
        ));
        let undo = undo_buttons_html(&["Crash payments for 60 s at 2:01".into(), "a<b".into()]);
        assert!(undo.starts_with(r#"<button class="undo" data-index="0" aria-label="Undo Crash payments for 60 s at 2:01">Crash payments for 60 s at 2:01"#));
        assert!(undo.contains(r#"data-index="1" aria-label="Undo a&lt;b">a&lt;b"#));
        assert_eq!(clicked_index(Some("3".into())), Some(3));
        assert_eq!(clicked_index(Some("x".into())), None);
        assert_eq!(clicked_index(None), None);
    }
}
