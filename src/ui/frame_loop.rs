//! A requestAnimationFrame loop that calls `tick` with the real time elapsed since the last frame.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The frame callback, shared so that each frame can ask for the next.
type Slot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

pub fn run(mut tick: impl FnMut(f64) + 'static) {
    let slot: Slot = Rc::new(RefCell::new(None));
    let again = slot.clone();
    let mut last: Option<f64> = None;
    *slot.borrow_mut() = Some(Closure::new(move |now_ms: f64| {
        // Cap a frame at 100 ms so a hidden tab does not jump the simulation on return.
        let dt = last.map_or(0.0, |l| ((now_ms - l) / 1000.0).clamp(0.0, 0.1));
        last = Some(now_ms);
        tick(dt);
        request(&again);
    }));
    request(&slot);
}

fn request(slot: &Slot) {
    if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}
