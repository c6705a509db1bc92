//! `BaseItemDto`: one film, show, season, episode, library, ... as Jellyfin sends it.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::{BaseItemPerson, CollectionType, ItemType, NameGuidPair, UserItemDataDto};

/// An item as Jellyfin sends it. Only `Id` is required; every other field may be absent or
/// `null` (list endpoints send a small default field set), and unknown fields are ignored.
/// Dates are ms since the Unix epoch (an unreadable date reads as `None`, see
/// [`parse_jellyfin_date`](super::parse_jellyfin_date)); ticks are 100 ns units.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BaseItemDto {
    /// The item id (32 lowercase hex digits on real servers); never empty.
    #[serde(deserialize_with = "non_empty_id")]
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Title in the original language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_title: Option<String>,
    /// The name used for sorting (articles dropped by the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_name: Option<String>,
    /// The server the item belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
    /// Changes whenever the item's metadata changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// What kind of item this is.
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub item_type: Option<ItemType>,
    /// Whether the item contains other items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_folder: Option<bool>,
    /// What a library holds (on libraries only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_type: Option<CollectionType>,
    /// `Video`, `Audio`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The containing item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// When the item was added to the library.
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_created: Option<i64>,
    /// Release or first-air date.
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub premiere_date: Option<i64>,
    /// When a show ended.
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub end_date: Option<i64>,
    /// Release year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub production_year: Option<i32>,
    /// Length in ticks (on a series: one episode's length).
    #[serde(
        default,
        deserialize_with = "super::ticks::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub run_time_ticks: Option<i64>,
    /// Plot summary (plain text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// Short taglines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taglines: Option<Vec<String>>,
    /// Audience rating, 0 to 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community_rating: Option<f64>,
    /// Critics' rating, 0 to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub critic_rating: Option<f64>,
    /// Age rating (`PG-13`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official_rating: Option<String>,
    /// Genre names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub genres: Option<Vec<String>>,
    /// Cast and crew.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<BaseItemPerson>>,
    /// Studios.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub studios: Option<Vec<NameGuidPair>>,
    /// Free-form tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// External ids (`Tmdb`, `Imdb`, ...).
    #[serde(
        default,
        deserialize_with = "super::lenient_map::string_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_ids: Option<BTreeMap<String, String>>,
    /// The show an episode or season belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series_id: Option<String>,
    /// The show's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series_name: Option<String>,
    /// The season an episode belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub season_id: Option<String>,
    /// The season's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub season_name: Option<String>,
    /// Episode or season number (missing for specials and unmatched files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_number: Option<i32>,
    /// An episode's season number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_index_number: Option<i32>,
    /// Direct children (seasons of a show, episodes of a season, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_count: Option<i32>,
    /// All descendants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recursive_item_count: Option<i32>,
    /// A show's status (`Continuing`, `Ended`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Image type (`Primary`, `Thumb`, ...) to its cache tag.
    #[serde(
        default,
        deserialize_with = "super::lenient_map::string_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub image_tags: Option<BTreeMap<String, String>>,
    /// Backdrop tags; the position is the image index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backdrop_image_tags: Option<Vec<String>>,
    /// Image type to (tag to blurhash).
    #[serde(
        default,
        deserialize_with = "super::lenient_map::nested_string_map",
        skip_serializing_if = "Option::is_none"
    )]
    pub image_blur_hashes: Option<BTreeMap<String, BTreeMap<String, String>>>,
    /// Width / height of the primary image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_image_aspect_ratio: Option<f64>,
    /// The show's poster tag (on seasons and episodes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series_primary_image_tag: Option<String>,
    /// The ancestor whose backdrop stands in for this item's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_backdrop_item_id: Option<String>,
    /// That ancestor's backdrop tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_backdrop_image_tags: Option<Vec<String>>,
    /// The ancestor whose thumb stands in for this item's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_thumb_item_id: Option<String>,
    /// That ancestor's thumb tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_thumb_image_tag: Option<String>,
    /// The signed-in user's data for this item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<UserItemDataDto>,
    /// When the metadata was last saved (not sent by stock servers; used by merge when present).
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_last_saved: Option<i64>,
}

