//! Buttons and sliders drawn as markup (explainer::try_buttons, explainer::knobs) share one
//! handler per list: this finds which one of the list an event came from.

use crate::explainer::try_buttons::clicked_index;
use leptos::ev::{Event, MouseEvent};
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

/// The `data-index` of the slider moved, and its value.
pub fn moved_slider(ev: &Event) -> Option<(usize, f64)> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let index = clicked_index(input.get_attribute("data-index"))?;
    Some((index, input.value_as_number()))
}
