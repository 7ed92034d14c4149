//! The presenter's console: a second window, on the trainer's own screen, with the speaker's notes
//! for where the walk is, what the next press does, and the time. It and the projected window
//! speak through a `BroadcastChannel` in the messages below: the projected window says where it
//! is whenever that changes (or the console asks), and a press in the console (a clicker, a key,
//! a button) is sent to the projected window, which moves and says where it now is. So both
//! windows follow one walk, whichever of them has the clicker's focus.

use super::chapters::{Chapter, CHAPTERS};
use super::format::{elements_html, escaped};
use super::presenter::{next, Next, Place};

/// The channel both windows open.
pub const CHANNEL: &str = "archflow-presenter";

/// Whether the page was opened as the console (`?console=1`).
pub fn wanted(query: &str) -> bool {
    query
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair == "console=1")
}

/// What the console asks of the projected window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Press {
    Next,
    Previous,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// The projected window is at this place of this chapter (its index in `CHAPTERS`).
    At(usize, Place),
    /// The console asks where the projected window is.
    Hello,
    Press(Press),
}

impl Message {
    pub fn encode(self) -> String {
        match self {
            Message::At(c, place) => {
                let place = match place {
                    Place::Start => "start".to_string(),
                    Place::Asking(b) => format!("asking {b}"),
                    Place::Played(b) => format!("played {b}"),
                };
                format!("at {} {place}", CHAPTERS[c].id)
            }
            Message::Hello => "hello".into(),
            Message::Press(Press::Next) => "press next".into(),
            Message::Press(Press::Previous) => "press previous".into(),
        }
    }

    /// Reads a message; another page on the same channel (an older or newer build) may send
    /// what this one does not know, which is refused with what it was.
    pub fn decode(text: &str) -> Result<Message, String> {
        let words: Vec<&str> = text.split(' ').collect();
        let beat = |c: usize, b: &str| -> Option<usize> {
            b.parse().ok().filter(|&b| b < CHAPTERS[c].script.len())
        };
        let read = match words.as_slice() {
            ["hello"] => Some(Message::Hello),
            ["press", "next"] => Some(Message::Press(Press::Next)),
            ["press", "previous"] => Some(Message::Press(Press::Previous)),
            ["at", id, rest @ ..] => CHAPTERS.iter().position(|c| c.id == *id).and_then(|c| {
                match rest {
                    ["start"] => Some(Place::Start),
                    ["asking", b] => beat(c, b).map(Place::Asking),
                    ["played", b] => beat(c, b).map(Place::Played),
                    _ => None,
                }
                .map(|p| Message::At(c, p))
            }),
            _ => None,
        };
        read.ok_or_else(|| {
            format!(
                "\"{}\" is not a presenter message",
                crate::engine::validation::excerpt(text)
            )
        })
    }
}

/// What the console shows for a place of the walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notes {
    /// Chapter and step: "3. Serverless: step 2 of 5 (chapter 3 of 8)".
    pub heading: String,
    /// What to say now: the beat's line, the question with its answer, or the chapter's
    /// narration before the first step.
    pub say: Vec<String>,
    /// What the next press does.
    pub next: String,
}

fn letter(i: usize) -> char {
    char::from(b'A' + i as u8)
}

pub fn notes(c: usize, place: Place) -> Notes {
    let ch: &Chapter = &CHAPTERS[c];
    let n = ch.script.len();
    let step = match place {
        Place::Start => "before the first step".to_string(),
        Place::Asking(b) => format!("asking before step {} of {n}", b + 1),
        Place::Played(b) => format!("step {} of {n}", b + 1),
    };
    let heading = format!(
        "{}: {step} (chapter {} of {})",
        ch.title,
        c + 1,
        CHAPTERS.len()
    );
    let say = match place {
        Place::Start => ch.narration.iter().map(|p| p.to_string()).collect(),
        Place::Asking(b) => match ch.script[b].ask {
            Some(q) => {
                let mut lines = vec![format!("Ask the room: {}", q.prompt)];
                lines.extend(
                    q.choices
                        .iter()
                        .enumerate()
                        .map(|(i, choice)| format!("{}) {choice}", letter(i))),
                );
                lines.push(format!(
                    "The answer (shown after the next press): {}) {}",
                    letter(q.answer),
                    q.choices[q.answer]
                ));
                lines
            }
            None => vec![ch.script[b].say.to_string()],
        },
        Place::Played(b) => vec![ch.script[b].say.to_string()],
    };
    let next = match next(c, place, true) {
        Next::Ask(b) => format!(
            "Next: ask \u{201c}{}\u{201d}",
            ch.script[b].ask.map_or("", |q| q.prompt)
        ),
        Next::Beat(b) => format!(
            "Next: step {} of {n}, \u{201c}{}\u{201d}",
            b + 1,
            ch.script[b].say
        ),
        Next::Chapter(to) if to == c => "Next: this is the last step of the last chapter".into(),
        Next::Chapter(to) => format!("Next: chapter {}, {}", to + 1, CHAPTERS[to].title),
    };
    Notes { heading, say, next }
}

