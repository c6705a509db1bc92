//! The search index in IndexedDB, kept by every item write.
//!
//! Each item record carries `search_words`: its index keys, each a word and its order (its
//! titles' folded words without stopwords, `core::search::index_keys`), under a multi-entry
//! index. A typed word is one key range read ("rel" reads the keys from "rel" to
//! "rel\u{ffff}"), never a scan of the items, and within a word the items ranking puts first
//! come first, so a capped read reads the best candidates. Ranking reads only what it needs of
//! the items read (`SearchRecord`); only the results shown are built whole. The distinct words are also kept
//! in a small store of their own, so a word typed with a typo is looked up among the words
//! that start with its first letter. Words of deleted or renamed items may linger there: they
//! only cost a lookup that finds nothing.
use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use futures::future::join_all;

use marquee_core::cache::CacheError;
use marquee_core::merge::CachedItem;
use marquee_core::search::{
    candidate_cap, found_by, index_keys, key_word, lead_word, lookup_words, narrowing_words,
    narrows, ranked_records, typo_lookup, within_one_typo, SearchQuery, SearchRecord, IDS_PER_WORD,
    KEY_SEPARATOR, MIN_TYPO_LEN,
};
use rexie::{KeyRange, Rexie, TransactionMode};
use wasm_bindgen::JsValue;

use super::idb::{cache_error, from_js, prefix_range};
use super::schema::{INDEX_SEARCH_WORD, SEARCH_WORDS_FIELD, STORE_ITEMS, STORE_SEARCH_WORDS};

/// Item records as JS objects with their index words, for a put (one JSON text for all), and
/// the words of each. Each record's JSON object gets one more member, `search_words`, written
/// into its text: a wrapper type would compile the item's serializer a second time.
pub fn to_js_indexed(batch: &[CachedItem]) -> Result<(Vec<JsValue>, Vec<Vec<String>>), CacheError> {
    let mut text = String::from("[");
    let mut all_words = Vec::with_capacity(batch.len());
    for (n, record) in batch.iter().enumerate() {
        let json = serde_json::to_string(record).map_err(|e| CacheError::Other(e.to_string()))?;
        let keys = index_keys(&record.item);
        let words_json =
            serde_json::to_string(&keys).map_err(|e| CacheError::Other(e.to_string()))?;
        // A struct always serializes as `{...}` with at least one member.
        let body = json.strip_suffix('}').unwrap_or(&json);
        if n > 0 {
            text.push(',');
        }
        text.push_str(body);
        text.push_str(",\"");
        text.push_str(SEARCH_WORDS_FIELD);
        text.push_str("\":");
        text.push_str(&words_json);
        text.push('}');
        all_words.push(keys.iter().map(|key| key_word(key).to_owned()).collect());
    }
    text.push(']');
    let array =
        js_sys::JSON::parse(&text).map_err(|_| CacheError::Other("JSON.parse failed".into()))?;
    Ok((js_sys::Array::from(&array).to_vec(), all_words))
}

/// The words this connection knows are in the words store: a sync repeats the same words
/// thousands of times, and a put of each again would cost more than the items themselves.
#[derive(Default)]
pub struct KnownWords(RefCell<HashSet<String>>);

impl KnownWords {
    /// Adds the new ones of `words` (each item's, from `to_js_indexed`) to the words store,
    /// after their items were written. A failure is only logged: the items are kept, and the
    /// words only widen typo lookups.
    pub async fn add(&self, db: &Rexie, words: &[Vec<String>]) {
        if let Err(error) = self.try_add(db, words).await {
            web_sys::console::warn_1(&format!("search words: {error}").into());
        }
    }

    async fn try_add(&self, db: &Rexie, words: &[Vec<String>]) -> Result<(), CacheError> {
        let new: Vec<&String> = {
            let known = self.0.borrow();
            let mut new: Vec<&String> = words
                .iter()
                .flatten()
                .filter(|word| !known.contains(*word))
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
        self.0.borrow_mut().extend(new.into_iter().cloned());
        Ok(())
    }
}

/// The index keys of `word` itself: the word and the separator, then any order.
fn word_range(word: &str) -> Result<KeyRange, CacheError> {
    let lower = format!("{word}{KEY_SEPARATOR}");
    // The next code point after the separator closes the range.
    let upper = format!("{word}{}", char::from(KEY_SEPARATOR as u8 + 1));
    KeyRange::bound(
        &JsValue::from_str(&lower),
        &JsValue::from_str(&upper),
        Some(false),
        Some(true),
    )
    .map_err(range_error)
}

/// A key range that IndexedDB refuses (a bug here, not a user problem).
fn range_error(error: impl std::fmt::Display) -> CacheError {
    CacheError::Other(format!("bad key range: {error}"))
}

/// The last search's candidates, kept when they are every item its index words find, so
/// that the next keystroke, when it only lengthens the query (`narrows`), filters them
/// instead of reading the index again. Any write of items, in this tab or (told by the store)
/// another, moves the generation on and the kept candidates are void.
#[derive(Default)]
pub struct SearchMemo {
    generation: Cell<u64>,
    last: RefCell<Option<LastSearch>>,
}

struct LastSearch {
    /// The generation the candidates were read in.
    generation: u64,
    /// The index words they were read for (`lookup_words`).
    words: Vec<String>,
    candidates: Candidates,
}

impl SearchMemo {
    /// Items changed: what was kept may be stale.
    pub fn forget(&self) {
        self.generation.set(self.generation.get() + 1);
        self.last.borrow_mut().take();
    }

