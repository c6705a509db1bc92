//! `CachedItem`: one record of the cache's `items` store.

use serde::{Deserialize, Serialize};

use crate::model::{FieldLevel, Item, SortKeys};

/// An item with what the cache needs around it: when it was fetched, how complete it is,
/// which library grid it belongs to, its precomputed sort keys (the store's indexes read them)
/// and when a page last showed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedItem {
    /// The item.
    pub item: Item,
    /// When it was fetched (ms since the Unix epoch).
    pub fetched_at: i64,
    /// From a list or from the details endpoint.
    pub level: FieldLevel,
    /// The library grid it is listed in (top-level films and shows only).
    pub library_id: Option<String>,
    /// Sort keys, kept in step with `item`. Records written before sort keys existed read as
    /// empty keys; the cache's migration recomputes them.
    #[serde(default)]
    pub sort: SortKeys,
    /// When a page last showed it (ms since the Unix epoch).
    pub last_used_at: i64,
}

impl CachedItem {
    /// A record fetched and used `now`, with its sort keys computed.
    pub fn new(
        item: Item,
        level: FieldLevel,
        library_id: impl Into<Option<String>>,
        now: i64,
    ) -> Self {
        Self {
            sort: SortKeys::of(&item),
            item,
            fetched_at: now,
            level,
            library_id: library_id.into(),
            last_used_at: now,
        }
    }

    /// The item id (the record's key).
    pub fn id(&self) -> &str {
        &self.item.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemKind;

    #[test]
    fn new_computes_sort_keys_and_times() {
        let record = CachedItem::new(
            Item::new("m", "The Thing", ItemKind::Movie),
            FieldLevel::Thin,
            None,
            42,
        );
        assert_eq!(
            (
                record.sort.name.as_str(),
                record.fetched_at,
                record.last_used_at
            ),
            ("thing", 42, 42)
        );
        assert_eq!(record.id(), "m");
        let json = serde_json::to_string(&record).unwrap();
        assert!(
            json.contains("\"fetched_at\":42") && json.contains("\"level\":\"thin\""),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<CachedItem>(&json).unwrap(), record);
    }
}