impl Notes {
    /// The notes as the console draws them.
    pub fn html(&self) -> String {
        format!(
            r#"<h1 class="console-heading">{}</h1><section class="console-notes" aria-label="Speaker notes">{}</section><p class="console-next">{}</p>"#,
            escaped(&self.heading),
            elements_html("p", &self.say),
            escaped(&self.next)
        )
    }
}

/// What the console shows before the projected window has said where it is.
pub const WAITING_HTML: &str = r#"<p class="console-waiting">Waiting for the projected window: press C in archflow to open this console from it.</p>"#;

/// Elapsed time as the console's timer shows it: m:ss, or h:mm:ss past an hour.
pub fn elapsed(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_reads_back_and_strangers_are_refused() {
        let mut all = vec![
            Message::Hello,
            Message::Press(Press::Next),
            Message::Press(Press::Previous),
        ];
        for (c, ch) in CHAPTERS.iter().enumerate() {
            all.push(Message::At(c, Place::Start));
            for b in 0..ch.script.len() {
                all.push(Message::At(c, Place::Asking(b)));
                all.push(Message::At(c, Place::Played(b)));
            }
        }
        for m in all {
            assert_eq!(Message::decode(&m.encode()), Ok(m));
        }
        for bad in [
            "",
            "at nowhere start",
            "at serverless played 99",
            "press sideways",
            "hello there",
        ] {
            let e = Message::decode(bad).unwrap_err();
            assert!(e.contains("is not a presenter message"), "{e}");
        }
    }

    #[test]
    fn the_notes_say_what_is_on_screen_and_what_comes_next() {
        let c = CHAPTERS
            .iter()
            .position(|ch| ch.id == "serverless")
            .unwrap();
        let ch = &CHAPTERS[c];
        let start = notes(c, Place::Start);
        assert_eq!(
            start.heading,
            format!(
                "{}: before the first step (chapter {} of {})",
                ch.title,
                c + 1,
                CHAPTERS.len()
            )
        );
        assert_eq!(start.say.len(), ch.narration.len());
        let asking = ch.script.iter().position(|b| b.ask.is_some()).unwrap();
        let q = ch.script[asking].ask.unwrap();
        // Before a question, the next press asks it; while asking, the speaker sees the answer.
        let before = if asking == 0 {
            Place::Start
        } else {
            Place::Played(asking - 1)
        };
        assert!(notes(c, before).next.contains(q.prompt));
        let ask = notes(c, Place::Asking(asking));
        assert_eq!(ask.say.len(), q.choices.len() + 2);
        assert!(ask.say.last().unwrap().contains(q.choices[q.answer]));
        assert!(ask.next.contains(ch.script[asking].say));
        let played = notes(c, Place::Played(asking));
        assert_eq!(played.say, vec![ch.script[asking].say.to_string()]);
        // After the last step, the next chapter.
        assert!(played.html().contains(&format!(
            r#"<section class="console-notes" aria-label="Speaker notes"><p>{}</p></section>"#,
            escaped(ch.script[asking].say)
        )));
        let last = notes(c, Place::Played(ch.script.len() - 1));
        assert!(last.next.contains(CHAPTERS[c + 1].title), "{}", last.next);
        let end = CHAPTERS.len() - 1;
        let final_notes = notes(end, Place::Played(CHAPTERS[end].script.len() - 1));
        assert!(final_notes.next.contains("last step"));
    }

    #[test]
    fn only_its_own_query_opens_the_console() {
        assert!(wanted("?console=1"));
        assert!(wanted("?theme=dark&console=1"));
        assert!(!wanted("?console=0"));
        assert!(!wanted("?embed=1&chapter=console"));
        assert!(!wanted(""));
    }

    #[test]
    fn the_timer_reads_as_a_clock() {
        assert_eq!(elapsed(0.4), "0:00");
        assert_eq!(elapsed(65.0), "1:05");
        assert_eq!(elapsed(3725.0), "1:02:05");
        assert_eq!(elapsed(-3.0), "0:00");
    }
}