    /// The kept candidates that `words` finds, when the kept ones are current and hold all
    /// of them; `None` when the index must be read.
    fn reuse(&self, words: &[String]) -> Option<Candidates> {
        let last = self.last.borrow();
        let last = last.as_ref()?;
        if last.generation != self.generation.get() || !narrows(&last.words, words) {
            return None;
        }
        let kept = last.candidates.filtered(|record| found_by(record, words));
        // None found: the full lookup may find words one typo away instead.
        (!kept.records.is_empty()).then_some(kept)
    }

    fn keep(&self, generation: u64, words: Vec<String>, candidates: &Candidates) {
        if generation == self.generation.get() {
            *self.last.borrow_mut() = Some(LastSearch {
                generation,
                words,
                candidates: candidates.clone(),
            });
        }
    }
}

/// Item records read for a search: the stored values, the id of each that search finds,
/// and their search records.
#[derive(Default, Clone)]
struct Candidates {
    values: Vec<JsValue>,
    ids: Vec<Option<String>>,
    records: Vec<SearchRecord>,
}

impl Candidates {
    /// Reads the items with a word in `range`, at most `cap`, in one request; their search
    /// records come out of one JSON text (the rest of each item is skipped, not built). A
    /// record that does not read is left out, never an error.
    async fn read(
        &mut self,
        index: &rexie::StoreIndex,
        range: KeyRange,
        cap: u32,
    ) -> Result<(), CacheError> {
        let values = index
            .get_all(Some(range), Some(cap))
            .await
            .map_err(cache_error)?;
        self.add(values);
        Ok(())
    }

    /// Reads the items of `ids`, requested all at once.
    async fn read_ids(&mut self, items: &rexie::Store, ids: &[String]) -> Result<(), CacheError> {
        let values = join_all(ids.iter().map(|id| items.get(JsValue::from_str(id)))).await;
        let mut found = Vec::with_capacity(values.len());
        for value in values {
            if let Some(value) = value.map_err(cache_error)?.filter(|v| v.is_object()) {
                found.push(value);
            }
        }
        self.add(found);
        Ok(())
    }

    /// Takes stored item records in, with the search records read out of them.
    fn add(&mut self, values: Vec<JsValue>) {
        let array: js_sys::Array = values.iter().collect();
        let parsed = js_sys::JSON::stringify(&array)
            .ok()
            .and_then(|text| SearchRecord::from_stored_json(&String::from(text)).ok());
        let records = match parsed {
            Some(records) => records,
            None => values
                .iter()
                .map(|value| {
                    let text = String::from(js_sys::JSON::stringify(value).ok()?);
                    SearchRecord::from_stored_json(&format!("[{text}]"))
                        .ok()?
                        .pop()
                        .flatten()
                })
                .collect(),
        };
        // An item with two words in the range comes twice: ranking counts each id once.
        for record in records {
            self.ids.push(record.as_ref().map(|r| r.id.clone()));
            self.records.extend(record);
        }
        self.ids.resize(self.values.len() + values.len(), None);
        self.values.extend(values);
    }

    /// Those whose records `keep` holds (values without a record go too).
    fn filtered(&self, keep: impl Fn(&SearchRecord) -> bool) -> Candidates {
        let records: Vec<SearchRecord> = self.records.iter().filter(|r| keep(r)).cloned().collect();
        let kept: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        let mut filtered = Candidates {
            records: Vec::with_capacity(records.len()),
            ..Candidates::default()
        };
        for (value, id) in self.values.iter().zip(&self.ids) {
            if id.as_deref().is_some_and(|id| kept.contains(id)) {
                filtered.values.push(value.clone());
                filtered.ids.push(id.clone());
            }
        }
        filtered.records = records;
        filtered
    }

