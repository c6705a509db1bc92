//! `UserItemDataDto`: what one user did with one item.

use serde::{Deserialize, Serialize};

/// Per-user state of an item. Every field may be absent.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserItemDataDto {
    /// Resume position in ticks (reset to 0 once played).
    #[serde(
        default,
        deserialize_with = "super::ticks::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub playback_position_ticks: Option<i64>,
    /// Progress in percent (only while in progress).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub played_percentage: Option<f64>,
    /// Watched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub played: Option<bool>,
    /// Times watched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub play_count: Option<i32>,
    /// Marked as a favorite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_favorite: Option<bool>,
    /// When last watched (ms since the Unix epoch).
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_played_date: Option<i64>,
    /// Unwatched episodes (on shows and seasons).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unplayed_item_count: Option<i32>,
    /// The server's user-data key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The item id (all zeros on 10.9/10.10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_float_ticks_and_nulls() {
        let data: UserItemDataDto = serde_json::from_str(
            r#"{"PlaybackPositionTicks": 6000000000.0, "PlayedPercentage": 33.3, "Played": null, "LastPlayedDate": "0001-01-01T00:00:00"}"#,
        )
        .unwrap();
        assert_eq!(data.playback_position_ticks, Some(6_000_000_000));
        assert_eq!(data.played, None);
        assert_eq!(data.last_played_date, None);
    }
}
