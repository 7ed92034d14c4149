//! A panic shows a visible panel instead of a blank or frozen page. After a panic the wasm
//! instance cannot be trusted, so the panel is plain DOM: a link that starts again from the
//! defaults, and the diagnostic in a read-only text box with a copy button whose handler touches
//! nothing but that box and the clipboard. Nothing is set as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn text_element(doc: &web_sys::Document, tag: &str, text: &str) -> Option<web_sys::Element> {
    let e = doc.create_element(tag).ok()?;
    e.set_text_content(Some(text));
    Some(e)
}

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(doc) = window.document() else { return };
        if doc.get_element_by_id("panic-panel").is_some() {
            return;
        }
        let Ok(panel) = doc.create_element("div") else {
            return;
        };
        panel.set_id("panic-panel");
        let _ = panel.set_attribute("role", "alert");
        let location = window.location().href().unwrap_or_default();
        let agent = window.navigator().user_agent().unwrap_or_default();
        let diagnostic = format!(
            "archflow {}\n{message}\nat {location}\n{agent}",
            env!("CARGO_PKG_VERSION")
        );
        let parts = [
            text_element(&doc, "h2", "Something went wrong in the simulation"),
            text_element(&doc, "p", "The page has stopped. Your playground is saved in this browser. Start again from the defaults, or copy the diagnostic below if you report the problem; nothing was sent anywhere."),
        ];
        for p in parts.into_iter().flatten() {
            let _ = panel.append_child(&p);
        }
        if let Some(reset) = text_element(&doc, "a", "Reset to defaults") {
            // The page without its link settings: every chapter starts from its defaults.
            let _ = reset.set_attribute("href", location.split('#').next().unwrap_or("./"));
            let _ = reset.set_attribute("class", "panic-reset");
            let _ = panel.append_child(&reset);
        }
        if let Some(box_) = text_element(&doc, "textarea", &diagnostic) {
            let _ = box_.set_attribute("readonly", "");
            let _ = box_.set_attribute("aria-label", "Diagnostic to copy");
            let _ = box_.set_attribute("class", "panic-diagnostic");
            let _ = panel.append_child(&box_);
            if let Some(copy) = text_element(&doc, "button", "Copy diagnostic") {
                let _ = copy.set_attribute("class", "panic-copy");
                let text = diagnostic.clone();
                let on_click = Closure::<dyn Fn()>::new(move || {
                    // Selected as well, so Ctrl+C works where the clipboard is refused.
                    if let Some(area) = box_.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                        area.select();
                    }
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(&text);
                    }
                });
                let _ = copy
                    .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
                // The panel lives as long as the page.
                on_click.forget();
                let _ = panel.append_child(&copy);
            }
        }
        if let Some(body) = doc.body() {
            let _ = body.prepend_with_node_1(&panel);
        }
    }));
}
