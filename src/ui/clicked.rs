//! Buttons drawn as markup (explainer::try_buttons) share one click handler per list: this finds
//! which button of the list a click was on.

use crate::explainer::try_buttons::clicked_index;
use leptos::ev::MouseEvent;
use wasm_bindgen::JsCast;

/// The `data-index` of the button the click landed on (or inside), if any.
pub fn clicked_button(ev: &MouseEvent) -> Option<usize> {
    let index = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("button[data-index]").ok().flatten())
        .and_then(|b| b.get_attribute("data-index"));
    clicked_index(index)
}
