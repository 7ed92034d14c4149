//! Component tests in headless Chromium (wasm-bindgen-test): mount a component, interact with it
//! as a person would, assert on the DOM.
#![cfg(target_arch = "wasm32")]

use archflow::explainer::chapters::CHAPTERS;
use archflow::ui::{App, Clock, Controls};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn set_range(root: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).unchecked_into();
    input.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn controls_toggle_play_and_set_a_logarithmic_speed() {
    let root = container();
    let clock = Clock::new();
    let now = Signal::derive(|| (65.0, 3600.0));
    let _mounted = leptos::mount::mount_to(
        root.clone(),
        move || view! { <Controls clock=clock now=now restart=Callback::new(move |()| clock.restart()) /> },
    );
    TimeoutFuture::new(10).await;

    assert_eq!(text(&root, "button.play"), "Pause");
    find(&root, "button.play").click();
    TimeoutFuture::new(10).await;
    assert_eq!(text(&root, "button.play"), "Play");
    assert!(!clock.playing.get_untracked());
    assert_eq!(
        find(&root, "button.play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );

    set_range(&root, ".speed input", "2");
    TimeoutFuture::new(10).await;
    assert_eq!(text(&root, ".speed-value"), "100x");
    assert!((clock.speed() - 100.0).abs() < 1e-9);
    set_range(&root, ".speed input", "-1");
    TimeoutFuture::new(10).await;
    assert_eq!(text(&root, ".speed-value"), "0.1x");
    assert_eq!(text(&root, "output.time"), "1:05 / 1:00:00");

    find(&root, "button.step").click();
    assert_eq!(
        clock.take_seek(),
        Some(66.0),
        "step asks for one more simulated second"
    );
}

#[wasm_bindgen_test]
async fn the_app_renders_chapters_and_claim_checks_with_engine_numbers() {
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), App);
    TimeoutFuture::new(50).await;

    let tabs = root.query_selector_all(".chapter-tab").unwrap();
    assert_eq!(tabs.length() as usize, CHAPTERS.len());
    assert_eq!(
        find(&root, "main").get_attribute("data-chapter").as_deref(),
        Some("monolith")
    );

    // Crash payments, run fast, and the monolith claim check reports the failures it computed.
    let crash = (0..root
        .query_selector_all("button.try-action")
        .unwrap()
        .length())
        .map(|i| {
            root.query_selector_all("button.try-action")
                .unwrap()
                .item(i)
                .unwrap()
                .unchecked_into::<HtmlElement>()
        })
        .find(|b| b.text_content().unwrap_or_default() == "Crash payments for 60 s")
        .expect("a crash action");
    crash.click();
    set_range(&root, ".speed input", "2.5");
    TimeoutFuture::new(2500).await;
    let m3 = text(&root, "li[data-claim='M3'] .finding");
    let failed: u64 = m3
        .split("killed the process: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("M3: {m3}"));
    assert!(failed > 0, "{m3}");
    assert!(find(&root, "li[data-claim='M3']")
        .class_name()
        .contains("holds"));

    tabs.item(2)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    TimeoutFuture::new(50).await;
    assert_eq!(
        find(&root, "main").get_attribute("data-chapter").as_deref(),
        Some("serverless")
    );
    assert_eq!(root.query_selector_all(".claims li").unwrap().length(), 9);
}
