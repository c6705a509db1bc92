//! `UserData`: what the signed-in user did with an item.

use serde::{Deserialize, Serialize};

use crate::jellyfin::UserItemDataDto;

/// The user's state of an item, with the server's absent values settled to defaults.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserData {
    /// Resume position in ticks (0 when not started or once played).
    pub position_ticks: i64,
    /// Progress in percent, only while in progress.
    pub played_percentage: Option<f64>,
    /// Watched.
    pub played: bool,
    /// Times watched.
    pub play_count: u32,
    /// Marked as a favorite.
    pub favorite: bool,
    /// When last watched (ms since the Unix epoch).
    pub last_played_at: Option<i64>,
    /// Unwatched episodes (shows and seasons).
    pub unplayed_count: Option<u32>,
}

impl UserData {
    /// Settles the wire form: missing flags are `false`, missing counts 0, negatives dropped.
    pub fn from_dto(dto: &UserItemDataDto) -> Self {
        Self {
            position_ticks: dto.playback_position_ticks.unwrap_or(0).max(0),
            played_percentage: dto.played_percentage,
            played: dto.played.unwrap_or(false),
            play_count: dto
                .play_count
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0),
            favorite: dto.is_favorite.unwrap_or(false),
            last_played_at: dto.last_played_date,
            unplayed_count: dto.unplayed_item_count.and_then(|n| u32::try_from(n).ok()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settles_missing_and_negative_values() {
        let dto = UserItemDataDto {
            playback_position_ticks: Some(-5),
            play_count: Some(-1),
            unplayed_item_count: Some(4),
            is_favorite: Some(true),
            ..Default::default()
        };
        let data = UserData::from_dto(&dto);
        assert_eq!(
            data,
            UserData {
                favorite: true,
                unplayed_count: Some(4),
                ..Default::default()
            }
        );
    }
}