impl BaseItemDto {
    /// An item with only an id, every other field unknown (a starting point for tests and fakes).
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: None,
            original_title: None,
            sort_name: None,
            server_id: None,
            etag: None,
            item_type: None,
            is_folder: None,
            collection_type: None,
            media_type: None,
            parent_id: None,
            date_created: None,
            premiere_date: None,
            end_date: None,
            production_year: None,
            run_time_ticks: None,
            overview: None,
            taglines: None,
            community_rating: None,
            critic_rating: None,
            official_rating: None,
            genres: None,
            people: None,
            studios: None,
            tags: None,
            provider_ids: None,
            series_id: None,
            series_name: None,
            season_id: None,
            season_name: None,
            index_number: None,
            parent_index_number: None,
            child_count: None,
            recursive_item_count: None,
            status: None,
            image_tags: None,
            backdrop_image_tags: None,
            image_blur_hashes: None,
            primary_image_aspect_ratio: None,
            series_primary_image_tag: None,
            parent_backdrop_item_id: None,
            parent_backdrop_image_tags: None,
            parent_thumb_item_id: None,
            parent_thumb_image_tag: None,
            user_data: None,
            date_last_saved: None,
        }
    }
}

/// Rejects an empty `Id`: every cache record and URL is keyed by it.
fn non_empty_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let id = String::deserialize(deserializer)?;
    if id.trim().is_empty() {
        return Err(serde::de::Error::custom("item Id is empty"));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::parse_jellyfin_date;

    #[test]
    fn reads_a_full_movie() {
        let json = r#"{
            "Name": "The Matrix", "ServerId": "s1", "Id": "a1b2", "Etag": "e1",
            "DateCreated": "2024-01-15T12:34:56.1234567Z", "PremiereDate": "1999-03-30T00:00:00.0000000Z",
            "ProductionYear": 1999, "RunTimeTicks": 81720000000, "IsFolder": false, "Type": "Movie",
            "Genres": ["Action", "Science Fiction"], "CommunityRating": 8.2, "OfficialRating": "R",
            "People": [{"Name": "Keanu Reeves", "Id": "p1", "Role": "Neo", "Type": "Actor", "PrimaryImageTag": "pt"}],
            "Studios": [{"Name": "Warner Bros.", "Id": "st1"}],
            "ProviderIds": {"Tmdb": "603", "Imdb": "tt0133093"},
            "ImageTags": {"Primary": "ptag", "Logo": "ltag"}, "BackdropImageTags": ["b0", "b1"],
            "ImageBlurHashes": {"Primary": {"ptag": "LEHV6n"}, "Backdrop": {"b0": "L6Pj0^"}},
            "PrimaryImageAspectRatio": 0.6666666666666666,
            "UserData": {"PlaybackPositionTicks": 0, "PlayCount": 2, "IsFavorite": true, "Played": true,
                         "LastPlayedDate": "2024-02-01T20:00:00Z", "Key": "603", "ItemId": "00000000000000000000000000000000"},
            "SomethingNew": {"nested": [1, 2, 3]}
        }"#;
        let item: BaseItemDto = serde_json::from_str(json).unwrap();
        assert_eq!(item.id, "a1b2");
        assert_eq!(item.item_type, Some(ItemType::Movie));
        assert_eq!(
            item.date_created,
            parse_jellyfin_date("2024-01-15T12:34:56.123Z")
        );
        assert_eq!(item.run_time_ticks, Some(81_720_000_000));
        assert_eq!(
            item.people.as_ref().unwrap()[0].role.as_deref(),
            Some("Neo")
        );
        assert_eq!(
            item.studios.as_ref().unwrap()[0].name.as_deref(),
            Some("Warner Bros.")
        );
        assert_eq!(item.image_tags.as_ref().unwrap()["Primary"], "ptag");
        assert_eq!(
            item.image_blur_hashes.as_ref().unwrap()["Backdrop"]["b0"],
            "L6Pj0^"
        );
        let user_data = item.user_data.unwrap();
        assert_eq!(
            (
                user_data.played,
                user_data.play_count,
                user_data.is_favorite
            ),
            (Some(true), Some(2), Some(true))
        );
    }

    #[test]
    fn accepts_nulls_everywhere() {
        let json = r#"{"Id": "x", "Name": null, "Type": null, "CollectionType": null, "DateCreated": null,
            "RunTimeTicks": null, "Genres": null, "People": null, "ImageTags": null, "UserData": null,
            "ImageBlurHashes": null, "ProviderIds": null, "IndexNumber": null, "CommunityRating": null}"#;
        let item: BaseItemDto = serde_json::from_str(json).unwrap();
        assert_eq!(item, BaseItemDto::new("x"));
    }

    #[test]
    fn unknown_type_is_kept_as_other() {
        let item: BaseItemDto = serde_json::from_str(r#"{"Id": "t", "Type": "Trailer"}"#).unwrap();
        assert_eq!(item.item_type, Some(ItemType::Other("Trailer".into())));
    }

    #[test]
    fn float_ticks_are_rounded() {
        let item: BaseItemDto =
            serde_json::from_str(r#"{"Id": "e", "RunTimeTicks": 17999998976.0}"#).unwrap();
        assert_eq!(item.run_time_ticks, Some(17_999_998_976));
    }

    #[test]
    fn min_and_unreadable_dates_are_none_without_failing_the_item() {
        let item: BaseItemDto = serde_json::from_str(
            r#"{"Id": "d", "PremiereDate": "0001-01-01T00:00:00.0000000Z", "DateCreated": "garbage", "EndDate": "2020-05-01T00:00:00"}"#,
        )
        .unwrap();
        assert_eq!(item.premiere_date, None);
        assert_eq!(item.date_created, None);
        assert_eq!(item.end_date, parse_jellyfin_date("2020-05-01T00:00:00Z"));
    }

    #[test]
    fn empty_id_is_rejected_with_a_clear_message() {
        let err = serde_json::from_str::<BaseItemDto>(r#"{"Id": "", "Name": "x"}"#).unwrap_err();
        assert!(err.to_string().contains("item Id is empty"), "{err}");
        let err = serde_json::from_str::<BaseItemDto>(r#"{"Name": "x"}"#).unwrap_err();
        assert!(err.to_string().contains("Id"), "{err}");
        assert!(serde_json::from_str::<BaseItemDto>(r#"{"Id": null}"#).is_err());
    }

    #[test]
    fn round_trips_through_json() {
        let json = r#"{"Id": "r", "Name": "Pilot", "Type": "episode", "CollectionType": "TVSHOWS",
            "PremiereDate": "2008-01-20T00:00:00Z", "RunTimeTicks": 34999998976.0, "IndexNumber": 1,
            "ParentIndexNumber": 1, "SeriesId": "s", "ParentBackdropItemId": "s", "ParentBackdropImageTags": ["pb"],
            "UserData": {"PlaybackPositionTicks": 1200000000.0, "PlayedPercentage": 12.5, "Played": false}}"#;
        let item: BaseItemDto = serde_json::from_str(json).unwrap();
        let written = serde_json::to_string(&item).unwrap();
        assert!(written.contains(r#""Type":"Episode""#), "{written}");
        assert!(
            written.contains(r#""CollectionType":"tvshows""#),
            "{written}"
        );
        assert!(
            written.contains(r#""PremiereDate":"2008-01-20T00:00:00.0000000Z""#),
            "{written}"
        );
        assert!(
            !written.contains("null"),
            "absent fields are left out: {written}"
        );
        let again: BaseItemDto = serde_json::from_str(&written).unwrap();
        assert_eq!(again, item);
    }
}
