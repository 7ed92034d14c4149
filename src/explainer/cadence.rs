//! What each animation frame does besides simulating: how long it may simulate, and which views
//! it redraws. The diagrams follow every frame, except during a jump (a replay to a linked or
//! sought time), when only the progress bar moves and they are redrawn a few times a second; the
//! charts and claims, heavier, are redrawn twice a second while time moves, at once when a
//! paused step lands or the scenario changed, and not at all during a jump or while nothing
//! moves; a screen reader hears what changed every few seconds at most.

/// Simulation work per frame, in milliseconds: the rest of the frame is the page's. During a
/// jump only the progress bar moves, so a frame may give more of itself to the engine and still
/// answer a click or a key within a frame or two.
pub const WORK_MS_PER_FRAME: f64 = 10.0;
pub const JUMP_WORK_MS_PER_FRAME: f64 = 30.0;
/// A jump shorter than this needs no progress bar.
pub const SHOW_PROGRESS_AFTER_S: f64 = 0.3;
/// During a jump the diagrams and clock are redrawn this often, not every frame: drawing four
/// diagrams took a third of each frame from the engine (frames of 50 ms for 30 of work).
pub const JUMP_REDRAW_S: f64 = 0.25;
/// Charts and claims are redrawn this often while time moves.
pub const CHARTS_EVERY_S: f64 = 0.5;
/// Real seconds between live-region announcements, so a screen reader can keep up.
pub const ANNOUNCE_EVERY_S: f64 = 3.0;

/// The milliseconds of simulation a frame may spend.
pub fn work_ms(jumping: bool) -> f64 {
    if jumping {
        JUMP_WORK_MS_PER_FRAME
    } else {
        WORK_MS_PER_FRAME
    }
}

/// One frame, as the session stands after its work.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// Real seconds since the last frame.
    pub dt: f64,
    /// A jump is under way (the session has not reached its target).
    pub jumping: bool,
    /// The session's scenario version, and whether its replay has caught up with the target.
    pub version: u64,
    pub caught_up: bool,
    /// The simulated time on display.
    pub now: f64,
    pub playing: bool,
}

/// What the frame redraws.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Redraws {
    /// The jump's progress bar is on show (a jump that takes more than a glance).
    pub progress: bool,
    pub diagrams: bool,
    pub charts: bool,
    /// Time for the live region to say what changed since it last spoke.
    pub announce: bool,
}

#[derive(Clone, Debug)]
pub struct Cadence {
    jumping_for: f64,
    since_charts: f64,
    /// The simulated time the charts were last drawn at.
    charts_drawn_at: f64,
    drawn_version: u64,
    since_diagrams: f64,
    since_announced: f64,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            jumping_for: 0.0,
            since_charts: 0.0,
            charts_drawn_at: -1.0,
            drawn_version: 0,
            since_diagrams: 0.0,
            since_announced: 0.0,
        }
    }
}

