//! The browser shell: leptos components that wire signals to the explainer core and draw. No
//! result is computed here.

mod actions_taken;
mod app;
mod charts_panel;
mod claims;
mod clicked;
mod console;
mod controls;
mod diagram;
mod diagrams;
mod download;
#[cfg(feature = "traffic")]
mod editor;
mod embed_dialog;
mod embed_height;
mod export;
mod frame_loop;
mod observed_size;
mod panels;
mod panic_panel;
mod run;
mod storage;
#[cfg(feature = "traffic")]
mod traffic;

pub use app::App;
pub use controls::{speed_label, Clock, Controls};
pub use panic_panel::install as install_panic_panel;

pub fn start() {
    install_panic_panel();
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if crate::explainer::console::wanted(&query) {
        leptos::mount::mount_to_body(console::Console);
    } else {
        leptos::mount::mount_to_body(App);
    }
}
