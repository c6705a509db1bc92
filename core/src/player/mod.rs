//! Playback rules, decided without a browser: when to report and what ([`ReportSchedule`],
//! [`PlaybackPlan`]), what a stop does to the user's data ([`stop_outcome`], Jellyfin's 5% and
//! 90% rules), where to resume ([`resume_label`]), when up next shows ([`UpNextCountdown`]),
//! intros ([`Segments`]), the control bar ([`controls_shown`], [`SeekBar`], [`TrackMenu`]), what this browser plays ([`device_profile`]) and how
//! ([`plan_playback`]). The browser layer feeds in events and times and renders the answers.
mod controls;
mod device_profile;
mod play_plan;
mod player_state;
mod report_schedule;
mod resume;
mod segments;
mod time;
mod tracks;
mod up_next;

pub use controls::{buffered_end, controls_shown, skip, SeekBar, TrackMenu, CONTROLS_LINGER_MS};
pub use device_profile::{device_profile, HlsSupport, PlayableFormat, FORMATS_TO_PROBE};
pub use play_plan::{plan_playback, MediaAccess, PlayError, PlayMethod, PlaybackPlan};
pub use player_state::PlayerState;
pub use report_schedule::{PlayerEvent, ReportKind, ReportSchedule, PROGRESS_INTERVAL_MS};
pub use resume::{
    apply_stop, resume_label, start_position, stop_outcome, StopOutcome, MAX_RESUME_PCT,
    MIN_RESUME_PCT,
};
pub use segments::{Segment, SegmentKind, Segments};
pub use time::{clock, seconds_to_ticks, ticks_to_seconds, TICKS_PER_SECOND};
pub use tracks::{choose_audio, choose_subtitle};
pub use up_next::{up_next_due, UpNextCountdown, UP_NEXT_COUNTDOWN_MS, UP_NEXT_LEAD_TICKS};
