//! The browser entry point (built by trunk with the `web` feature).
fn main() {
    archflow::ui::start();
}
