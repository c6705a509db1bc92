//! When to tell the server about playback, as Jellyfin's clients do: start once playing, a
//! progress report every 10 s of playing and on pause, unpause and seek, and one stop.

/// A progress report goes at least this often while playing.
pub const PROGRESS_INTERVAL_MS: i64 = 10_000;

/// What happened in the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayerEvent {
    /// The media is playing (first time, or after a pause).
    Playing,
    /// Paused.
    Paused,
    /// A seek finished.
    Seeked,
    /// Time passes (the media element's `timeupdate`, or a timer).
    Tick,
    /// The player is closing (leaving the page, closing or hiding the tab, the end).
    Stop,
}

/// A report to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// `/Sessions/Playing`.
    Start,
    /// `/Sessions/Playing/Progress` with this `EventName`.
    Progress(&'static str),
    /// `/Sessions/Playing/Stopped`.
    Stop,
}

/// The schedule of one playback (one `PlaySessionId`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportSchedule {
    started: bool,
    stopped: bool,
    paused: bool,
    last_report_at: i64,
}

impl ReportSchedule {
    /// A schedule for a playback that has not started.
    pub fn new() -> Self {
        Self::default()
    }

    /// The report `event` at `now` (ms) calls for, if any.
    pub fn on(&mut self, event: PlayerEvent, now: i64) -> Option<ReportKind> {
        if self.stopped {
            return None;
        }
        let report = match event {
            PlayerEvent::Playing if !self.started => {
                self.started = true;
                ReportKind::Start
            }
            _ if !self.started => return None,
            PlayerEvent::Playing if self.paused => {
                self.paused = false;
                ReportKind::Progress("unpause")
            }
            PlayerEvent::Playing => return None,
            PlayerEvent::Paused if self.paused => return None,
            PlayerEvent::Paused => {
                self.paused = true;
                ReportKind::Progress("pause")
            }
            PlayerEvent::Seeked => ReportKind::Progress("seek"),
            PlayerEvent::Tick => {
                if self.paused || now - self.last_report_at < PROGRESS_INTERVAL_MS {
                    return None;
                }
                ReportKind::Progress("timeupdate")
            }
            PlayerEvent::Stop => {
                self.stopped = true;
                ReportKind::Stop
            }
        };
        self.last_report_at = now;
        Some(report)
    }

    /// A start report went out and no stop yet.
    pub fn is_active(&self) -> bool {
        self.started && !self.stopped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlayerEvent::*;

    fn run(events: &[(PlayerEvent, i64)]) -> Vec<(i64, ReportKind)> {
        let mut schedule = ReportSchedule::new();
        events
            .iter()
            .filter_map(|&(e, t)| schedule.on(e, t).map(|r| (t, r)))
            .collect()
    }

    #[test]
    fn start_then_progress_every_ten_seconds_then_one_stop() {
        let mut events = vec![(Tick, 0), (Playing, 100)];
        events.extend((1..=25).map(|s| (Tick, 100 + s * 1000)));
        events.extend([(Stop, 26_500), (Stop, 27_000), (Tick, 40_000)]);
        assert_eq!(
            run(&events),
            vec![
                (100, ReportKind::Start),
                (10_100, ReportKind::Progress("timeupdate")),
                (20_100, ReportKind::Progress("timeupdate")),
                (26_500, ReportKind::Stop),
            ]
        );
    }

    #[test]
    fn pause_seek_and_unpause_report_at_once_and_restart_the_interval() {
        let reports = run(&[
            (Playing, 0),
            (Tick, 4_000),
            (Paused, 5_000),
            (Paused, 5_100),
            (Tick, 30_000),
            (Playing, 31_000),
            (Seeked, 33_000),
            (Tick, 42_000),
            (Tick, 43_000),
        ]);
        assert_eq!(
            reports,
            vec![
                (0, ReportKind::Start),
                (5_000, ReportKind::Progress("pause")),
                (31_000, ReportKind::Progress("unpause")),
                (33_000, ReportKind::Progress("seek")),
                (43_000, ReportKind::Progress("timeupdate")),
            ]
        );
    }

    #[test]
    fn nothing_is_reported_for_a_playback_that_never_started() {
        assert!(run(&[(Paused, 1), (Seeked, 2), (Tick, 20_000), (Stop, 30_000)]).is_empty());
    }
}
