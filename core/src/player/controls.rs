//! The player's own control bar, decided without a browser: when it shows, what the seek bar
//! and the clock say, where a skip lands, and which track menu is open.
use super::player_state::PlayerState;
use super::time::{clock, TICKS_PER_SECOND};

/// The bar hides after this long without the mouse, a touch or a key while playing.
pub const CONTROLS_LINGER_MS: i64 = 3_000;

/// Whether the controls show: always while paused or a track menu is open, else for
/// [`CONTROLS_LINGER_MS`] after the last mouse move, touch or key.
pub fn controls_shown(paused: bool, menu: TrackMenu, last_activity_ms: i64, now_ms: i64) -> bool {
    paused || menu != TrackMenu::Closed || now_ms - last_activity_ms < CONTROLS_LINGER_MS
}

/// Which track menu is open (one at a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrackMenu {
    /// None.
    #[default]
    Closed,
    /// The subtitles menu.
    Subtitles,
    /// The audio menu.
    Audio,
}

impl TrackMenu {
    /// The menu after its button is pressed: it opens (closing the other), or closes.
    pub fn toggled(self, pressed: TrackMenu) -> TrackMenu {
        if self == pressed {
            TrackMenu::Closed
        } else {
            pressed
        }
    }
}

/// Where buffering reaches from `position`: the end of the buffered range (start, end in
/// ticks) that holds it; `position` itself when none does (nothing buffered there yet).
pub fn buffered_end(ranges: &[(i64, i64)], position: i64) -> i64 {
    ranges
        .iter()
        .filter(|(start, end)| *start <= position && position <= *end)
        .map(|(_, end)| *end)
        .max()
        .unwrap_or(position)
}

/// `ticks` moved by `delta`, kept within the media (`runtime` 0: its length is not known yet).
pub fn skip(ticks: i64, delta: i64, runtime: i64) -> i64 {
    let moved = ticks.saturating_add(delta).max(0);
    if runtime > 0 {
        moved.min(runtime)
    } else {
        moved
    }
}

/// What the seek bar and the clock show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeekBar {
    /// The range input's maximum, in whole seconds (at least 1).
    pub max_seconds: i64,
    /// The range input's value, in whole seconds.
    pub value_seconds: i64,
    /// How much is buffered ahead, as a whole percent of the bar (where it reaches).
    pub buffered_percent: i64,
    /// Elapsed time, "0:15".
    pub elapsed: String,
    /// Remaining time, "-0:45".
    pub remaining: String,
}

impl PlayerState {
    /// The seek bar of this state, for media `runtime` ticks long.
    pub fn seek_bar(&self, runtime: i64) -> SeekBar {
        let runtime = runtime.max(0);
        let position = if runtime > 0 {
            self.position_ticks.clamp(0, runtime)
        } else {
            self.position_ticks.max(0)
        };
        let buffered = self.buffered_ticks.max(position);
        let buffered_percent = if runtime > 0 {
            (buffered.min(runtime) as i128 * 100 / runtime as i128) as i64
        } else {
            0
        };
        SeekBar {
            max_seconds: (runtime / TICKS_PER_SECOND).max(1),
            value_seconds: position / TICKS_PER_SECOND,
            buffered_percent,
            elapsed: clock(position),
            remaining: format!("-{}", clock(runtime - position)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = TICKS_PER_SECOND;

    #[test]
    fn the_bar_shows_while_paused_or_a_menu_is_open_and_lingers_after_activity() {
        assert!(controls_shown(true, TrackMenu::Closed, 0, 60_000));
        assert!(controls_shown(false, TrackMenu::Audio, 0, 60_000));
        assert!(controls_shown(false, TrackMenu::Closed, 10_000, 12_999));
        assert!(!controls_shown(false, TrackMenu::Closed, 10_000, 13_000));
    }

    #[test]
    fn one_menu_at_a_time_and_its_button_closes_it() {
        let open = TrackMenu::Closed.toggled(TrackMenu::Subtitles);
        assert_eq!(open, TrackMenu::Subtitles);
        assert_eq!(open.toggled(TrackMenu::Audio), TrackMenu::Audio);
        assert_eq!(open.toggled(TrackMenu::Subtitles), TrackMenu::Closed);
    }

    #[test]
    fn buffering_reaches_the_end_of_the_range_that_holds_the_position() {
        let ranges = [(0, 10 * S), (20 * S, 35 * S)];
        assert_eq!(buffered_end(&ranges, 5 * S), 10 * S);
        assert_eq!(buffered_end(&ranges, 22 * S), 35 * S);
        assert_eq!(
            buffered_end(&ranges, 15 * S),
            15 * S,
            "a gap: nothing ahead"
        );
        assert_eq!(buffered_end(&[], 3 * S), 3 * S);
    }

    #[test]
    fn skips_stay_within_the_media() {
        assert_eq!(skip(5 * S, -10 * S, 60 * S), 0);
        assert_eq!(skip(55 * S, 10 * S, 60 * S), 60 * S);
        assert_eq!(skip(20 * S, 10 * S, 60 * S), 30 * S);
        assert_eq!(skip(20 * S, 10 * S, 0), 30 * S, "length unknown yet");
    }

    #[test]
    fn the_seek_bar_says_where_it_is_what_is_buffered_and_what_is_left() {
        let state = PlayerState {
            position_ticks: 15 * S + 4_000_000,
            buffered_ticks: 30 * S,
            ..Default::default()
        };
        assert_eq!(
            state.seek_bar(60 * S),
            SeekBar {
                max_seconds: 60,
                value_seconds: 15,
                buffered_percent: 50,
                elapsed: "0:15".into(),
                remaining: "-0:44".into(),
            }
        );
    }

    #[test]
    fn an_unknown_length_or_a_position_past_it_reads_sensibly() {
        let state = PlayerState {
            position_ticks: 70 * S,
            buffered_ticks: 0,
            ..Default::default()
        };
        let bar = state.seek_bar(60 * S);
        assert_eq!(
            (
                bar.value_seconds,
                bar.buffered_percent,
                bar.remaining.as_str()
            ),
            (60, 100, "-0:00")
        );
        let bar = PlayerState::default().seek_bar(0);
        assert_eq!(
            (bar.max_seconds, bar.value_seconds, bar.buffered_percent),
            (1, 0, 0)
        );
    }
}
