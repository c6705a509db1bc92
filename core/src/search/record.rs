//! `SearchRecord`: what search reads of an item to rank it. The cache reads it out of the
//! stored item's JSON without building the whole item; only the results shown are read whole.

use serde::Deserialize;

use super::index_keys::{index_words, is_searchable};
use super::stored_order::key_word;
use crate::model::{Item, ItemKind};

/// The search side of a cached film, show or episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRecord {
    /// The item's id.
    pub id: String,
    /// Its index keys (`index_words`): a typed word is first looked for among these.
    pub words: Vec<String>,
    /// Its name, as the server gave it (the titles are normalized only when matched).
    pub name: String,
    /// Its title in the original language.
    pub original_title: Option<String>,
    /// The server's sort name.
    pub sort_name: Option<String>,
    /// Started and not finished: ranked first among equal matches.
    pub in_progress: bool,
    /// When it came out, else when it was added (ms): the most recent ranks first.
    pub date: Option<i64>,
}

impl SearchRecord {
    /// The record of `item`, or `None` for a kind search does not find (seasons, libraries).
    pub fn of(item: &Item) -> Option<SearchRecord> {
        if !is_searchable(&item.kind) {
            return None;
        }
        Some(SearchRecord {
            id: item.id.clone(),
            words: index_words(item),
            name: item.name.clone(),
            original_title: item.original_title.clone(),
            sort_name: item.sort_name.clone(),
            in_progress: item
                .user_data
                .as_ref()
                .is_some_and(|data| data.position_ticks > 0 && !data.played),
            date: item.premiere_date.or(item.date_created),
        })
    }

    /// The titles it is found by (name, original title, sort name).
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.original_title.as_deref())
            .chain(self.sort_name.as_deref())
    }

    /// The records in a JSON array of stored item records (a cached item with its index keys
    /// as `search_words`, as the cache writes them), in the array's order. Only the fields
    /// ranking needs are read; the rest of each item is skipped, not built. A kind search does
    /// not find reads as `None`.
    pub fn from_stored_json(text: &str) -> Result<Vec<Option<SearchRecord>>, serde_json::Error> {
        let stored: Vec<Stored> = serde_json::from_str(text)?;
        Ok(stored
            .into_iter()
            .map(|s| is_searchable(&s.item.kind).then(|| s.into_record()))
            .collect())
    }
}

/// The part of a stored item record ranking reads (field names as `CachedItem` writes them).
#[derive(Deserialize)]
struct Stored {
    item: StoredItem,
    /// Index keys: a word and its order (`stored_order`), or a bare word (schema v3).
    #[serde(default)]
    search_words: Vec<String>,
}

#[derive(Deserialize)]
struct StoredItem {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    original_title: Option<String>,
    #[serde(default)]
    sort_name: Option<String>,
    kind: ItemKind,
    #[serde(default)]
    premiere_date: Option<i64>,
    #[serde(default)]
    date_created: Option<i64>,
    #[serde(default)]
    user_data: Option<StoredUserData>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StoredUserData {
    position_ticks: i64,
    played: bool,
}

impl Stored {
    fn into_record(self) -> SearchRecord {
        let item = self.item;
        SearchRecord {
            id: item.id,
            words: self
                .search_words
                .iter()
                .map(|key| key_word(key).to_owned())
                .collect(),
            name: item.name,
            original_title: item.original_title,
            sort_name: item.sort_name,
            in_progress: item
                .user_data
                .is_some_and(|data| data.position_ticks > 0 && !data.played),
            date: item.premiere_date.or(item.date_created),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::CachedItem;
    use crate::model::{FieldLevel, UserData};
    use crate::search::titles;

    fn film() -> Item {
        let mut item = Item::new("m1", "Léon: The Professional", ItemKind::Movie);
        item.original_title = Some("Léon".into());
        item.sort_name = Some("leon the professional".into());
        item.date_created = Some(7);
        item.overview = Some("A hitman takes in a girl.".into());
        item.user_data = Some(UserData {
            position_ticks: 10,
            ..UserData::default()
        });
        item
    }

    /// A cached item's JSON with its index keys added, as the cache stores it.
    fn stored_json(item: &Item) -> String {
        let json = serde_json::to_string(&CachedItem::new(item.clone(), FieldLevel::Full, None, 1))
            .unwrap();
        let words = serde_json::to_string(&crate::search::index_keys(item)).unwrap();
        format!(
            "{},\"search_words\":{words}}}",
            json.strip_suffix('}').unwrap()
        )
    }

    #[test]
    fn holds_titles_words_and_what_ranking_reads() {
        let record = SearchRecord::of(&film()).expect("a film is searchable");
        assert_eq!(
            record,
            SearchRecord {
                id: "m1".into(),
                words: vec!["leon".into(), "professional".into()],
                name: "Léon: The Professional".into(),
                original_title: Some("Léon".into()),
                sort_name: Some("leon the professional".into()),
                in_progress: true,
                date: Some(7),
            }
        );
        assert!(titles(&film()).eq(record.titles()));
    }

    #[test]
    fn premiere_wins_over_date_added_and_played_is_not_in_progress() {
        let mut item = Item::new("e1", "Pilot", ItemKind::Episode);
        item.premiere_date = Some(5);
        item.date_created = Some(9);
        item.user_data = Some(UserData {
            position_ticks: 10,
            played: true,
            ..UserData::default()
        });
        let record = SearchRecord::of(&item).expect("an episode is searchable");
        assert_eq!(record.date, Some(5));
        assert!(!record.in_progress);
    }

    #[test]
    fn seasons_and_libraries_have_none() {
        assert!(SearchRecord::of(&Item::new("s", "Season 1", ItemKind::Season)).is_none());
        assert!(SearchRecord::of(&Item::new("l", "Movies", ItemKind::Library)).is_none());
    }

    #[test]
    fn reads_the_same_record_out_of_stored_items() {
        let season = Item::new("s1", "Season 1", ItemKind::Season);
        let mut plain = Item::new("m2", "Up", ItemKind::Movie);
        plain.premiere_date = Some(3);
        let text = format!(
            "[{},{},{}]",
            stored_json(&film()),
            stored_json(&season),
            stored_json(&plain)
        );
        let records = SearchRecord::from_stored_json(&text).unwrap();
        assert_eq!(
            records,
            [SearchRecord::of(&film()), None, SearchRecord::of(&plain)]
        );
        assert!(SearchRecord::from_stored_json("{}").is_err());
        let keys = serde_json::to_string(&crate::search::index_keys(&plain)).unwrap();
        let v3 = format!("[{}]", stored_json(&plain).replace(&keys, r#"["up"]"#));
        assert!(v3.contains(r#"["up"]"#), "{v3}");
        assert_eq!(
            SearchRecord::from_stored_json(&v3).unwrap(),
            [SearchRecord::of(&plain)]
        );
        assert!(SearchRecord::from_stored_json("[]").unwrap().is_empty());
    }
}
