//! The search index in IndexedDB, kept by every item write.
//!
//! Each item record carries `search_words` (its titles' folded words, `core::search`), under
//! a multi-entry index: a typed word is one key range read of ids ("rel" reads every item with
//! a word from "rel" to "rel\u{ffff}"), never a scan of the items. The distinct words are also
//! kept in a small store of their own, so a word typed with a typo is looked up among the
//! words that start with its first letter, not among the items. Words of deleted or renamed
//! items may linger there: they only cost a lookup that finds nothing.
use std::cell::RefCell;
use std::collections::HashSet;

use marquee_core::cache::CacheError;
use marquee_core::merge::CachedItem;
use marquee_core::search::{
    index_words, ranked_matches, within_one_typo, SearchQuery, MIN_TYPO_LEN,
};
use rexie::{KeyRange, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use super::idb::cache_error;
use super::idb_cache::read_items;
use super::schema::STORE_ITEMS;

/// The store of distinct words (keys only).
pub const STORE_SEARCH_WORDS: &str = "search_words";
/// The multi-entry index of item words on the items store.
pub const INDEX_SEARCH_WORD: &str = "by_search_word";
/// The item record field it indexes.
pub const SEARCH_WORDS_FIELD: &str = "search_words";

/// Ids read per typed word: enough for any real title; a one-letter word stops here.
const IDS_PER_WORD: u32 = 5_000;
/// Items read to rank: candidates come in index order, whole-word matches first.
const ITEMS_TO_RANK: usize = 300;

/// Item records as JS objects with their index words, for a put (one JSON text for all).
/// Each record's JSON object gets one more member, `search_words`, written into its text: a
/// wrapper type would compile the item's serializer a second time.
pub fn to_js_indexed(batch: &[CachedItem]) -> Result<Vec<JsValue>, CacheError> {
    let mut text = String::from("[");
    for (n, record) in batch.iter().enumerate() {
        let json = serde_json::to_string(record).map_err(|e| CacheError::Other(e.to_string()))?;
        let words = serde_json::to_string(&index_words(&record.item))
            .map_err(|e| CacheError::Other(e.to_string()))?;
        // A struct always serializes as `{...}` with at least one member.
        let body = json.strip_suffix('}').unwrap_or(&json);
        if n > 0 {
            text.push(',');
        }
        text.push_str(body);
        text.push_str(",\"");
        text.push_str(SEARCH_WORDS_FIELD);
        text.push_str("\":");
        text.push_str(&words);
        text.push('}');
    }
    text.push(']');
    let array =
        js_sys::JSON::parse(&text).map_err(|_| CacheError::Other("JSON.parse failed".into()))?;
    Ok(js_sys::Array::from(&array).to_vec())
}

/// The words this connection knows are in the words store: a sync repeats the same words
/// thousands of times, and a put of each again would cost more than the items themselves.
#[derive(Default)]
pub struct KnownWords(RefCell<HashSet<String>>);

impl KnownWords {
    /// Adds the new words of `batch` to the words store, after its items were written. A
    /// failure is only logged: the items are kept, and the words only widen typo lookups.
    pub async fn add(&self, db: &Rexie, batch: &[CachedItem]) {
        if let Err(error) = self.try_add(db, batch).await {
            web_sys::console::warn_1(&format!("search words: {error}").into());
        }
    }

    async fn try_add(&self, db: &Rexie, batch: &[CachedItem]) -> Result<(), CacheError> {
        let new: Vec<String> = {
            let known = self.0.borrow();
            let mut new: Vec<String> = batch
                .iter()
                .flat_map(|record| index_words(&record.item))
                .filter(|word| !known.contains(word))
                .collect();
            new.sort_unstable();
            new.dedup();
            new
        };
        if new.is_empty() {
            return Ok(());
        }
        let tx = db
            .transaction(&[STORE_SEARCH_WORDS], TransactionMode::ReadWrite)
            .map_err(cache_error)?;
        let store = tx.store(STORE_SEARCH_WORDS).map_err(cache_error)?;
        let one = JsValue::from_f64(1.0);
        store
            .put_all(
                new.iter()
                    .map(|word| (one.clone(), Some(JsValue::from_str(word)))),
            )
            .await
            .map_err(cache_error)?;
        drop(store);
        tx.commit().await.map_err(cache_error)?;
        self.0.borrow_mut().extend(new);
        Ok(())
    }
}

/// Every key from `prefix` to `prefix` followed by the last code unit: the words it starts.
fn prefix_range(prefix: &str) -> Result<KeyRange, CacheError> {
    let upper = format!("{prefix}\u{ffff}");
    KeyRange::bound(
        &JsValue::from_str(prefix),
        &JsValue::from_str(&upper),
        Some(false),
        Some(false),
    )
    .map_err(range_error)
}

/// A key range that IndexedDB refuses (a bug here, not a user problem).
fn range_error(error: impl std::fmt::Display) -> CacheError {
    CacheError::Other(format!("bad key range: {error}"))
}

/// Ids of the items having a word in `range`, in index order.
async fn ids_in(index: &rexie::StoreIndex, range: KeyRange) -> Result<Vec<String>, CacheError> {
    let keys = index
        .get_all_keys(Some(range), Some(IDS_PER_WORD))
        .await
        .map_err(cache_error)?;
    Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
}

/// The ids in every list, in the first list's order, each once.
fn in_every_list(lists: &[Vec<String>]) -> Vec<String> {
    let Some((first, rest)) = lists.split_first() else {
        return Vec::new();
    };
    let rest: Vec<HashSet<&String>> = rest.iter().map(|l| l.iter().collect()).collect();
    let mut seen = HashSet::new();
    first
        .iter()
        .filter(|id| rest.iter().all(|set| set.contains(id)) && seen.insert(*id))
        .cloned()
        .collect()
}

/// The cached items matching `query`, ranked, at most `limit` (see `CacheStore::search_items`).
pub async fn search(
    db: &Rexie,
    query: &SearchQuery,
    limit: u32,
) -> Result<Vec<CachedItem>, CacheError> {
    if query.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let tx = db
        .transaction(
            &[STORE_ITEMS, STORE_SEARCH_WORDS],
            TransactionMode::ReadOnly,
        )
        .map_err(cache_error)?;
    let items = tx.store(STORE_ITEMS).map_err(cache_error)?;
    let index = items.index(INDEX_SEARCH_WORD).map_err(cache_error)?;
    // One range per typed word (a few); the longest word (the fewest ids) leads.
    let mut lists = Vec::with_capacity(query.words.len());
    for word in &query.words {
        lists.push(ids_in(&index, prefix_range(word)?).await?);
    }
    let mut ids = in_every_list(&lists);
    if ids.len() < limit as usize {
        // Not enough exact prefixes: words one typo away join their typed word's list.
        let words_store = tx.store(STORE_SEARCH_WORDS).map_err(cache_error)?;
        let mut widened = false;
        for (typed, list) in query.words.iter().zip(lists.iter_mut()) {
            if typed.chars().count() < MIN_TYPO_LEN {
                continue;
            }
            let first: String = typed.chars().take(1).collect();
            let words = words_store
                .get_all_keys(Some(prefix_range(&first)?), None)
                .await
                .map_err(cache_error)?;
            let near: Vec<String> = words
                .into_iter()
                .filter_map(|w| w.as_string())
                .filter(|w| !w.starts_with(typed.as_str()) && within_one_typo(typed, w))
                .collect();
            for word in &near {
                let range = KeyRange::only(&JsValue::from_str(word)).map_err(range_error)?;
                list.extend(ids_in(&index, range).await?);
                widened = true;
            }
        }
        if widened {
            ids = in_every_list(&lists);
        }
    }
    ids.truncate(ITEMS_TO_RANK);
    let records = read_items(&items, &ids).await?.into_iter().flatten();
    Ok(ranked_matches(query, records, limit as usize))
}
