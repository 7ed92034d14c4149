//! The presenter's walk through the chapters: → plays the chapter's next beat while it has one,
//! and then opens the next chapter; the line above the stage says where the walk is.

use super::chapters::{Chapter, CHAPTERS};

/// What → does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Plays this beat of the chapter's script.
    Beat(usize),
    /// Opens this chapter (the last one stays open).
    Chapter(usize),
}

/// → in chapter `chapter` with beat `beat` played last, presenting or not. Out of presenter mode
/// it always turns the page.
pub fn next(chapter: usize, beat: Option<usize>, presenting: bool) -> Next {
    let following = beat.map_or(0, |b| b + 1);
    if presenting && following < CHAPTERS[chapter].script.len() {
        Next::Beat(following)
    } else {
        Next::Chapter((chapter + 1).min(CHAPTERS.len() - 1))
    }
}

/// The presenter's line: the beat played, numbered, or how to start the walk.
pub fn beat_line(chapter: &Chapter, beat: Option<usize>) -> String {
    let n = chapter.script.len();
    match beat {
        Some(b) if b < n => format!("{} ({}/{n})", chapter.script[b].say, b + 1),
        _ => format!("Press \u{2192} to walk through this chapter in {n} steps."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::chapter;

    #[test]
    fn the_arrow_plays_every_beat_then_turns_the_page() {
        let i = CHAPTERS.iter().position(|c| c.id == "serverless").unwrap();
        let beats = CHAPTERS[i].script.len();
        assert!(beats >= 3);
        let mut at = None;
        let mut played = Vec::new();
        while let Next::Beat(b) = next(i, at, true) {
            played.push(b);
            at = Some(b);
        }
        assert_eq!(played, (0..beats).collect::<Vec<_>>());
        assert_eq!(next(i, at, true), Next::Chapter(i + 1));
        assert_eq!(next(i, None, false), Next::Chapter(i + 1));
        assert_eq!(
            next(CHAPTERS.len() - 1, None, true),
            Next::Chapter(CHAPTERS.len() - 1)
        );
    }

    #[test]
    fn the_line_numbers_the_beat_played() {
        let c = chapter("monolith").unwrap();
        let n = c.script.len();
        assert_eq!(
            beat_line(c, None),
            format!("Press \u{2192} to walk through this chapter in {n} steps.")
        );
        assert_eq!(
            beat_line(c, Some(0)),
            format!("{} (1/{n})", c.script[0].say)
        );
    }
}
