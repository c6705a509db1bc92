//! The database layout. Versions only go up; `build` describes the latest schema and rexie
//! creates or drops stores and indexes to match. Data migrations run after opening (idb_cache).
use rexie::{Index, ObjectStore, RexieBuilder};

/// Bump when stores or indexes change, and add the data step to `idb_cache::migrate`.
pub const SCHEMA_VERSION: u32 = 4;

pub const STORE_ITEMS: &str = "items";
pub const STORE_QUERIES: &str = "queries";
pub const STORE_OUTBOX: &str = "outbox";
pub const STORE_META: &str = "meta";
/// The search index's store of distinct words (keys only; `search_index`).
pub const STORE_SEARCH_WORDS: &str = "search_words";
/// The multi-entry index of item words on the items store.
pub const INDEX_SEARCH_WORD: &str = "by_search_word";
/// The item record field it indexes.
pub const SEARCH_WORDS_FIELD: &str = "search_words";

/// Index of a library's items in one sort order: [library, kind, sort key, id]. The id makes the
/// order total, so paging never repeats or skips an item.
pub fn library_index_name(sort_field: &str) -> String {
    format!("by_library_{sort_field}")
}

/// The sort keys (fields of `CachedItem::sort`) that get a library index.
pub const SORT_FIELDS: [&str; 5] = ["name", "date_added", "premiere", "rating", "year"];

/// Version 1: items, queries, outbox, meta with the fetched_at indexes.
pub fn build_v1(builder: RexieBuilder) -> RexieBuilder {
    builder
        .version(1)
        .add_object_store(
            ObjectStore::new(STORE_ITEMS)
                .key_path("item.id")
                .add_index(Index::new("by_fetched_at", "fetched_at")),
        )
        .add_object_store(
            ObjectStore::new(STORE_QUERIES)
                .key_path("key")
                .add_index(Index::new("by_fetched_at", "fetched_at")),
        )
        .add_object_store(
            ObjectStore::new(STORE_OUTBOX)
                .key_path("seq")
                .auto_increment(true),
        )
        .add_object_store(ObjectStore::new(STORE_META))
}

/// Version 2 adds the library sort indexes and LRU on queries; version 3 the search index
/// (`search_index`): a multi-entry index of title words on items and the store of words.
/// Version 4 changes no store: its index keys are `[word, order]` (a data step).
pub fn build(builder: RexieBuilder) -> RexieBuilder {
    let mut items = ObjectStore::new(STORE_ITEMS)
        .key_path("item.id")
        .add_index(Index::new("by_fetched_at", "fetched_at"))
        .add_index(Index::new(INDEX_SEARCH_WORD, SEARCH_WORDS_FIELD).multi_entry(true));
    for field in SORT_FIELDS {
        let sort_path = format!("sort.{field}");
        items = items.add_index(Index::new_array(
            &library_index_name(field),
            ["library_id", "item.kind", sort_path.as_str(), "item.id"],
        ));
    }
    builder
        .version(SCHEMA_VERSION)
        .add_object_store(items)
        .add_object_store(
            ObjectStore::new(STORE_QUERIES)
                .key_path("key")
                .add_index(Index::new("by_fetched_at", "fetched_at"))
                .add_index(Index::new("by_last_used", "last_used_at")),
        )
        .add_object_store(
            ObjectStore::new(STORE_OUTBOX)
                .key_path("seq")
                .auto_increment(true),
        )
        .add_object_store(ObjectStore::new(STORE_META))
        .add_object_store(ObjectStore::new(STORE_SEARCH_WORDS))
}
