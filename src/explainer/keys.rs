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
    Help,
    CloseHelp,
}

/// Every binding, for the help overlay: (keys as shown, what they do).
pub const BINDINGS: [(&str, &str); 9] = [
    ("\u{2192} or Page Down", "next chapter"),
    ("\u{2190} or Page Up", "previous chapter"),
    ("Space", "play or pause"),
    ("+", "faster"),
    ("-", "slower"),
    ("R", "restart the run"),
    ("F", "full screen"),
    ("P", "presenter layout (large text, no editing)"),
    ("?", "show or hide this help"),
];

/// The command for a `KeyboardEvent.key` value, if any.
pub fn command_for(key: &str) -> Option<Command> {
    Some(match key {
        "ArrowRight" | "PageDown" => Command::NextChapter,
        "ArrowLeft" | "PageUp" => Command::PreviousChapter,
        " " | "Spacebar" => Command::PlayPause,
        "+" | "=" => Command::Faster,
        "-" | "_" => Command::Slower,
        "r" | "R" => Command::Restart,
        "f" | "F" => Command::Fullscreen,
        "p" | "P" => Command::Presenter,
        "?" => Command::Help,
        "Escape" => Command::CloseHelp,
        _ => return None,
    })
}

/// Speed steps per key press, in powers of ten (four presses for 10x).
pub const SPEED_STEP: f64 = 0.25;

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
    fn every_command_but_escape_is_in_the_help() {
        let keys = ["ArrowRight", "ArrowLeft", " ", "+", "-", "r", "f", "p", "?"];
        assert_eq!(keys.len(), BINDINGS.len());
        for k in keys {
            assert!(command_for(k).is_some(), "{k}");
        }
    }
}
