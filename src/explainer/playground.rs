//! The playground's editor: a form of every setting (scenario_form), or, in the "advanced" tab,
//! the whole scenario as JSON text. What the reader types is parsed and checked; each part that
//! is wrongly typed, misspelt or out of range is named and replaced by its default, and the rest
//! is kept.

use super::repair;
use crate::engine::scenario::Scenario;
use crate::engine::validation::FieldError;

/// The scenario as the editor shows it.
pub fn to_text(sc: &Scenario) -> String {
    // Through a `Value`, as links and repairs already serialise it: one serialiser for the whole
    // scenario type tree in the wasm instead of two (about 17 KB before compression).
    serde_json::to_value(sc)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_default()
}

/// The editor's two tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Form,
    Json,
}

impl Tab {
    fn id(self) -> &'static str {
        match self {
            Tab::Form => "form",
            Tab::Json => "json",
        }
    }

    /// The tab a clicked tab button names (`data-tab`).
    pub fn from_id(id: &str) -> Option<Tab> {
        [Tab::Form, Tab::Json].into_iter().find(|t| t.id() == id)
    }
}

/// The tab list, `open` selected.
pub fn tabs_html(open: Tab) -> String {
    [(Tab::Form, "Form"), (Tab::Json, "JSON (advanced)")]
        .iter()
        .map(|(tab, name)| {
            let id = tab.id();
            format!(
                r#"<button type="button" role="tab" id="tab-{id}" data-tab="{id}" aria-controls="panel-{id}" aria-selected="{}">{name}</button>"#,
                *tab == open
            )
        })
        .collect()
}

/// The result of applying edited text: the scenario to run and what was wrong with the text.
#[derive(Debug, PartialEq)]
pub enum Edit {
    /// It parsed; the parts that did not fit were replaced by defaults and are listed.
    Applied(Box<Scenario>, Vec<FieldError>),
    /// It did not parse at all; nothing changes.
    Rejected(String),
}

pub fn apply_text(text: &str) -> Edit {
    match repair::read(text, &Scenario::default()) {
        Ok((sc, errors)) => Edit::Applied(Box::new(sc), errors),
        Err(message) => Edit::Rejected(message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tabs_say_which_is_open_and_name_themselves() {
        let html = tabs_html(Tab::Json);
        assert!(html.contains(r#"id="tab-form" data-tab="form" aria-controls="panel-form" aria-selected="false">Form<"#));
        assert!(html.contains(r#"aria-selected="true">JSON (advanced)<"#));
        assert_eq!(Tab::from_id("json"), Some(Tab::Json));
        assert_eq!(Tab::from_id("form"), Some(Tab::Form));
        assert_eq!(Tab::from_id("xml"), None);
    }

    #[test]
    fn round_trips_and_repairs_what_is_out_of_range() {
        let sc = Scenario::default();
        assert_eq!(
            apply_text(&to_text(&sc)),
            Edit::Applied(Box::new(sc.clone()), vec![])
        );
        let edited = to_text(&sc).replace("\"workers\": 16", "\"workers\": 0");
        match apply_text(&edited) {
            Edit::Applied(fixed, errors) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].path, "monolith.workers");
                assert_eq!(fixed.monolith.workers, 16);
            }
            e => panic!("{e:?}"),
        }
        assert!(
            matches!(apply_text("{ nope"), Edit::Rejected(m) if m.contains("not a valid scenario"))
        );
    }
}
