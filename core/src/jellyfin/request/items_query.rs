//! `ItemsQuery`: the parameters of `GET /Items`.

use crate::jellyfin::{format_jellyfin_date, ItemType};

use super::SortOrder;

/// The fields the app asks for in lists: enough for cards, sorting, filtering and merging.
pub const LIST_FIELDS: &str =
    "SortName,DateCreated,Etag,Genres,ChildCount,RecursiveItemCount,ParentId,PrimaryImageAspectRatio";

/// The fields for a season's episode list: the list fields plus the overview shown per episode.
pub const EPISODE_FIELDS: &str = "SortName,DateCreated,Etag,Genres,ChildCount,RecursiveItemCount,ParentId,PrimaryImageAspectRatio,Overview";

/// The parameters of an items query. Empty/`None`/`false` parameters are left out of the URL,
/// so the server's defaults apply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemsQuery {
    /// Only items below this item (a library, a show, ...).
    pub parent_id: Option<String>,
    /// Only these types.
    pub include_item_types: Vec<ItemType>,
    /// Search all descendants, not just direct children.
    pub recursive: bool,
    /// Sort fields (`SortName`, `DateCreated`, ...), most significant first.
    pub sort_by: Vec<String>,
    /// Sort direction.
    pub sort_order: Option<SortOrder>,
    /// Skip this many items.
    pub start_index: Option<u32>,
    /// Return at most this many items.
    pub limit: Option<u32>,
    /// Extra fields to include (see [`LIST_FIELDS`]).
    pub fields: Vec<String>,
    /// Full-text search.
    pub search_term: Option<String>,
    /// Only names starting with this (a letter).
    pub name_starts_with: Option<String>,
    /// Only names sorting before this (`A` for the `#` group).
    pub name_less_than: Option<String>,
    /// `Some(true)`: only watched; `Some(false)`: only unwatched (`Filters=IsPlayed|IsUnplayed`).
    pub is_played: Option<bool>,
    /// Only favorites (`IsFavorite=true`).
    pub is_favorite: bool,
    /// Only these genres (any of them; Jellyfin separates them with `|`).
    pub genres: Vec<String>,
    /// Only these release years.
    pub years: Vec<i32>,
    /// Only these ids.
    pub ids: Vec<String>,
    /// Only items whose metadata changed since (ms since the Unix epoch).
    pub min_date_last_saved: Option<i64>,
    /// Only items whose user data changed since (ms since the Unix epoch).
    pub min_date_last_saved_for_user: Option<i64>,
    /// Whether the server should count all matches (`false` makes big pages cheaper).
    pub enable_total_record_count: Option<bool>,
    /// Whether to include image tags.
    pub enable_images: Option<bool>,
}

impl ItemsQuery {
    /// [`LIST_FIELDS`] as a `fields` value.
    pub fn list_fields() -> Vec<String> {
        LIST_FIELDS.split(',').map(str::to_owned).collect()
    }

