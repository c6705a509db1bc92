//! The player's state (what the page renders) and the reports built from it.
use super::play_plan::PlaybackPlan;
use crate::jellyfin::{PlaybackProgressInfo, PlaybackStopInfo};

/// What is playing, where, and with which tracks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlayerState {
    /// The position, in ticks.
    pub position_ticks: i64,
    /// The media's length as the element knows it, in ticks (0 until known).
    pub duration_ticks: i64,
    /// Where buffering reaches from the position, in ticks ([`super::buffered_end`]).
    pub buffered_ticks: i64,
    /// Paused (or not started).
    pub paused: bool,
    /// Muted.
    pub muted: bool,
    /// Volume, 0 to 100.
    pub volume: i32,
    /// The audio stream playing.
    pub audio_stream_index: Option<i32>,
    /// The subtitle stream shown.
    pub subtitle_stream_index: Option<i32>,
}

impl PlayerState {
    /// The length: the element's when known, else the server's.
    pub fn runtime_ticks(&self, plan: &PlaybackPlan) -> i64 {
        if self.duration_ticks > 0 {
            self.duration_ticks
        } else {
            plan.runtime_ticks.unwrap_or(0)
        }
    }

    /// A start or progress report of `plan` in this state.
    pub fn progress_report(
        &self,
        plan: &PlaybackPlan,
        event_name: Option<&str>,
    ) -> PlaybackProgressInfo {
        PlaybackProgressInfo {
            item_id: plan.item_id.clone(),
            media_source_id: plan.media_source_id.clone(),
            play_session_id: plan.play_session_id.clone(),
            position_ticks: self.position_ticks,
            is_paused: self.paused,
            is_muted: self.muted,
            volume_level: self.volume.clamp(0, 100),
            can_seek: true,
            play_method: plan.method.as_str().into(),
            audio_stream_index: self.audio_stream_index,
            subtitle_stream_index: self.subtitle_stream_index,
            event_name: event_name.map(str::to_owned),
        }
    }

    /// The stop report of `plan` at this position.
    pub fn stop_report(&self, plan: &PlaybackPlan) -> PlaybackStopInfo {
        PlaybackStopInfo {
            item_id: plan.item_id.clone(),
            media_source_id: plan.media_source_id.clone(),
            play_session_id: plan.play_session_id.clone(),
            position_ticks: self.position_ticks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::player::PlayMethod;

    #[test]
    fn reports_carry_the_plans_ids_and_the_exact_position() {
        let plan = PlaybackPlan {
            item_id: "i".into(),
            media_source_id: "src".into(),
            play_session_id: "ps".into(),
            method: PlayMethod::Transcode,
            url: String::new(),
            runtime_ticks: Some(10),
            streams: Vec::new(),
            source: Default::default(),
        };
        let state = PlayerState {
            position_ticks: 123_456_789,
            paused: true,
            volume: 140,
            subtitle_stream_index: Some(3),
            ..Default::default()
        };
        let report = state.progress_report(&plan, Some("pause"));
        assert_eq!(
            (
                report.item_id.as_str(),
                report.media_source_id.as_str(),
                report.play_session_id.as_str(),
                report.position_ticks,
                report.is_paused,
                report.volume_level,
                report.play_method.as_str(),
                report.subtitle_stream_index,
                report.event_name.as_deref()
            ),
            (
                "i",
                "src",
                "ps",
                123_456_789,
                true,
                100,
                "Transcode",
                Some(3),
                Some("pause")
            )
        );
        let stop = state.stop_report(&plan);
        assert_eq!(
            (
                stop.media_source_id.as_str(),
                stop.play_session_id.as_str(),
                stop.position_ticks
            ),
            ("src", "ps", 123_456_789)
        );
        assert_eq!(state.runtime_ticks(&plan), 10);
    }
}
