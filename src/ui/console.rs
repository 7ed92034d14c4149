//! The presenter's console window and the channel it shares with the projected window (see
//! explainer::console for the messages and the notes). Its markup is built as text by tested
//! functions; this wires the channel, the keys and the clock.

use crate::explainer::console::{elapsed, notes, Message, Press, CHANNEL, WAITING_HTML};
use crate::explainer::keys::{command_for, Command};
use crate::explainer::presenter::Place;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// This window's end of the presenter's channel.
pub struct Channel(web_sys::BroadcastChannel);

impl Channel {
    /// Opens the channel, calling `heard` with each message another window of this origin sends.
    /// `None` where the browser has no `BroadcastChannel`: the console then cannot follow.
    pub fn open(mut heard: impl FnMut(Message) + 'static) -> Option<Channel> {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                // A message this build does not know (another version in another tab) is
                // ignored: there is no one to tell.
                if let Some(Ok(message)) = ev.data().as_string().map(|t| Message::decode(&t)) {
                    heard(message);
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // It lives as long as the page.
        on_message.forget();
        Some(Channel(channel))
    }

    pub fn send(&self, message: Message) {
        let _ = self.0.post_message(&JsValue::from_str(&message.encode()));
    }
}

/// The projected window's end: says where the walk is (`at`, the chapter's index and the
/// place in its script) whenever that changes or a console asks, and walks it (`forward`,
/// `back`) when a console presses.
pub fn keep_console_in_step(
    at: impl Fn() -> (usize, Place) + Copy + 'static,
    forward: impl Fn() + 'static,
    back: impl Fn() + 'static,
) {
    let channel = StoredValue::new_local(None::<Channel>);
    let say = move |(c, place): (usize, Place)| {
        channel.with_value(|ch| ch.as_ref().map(|ch| ch.send(Message::At(c, place))));
    };
    channel.set_value(Channel::open(move |m| match m {
        Message::Press(Press::Next) => forward(),
        Message::Press(Press::Previous) => back(),
        Message::Hello => say(untrack(at)),
        Message::At(..) => {}
    }));
    Effect::new(move |_| say(at()));
}

/// Opens the console beside this window (the same page, `?console=1`). Browsers let a key press
/// open a window; one that refuses leaves the projected window as it was.
pub fn open_console() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let _ = window.open_with_url_and_target_and_features(
        &format!("{path}?console=1"),
        "archflow-console",
        "popup,width=960,height=720",
    );
}

#[component]
pub fn Console() -> impl IntoView {
    // Named apart from the projected window in the task bar and the window list.
    document().set_title("archflow: presenter's console");
    let at = RwSignal::new(None);
    let channel = StoredValue::new_local(Channel::open(move |m| {
        if let Message::At(c, place) = m {
            at.set(Some((c, place)));
        }
    }));
    let send = move |m: Message| channel.with_value(|c| c.as_ref().map(|c| c.send(m)));
    send(Message::Hello);
    let started = StoredValue::new(js_sys::Date::now());
    let now = RwSignal::new(js_sys::Date::now());
    // The timer and the clock move once a second, for as long as the window is open.
    std::mem::forget(gloo_timers::callback::Interval::new(1000, move || {
        now.set(js_sys::Date::now())
    }));
    let time_html = move || {
        let d = js_sys::Date::new(&JsValue::from_f64(now.get()));
        format!(
            r#"Elapsed <output class="console-elapsed">{}</output> Clock <output class="console-clock">{:02}:{:02}</output>"#,
            elapsed((now.get() - started.get_value()) / 1000.0),
            d.get_hours(),
            d.get_minutes()
        )
    };
    // A clicker pointed at this window walks the projected one.
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        let press = match command_for(&ev.key()) {
            Some(Command::NextChapter) => Press::Next,
            Some(Command::PreviousChapter) => Press::Previous,
            _ => return,
        };
        ev.prevent_default();
        send(Message::Press(press));
    });
    // The buttons, by the class of the one clicked.
    let clicked = move |ev: leptos::ev::MouseEvent| {
        let class = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| e.class_name())
            .unwrap_or_default();
        match class.as_str() {
            "console-back" => {
                send(Message::Press(Press::Previous));
            }
            "console-forward" => {
                send(Message::Press(Press::Next));
            }
            "console-restart" => {
                started.set_value(js_sys::Date::now());
                now.set(js_sys::Date::now());
            }
            _ => {}
        }
    };
    view! {
        <main class="console" aria-label="Presenter's console" on:click=clicked>
            <header class="console-time">
                <span inner_html=time_html></span>
                <button class="console-restart">"Restart timer"</button>
            </header>
            <div inner_html=move || at.get().map_or(WAITING_HTML.to_string(), |(c, place)| notes(c, place).html())></div>
            <nav class="console-buttons">
                <button class="console-back">"\u{2190} Back"</button>
                <button class="console-forward">"Next \u{2192}"</button>
            </nav>
            <p class="note">"This window follows the projected one, and a clicker or the arrow keys here move it."</p>
        </main>
    }
}
