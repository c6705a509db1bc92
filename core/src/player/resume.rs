//! What a stop does to the user's data, as Jellyfin decides it: under 5% of the runtime
//! (`MinResumePct`) nothing is kept, past 90% (`MaxResumePct`) or within a second of the end
//! the item is played and its position reset; in between the position is the resume point.
use super::time::{clock, TICKS_PER_SECOND};
use crate::model::UserData;

/// Past this share of the runtime (percent), a stop marks the item played.
pub const MAX_RESUME_PCT: i64 = 90;
/// Under this share (percent), a stop keeps no resume position.
pub const MIN_RESUME_PCT: i64 = 5;

/// What a stop at some position means for the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopOutcome {
    /// Watched: played, position 0.
    Played,
    /// A resume point at these ticks.
    Resume(i64),
    /// Barely started: no resume point.
    NotStarted,
}

/// The outcome of stopping at `position` in something `runtime` ticks long (unknown runtime:
/// the position is kept as it is).
pub fn stop_outcome(position: i64, runtime: Option<i64>) -> StopOutcome {
    let position = position.max(0);
    let Some(runtime) = runtime.filter(|r| *r > 0) else {
        return if position > 0 {
            StopOutcome::Resume(position)
        } else {
            StopOutcome::NotStarted
        };
    };
    // Integer percentages in i128: exact for any tick count.
    let (pos, run) = (i128::from(position), i128::from(runtime));
    if pos * 100 > run * i128::from(MAX_RESUME_PCT) || runtime - position <= TICKS_PER_SECOND {
        StopOutcome::Played
    } else if pos * 100 < run * i128::from(MIN_RESUME_PCT) {
        StopOutcome::NotStarted
    } else {
        StopOutcome::Resume(position)
    }
}

/// Applies a stop to the user's data, as the server will (`now`: when, ms since the epoch).
pub fn apply_stop(data: &mut UserData, position: i64, runtime: Option<i64>, now: Option<i64>) {
    match stop_outcome(position, runtime) {
        StopOutcome::Played => {
            if !data.played {
                data.play_count += 1;
            }
            data.played = true;
            data.position_ticks = 0;
            data.played_percentage = None;
        }
        StopOutcome::Resume(ticks) => {
            data.position_ticks = ticks;
            data.played_percentage = runtime
                .filter(|r| *r > 0)
                .map(|r| ticks as f64 * 100.0 / r as f64);
        }
        StopOutcome::NotStarted => {
            data.position_ticks = 0;
            data.played_percentage = None;
        }
    }
    if now.is_some() {
        data.last_played_at = now;
    }
}

/// "Resume 42:10" for an item with a saved position; `None` without one.
pub fn resume_label(position_ticks: i64) -> Option<String> {
    (position_ticks > 0).then(|| format!("Resume {}", clock(position_ticks)))
}

/// Where playback starts: the saved position, or 0 when starting over (or nothing is saved).
pub fn start_position(data: Option<&UserData>, from_start: bool) -> i64 {
    match data {
        Some(d) if !from_start && !d.played => d.position_ticks.max(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60 * TICKS_PER_SECOND;

    #[test]
    fn the_five_and_ninety_percent_rules() {
        let run = Some(100 * MINUTE);
        assert_eq!(stop_outcome(4 * MINUTE, run), StopOutcome::NotStarted);
        assert_eq!(
            stop_outcome(5 * MINUTE, run),
            StopOutcome::Resume(5 * MINUTE)
        );
        assert_eq!(
            stop_outcome(90 * MINUTE, run),
            StopOutcome::Resume(90 * MINUTE)
        );
        assert_eq!(stop_outcome(90 * MINUTE + 1, run), StopOutcome::Played);
        assert_eq!(stop_outcome(100 * MINUTE, run), StopOutcome::Played);
    }

    #[test]
    fn the_last_second_counts_as_the_end_even_when_short() {
        let run = Some(5 * TICKS_PER_SECOND);
        assert_eq!(stop_outcome(4 * TICKS_PER_SECOND, run), StopOutcome::Played);
        assert_eq!(
            stop_outcome(3 * TICKS_PER_SECOND, run),
            StopOutcome::Resume(3 * TICKS_PER_SECOND)
        );
    }

    #[test]
    fn without_a_runtime_the_position_is_kept() {
        assert_eq!(stop_outcome(77, None), StopOutcome::Resume(77));
        assert_eq!(stop_outcome(0, Some(0)), StopOutcome::NotStarted);
    }

    #[test]
    fn a_stop_changes_user_data_like_the_server() {
        let mut data = UserData::default();
        apply_stop(&mut data, 30 * MINUTE, Some(60 * MINUTE), Some(7));
        assert_eq!(
            (
                data.position_ticks,
                data.played_percentage,
                data.played,
                data.last_played_at
            ),
            (30 * MINUTE, Some(50.0), false, Some(7))
        );
        apply_stop(&mut data, 59 * MINUTE, Some(60 * MINUTE), Some(8));
        assert_eq!(
            (
                data.position_ticks,
                data.played_percentage,
                data.played,
                data.play_count
            ),
            (0, None, true, 1)
        );
        apply_stop(&mut data, MINUTE, Some(60 * MINUTE), None);
        assert_eq!((data.position_ticks, data.last_played_at), (0, Some(8)));
    }

    #[test]
    fn labels_and_start_positions() {
        assert_eq!(
            resume_label((42 * 60 + 10) * TICKS_PER_SECOND + 5).as_deref(),
            Some("Resume 42:10")
        );
        assert_eq!(resume_label(0), None);
        let data = UserData {
            position_ticks: 1234,
            ..Default::default()
        };
        assert_eq!(start_position(Some(&data), false), 1234);
        assert_eq!(start_position(Some(&data), true), 0);
        assert_eq!(start_position(None, false), 0);
    }
}
