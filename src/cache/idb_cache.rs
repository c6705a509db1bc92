//! `CacheStore` over IndexedDB. One database per server + user (`marquee-<server>-<user>`).
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use futures::future::{join_all, LocalBoxFuture, MaybeDone};
use js_sys::{Array, Reflect};
use marquee_core::cache::{
    letter_range, read_outbox_record, CacheError, CacheStore, CachedQuery, OutboxEntry,
    UnreadableOutboxRecord,
};
use marquee_core::merge::CachedItem;
use marquee_core::model::{ItemKind, LibrarySort, QueryKey, SortKeys, SortOrder};
use marquee_core::search::SearchQuery;
use rexie::{Direction, KeyRange, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use super::idb::{cache_error, from_js, to_js};
use super::next_task::next_task;
use super::query_record;
use super::schema::{
    self, library_index_name, STORE_ITEMS, STORE_META, STORE_OUTBOX, STORE_QUERIES,
};
use super::search_index::{self, KnownWords, SearchMemo};
use super::write_tx::{WriteConnection, WriteOp};

/// Puts per transaction, serialized and issued in one task: the puts themselves (structured
/// clone and seven indexes' keys, made on the main thread) are most of it, 20–75 ms for 100
/// while a 10,000-item library syncs on a loaded 2-core machine.
const WRITE_BATCH: usize = 50;
/// Write transactions handed to IndexedDB ahead of the one awaited: the next batch is
/// serialized while the database commits the last one.
const WRITES_AHEAD: usize = 2;
/// Both, for the benchmark's floor under the write figure (`bench_write_floor`).
#[cfg(feature = "bench")]
pub const WRITE_SLICES: (usize, usize) = (WRITE_BATCH, WRITES_AHEAD);
const DATA_VERSION_KEY: &str = "data_version";
/// The kinds a library grid can list.
const LIBRARY_KINDS: [ItemKind; 5] = [
    ItemKind::Movie,
    ItemKind::Series,
    ItemKind::Season,
    ItemKind::Episode,
    ItemKind::Other,
];

pub struct IdbCache {
    db: Rexie,
    /// Writes that can fill the disk go here, so a quota abort is known by its name. Opened
    /// at the first write, off the start-up path (a page's first reads never wait for it).
    writer: RefCell<Option<Rc<WriteConnection>>>,
    name: String,
    search_words: KnownWords,
    search_memo: SearchMemo,
}

impl IdbCache {
    /// Every outbox record, read one by one: one this build cannot read (corrupt, or of a
    /// later format) is set aside, and never hides the others.
    async fn outbox_records(
        &self,
    ) -> Result<Vec<Result<OutboxEntry, UnreadableOutboxRecord>>, CacheError> {
        let tx = self.tx(&[STORE_OUTBOX], TransactionMode::ReadOnly)?;
        let store = tx.store(STORE_OUTBOX).map_err(cache_error)?;
        let values = store.get_all(None, None).await.map_err(cache_error)?;
        Ok(values
            .into_iter()
            .map(|value| {
                let seq = Reflect::get(&value, &JsValue::from_str("seq"))
                    .ok()
                    .and_then(|s| s.as_f64())
                    .map(|s| s as u64);
                let text = js_sys::JSON::stringify(&value)
                    .map(String::from)
                    .unwrap_or_default();
                read_outbox_record(&text, seq)
            })
            .collect())
    }

    /// Opens (creating or upgrading) the database, then runs pending data migrations.
    pub async fn open(name: &str) -> Result<Self, CacheError> {
        if cfg!(feature = "fail-idb-open") {
            return Err(CacheError::Unavailable(
                "disabled by the fail-idb-open build".into(),
            ));
        }
        let db = schema::build(Rexie::builder(name))
            .build()
            .await
            .map_err(|e| CacheError::Unavailable(e.to_string()))?;
        let cache = Self {
            db,
            writer: RefCell::new(None),
            name: name.to_string(),
            search_words: KnownWords::default(),
            search_memo: SearchMemo::default(),
        };
        cache.migrate().await?;
        Ok(cache)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Deletes a whole user database (log out). Waits until other tabs have closed it.
    pub async fn delete_database(name: &str) -> Result<(), CacheError> {
        Rexie::delete(name).await.map_err(cache_error)
    }

    /// Bench builds only: writes items as before the search index (no words), to measure
    /// what the index adds to a sync.
    #[cfg(feature = "bench")]
    pub async fn put_items_without_search_words(
        &self,
        items: &[CachedItem],
    ) -> Result<(), CacheError> {
        // The same path as `put_items`, less the words.
        self.write_items(items, |batch| {
            Ok((super::idb::to_js_all(batch)?, Vec::new()))
        })
        .await
    }

    /// Writes item records in transactions of [`WRITE_BATCH`], each serialized by `to_js` (the
    /// records and their search words) in a task of its own, the next one handed to IndexedDB
    /// while the last commits; then the new words.
    async fn write_items(
        &self,
        items: &[CachedItem],
        to_js: impl Fn(&[CachedItem]) -> Result<(Vec<JsValue>, Vec<Vec<String>>), CacheError>,
    ) -> Result<(), CacheError> {
        let writer = self.writer().await?;
        let mut words = Vec::with_capacity(items.len());
        let mut issued: VecDeque<IssuedWrite<'_>> = VecDeque::new();
        for batch in items.chunks(WRITE_BATCH) {
            // Each batch in a task of its own, the first one too: not after whatever work
            // (a page's parse and merge) came before the write in the caller's task.
            next_task().await;
            let (values, batch_words) = to_js(batch)?;
            let ops = values
                .into_iter()
                .map(|value| WriteOp::Put {
                    store: STORE_ITEMS,
                    value,
                    key: None,
                })
                .collect();
            self.writing(&[STORE_ITEMS]);
            let write: LocalBoxFuture<'_, _> = Box::pin(writer.write(&[STORE_ITEMS], ops));
            issued.push_back(issue(write).await);
            words.extend(batch_words);
            while issued.len() > WRITES_AHEAD {
                finish(issued.pop_front()).await?;
            }
        }
        while !issued.is_empty() {
            finish(issued.pop_front()).await?;
        }
        if !words.is_empty() {
            // Not in the task of the last commit, which resumes its caller's work.
            next_task().await;
            self.search_words.add(&self.db, &words).await;
        }
        Ok(())
    }

    /// How many items the database holds (Settings).
    pub async fn item_count(&self) -> Result<u32, CacheError> {
        let tx = self.tx(&[STORE_ITEMS], TransactionMode::ReadOnly)?;
        let store = tx.store(STORE_ITEMS).map_err(cache_error)?;
        store.count(None).await.map_err(cache_error)
    }

    pub fn close(self) {
        if let Some(writer) = self.writer.borrow_mut().take() {
            writer.close();
        }
        self.db.close();
    }

    /// The write connection, opened on first use.
    async fn writer(&self) -> Result<Rc<WriteConnection>, CacheError> {
        if let Some(writer) = self.writer.borrow().as_ref() {
            return Ok(writer.clone());
        }
        let opened = Rc::new(WriteConnection::open(&self.name).await?);
        let mut slot = self.writer.borrow_mut();
        match slot.as_ref() {
            // Another write opened one meanwhile: keep that one.
            Some(writer) => {
                opened.close();
                Ok(writer.clone())
            }
            None => {
                *slot = Some(opened.clone());
                Ok(opened)
            }
        }
    }

    /// Data steps between schema versions. v1 items had no sort keys, v2 items no search
    /// words, v3 items bare words as search keys (no order): rewrite them so every item shows
    /// up in the v2 library indexes and the v4 search index.
    async fn migrate(&self) -> Result<(), CacheError> {
        let version: u32 = self
            .get_meta(DATA_VERSION_KEY)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if version >= schema::SCHEMA_VERSION {
            return Ok(());
        }
        if version < 4 {
            let raw = {
                let tx = self.tx(&[STORE_ITEMS], TransactionMode::ReadOnly)?;
                let store = tx.store(STORE_ITEMS).map_err(cache_error)?;
                store.get_all(None, None).await.map_err(cache_error)?
            };
            let mut fixed = Vec::new();
            for value in raw {
                // A record that no longer parses is dropped from the cache: it is only a cache.
                if let Ok(mut cached) = from_js::<CachedItem>(value) {
                    cached.sort = SortKeys::of(&cached.item);
                    fixed.push(cached);
                }
            }
            self.put_items(&fixed).await?;
        }
        self.put_meta(DATA_VERSION_KEY, &schema::SCHEMA_VERSION.to_string())
            .await
    }

    fn tx(&self, stores: &[&str], mode: TransactionMode) -> Result<rexie::Transaction, CacheError> {
        if matches!(mode, TransactionMode::ReadWrite) {
            self.writing(stores);
        }
        self.db.transaction(stores, mode).map_err(cache_error)
    }

    /// A write of `stores` is about to make its transaction (in the same task, so no search
    /// begins between the two): a search kept for the next keystroke is void if it writes items.
    fn writing(&self, stores: &[&str]) {
        if stores.contains(&STORE_ITEMS) {
            self.search_memo.forget();
        }
    }

    /// Items were written by another tab: a search kept for the next keystroke may be stale.
    pub fn forget_search_memo(&self) {
        self.search_memo.forget();
    }

    async fn get_one<T: serde::de::DeserializeOwned>(
        &self,
        store_name: &str,
        key: JsValue,
    ) -> Result<Option<T>, CacheError> {
        let tx = self.tx(&[store_name], TransactionMode::ReadOnly)?;
        let store = tx.store(store_name).map_err(cache_error)?;
        match store.get(key).await.map_err(cache_error)? {
            Some(v) if !v.is_undefined() => from_js(v).map(Some),
            _ => Ok(None),
        }
    }

    async fn delete_keys(
        &self,
        store_name: &str,
        keys: impl Iterator<Item = JsValue>,
    ) -> Result<(), CacheError> {
        let tx = self.tx(&[store_name], TransactionMode::ReadWrite)?;
        let store = tx.store(store_name).map_err(cache_error)?;
        for key in keys {
            store.delete(key).await.map_err(cache_error)?;
        }
        drop(store);
        tx.commit().await.map_err(cache_error)
    }

    async fn get_query_record(
        &self,
        key: &str,
        with_ids: bool,
    ) -> Result<Option<CachedQuery>, CacheError> {
        let tx = self.tx(&[STORE_QUERIES], TransactionMode::ReadOnly)?;
        let store = tx.store(STORE_QUERIES).map_err(cache_error)?;
        read_query(&store, key, with_ids).await
    }

    /// Records of `store_name` fetched before `fetched_before`, oldest first, through its
    /// `by_fetched_at` index (items and queries alike), as stored.
    async fn fetched_before(
        &self,
        store_name: &str,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<JsValue>, CacheError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let tx = self.tx(&[store_name], TransactionMode::ReadOnly)?;
        let store = tx.store(store_name).map_err(cache_error)?;
        let index = store.index("by_fetched_at").map_err(cache_error)?;
        let range = KeyRange::upper_bound(&JsValue::from_f64(fetched_before as f64), Some(true))
            .map_err(range_error)?;
        index
            .get_all(Some(range), Some(limit))
            .await
            .map_err(cache_error)
    }

    fn library_range(
        library_id: &str,
        kind: &ItemKind,
        upper_sort: Option<&JsValue>,
    ) -> Result<KeyRange, CacheError> {
        let kind = to_js(kind)?;
        let lower = Array::of2(&JsValue::from_str(library_id), &kind);
        // An empty array sorts after every string and number: it closes the range of this library.
        let upper = match upper_sort {
            Some(sort) => Array::of3(&JsValue::from_str(library_id), &kind, sort),
            None => Array::of3(&JsValue::from_str(library_id), &kind, &Array::new()),
        };
        KeyRange::bound(&lower, &upper, Some(false), Some(upper_sort.is_some()))
            .map_err(range_error)
    }
}

/// A write transaction handed to IndexedDB, its outcome still to come.
type IssuedWrite<'a> = MaybeDone<LocalBoxFuture<'a, Result<Vec<JsValue>, CacheError>>>;

/// Polls `write` once: its requests go to IndexedDB now, its commit is awaited later.
async fn issue(write: LocalBoxFuture<'_, Result<Vec<JsValue>, CacheError>>) -> IssuedWrite<'_> {
    let mut write = MaybeDone::Future(write);
    std::future::poll_fn(|cx| {
        let _ = Pin::new(&mut write).poll(cx);
        Poll::Ready(())
    })
    .await;
    write
}

/// Waits for an issued write to commit.
async fn finish(write: Option<IssuedWrite<'_>>) -> Result<(), CacheError> {
    let Some(mut write) = write else {
        return Ok(());
    };
    (&mut write).await;
    Pin::new(&mut write)
        .take_output()
        .map_or(Ok(()), |result| result.map(drop))
}

/// A key range that IndexedDB refuses (a bug here, not a user problem).
fn range_error(error: impl std::fmt::Display) -> CacheError {
    CacheError::Other(format!("bad key range: {error}"))
}

fn sort_field(sort: LibrarySort) -> &'static str {
    match sort {
        LibrarySort::Name => "name",
        LibrarySort::DateAdded => "date_added",
        LibrarySort::ReleaseDate => "premiere",
        LibrarySort::Rating => "rating",
        LibrarySort::Year => "year",
    }
}

impl CacheStore for IdbCache {
    async fn get_item(&self, id: &str) -> Result<Option<CachedItem>, CacheError> {
        self.get_one(STORE_ITEMS, JsValue::from_str(id)).await
    }

    async fn get_items(&self, ids: &[String]) -> Result<Vec<Option<CachedItem>>, CacheError> {
        let tx = self.tx(&[STORE_ITEMS], TransactionMode::ReadOnly)?;
        let store = tx.store(STORE_ITEMS).map_err(cache_error)?;
        read_items(&store, ids).await
    }

    async fn put_items(&self, items: &[CachedItem]) -> Result<(), CacheError> {
        self.write_items(items, search_index::to_js_indexed).await
    }

    async fn delete_items(&self, ids: &[String]) -> Result<(), CacheError> {
        self.delete_keys(STORE_ITEMS, ids.iter().map(|id| JsValue::from_str(id)))
            .await
    }

    async fn get_query(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError> {
        self.get_query_record(&key.to_string(), true).await
    }

    async fn get_query_summary(&self, key: &QueryKey) -> Result<Option<CachedQuery>, CacheError> {
        self.get_query_record(&key.to_string(), false).await
    }

    async fn get_query_with_items(
        &self,
        key: &QueryKey,
    ) -> Result<Option<(CachedQuery, Vec<Option<CachedItem>>)>, CacheError> {
        let tx = self.tx(&[STORE_QUERIES, STORE_ITEMS], TransactionMode::ReadOnly)?;
        let queries = tx.store(STORE_QUERIES).map_err(cache_error)?;
        let Some(query) = read_query(&queries, &key.to_string(), true).await? else {
            return Ok(None);
        };
        let items = tx.store(STORE_ITEMS).map_err(cache_error)?;
        let items = read_items(&items, &query.ids).await?;
        Ok(Some((query, items)))
    }

    async fn put_query(&self, query: &CachedQuery) -> Result<(), CacheError> {
        let (record, ids) = query_record::to_records(query)?;
        let ids_op = match ids {
            Some(ids) => WriteOp::Put {
                store: STORE_QUERIES,
                value: ids,
                key: None,
            },
            // A list that was long before and is short now leaves no stale ids behind.
            None => WriteOp::Delete {
                store: STORE_QUERIES,
                key: JsValue::from_str(&query_record::ids_key(&query.key.to_string())),
            },
        };
        let record_op = WriteOp::Put {
            store: STORE_QUERIES,
            value: record,
            key: None,
        };
        self.writer()
            .await?
            .write(&[STORE_QUERIES], vec![record_op, ids_op])
            .await
            .map(drop)
    }

    async fn delete_query(&self, key: &QueryKey) -> Result<(), CacheError> {
        let key = JsValue::from_str(&key.to_string());
        self.delete_keys(STORE_QUERIES, with_ids_keys([key])).await
    }

    async fn library_page(
        &self,
        library_id: &str,
        kind: ItemKind,
        sort: LibrarySort,
        order: SortOrder,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        // IndexedDB reads a count of 0 as "no limit".
        if limit == 0 {
            return Ok(Vec::new());
        }
        let tx = self.tx(&[STORE_ITEMS], TransactionMode::ReadOnly)?;
        let store = tx.store(STORE_ITEMS).map_err(cache_error)?;
        let index = store
            .index(&library_index_name(sort_field(sort)))
            .map_err(cache_error)?;
        let range = Self::library_range(library_id, &kind, None)?;
        let values = if offset == 0 && order == SortOrder::Asc {
            // One request instead of a cursor walk: the common first screen.
            index
                .get_all(Some(range), Some(limit))
                .await
                .map_err(cache_error)?
        } else {
            let direction = match order {
                SortOrder::Asc => Direction::Next,
                SortOrder::Desc => Direction::Prev,
            };
            index
                .scan(
                    Some(range),
                    Some(limit),
                    (offset > 0).then_some(offset),
                    Some(direction),
                )
                .await
                .map_err(cache_error)?
                .into_iter()
                .map(|(_, v)| v)
                .collect()
        };
        values.into_iter().map(from_js::<CachedItem>).collect()
    }

    async fn library_count(&self, library_id: &str) -> Result<u32, CacheError> {
        let tx = self.tx(&[STORE_ITEMS], TransactionMode::ReadOnly)?;
        let store = tx.store(STORE_ITEMS).map_err(cache_error)?;
        let index = store
            .index(&library_index_name("name"))
            .map_err(cache_error)?;
        let lower = Array::of1(&JsValue::from_str(library_id));
        let upper = Array::of2(&JsValue::from_str(library_id), &Array::new());
        let range =
            KeyRange::bound(&lower, &upper, Some(false), Some(false)).map_err(range_error)?;
        index.count(Some(range)).await.map_err(cache_error)
    }

    async fn library_letter_offset(
        &self,
        library_id: &str,
        letter: char,
        order: SortOrder,
    ) -> Result<u32, CacheError> {
        let tx = self.tx(&[STORE_ITEMS], TransactionMode::ReadOnly)?;
        let store = tx.store(STORE_ITEMS).map_err(cache_error)?;
        let index = store
            .index(&library_index_name("name"))
            .map_err(cache_error)?;
        // Ascending, the names before the letter come first; descending, those from the next on.
        let (from, to) = letter_range(letter);
        let library = JsValue::from_str(library_id);
        let mut total = 0;
        // The name index is per kind; a library view holds one kind, so count them all.
        for kind in LIBRARY_KINDS {
            let kind = to_js(&kind)?;
            let (lower, upper, upper_open) = match order {
                SortOrder::Asc => (
                    Array::of2(&library, &kind),
                    Array::of3(&library, &kind, &JsValue::from_str(&from)),
                    true,
                ),
                SortOrder::Desc => (
                    Array::of3(&library, &kind, &JsValue::from_str(&to)),
                    Array::of3(&library, &kind, &Array::new()),
                    false,
                ),
            };
            let range = KeyRange::bound(&lower, &upper, Some(false), Some(upper_open))
                .map_err(range_error)?;
            total += index.count(Some(range)).await.map_err(cache_error)?;
        }
        Ok(total)
    }

    async fn find_stale_items(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        let values = self
            .fetched_before(STORE_ITEMS, fetched_before, limit)
            .await?;
        values.into_iter().map(from_js).collect()
    }

    async fn find_stale_queries(
        &self,
        fetched_before: i64,
        limit: u32,
    ) -> Result<Vec<CachedQuery>, CacheError> {
        let values = self
            .fetched_before(STORE_QUERIES, fetched_before, limit)
            .await?;
        // A record that does not read (its key written by another build no longer parses) is
        // left out: one such record must not stop every sweep. Eviction still sees it.
        Ok(values
            .into_iter()
            .filter_map(|v| query_record::from_records(v, false, None).ok())
            .collect())
    }

    async fn evict_queries_lru(&self, count: u32, keep: &[QueryKey]) -> Result<u32, CacheError> {
        if count == 0 {
            return Ok(0);
        }
        let keys = {
            let tx = self.tx(&[STORE_QUERIES], TransactionMode::ReadOnly)?;
            let store = tx.store(STORE_QUERIES).map_err(cache_error)?;
            let index = store.index("by_last_used").map_err(cache_error)?;
            let wanted = count.saturating_add(u32::try_from(keep.len()).unwrap_or(u32::MAX));
            index
                .get_all_keys(None, Some(wanted))
                .await
                .map_err(cache_error)?
        };
        let keep: Vec<String> = keep.iter().map(QueryKey::to_string).collect();
        let keys: Vec<JsValue> = keys
            .into_iter()
            .filter(|k| !k.as_string().is_some_and(|k| keep.contains(&k)))
            .take(count as usize)
            .collect();
        let evicted = keys.len() as u32;
        self.delete_keys(STORE_QUERIES, with_ids_keys(keys)).await?;
        Ok(evicted)
    }

    async fn touch_queries(&self, keys: &[QueryKey], now: i64) -> Result<(), CacheError> {
        if keys.is_empty() {
            return Ok(());
        }
        let tx = self.tx(&[STORE_QUERIES], TransactionMode::ReadWrite)?;
        let store = tx.store(STORE_QUERIES).map_err(cache_error)?;
        for key in keys {
            let Some(record) = store
                .get(JsValue::from_str(&key.to_string()))
                .await
                .map_err(cache_error)?
                .filter(|v| v.is_object())
            else {
                continue;
            };
            // Only the use time changes: the ids (apart or inline) stay as they are.
            let _ = Reflect::set(
                &record,
                &JsValue::from_str("last_used_at"),
                &JsValue::from_f64(now as f64),
            );
            store.put(&record, None).await.map_err(cache_error)?;
        }
        drop(store);
        tx.commit().await.map_err(cache_error)
    }

    async fn outbox_push(
        &self,
        entry: OutboxEntry,
        items: &[CachedItem],
    ) -> Result<u64, CacheError> {
        let value = to_js(&entry)?;
        // The store assigns `seq`: a present-but-null key path would be rejected.
        let _ = Reflect::delete_property(
            value.unchecked_ref::<js_sys::Object>(),
            &JsValue::from_str("seq"),
        );
        // One transaction: the optimistic change and the action are kept together or not at all.
        let mut ops = vec![WriteOp::Add {
            store: STORE_OUTBOX,
            value,
        }];
        let (values, words) = search_index::to_js_indexed(items)?;
        ops.extend(values.into_iter().map(|value| WriteOp::Put {
            store: STORE_ITEMS,
            value,
            key: None,
        }));
        let writer = self.writer().await?;
        let stores = [STORE_OUTBOX, STORE_ITEMS];
        self.writing(&stores);
        let results = writer.write(&stores, ops).await?;
        self.search_words.add(&self.db, &words).await;
        results
            .first()
            .and_then(JsValue::as_f64)
            .map(|k| k as u64)
            .ok_or_else(|| CacheError::Other("outbox key is not a number".into()))
    }

    async fn outbox_list(&self) -> Result<Vec<OutboxEntry>, CacheError> {
        Ok(self
            .outbox_records()
            .await?
            .into_iter()
            .flat_map(Result::ok)
            .collect())
    }

    async fn outbox_unreadable(&self) -> Result<Vec<UnreadableOutboxRecord>, CacheError> {
        Ok(self
            .outbox_records()
            .await?
            .into_iter()
            .flat_map(Result::err)
            .collect())
    }

    async fn outbox_remove(&self, seqs: &[u64], items: &[CachedItem]) -> Result<(), CacheError> {
        let (values, words) = search_index::to_js_indexed(items)?;
        let tx = self.tx(&[STORE_OUTBOX, STORE_ITEMS], TransactionMode::ReadWrite)?;
        let outbox = tx.store(STORE_OUTBOX).map_err(cache_error)?;
        for seq in seqs {
            outbox
                .delete(JsValue::from_f64(*seq as f64))
                .await
                .map_err(cache_error)?;
        }
        let store = tx.store(STORE_ITEMS).map_err(cache_error)?;
        store
            .put_all(values.into_iter().map(|v| (v, None)))
            .await
            .map_err(cache_error)?;
        drop((outbox, store));
        tx.commit().await.map_err(cache_error)?;
        self.search_words.add(&self.db, &words).await;
        Ok(())
    }

    async fn outbox_set_attempts(&self, seqs: &[u64], attempts: u32) -> Result<(), CacheError> {
        let tx = self.tx(&[STORE_OUTBOX], TransactionMode::ReadWrite)?;
        let outbox = tx.store(STORE_OUTBOX).map_err(cache_error)?;
        for seq in seqs {
            let key = JsValue::from_f64(*seq as f64);
            let Some(record) = outbox.get(key).await.map_err(cache_error)? else {
                continue;
            };
            // Only the count changes: the rest of the record stays as it was written.
            let _ = Reflect::set(
                &record,
                &JsValue::from_str("attempts"),
                &JsValue::from_f64(f64::from(attempts)),
            );
            outbox.put(&record, None).await.map_err(cache_error)?;
        }
        drop(outbox);
        tx.commit().await.map_err(cache_error)
    }

    async fn get_meta(&self, key: &str) -> Result<Option<String>, CacheError> {
        self.get_one(STORE_META, JsValue::from_str(key)).await
    }

    async fn put_meta(&self, key: &str, value: &str) -> Result<(), CacheError> {
        let tx = self.tx(&[STORE_META], TransactionMode::ReadWrite)?;
        let store = tx.store(STORE_META).map_err(cache_error)?;
        store
            .put(&JsValue::from_str(value), Some(&JsValue::from_str(key)))
            .await
            .map_err(cache_error)?;
        drop(store);
        tx.commit().await.map_err(cache_error)
    }

    async fn clear(&self) -> Result<(), CacheError> {
        let tx = self.tx(&[STORE_ITEMS, STORE_QUERIES], TransactionMode::ReadWrite)?;
        for name in [STORE_ITEMS, STORE_QUERIES] {
            tx.store(name)
                .map_err(cache_error)?
                .clear()
                .await
                .map_err(cache_error)?;
        }
        tx.commit().await.map_err(cache_error)
    }

    async fn search_items(
        &self,
        query: &SearchQuery,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        search_index::search(&self.db, &self.search_memo, query, limit).await
    }
}

/// Query keys and the keys of their ids records (see `query_record`): deleting a query
/// deletes both, and a key without an ids record costs nothing.
fn with_ids_keys(keys: impl IntoIterator<Item = JsValue>) -> impl Iterator<Item = JsValue> {
    keys.into_iter().flat_map(|key| {
        let ids = key
            .as_string()
            .map(|k| JsValue::from_str(&query_record::ids_key(&k)));
        std::iter::once(key).chain(ids)
    })
}

/// One query record (with its ids, or without: a summary), in `store`'s transaction.
async fn read_query(
    store: &rexie::Store,
    key: &str,
    with_ids: bool,
) -> Result<Option<CachedQuery>, CacheError> {
    let record = match store
        .get(JsValue::from_str(key))
        .await
        .map_err(cache_error)?
    {
        Some(record) if !record.is_undefined() => record,
        _ => return Ok(None),
    };
    let ids = if with_ids && query_record::has_ids_apart(&record) {
        store
            .get(JsValue::from_str(&query_record::ids_key(key)))
            .await
            .map_err(cache_error)?
    } else {
        None
    };
    query_record::from_records(record, with_ids, ids).map(Some)
}

/// Item records by id, in `store`'s transaction. Every request goes out at once and the
/// transaction answers them back to back; one request at a time cost a round trip each (60 ms
/// for a grid's first screen).
async fn read_items(
    store: &rexie::Store,
    ids: &[String],
) -> Result<Vec<Option<CachedItem>>, CacheError> {
    let values = join_all(ids.iter().map(|id| store.get(JsValue::from_str(id)))).await;
    values
        .into_iter()
        .map(|value| match value.map_err(cache_error)? {
            Some(v) if !v.is_undefined() => Ok(Some(from_js(v)?)),
            _ => Ok(None),
        })
        .collect()
}
