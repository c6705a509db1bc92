//! `QueryResult<BaseItemDto>`: one page of items.

use serde::{Deserialize, Serialize};

use super::BaseItemDto;

/// A page of items. Only a JSON object with an `Items` array is a page: `{}`, `[]`,
/// `{"Items": null}` are not answers but look-alikes (a proxy, a captive portal), and reading
/// them as "no items" would empty the cache. Old servers leave `StartIndex` out (read as 0); a
/// missing `TotalRecordCount` reads as the page length (what the server reports when counting
/// is off).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase", from = "RawItemsResult")]
pub struct ItemsResult {
    /// The items of this page.
    pub items: Vec<BaseItemDto>,
    /// How many items match in total.
    pub total_record_count: u32,
    /// The position of the first item of this page.
    pub start_index: u32,
}

/// The envelope exactly as sent: `Items` required (not null), the counts optional.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawItemsResult {
    items: Vec<BaseItemDto>,
    #[serde(default)]
    total_record_count: Option<u32>,
    #[serde(default)]
    start_index: Option<u32>,
}

impl From<RawItemsResult> for ItemsResult {
    fn from(raw: RawItemsResult) -> Self {
        let items = raw.items;
        Self {
            total_record_count: raw
                .total_record_count
                .unwrap_or_else(|| u32::try_from(items.len()).unwrap_or(u32::MAX)),
            start_index: raw.start_index.unwrap_or(0),
            items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_page() {
        let page: ItemsResult = serde_json::from_str(
            r#"{"Items": [{"Id": "a"}, {"Id": "b"}], "TotalRecordCount": 120, "StartIndex": 40}"#,
        )
        .unwrap();
        assert_eq!(
            (page.items.len(), page.total_record_count, page.start_index),
            (2, 120, 40)
        );
    }

    #[test]
    fn missing_start_index_and_count_get_defaults() {
        let page: ItemsResult =
            serde_json::from_str(r#"{"Items": [{"Id": "a"}, {"Id": "b"}, {"Id": "c"}]}"#).unwrap();
        assert_eq!((page.total_record_count, page.start_index), (3, 0));
        let empty: ItemsResult = serde_json::from_str(r#"{"Items": []}"#).unwrap();
        assert_eq!((empty.items.len(), empty.total_record_count), (0, 0));
    }

    #[test]
    fn look_alikes_are_not_pages() {
        for body in [
            "{}",
            "[]",
            r#"{"Items": null}"#,
            r#"{"Items": {}}"#,
            r#"{"TotalRecordCount": 0}"#,
            "",
            "null",
            "<html><body>Sign in to the network</body></html>",
        ] {
            assert!(
                serde_json::from_str::<ItemsResult>(body).is_err(),
                "{body:?} read as a page"
            );
        }
    }

    #[test]
    fn one_bad_item_fails_the_page() {
        let err = serde_json::from_str::<ItemsResult>(r#"{"Items": [{"Id": "a"}, {"Id": ""}]}"#)
            .unwrap_err();
        assert!(err.to_string().contains("item Id is empty"));
    }

    #[test]
    fn latest_is_a_bare_array() {
        let latest: Vec<BaseItemDto> = serde_json::from_str(
            r#"[{"Id": "s", "Type": "Series", "ChildCount": 3}, {"Id": "m", "Type": "Movie"}]"#,
        )
        .unwrap();
        assert_eq!(latest.len(), 2);
        assert_eq!(latest[0].child_count, Some(3));
    }

    #[test]
    fn round_trips() {
        let page: ItemsResult =
            serde_json::from_str(r#"{"Items": [{"Id": "a", "Name": "A"}], "TotalRecordCount": 9}"#)
                .unwrap();
        let json = serde_json::to_string(&page).unwrap();
        assert!(json.contains(r#""StartIndex":0"#));
        assert_eq!(serde_json::from_str::<ItemsResult>(&json).unwrap(), page);
    }
}
