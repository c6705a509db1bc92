//! `Item`: the app's record of one film, show, season, episode or library.

use serde::{Deserialize, Serialize};

use super::{ImageRef, ItemKind, ModelError, Person, UserData};
use crate::civil_time::year_of;
use crate::jellyfin::{BaseItemDto, BaseItemPerson, ImageType};

/// Ticks in one minute (1 tick = 100 ns).
const TICKS_PER_MINUTE: i64 = 600_000_000;

/// Longest id accepted (real ids are 32 hex digits).
const MAX_ID_LEN: usize = 256;

/// An item as the app stores it (snake_case in IndexedDB).
///
/// `None` means "not known": the record came from a list that did not include the field.
/// `Some(empty)` means "known to be empty". Merging relies on the difference: an unknown field
/// never erases a known one. Dates are ms since the Unix epoch, runtimes are ticks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Item {
    /// Server id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Title in the original language.
    pub original_title: Option<String>,
    /// The server's sort name.
    pub sort_name: Option<String>,
    /// What the item is.
    pub kind: ItemKind,
    /// For libraries: what they hold (`movies`, `tvshows`, ...).
    pub collection_type: Option<String>,
    /// The containing item.
    pub parent_id: Option<String>,
    /// The show of a season or episode.
    pub series_id: Option<String>,
    /// The show's name.
    pub series_name: Option<String>,
    /// The season of an episode.
    pub season_id: Option<String>,
    /// The season's name.
    pub season_name: Option<String>,
    /// Episode or season number.
    pub index_number: Option<i32>,
    /// An episode's season number.
    pub parent_index_number: Option<i32>,
    /// Release year.
    pub production_year: Option<i32>,
    /// Release or first-air date.
    pub premiere_date: Option<i64>,
    /// When added to the library.
    pub date_created: Option<i64>,
    /// When a show ended.
    pub end_date: Option<i64>,
    /// Length in ticks.
    pub run_time_ticks: Option<i64>,
    /// Audience rating, 0 to 10.
    pub community_rating: Option<f64>,
    /// Critics' rating, 0 to 100.
    pub critic_rating: Option<f64>,
    /// Age rating.
    pub official_rating: Option<String>,
    /// Plot summary (plain text).
    pub overview: Option<String>,
    /// Taglines.
    pub taglines: Option<Vec<String>>,
    /// Genre names.
    pub genres: Option<Vec<String>>,
    /// Cast and crew.
    pub people: Option<Vec<Person>>,
    /// Studio names.
    pub studios: Option<Vec<String>>,
    /// Direct children.
    pub child_count: Option<u32>,
    /// All descendants.
    pub recursive_item_count: Option<u32>,
    /// A show's status (`Continuing`, `Ended`).
    pub status: Option<String>,
    /// The item's own poster.
    pub primary_image: Option<ImageRef>,
    /// Its backdrop, or the nearest ancestor's (episodes usually borrow the show's).
    pub backdrop_image: Option<ImageRef>,
    /// Its thumb, or the nearest ancestor's.
    pub thumb_image: Option<ImageRef>,
    /// The show's poster (seasons and episodes).
    pub series_primary_image: Option<ImageRef>,
    /// The signed-in user's state.
    pub user_data: Option<UserData>,
    /// Changes with the metadata.
    pub etag: Option<String>,
    /// When the metadata was last saved on the server.
    pub date_last_saved: Option<i64>,
}