impl Cadence {
    pub fn next(&mut self, f: Frame) -> Redraws {
        self.jumping_for = if f.jumping {
            self.jumping_for + f.dt
        } else {
            0.0
        };
        // A changed scenario is redrawn as soon as its replay has caught up, not at the next tick.
        let changed = f.version != self.drawn_version && f.caught_up;
        if changed {
            self.drawn_version = f.version;
        }
        self.since_charts += f.dt;
        let moved = f.now != self.charts_drawn_at && !f.jumping;
        let charts = changed
            || (moved && (self.since_charts > CHARTS_EVERY_S || (!f.playing && f.caught_up)));
        if charts {
            self.since_charts = 0.0;
            self.charts_drawn_at = f.now;
        }
        self.since_diagrams += f.dt;
        let diagrams = !f.jumping || self.since_diagrams >= JUMP_REDRAW_S;
        if diagrams {
            self.since_diagrams = 0.0;
        }
        self.since_announced += f.dt;
        let announce = self.since_announced > ANNOUNCE_EVERY_S;
        if announce {
            self.since_announced = 0.0;
        }
        Redraws {
            progress: f.jumping && self.jumping_for > SHOW_PROGRESS_AFTER_S,
            diagrams,
            charts,
            announce,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DT: f64 = 1.0 / 60.0;

    fn playing(now: f64) -> Frame {
        Frame {
            dt: DT,
            jumping: false,
            version: 0,
            caught_up: true,
            now,
            playing: true,
        }
    }

    /// How many of `n` frames made by `frame(i)` redraw what `which` picks.
    fn count(
        c: &mut Cadence,
        n: usize,
        frame: impl Fn(usize) -> Frame,
        which: fn(Redraws) -> bool,
    ) -> usize {
        (0..n).filter(|&i| which(c.next(frame(i)))).count()
    }

    #[test]
    fn while_playing_diagrams_follow_every_frame_and_charts_twice_a_second() {
        let mut c = Cadence::default();
        let frame = |i: usize| playing(i as f64 * DT);
        assert_eq!(count(&mut c, 600, frame, |r| r.diagrams), 600);
        let mut c = Cadence::default();
        let charts = count(&mut c, 600, frame, |r| r.charts);
        assert!(
            (19..=21).contains(&charts),
            "{charts} chart redraws in 10 s"
        );
        let mut c = Cadence::default();
        let spoken = count(&mut c, 600, frame, |r| r.announce);
        assert_eq!(spoken, 3, "every 3 s in 10 s");
    }

    #[test]
    fn a_jump_moves_only_the_progress_bar_and_the_diagrams_four_times_a_second() {
        let mut c = Cadence::default();
        let jump = |i: usize| Frame {
            jumping: true,
            caught_up: false,
            ..playing(i as f64 * 10.0)
        };
        let redraws: Vec<Redraws> = (0..120).map(|i| c.next(jump(i))).collect();
        assert_eq!(redraws.iter().filter(|r| r.charts).count(), 0);
        let diagrams = redraws.iter().filter(|r| r.diagrams).count();
        assert!(
            (7..=9).contains(&diagrams),
            "{diagrams} diagram redraws in 2 s"
        );
        // The bar shows once the jump has lasted more than a glance, and not before.
        let first_bar = redraws.iter().position(|r| r.progress).expect("a bar");
        let shown_after = (first_bar + 1) as f64 * DT;
        assert!(
            shown_after > SHOW_PROGRESS_AFTER_S && shown_after < SHOW_PROGRESS_AFTER_S + 2.0 * DT,
            "shown after {shown_after} s"
        );
        assert!(redraws[first_bar..].iter().all(|r| r.progress));
        // When the jump lands, the charts are drawn at once.
        let landed = c.next(playing(2000.0));
        assert!(landed.charts && landed.diagrams && !landed.progress);
    }

    #[test]
    fn paused_the_charts_wait_for_a_move_and_then_follow_it_at_once() {
        let mut c = Cadence::default();
        let paused = |now: f64| Frame {
            playing: false,
            ..playing(now)
        };
        assert!(c.next(paused(5.0)).charts, "the first frame draws");
        let idle = (0..300).filter(|_| c.next(paused(5.0)).charts).count();
        assert_eq!(idle, 0, "nothing moved, nothing redrawn");
        assert!(c.next(paused(6.0)).charts, "a step lands: drawn at once");
        // A step whose replay has not caught up yet waits for it.
        assert!(
            !c.next(Frame {
                caught_up: false,
                ..paused(7.0)
            })
            .charts
        );
        assert!(c.next(paused(7.0)).charts);
    }

    #[test]
    fn a_new_scenario_is_drawn_as_soon_as_its_replay_has_caught_up() {
        let mut c = Cadence::default();
        c.next(playing(1.0));
        let changed = |caught_up| Frame {
            version: 1,
            caught_up,
            ..playing(1.0)
        };
        assert!(!c.next(changed(false)).charts, "not while still replaying");
        assert!(c.next(changed(true)).charts);
        assert!(!c.next(changed(true)).charts, "once");
    }

    #[test]
    fn a_jump_may_simulate_longer_per_frame() {
        assert!(work_ms(true) > work_ms(false));
        assert!(
            work_ms(false) <= 16.7 / 1.5,
            "most of a 60 Hz frame stays the page's"
        );
    }
}