    /// The query pairs, in a fixed order, values not yet encoded.
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut query = Vec::new();
        let mut push = |name: &str, value: String| query.push((name.to_owned(), value));
        if let Some(parent_id) = &self.parent_id {
            push("ParentId", parent_id.clone());
        }
        if !self.include_item_types.is_empty() {
            let types: Vec<&str> = self
                .include_item_types
                .iter()
                .map(ItemType::as_str)
                .collect();
            push("IncludeItemTypes", types.join(","));
        }
        if self.recursive {
            push("Recursive", "true".to_owned());
        }
        if !self.sort_by.is_empty() {
            push("SortBy", self.sort_by.join(","));
        }
        if let Some(order) = self.sort_order {
            push("SortOrder", order.as_wire().to_owned());
        }
        if let Some(start) = self.start_index {
            push("StartIndex", start.to_string());
        }
        if let Some(limit) = self.limit {
            push("Limit", limit.to_string());
        }
        if !self.fields.is_empty() {
            push("Fields", self.fields.join(","));
        }
        if let Some(term) = &self.search_term {
            push("SearchTerm", term.clone());
        }
        if let Some(prefix) = &self.name_starts_with {
            push("NameStartsWith", prefix.clone());
        }
        if let Some(bound) = &self.name_less_than {
            push("NameLessThan", bound.clone());
        }
        if let Some(played) = self.is_played {
            push(
                "Filters",
                if played { "IsPlayed" } else { "IsUnplayed" }.to_owned(),
            );
        }
        if self.is_favorite {
            push("IsFavorite", "true".to_owned());
        }
        if !self.genres.is_empty() {
            push("Genres", self.genres.join("|"));
        }
        if !self.years.is_empty() {
            let years: Vec<String> = self.years.iter().map(i32::to_string).collect();
            push("Years", years.join(","));
        }
        if !self.ids.is_empty() {
            push("Ids", self.ids.join(","));
        }
        if let Some(since) = self.min_date_last_saved {
            push("MinDateLastSaved", format_jellyfin_date(since));
        }
        if let Some(since) = self.min_date_last_saved_for_user {
            push("MinDateLastSavedForUser", format_jellyfin_date(since));
        }
        if let Some(count) = self.enable_total_record_count {
            push("EnableTotalRecordCount", count.to_string());
        }
        if let Some(images) = self.enable_images {
            push("EnableImages", images.to_string());
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_has_no_parameters() {
        assert!(ItemsQuery::default().to_query().is_empty());
    }

    #[test]
    fn writes_every_parameter_in_order() {
        let query = ItemsQuery {
            parent_id: Some("lib".into()),
            include_item_types: vec![ItemType::Movie, ItemType::Series],
            recursive: true,
            sort_by: vec!["DateCreated".into(), "SortName".into()],
            sort_order: Some(SortOrder::Desc),
            start_index: Some(100),
            limit: Some(50),
            fields: ItemsQuery::list_fields(),
            search_term: Some("x".into()),
            name_starts_with: Some("B".into()),
            name_less_than: None,
            is_played: Some(false),
            is_favorite: true,
            genres: vec!["Drama".into(), "Comedy".into()],
            years: vec![1999, 2000],
            ids: vec!["a".into(), "b".into()],
            min_date_last_saved: Some(0),
            min_date_last_saved_for_user: Some(1_000),
            enable_total_record_count: Some(false),
            enable_images: Some(false),
        };
        let pairs = query.to_query();
        let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "ParentId",
                "IncludeItemTypes",
                "Recursive",
                "SortBy",
                "SortOrder",
                "StartIndex",
                "Limit",
                "Fields",
                "SearchTerm",
                "NameStartsWith",
                "Filters",
                "IsFavorite",
                "Genres",
                "Years",
                "Ids",
                "MinDateLastSaved",
                "MinDateLastSavedForUser",
                "EnableTotalRecordCount",
                "EnableImages"
            ]
        );
        let value = |name: &str| pairs.iter().find(|(n, _)| n == name).unwrap().1.as_str();
        assert_eq!(value("IncludeItemTypes"), "Movie,Series");
        assert_eq!(value("SortOrder"), "Descending");
        assert_eq!(value("Fields"), LIST_FIELDS);
        assert_eq!(value("Filters"), "IsUnplayed");
        assert_eq!(value("Genres"), "Drama|Comedy");
        assert_eq!(value("MinDateLastSaved"), "1970-01-01T00:00:00.0000000Z");
        assert_eq!(
            value("MinDateLastSavedForUser"),
            "1970-01-01T00:00:01.0000000Z"
        );
    }

    #[test]
    fn episode_fields_extend_list_fields() {
        assert!(EPISODE_FIELDS.starts_with(LIST_FIELDS));
        assert!(EPISODE_FIELDS.ends_with(",Overview"));
    }
}