impl Item {
    /// An item with only an id, a name and a kind known.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: ItemKind) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            kind,
            ..Self::default()
        }
    }

    /// Converts a server item, resolving images with Jellyfin's parent fallbacks.
    pub fn from_dto(dto: BaseItemDto) -> Result<Item, ModelError> {
        validate_id(&dto.id)?;
        let primary_image = own_image(&dto, ImageType::Primary);
        let backdrop_image = dto
            .backdrop_image_tags
            .as_ref()
            .and_then(|tags| tags.first())
            .map(|tag| image(&dto, &dto.id, ImageType::Backdrop, tag))
            .or_else(|| {
                let owner = dto.parent_backdrop_item_id.as_ref()?;
                let tag = dto.parent_backdrop_image_tags.as_ref()?.first()?;
                Some(image(&dto, owner, ImageType::Backdrop, tag))
            });
        let thumb_image = own_image(&dto, ImageType::Thumb).or_else(|| {
            let owner = dto.parent_thumb_item_id.as_ref()?;
            let tag = dto.parent_thumb_image_tag.as_ref()?;
            Some(image(&dto, owner, ImageType::Thumb, tag))
        });
        let series_primary_image = dto.series_id.as_ref().and_then(|series_id| {
            let tag = dto.series_primary_image_tag.as_ref()?;
            Some(image(&dto, series_id, ImageType::Primary, tag))
        });
        let user_data = dto.user_data.as_ref().map(UserData::from_dto);
        let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
        Ok(Item {
            name: dto
                .name
                .or_else(|| dto.original_title.clone())
                .unwrap_or_default(),
            original_title: dto.original_title,
            sort_name: dto.sort_name,
            kind: dto
                .item_type
                .as_ref()
                .map_or(ItemKind::Other, ItemKind::from_item_type),
            collection_type: dto.collection_type.map(|c| c.as_str().to_owned()),
            parent_id: dto.parent_id,
            series_id: dto.series_id,
            series_name: dto.series_name,
            season_id: dto.season_id,
            season_name: dto.season_name,
            index_number: dto.index_number,
            parent_index_number: dto.parent_index_number,
            production_year: dto.production_year,
            premiere_date: dto.premiere_date,
            date_created: dto.date_created,
            end_date: dto.end_date,
            run_time_ticks: dto.run_time_ticks,
            community_rating: dto.community_rating,
            critic_rating: dto.critic_rating,
            official_rating: dto.official_rating,
            overview: dto.overview,
            taglines: dto.taglines,
            genres: dto.genres,
            people: dto
                .people
                .map(|people| people.into_iter().filter_map(person).collect()),
            studios: dto
                .studios
                .map(|studios| studios.into_iter().filter_map(|s| s.name).collect()),
            child_count: count(dto.child_count),
            recursive_item_count: count(dto.recursive_item_count),
            status: dto.status,
            primary_image,
            backdrop_image,
            thumb_image,
            series_primary_image,
            user_data,
            etag: dto.etag,
            date_last_saved: dto.date_last_saved,
            id: dto.id,
        })
    }

    /// Whether the user has watched it.
    pub fn is_played(&self) -> bool {
        self.user_data.as_ref().is_some_and(|data| data.played)
    }

    /// How far the user got, 0 to 1, while in progress (`None` when not started or watched).
    pub fn progress(&self) -> Option<f64> {
        let data = self.user_data.as_ref().filter(|data| !data.played)?;
        match self.run_time_ticks {
            Some(runtime) if runtime > 0 && data.position_ticks > 0 => {
                Some((data.position_ticks as f64 / runtime as f64).clamp(0.0, 1.0))
            }
            _ => data
                .played_percentage
                .filter(|percent| *percent > 0.0)
                .map(|percent| (percent / 100.0).clamp(0.0, 1.0)),
        }
    }

    /// Length in whole minutes, rounded (at least 1 for anything with a length).
    pub fn runtime_minutes(&self) -> Option<u32> {
        let ticks = self.run_time_ticks.filter(|ticks| *ticks > 0)?;
        let minutes = (ticks + TICKS_PER_MINUTE / 2) / TICKS_PER_MINUTE;
        Some(u32::try_from(minutes).unwrap_or(u32::MAX).max(1))
    }

    /// The year to show: `1999`; for shows a span, `2008–2013` once ended, `2019–` while running.
    pub fn display_year(&self) -> Option<String> {
        let start = self
            .production_year
            .map(i64::from)
            .or(self.premiere_date.map(year_of))?;
        if self.kind != ItemKind::Series {
            return Some(start.to_string());
        }
        match self.status.as_deref() {
            Some(status) if status.eq_ignore_ascii_case("ended") => {
                match self.end_date.map(year_of).filter(|end| *end > start) {
                    Some(end) => Some(format!("{start}–{end}")),
                    None => Some(start.to_string()),
                }
            }
            Some(status) if status.eq_ignore_ascii_case("continuing") => Some(format!("{start}–")),
            _ => Some(start.to_string()),
        }
    }
}

/// Ids key cache records and go into URLs: empty or control characters would break both.
fn validate_id(id: &str) -> Result<(), ModelError> {
    if id.trim().is_empty() {
        return Err(ModelError::EmptyId);
    }
    if id.len() > MAX_ID_LEN || id.chars().any(char::is_control) {
        return Err(ModelError::InvalidId(id.to_owned()));
    }
    Ok(())
}

/// An image of `owner`, with its blurhash when the server sent one.
fn image(dto: &BaseItemDto, owner: &str, image_type: ImageType, tag: &str) -> ImageRef {
    let blurhash = dto
        .image_blur_hashes
        .as_ref()
        .and_then(|by_type| by_type.get(image_type.as_str()))
        .and_then(|by_tag| by_tag.get(tag))
        .cloned();
    let aspect_ratio = (image_type == ImageType::Primary && owner == dto.id)
        .then_some(dto.primary_image_aspect_ratio)
        .flatten();
    ImageRef {
        item_id: owner.to_owned(),
        image_type,
        tag: tag.to_owned(),
        blurhash,
        aspect_ratio,
    }
}

