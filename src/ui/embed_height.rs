//! In a blog post the widget's iframe has a fixed height unless the host page is told the height
//! it needs: this posts it to the host page whenever it changes, as the text
//! `archflow:height:<CSS px>`, which `examples/archflow-embed.js` (or the host's own few lines)
//! turns into the iframe's height. Only a height is sent, to the page that embeds the widget.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(host) = window.parent().ok().flatten().filter(|p| p != &window) else {
        return;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let measured = root.clone();
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let message = format!("archflow:height:{}", measured.scroll_height());
        // A host that has gone away leaves nothing to tell.
        let _ = host.post_message(&JsValue::from_str(&message), "*");
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&root);
        // Both live as long as the page.
        on_resize.forget();
        std::mem::forget(observer);
    }
}
