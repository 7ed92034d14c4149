//! "Embed this chapter": the options of a blogger's widget, its snippet with a copy button, and a
//! live preview of the widget as the post will show it. The choices, the snippet and the markup
//! are made in `explainer::embed_dialog`; this only wires the form to them.

use super::run::use_run;
use crate::explainer::chapters::Chapter;
use crate::explainer::embed::Layout;
use crate::explainer::embed_dialog::{form_html, output_html, snippet, EmbedChoice};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn EmbedDialog(
    /// Whether the dialog is open; it closes itself.
    open: RwSignal<bool>,
    /// The chapter on screen, whose scenario the snippet carries.
    on_screen: Signal<&'static Chapter>,
) -> impl IntoView {
    let run = use_run();
    // The preview of a full widget grows to its content, as the post's script would make it.
    let preview_height = RwSignal::new(0u32);
    let _ = window_event_listener(leptos::ev::message, move |ev| {
        if let Some(px) = ev
            .data()
            .as_string()
            .and_then(|m| m.strip_prefix("archflow:height:")?.parse().ok())
        {
            preview_height.set(px);
        }
    });
    // Made afresh at each opening, from the chapter on screen.
    let dialog = move || {
        let choice = RwSignal::new(EmbedChoice::of(on_screen.get_untracked()));
        let problem = RwSignal::new(None::<String>);
        let copied = RwSignal::new(false);
        refocus("chapter");
        // Made again wherever it is read (three places, once per change): a Memo would cost the
        // page more than the repeats cost the dialog.
        let made = move || {
            let c = choice.get();
            // What is on screen goes with its own chapter; another chapter starts afresh.
            let scenario = if c.chapter == on_screen.get_untracked() {
                run.session.with_value(|s| s.scenario.clone())
            } else {
                (c.chapter.scenario)().sanitised().0
            };
            let page = web_sys::window()
                .and_then(|w| w.location().href().ok())
                .unwrap_or_default();
            snippet(&page, &c, &scenario)
        };
        // One handler for every field: the field's name says which option it sets. The fields
        // are drawn again, and the one changed gets the focus back.
        let changed = move |ev: leptos::ev::Event| {
            let Some(field) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let name = field.get_attribute("name").unwrap_or_default();
            let value = match field.dyn_ref::<web_sys::HtmlInputElement>() {
                Some(input) if input.type_() == "checkbox" => {
                    if input.checked() { "1" } else { "0" }.to_string()
                }
                // A select or a number field.
                _ => event_target_value(&ev),
            };
            choice.update(|c| problem.set(c.set(&name, &value).err()));
            copied.set(false);
            refocus(&name);
        };
        let copy = move |_| {
            if let Some(window) = web_sys::window() {
                // Refused without permission; the code stays selectable in its box.
                let _ = window
                    .navigator()
                    .clipboard()
                    .write_text(&untrack(made).html);
            }
            copied.set(true);
        };
        let height = move || {
            let c = choice.get();
            match c.layout {
                Layout::Compact => c.height_px,
                Layout::Full => preview_height.get().max(c.height_px),
            }
        };
        view! {
            <div class="embed-dialog" role="dialog" aria-modal="true" aria-labelledby="embed-title"
                on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }>
                <h2 id="embed-title">"Embed this chapter in a post"</h2>
                <form class="embed-options" on:change=changed on:submit=|ev| ev.prevent_default()
                    inner_html=move || choice.with(form_html)></form>
                <div class="embed-output" inner_html=move || output_html(&made(), problem.get().as_deref())></div>
                <div class="embed-buttons">
                    <button class="embed-copy" on:click=copy>"Copy the code"</button>
                    <span role="status" class="embed-copied">{move || if copied.get() { "Copied \u{2713}" } else { "" }}</span>
                    <button class="embed-close" on:click=move |_| open.set(false)>"Close (Esc)"</button>
                </div>
                <h3>"Preview"</h3>
                <iframe class="embed-preview" title="Preview of the widget" src=move || made().src
                    height=height sandbox="allow-scripts allow-same-origin allow-popups"></iframe>
            </div>
        }
    };
    move || open.get().then(dialog)
}

/// Gives the focus to the dialog's field `name` once leptos has drawn it: when the dialog opens
/// (from a button or a key), and after its fields are drawn again.
fn refocus(name: &str) {
    let selector = format!(".embed-options [name=\"{name}\"]");
    leptos::task::spawn_local(async move {
        if let Some(field) = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = field.focus();
        }
    });
}
