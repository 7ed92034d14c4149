//! The browser shell: leptos components that wire signals to the explainer core and draw. No
//! result is computed here.

mod actions_taken;
mod app;
mod charts_panel;
mod claims;
mod clicked;
mod controls;
mod diagram;
mod diagrams;
mod download;
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
    leptos::mount::mount_to_body(App);
}
