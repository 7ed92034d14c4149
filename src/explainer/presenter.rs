//! The presenter's walk through the chapters: → plays the chapter's next beat while it has one,
//! and then opens the next chapter. Each beat plays at the speed that lands it in a few seconds,
//! and the line above the stage says where the walk is and what the room saw happen since the
//! beat began.

use super::chapters::{Chapter, Evidence, CHAPTERS};
use crate::engine::metrics::{FailureCause, Metrics};
use crate::engine::scenario::Architecture;
use crate::engine::simulation::Simulation;

/// Each beat plays in about this much real time, whatever the simulated time it covers: long
/// enough to watch, short enough for a room.
pub const BEAT_REAL_S: f64 = 4.0;

/// The speed (log10 of simulated seconds per real second) at which a beat begun at `now` reaches
/// `to` in `BEAT_REAL_S`: never slower than real time, never past `fastest`.
pub fn landing_log_speed(now: f64, to: f64, fastest: f64) -> f64 {
    libm::log10(((to - now) / BEAT_REAL_S).max(1.0)).min(fastest)
}

/// What happened in every architecture on screen since a beat began.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// Requests failed, for any cause but a throttle.
    pub failed: u64,
    pub throttled: u64,
    pub cold_starts: u64,
}

impl Seen {
    /// Counted from the metrics window holding `from_s` on (so up to one window before it).
    pub fn since(metrics: &Metrics, from_s: f64) -> Seen {
        let first = (from_s / metrics.window_s) as usize;
        let mut seen = Seen::default();
        for w in metrics.windows.iter().skip(first) {
            let throttled = w.failed_by(FailureCause::Throttled);
            seen.failed += w.failed_total() - throttled;
            seen.throttled += throttled;
            seen.cold_starts += w.cold_starts;
        }
        seen
    }

    /// In the architectures on screen (`on_screen`; empty: every one simulated), since `from_s`.
    pub fn on_screen(sims: &[Simulation], on_screen: &[Architecture], from_s: f64) -> Seen {
        let mut all = Seen::default();
        for sim in sims {
            if on_screen.is_empty() || on_screen.contains(&sim.arch) {
                let seen = Seen::since(&sim.metrics, from_s);
                all.failed += seen.failed;
                all.throttled += seen.throttled;
                all.cold_starts += seen.cold_starts;
            }
        }
        all
    }

    /// Whether this is what `evidence` says the room sees.
    pub fn shows(self, evidence: Evidence) -> bool {
        match evidence {
            Evidence::Picture => true,
            Evidence::Failures => self.failed > 0,
            Evidence::Throttles => self.throttled > 0,
            Evidence::ColdStarts => self.cold_starts > 0,
        }
    }
}

/// What → does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Asks this beat's question, the run paused.
    Ask(usize),
    /// Plays this beat of the chapter's script (revealing the answer, if it asked).
    Beat(usize),
    /// Opens this chapter (the last one stays open).
    Chapter(usize),
}

/// Where the presenter is in a chapter's script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Place {
    /// Nothing played yet.
    #[default]
    Start,
    /// This beat's question is asked, waiting to be revealed.
    Asking(usize),
    /// This beat was played.
    Played(usize),
}

/// → in chapter `chapter` at `place`, presenting or not. Out of presenter mode it always turns
/// the page.
pub fn next(chapter: usize, place: Place, presenting: bool) -> Next {
    let following = match place {
        Place::Asking(b) if presenting => return Next::Beat(b),
        Place::Start | Place::Asking(_) => 0,
        Place::Played(b) => b + 1,
    };
    match CHAPTERS[chapter].script.get(following) {
        Some(beat) if presenting && beat.ask.is_some() => Next::Ask(following),
        Some(_) if presenting => Next::Beat(following),
        _ => Next::Chapter((chapter + 1).min(CHAPTERS.len() - 1)),
    }
}

