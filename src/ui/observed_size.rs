//! The width (or height) an element is given on the page, kept up to date as the window or the
//! layout around it changes (presenter mode, a chapter with more diagrams). Diagrams and charts
//! are drawn at this width, so their text is shown at the size it is written at; a compact
//! embed's diagram also fits the height its stage is given.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Which of an element's sizes is followed.
#[derive(Clone, Copy)]
pub enum Side {
    Width,
    Height,
}

/// Follows `node`'s content width or height, starting from a guess (the window's, less the page's
/// margins for a width) until the element is on the page.
pub fn observed<E>(node: NodeRef<E>, side: Side) -> RwSignal<f64>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let window = web_sys::window();
    let guess = match side {
        Side::Width => window
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .map_or(800.0, |w| (w - 64.0).max(240.0)),
        Side::Height => window
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(600.0),
    };
    let size = RwSignal::new(guess);
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
                return;
            };
            let rect = entry.content_rect();
            let w = match side {
                Side::Width => rect.width(),
                Side::Height => rect.height(),
            };
            // A removed or hidden element reports 0, and one whose component is gone has no
            // signal left to set: either way what is drawn keeps its last size.
            let Some(current) = size.try_get_untracked() else {
                return;
            };
            if w > 0.0 && (w - current).abs() >= 1.0 {
                size.try_set(w);
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(el.unchecked_ref());
        }
        // The observer lives as long as the element; it stops firing once the element is gone.
        on_resize.forget();
    });
    size
}