    /// The stored item of `id`, built whole (a page's few dozen: a scan of a few hundred ids).
    fn item(&self, id: &str) -> Option<Result<CachedItem, CacheError>> {
        let at = self.ids.iter().position(|i| i.as_deref() == Some(id))?;
        Some(from_js(self.values[at].clone()))
    }
}

/// The ids of the items with a key in `range`, in index order (an item with two words in
/// the range comes twice).
async fn ids_in(index: &rexie::StoreIndex, range: KeyRange) -> Result<Vec<String>, CacheError> {
    let keys = index
        .get_all_keys(Some(range), Some(IDS_PER_WORD))
        .await
        .map_err(cache_error)?;
    Ok(keys.into_iter().filter_map(|k| k.as_string()).collect())
}

/// The words of the words store one typo away from `typed` (not those it starts).
async fn near_words(words_store: &rexie::Store, typed: &str) -> Result<Vec<String>, CacheError> {
    let first: String = typed.chars().take(1).collect();
    let words = words_store
        .get_all_keys(Some(prefix_range(&first)?), None)
        .await
        .map_err(cache_error)?;
    Ok(words
        .into_iter()
        .filter_map(|w| w.as_string())
        .filter(|word| !word.starts_with(typed) && within_one_typo(typed, word))
        .collect())
}

/// The ids of the items with a word `typed` starts, and whether they are all of them (not
/// capped); when there are none and it is long enough, those of the words one typo away
/// (never all: a kept search must not stand for an exact one).
async fn ids_of_word(
    index: &rexie::StoreIndex,
    words_store: &rexie::Store,
    typed: &str,
) -> Result<(Vec<String>, bool), CacheError> {
    let ids = ids_in(index, prefix_range(typed)?).await?;
    if !ids.is_empty() || typed.chars().count() < MIN_TYPO_LEN {
        let all = ids.len() < IDS_PER_WORD as usize;
        return Ok((ids, all));
    }
    let mut ids = Vec::new();
    for word in near_words(words_store, typed).await? {
        ids.extend(ids_in(index, word_range(&word)?).await?);
    }
    Ok((ids, false))
}

/// The items the index words of `query` find (see `candidates`), and whether they are all
/// of them (then the next keystroke may filter them instead).
async fn read_candidates(
    items: &rexie::Store,
    index: &rexie::StoreIndex,
    words_store: &rexie::Store,
    query: &SearchQuery,
    lead: &str,
    cap: u32,
) -> Result<(Candidates, bool), CacheError> {
    let mut candidates = Candidates::default();
    let narrowing = narrowing_words(query);
    if narrowing.is_empty() {
        // The lead word's best items; shorter typed words are checked on them.
        candidates.read(index, prefix_range(lead)?, cap).await?;
        let all = candidates.values.len() < cap as usize;
        return Ok((candidates, all));
    }
    // The lead's ids in its stored order, kept where every other word's ids have them.
    let (lead_ids, mut all) = ids_of_word(index, words_store, lead).await?;
    let mut others = Vec::with_capacity(narrowing.len());
    for word in narrowing {
        let (ids, all_of_word) = ids_of_word(index, words_store, word).await?;
        all &= all_of_word;
        others.push(ids.into_iter().collect::<HashSet<String>>());
    }
    let mut seen = HashSet::new();
    let mut ids: Vec<String> = lead_ids
        .into_iter()
        .filter(|id| others.iter().all(|set| set.contains(id)))
        .filter(|id| seen.insert(id.clone()))
        .collect();
    all &= ids.len() <= cap as usize;
    ids.truncate(cap as usize);
    candidates.read_ids(items, &ids).await?;
    Ok((candidates, all))
}

/// The cached items matching `query`, ranked, at most `limit` (see `CacheStore::search_items`).
pub async fn search(
    db: &Rexie,
    memo: &SearchMemo,
    query: &SearchQuery,
    limit: u32,
) -> Result<Vec<CachedItem>, CacheError> {
    let Some(lead) = lead_word(query) else {
        return Ok(Vec::new());
    };
    if limit == 0 {
        return Ok(Vec::new());
    }
    let generation = memo.generation.get();
    let tx = db
        .transaction(
            &[STORE_ITEMS, STORE_SEARCH_WORDS],
            TransactionMode::ReadOnly,
        )
        .map_err(cache_error)?;
    let items = tx.store(STORE_ITEMS).map_err(cache_error)?;
    let index = items.index(INDEX_SEARCH_WORD).map_err(cache_error)?;
    let words_store = tx.store(STORE_SEARCH_WORDS).map_err(cache_error)?;
    let cap = candidate_cap(lead);
    let words = lookup_words(query);
    let mut candidates = match memo.reuse(&words) {
        Some(kept) => kept,
        None => {
            let (candidates, all) =
                read_candidates(&items, &index, &words_store, query, lead, cap).await?;
            if all {
                memo.keep(generation, words, &candidates);
            }
            candidates
        }
    };
    let mut ranked = ranked_records(
        query,
        std::mem::take(&mut candidates.records),
        limit as usize,
    );
    if let Some(typed) = typo_lookup(query, ranked.len(), limit as usize) {
        // Too few exact prefixes: the items of words one typo away from the lead join in.
        for word in near_words(&words_store, typed).await? {
            candidates.read(&index, word_range(&word)?, cap).await?;
        }
        if !candidates.records.is_empty() {
            let near = std::mem::take(&mut candidates.records);
            ranked = ranked_records(query, ranked.into_iter().chain(near), limit as usize);
        }
    }
    // Only the results shown are built whole, from the values already read.
    ranked
        .iter()
        .filter_map(|record| candidates.item(&record.id))
        .collect()
}