/// The presenter's line: the question asked; or the beat played, numbered, with its answer if it
/// asked and what was seen since it began; or how to start the walk.
pub fn beat_line(chapter: &Chapter, place: Place, seen: Seen) -> String {
    let n = chapter.script.len();
    let letter = |i: usize| char::from(b'A' + i as u8);
    match place {
        Place::Asking(b) if b < n => {
            let mut line = format!("Predict ({}/{n}):", b + 1);
            if let Some(q) = chapter.script[b].ask {
                line = format!("{line} {}", q.prompt);
                for (i, choice) in q.choices.iter().enumerate() {
                    line = format!("{line} {}) {choice}", letter(i));
                }
            }
            line
        }
        Place::Played(b) if b < n => {
            let beat = &chapter.script[b];
            let answer = beat.ask.map_or(String::new(), |q| {
                format!(
                    " \u{b7} Answer: {}) {}",
                    letter(q.answer),
                    q.choices[q.answer]
                )
            });
            format!(
                "{} ({}/{n}){answer} \u{b7} since this step: {} failed, {} throttled, {} cold starts",
                beat.say,
                b + 1,
                seen.failed,
                seen.throttled,
                seen.cold_starts
            )
        }
        _ => format!("Press \u{2192} to walk through this chapter in {n} steps."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explainer::chapters::chapter;

    #[test]
    fn the_arrow_asks_before_the_beats_that_ask_then_plays_every_beat_then_turns_the_page() {
        let i = CHAPTERS.iter().position(|c| c.id == "serverless").unwrap();
        let mut place = Place::Start;
        let mut walked = Vec::new();
        loop {
            match next(i, place, true) {
                Next::Ask(b) => place = Place::Asking(b),
                Next::Beat(b) => place = Place::Played(b),
                Next::Chapter(c) => {
                    assert_eq!(c, i + 1);
                    break;
                }
            }
            walked.push(place);
        }
        let mut expected = Vec::new();
        for (b, beat) in CHAPTERS[i].script.iter().enumerate() {
            if beat.ask.is_some() {
                expected.push(Place::Asking(b));
            }
            expected.push(Place::Played(b));
        }
        assert_eq!(walked, expected);
        assert!(walked.iter().any(|p| matches!(p, Place::Asking(_))));
        assert_eq!(next(i, Place::Start, false), Next::Chapter(i + 1));
        assert_eq!(next(i, Place::Asking(2), false), Next::Chapter(i + 1));
        let last = CHAPTERS.len() - 1;
        let last_beat = CHAPTERS[last].script.len() - 1;
        assert_eq!(
            next(last, Place::Played(last_beat), true),
            Next::Chapter(last)
        );
    }

    #[test]
    fn every_question_has_two_to_four_choices_and_an_answer_among_them() {
        let asked: Vec<_> = CHAPTERS
            .iter()
            .flat_map(|c| c.script)
            .filter_map(|b| b.ask)
            .collect();
        assert!(asked.len() >= 4);
        for q in asked {
            assert!(
                (2..=4).contains(&q.choices.len()) && q.answer < q.choices.len(),
                "{q:?}"
            );
        }
    }

    #[test]
    fn the_line_numbers_the_beat_played() {
        let c = chapter("monolith").unwrap();
        let n = c.script.len();
        let seen = Seen {
            failed: 41,
            throttled: 0,
            cold_starts: 3,
        };
        assert_eq!(
            beat_line(c, Place::Start, seen),
            format!("Press \u{2192} to walk through this chapter in {n} steps.")
        );
        assert_eq!(
            beat_line(c, Place::Played(0), seen),
            format!(
                "{} (1/{n}) \u{b7} since this step: 41 failed, 0 throttled, 3 cold starts",
                c.script[0].say
            )
        );
        // The crash beat asks first, then answers with the numbers.
        assert_eq!(
            beat_line(c, Place::Asking(1), seen),
            format!("Predict (2/{n}): A bug crashes the payments module. Which requests fail? A) Only payments B) Every endpoint C) None: the process restarts at once")
        );
        assert!(beat_line(c, Place::Played(1), seen)
            .contains("(2/4) \u{b7} Answer: B) Every endpoint \u{b7} since this step: 41 failed"));
    }

    #[test]
    fn a_beat_lands_in_a_few_seconds_whatever_it_covers() {
        let real_s = |now: f64, to: f64| (to - now) / 10f64.powf(landing_log_speed(now, to, 3.5));
        assert!((real_s(60.0, 900.0) - BEAT_REAL_S).abs() < 1e-9);
        // A short beat plays at real time rather than slower.
        assert_eq!(landing_log_speed(60.0, 62.0, 3.5), 0.0);
        // Past the fastest setting it takes longer: scripts keep their beats within it.
        assert!(real_s(0.0, 40_000.0) > BEAT_REAL_S);
    }

    /// Every beat of every script, played as the page plays it (actions taken where the last
    /// beat stopped, then the run to where this one stops), shows what its words say: failures,
    /// throttles or cold starts counted since it began. Fails if a script's words and its run
    /// part (a beat that stops before its event, or an action that no longer does what it says),
    /// or if a beat covers more simulated time than the fastest speed lands in time.
    #[test]
    fn every_beat_shows_what_it_says_and_lands_within_five_seconds() {
        use crate::explainer::chapters::Step;
        use crate::explainer::session::Session;
        let mut wrong = Vec::new();
        for c in CHAPTERS {
            let mut session = Session::new((c.scenario)());
            for (i, beat) in c.script.iter().enumerate() {
                let from = session.now();
                for step in beat.steps {
                    match *step {
                        Step::Do(a) => session.take(a),
                        Step::RunTo(t) => {
                            let speed = 10f64.powf(landing_log_speed(from, t, 3.5));
                            if (t - from) / speed > 5.0 {
                                wrong.push(format!(
                                    "{} beat {}: {} s take {:.1} s",
                                    c.id,
                                    i + 1,
                                    t - from,
                                    (t - from) / speed
                                ));
                            }
                            session.seek(t);
                            while !session.work(u64::MAX) {}
                        }
                        Step::Highlight(_) => {}
                    }
                }
                let seen = Seen::on_screen(&session.sims, c.archs, from);
                if !seen.shows(beat.shows) {
                    wrong.push(format!(
                        "{} beat {} says {:?} but saw {seen:?}",
                        c.id,
                        i + 1,
                        beat.shows
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(CHAPTERS.iter().all(|c| c.script.len() >= 2));
    }
}
