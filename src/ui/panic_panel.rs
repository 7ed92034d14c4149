//! A panic shows a visible panel instead of a blank or frozen page. The message is set as text,
//! never as HTML.

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if doc.get_element_by_id("panic-panel").is_some() {
            return;
        }
        let Ok(panel) = doc.create_element("div") else {
            return;
        };
        panel.set_id("panic-panel");
        panel.set_attribute("role", "alert").ok();
        let title = doc.create_element("h2").ok();
        if let Some(t) = &title {
            t.set_text_content(Some("Something went wrong in the simulation"));
            panel.append_child(t).ok();
        }
        if let Ok(p) = doc.create_element("pre") {
            p.set_text_content(Some(&message));
            panel.append_child(&p).ok();
        }
        if let Ok(p) = doc.create_element("p") {
            p.set_text_content(Some(
                "Reload the page to start again. Nothing was sent anywhere.",
            ));
            panel.append_child(&p).ok();
        }
        if let Some(body) = doc.body() {
            body.prepend_with_node_1(&panel).ok();
        }
    }));
}