/// The item's own image of a type, from `ImageTags`.
fn own_image(dto: &BaseItemDto, image_type: ImageType) -> Option<ImageRef> {
    let tag = dto.image_tags.as_ref()?.get(image_type.as_str())?;
    Some(image(dto, &dto.id, image_type, tag))
}

/// A credit with a name (nameless credits are useless to show).
fn person(credit: BaseItemPerson) -> Option<Person> {
    let image = match (&credit.id, &credit.primary_image_tag) {
        (Some(id), Some(tag)) => Some(ImageRef {
            item_id: id.clone(),
            image_type: ImageType::Primary,
            tag: tag.clone(),
            blurhash: None,
            aspect_ratio: None,
        }),
        _ => None,
    };
    Some(Person {
        name: credit.name.filter(|name| !name.is_empty())?,
        id: credit.id,
        role: credit.role,
        kind: credit.person_type,
        image,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::parse_jellyfin_date;

    fn dto(json: &str) -> BaseItemDto {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn converts_a_movie() {
        let item = Item::from_dto(dto(
            r#"{"Id": "m1", "Name": "Heat", "SortName": "heat", "Type": "Movie", "ProductionYear": 1995,
                "PremiereDate": "1995-12-15T00:00:00Z", "RunTimeTicks": 102000000000.0, "Genres": [],
                "People": [{"Name": "Al Pacino", "Id": "p1", "Role": "Hanna", "Type": "Actor", "PrimaryImageTag": "pt"},
                           {"Name": null, "Id": "p2"}],
                "Studios": [{"Name": "Regency", "Id": "s"}, {"Id": "nameless"}], "ChildCount": -1,
                "ImageTags": {"Primary": "pt1"}, "PrimaryImageAspectRatio": 0.67,
                "ImageBlurHashes": {"Primary": {"pt1": "hash"}},
                "UserData": {"Played": true, "PlayCount": 1, "IsFavorite": false}}"#,
        ))
        .unwrap();
        assert_eq!(
            (item.id.as_str(), item.name.as_str(), item.kind),
            ("m1", "Heat", ItemKind::Movie)
        );
        assert_eq!(
            item.premiere_date,
            parse_jellyfin_date("1995-12-15T00:00:00Z")
        );
        assert_eq!(item.genres, Some(vec![]), "known to be empty");
        assert_eq!(item.overview, None, "not asked for, so unknown");
        let people = item.people.as_ref().unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].image.as_ref().unwrap().item_id, "p1");
        assert_eq!(item.studios, Some(vec!["Regency".to_owned()]));
        assert_eq!(item.child_count, None);
        let primary = item.primary_image.as_ref().unwrap();
        assert_eq!(
            (
                primary.tag.as_str(),
                primary.blurhash.as_deref(),
                primary.aspect_ratio
            ),
            ("pt1", Some("hash"), Some(0.67))
        );
        assert!(item.is_played());
        assert_eq!(item.runtime_minutes(), Some(170));
        assert_eq!(item.display_year().as_deref(), Some("1995"));
    }

    #[test]
    fn episode_images_fall_back_to_the_show() {
        let item = Item::from_dto(dto(
            r#"{"Id": "e1", "Name": "Pilot", "Type": "Episode", "SeriesId": "s1", "SeriesPrimaryImageTag": "sp",
                "ParentBackdropItemId": "s1", "ParentBackdropImageTags": ["sb0", "sb1"],
                "ParentThumbItemId": "s1", "ParentThumbImageTag": "st", "ImageTags": {"Primary": "ep"},
                "ImageBlurHashes": {"Backdrop": {"sb0": "bh"}, "Primary": {"sp": "sph"}}}"#,
        ))
        .unwrap();
        let backdrop = item.backdrop_image.unwrap();
        assert_eq!(
            (
                backdrop.item_id.as_str(),
                backdrop.tag.as_str(),
                backdrop.blurhash.as_deref()
            ),
            ("s1", "sb0", Some("bh"))
        );
        let thumb = item.thumb_image.unwrap();
        assert_eq!((thumb.item_id.as_str(), thumb.tag.as_str()), ("s1", "st"));
        let series = item.series_primary_image.unwrap();
        assert_eq!(
            (
                series.item_id.as_str(),
                series.tag.as_str(),
                series.blurhash.as_deref()
            ),
            ("s1", "sp", Some("sph"))
        );
        assert_eq!(item.primary_image.unwrap().item_id, "e1");
    }

    #[test]
    fn own_backdrop_wins_over_the_parent() {
        let item = Item::from_dto(dto(
            r#"{"Id": "m", "BackdropImageTags": ["own"], "ParentBackdropItemId": "p", "ParentBackdropImageTags": ["theirs"]}"#,
        ))
        .unwrap();
        let backdrop = item.backdrop_image.unwrap();
        assert_eq!(
            (backdrop.item_id.as_str(), backdrop.tag.as_str()),
            ("m", "own")
        );
        assert_eq!(item.kind, ItemKind::Other);
        assert_eq!(item.primary_image, None);
    }

    #[test]
    fn libraries_keep_their_collection_type() {
        let item = Item::from_dto(dto(r#"{"Id": "l", "Name": "Shows", "Type": "CollectionFolder", "CollectionType": "TvShows"}"#)).unwrap();
        assert_eq!(
            (item.kind, item.collection_type.as_deref()),
            (ItemKind::Library, Some("tvshows"))
        );
    }

    #[test]
    fn rejects_unusable_ids() {
        assert_eq!(
            Item::from_dto(BaseItemDto::new("  ")),
            Err(ModelError::EmptyId)
        );
        let err = Item::from_dto(BaseItemDto::new("a\nb")).unwrap_err();
        assert!(matches!(err, ModelError::InvalidId(_)));
        assert!(!err.to_string().contains('\n'));
        assert!(ModelError::EmptyId.to_string().contains("without an id"));
    }

    #[test]
    fn progress_from_position_or_percentage() {
        let mut item = Item::new("e", "E", ItemKind::Episode);
        assert_eq!(item.progress(), None);
        item.run_time_ticks = Some(1_000);
        item.user_data = Some(UserData {
            position_ticks: 250,
            ..Default::default()
        });
        assert_eq!(item.progress(), Some(0.25));
        item.user_data = Some(UserData {
            played_percentage: Some(40.0),
            ..Default::default()
        });
        assert_eq!(item.progress(), Some(0.4));
        item.user_data = Some(UserData {
            position_ticks: 5_000,
            ..Default::default()
        });
        assert_eq!(item.progress(), Some(1.0));
        item.user_data = Some(UserData {
            played: true,
            position_ticks: 500,
            ..Default::default()
        });
        assert_eq!(item.progress(), None);
    }

    #[test]
    fn runtime_rounds_to_minutes() {
        let mut item = Item::new("m", "M", ItemKind::Movie);
        assert_eq!(item.runtime_minutes(), None);
        item.run_time_ticks = Some(17_999_998_976);
        assert_eq!(item.runtime_minutes(), Some(30));
        item.run_time_ticks = Some(1);
        assert_eq!(item.runtime_minutes(), Some(1));
        item.run_time_ticks = Some(0);
        assert_eq!(item.runtime_minutes(), None);
    }

    #[test]
    fn display_years_for_shows() {
        let mut show = Item::new("s", "S", ItemKind::Series);
        assert_eq!(show.display_year(), None);
        show.premiere_date = parse_jellyfin_date("2008-01-20T00:00:00Z");
        assert_eq!(show.display_year().as_deref(), Some("2008"));
        show.status = Some("Continuing".into());
        assert_eq!(show.display_year().as_deref(), Some("2008–"));
        show.status = Some("Ended".into());
        show.end_date = parse_jellyfin_date("2013-09-29T00:00:00Z");
        assert_eq!(show.display_year().as_deref(), Some("2008–2013"));
        show.production_year = Some(2007);
        assert_eq!(show.display_year().as_deref(), Some("2007–2013"));
    }

    #[test]
    fn serde_round_trip_in_snake_case() {
        let item = Item::from_dto(dto(
            r#"{"Id": "e1", "Name": "Pilot", "Type": "Episode", "SeriesId": "s1", "SeriesPrimaryImageTag": "sp",
                "UserData": {"PlaybackPositionTicks": 10, "Played": false}, "Genres": ["Drama"]}"#,
        ))
        .unwrap();
        let json = serde_json::to_string(&item).unwrap();
        assert!(
            json.contains("\"series_primary_image\"") && json.contains("\"kind\":\"episode\""),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Item>(&json).unwrap(), item);
        // Records written by an older version (fewer fields) still read.
        let old: Item =
            serde_json::from_str(r#"{"id": "x", "name": "X", "kind": "movie"}"#).unwrap();
        assert_eq!(old, Item::new("x", "X", ItemKind::Movie));
    }
}
