//! `GET /MediaSegments/{itemId}` (10.10+): intros, outros, recaps of an item.

use serde::{Deserialize, Serialize};

/// One segment. Times in ticks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MediaSegmentDto {
    /// `Intro`, `Outro`, `Recap`, `Preview`, `Commercial`, `Unknown`.
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Start, in ticks.
    #[serde(deserialize_with = "super::ticks::deserialize")]
    pub start_ticks: Option<i64>,
    /// End, in ticks.
    #[serde(deserialize_with = "super::ticks::deserialize")]
    pub end_ticks: Option<i64>,
}

/// The answer's envelope.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MediaSegmentsResult {
    /// The segments, in any order.
    #[serde(deserialize_with = "super::lenient_list::list")]
    pub items: Vec<MediaSegmentDto>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_segments_and_tolerates_nulls() {
        let page: MediaSegmentsResult = serde_json::from_str(
            r#"{"Items": [{"Id": "s", "ItemId": "i", "Type": "Intro", "StartTicks": 0, "EndTicks": 150000000.0}], "TotalRecordCount": 1}"#,
        )
        .unwrap();
        assert_eq!(
            page.items,
            vec![MediaSegmentDto {
                kind: Some("Intro".into()),
                start_ticks: Some(0),
                end_ticks: Some(150_000_000)
            }]
        );
        let empty: MediaSegmentsResult = serde_json::from_str(r#"{"Items": null}"#).unwrap();
        assert!(empty.items.is_empty());
    }
}
