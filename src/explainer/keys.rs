//! Keyboard commands, for trainers at a projector: arrows or a presentation clicker (which sends
//! Page Down / Page Up) move between chapters, space plays and pauses, and so on.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    NextChapter,
    PreviousChapter,
    PlayPause,
    Faster,
    Slower,
    Restart,
    Fullscreen,
    Presenter,
    /// The presenter's console, in a second window.
    Console,
    Help,
    /// The help, or Restart's question (answered "Cancel").
    CloseDialog,
}

/// One line of the help overlay and the keys behind it.
pub struct Binding {
    /// The keys as the help shows them.
    pub shown: &'static str,
    /// `KeyboardEvent.key` values that give the command.
    pub keys: &'static [&'static str],
    pub command: Command,
    pub what: &'static str,
}

/// Every binding: the help overlay is drawn from this list and keys are looked up in it, so the
/// help cannot drift from what the keys do.
pub const BINDINGS: [Binding; 10] = [
    Binding {
        shown: "\u{2192} or Page Down",
        keys: &["ArrowRight", "PageDown"],
        command: Command::NextChapter,
        what: "next chapter",
    },
    Binding {
        shown: "\u{2190} or Page Up",
        keys: &["ArrowLeft", "PageUp"],
        command: Command::PreviousChapter,
        what: "previous chapter",
    },
    Binding {
        shown: "Space",
        keys: &[" ", "Spacebar"],
        command: Command::PlayPause,
        what: "play or pause",
    },
    Binding {
        shown: "+",
        keys: &["+", "="],
        command: Command::Faster,
        what: "faster",
    },
    Binding {
        shown: "-",
        keys: &["-", "_"],
        command: Command::Slower,
        what: "slower",
    },
    Binding {
        shown: "R",
        keys: &["r", "R"],
        command: Command::Restart,
        what: "restart the run",
    },
    Binding {
        shown: "F",
        keys: &["f", "F"],
        command: Command::Fullscreen,
        what: "the projector's stage: full screen, the diagram and one large chart",
    },
    Binding {
        shown: "P",
        keys: &["p", "P"],
        command: Command::Presenter,
        what: "presenter layout (large text, no editing)",
    },
    Binding {
        shown: "C",
        keys: &["c", "C"],
        command: Command::Console,
        what: "the presenter's console in a second window: notes, next step, timer, clock",
    },
    Binding {
        shown: "?",
        keys: &["?"],
        command: Command::Help,
        what: "show or hide this help",
    },
];

/// The command for a `KeyboardEvent.key` value, if any. Escape closes the help or Restart's
/// question without being listed in the help.
pub fn command_for(key: &str) -> Option<Command> {
    if key == "Escape" {
        return Some(Command::CloseDialog);
    }
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.command)
}

/// Speed steps per key press, in powers of ten (four presses for 10x).
pub const SPEED_STEP: f64 = 0.25;

/// The help overlay's list: each binding's keys and what they do.
pub fn bindings_html() -> String {
    BINDINGS
        .iter()
        .map(|b| format!("<dt><kbd>{}</kbd></dt><dd>{}</dd>", b.shown, b.what))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicker_and_arrow_keys_move_between_chapters() {
        assert_eq!(command_for("PageDown"), Some(Command::NextChapter));
        assert_eq!(command_for("ArrowRight"), Some(Command::NextChapter));
        assert_eq!(command_for("PageUp"), Some(Command::PreviousChapter));
        assert_eq!(command_for(" "), Some(Command::PlayPause));
        assert_eq!(command_for("x"), None);
    }

    #[test]
    fn every_command_but_escape_is_in_the_help_once() {
        // Listed by a match, so that a new command that is not added here does not compile.
        let all = |c: Command| match c {
            Command::NextChapter
            | Command::PreviousChapter
            | Command::PlayPause
            | Command::Faster
            | Command::Slower
            | Command::Restart
            | Command::Fullscreen
            | Command::Presenter
            | Command::Console
            | Command::Help
            | Command::CloseDialog => c,
        };
        for c in [
            Command::NextChapter,
            Command::PreviousChapter,
            Command::PlayPause,
            Command::Faster,
            Command::Slower,
            Command::Restart,
            Command::Fullscreen,
            Command::Presenter,
            Command::Console,
            Command::Help,
        ] {
            let lines = BINDINGS.iter().filter(|b| b.command == all(c)).count();
            assert_eq!(lines, 1, "{c:?} is in the help {lines} times");
        }
        assert_eq!(bindings_html().matches("<dt><kbd>").count(), BINDINGS.len());
        // And each line's keys give its command and no other line's.
        for b in &BINDINGS {
            for k in b.keys {
                assert_eq!(command_for(k), Some(b.command), "{k}");
            }
        }
        assert_eq!(command_for("Escape"), Some(Command::CloseDialog));
    }
}
