//! A panic in the running app, in headless Chromium: the plain-DOM panel appears with a reset
//! link, the diagnostic and a copy button, and the parts of the page the panic did not touch still
//! respond. Its own test binary, because after a panic the instance's panic state stays set.
#![cfg(target_arch = "wasm32")]

use archflow::ui::{install_panic_panel, Clock, Controls};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_shows_a_panel_to_reset_or_copy_and_the_rest_still_responds() {
    let window = web_sys::window().unwrap();
    let doc = window.document().unwrap();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&root).unwrap();
    let clock = Clock::new();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <Controls clock=clock now=Signal::derive(|| (0.0, 60.0)) restart=Callback::new(move |()| clock.restart()) /> }
    });
    install_panic_panel();
    TimeoutFuture::new(10).await;
    assert!(doc.get_element_by_id("panic-panel").is_none());

    // A panic in a callback the browser calls, as in an event handler or an animation frame.
    let boom = Closure::once_into_js::<_, _, ()>(|| panic!("simulated failure 42"));
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(boom.unchecked_ref(), 0)
        .unwrap();
    TimeoutFuture::new(200).await;

    let panel = doc
        .get_element_by_id("panic-panel")
        .expect("the panel is shown");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let reset = panel.query_selector("a.panic-reset").unwrap().unwrap();
    let here = window.location().href().unwrap();
    assert_eq!(
        reset.get_attribute("href").unwrap(),
        here.split('#').next().unwrap(),
        "reset opens the page without its link settings"
    );
    let diagnostic: HtmlTextAreaElement = panel
        .query_selector("textarea.panic-diagnostic")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let text = diagnostic.value();
    assert!(text.contains("simulated failure 42"), "{text}");
    assert!(
        text.contains("tests/panic_panel.rs"),
        "where it happened: {text}"
    );
    assert!(text.starts_with("archflow "), "{text}");

    let copy: HtmlElement = panel
        .query_selector("button.panic-copy")
        .unwrap()
        .expect("a copy button")
        .unchecked_into();
    copy.click();
    assert_eq!(diagnostic.selection_start().unwrap(), Some(0));
    assert_eq!(
        diagnostic.selection_end().unwrap(),
        Some(text.encode_utf16().count() as u32),
        "the whole diagnostic is selected for copying"
    );

    // Components the panic did not touch keep working.
    let play: HtmlElement = root
        .query_selector("button.play")
        .unwrap()
        .unwrap()
        .unchecked_into();
    play.click();
    TimeoutFuture::new(20).await;
    assert_eq!(play.text_content().unwrap(), "Play");
    assert!(!clock.playing.get_untracked());
}
