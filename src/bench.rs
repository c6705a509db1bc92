//! Benchmark hooks, compiled only with `--features bench` (the benchmark's own build):
//! `window.wasmBindings.bench_*` from the e2e benchmark, measuring the real IndexedDB cache and
//! reaching the running app's store; plus the `?nocache=1` switch for the network-first baseline.
use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use marquee_core::cache::CacheStore;
use marquee_core::merge::CachedItem;
use marquee_core::model::{FieldLevel, Item, ItemKind, LibrarySort, QueryKey, SortOrder};
use marquee_core::refresh::RefreshPriority;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::cache::IdbCache;
use crate::store::{CacheBackend, Store};

thread_local! {
    /// `?nocache=1` in the URL the app started with.
    static CACHE_OFF: Cell<bool> = const { Cell::new(false) };
    /// The app's store slot (`StoreCtx`), for the hooks below.
    static STORE: RefCell<Option<RwSignal<Option<Store>, LocalStorage>>> = const { RefCell::new(None) };
}

/// Called once by `App` at start: reads the cache switch from the first URL and keeps the
/// store slot for the hooks.
pub fn init(store: RwSignal<Option<Store>, LocalStorage>) {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let off = search
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair == "nocache=1");
    CACHE_OFF.with(|c| c.set(off));
    STORE.with(|s| *s.borrow_mut() = Some(store));
}

/// True when this page was started with `?nocache=1`: the store then never opens IndexedDB and
/// every page waits for the network (the benchmark's network-first baseline).
pub fn cache_turned_off() -> bool {
    CACHE_OFF.with(Cell::get)
}

/// The running app's store, for other bench hooks (`bench_search`).
pub fn current_store() -> Result<Store, JsValue> {
    store()
}

fn store() -> Result<Store, JsValue> {
    STORE
        .with(|slot| {
            let signal = *slot.borrow();
            signal.and_then(|s| s.try_get_untracked().flatten())
        })
        .ok_or_else(|| JsValue::from_str("no store yet (not logged in, or still opening)"))
}

/// Which cache the running store uses: `indexeddb`, `memory`, or `none` before it opens.
#[wasm_bindgen]
pub fn bench_store_backend() -> String {
    match store() {
        Ok(store) => match store.cache() {
            CacheBackend::Idb(_) => "indexeddb".into(),
            CacheBackend::Memory(_) => "memory".into(),
        },
        Err(_) => "none".into(),
    }
}

/// Queues a High-priority refresh of one query key (its string form, e.g. `item/<id>`), the
/// way a page does; the refresh itself runs in the background as usual.
#[wasm_bindgen]
pub fn bench_refresh(key: &str) -> Result<(), JsValue> {
    let key: QueryKey = key
        .parse()
        .map_err(|e| JsValue::from_str(&format!("{e}")))?;
    store()?.request_refresh(key, RefreshPriority::High);
    Ok(())
}

/// Refreshes every key this tab shows, fresh or not (what "Retry" does).
#[wasm_bindgen]
pub fn bench_revalidate_all() -> Result<(), JsValue> {
    store()?.revalidate_visible(true);
    Ok(())
}

/// The BroadcastChannel this tab's store announces its changes on.
#[wasm_bindgen]
pub fn bench_channel_name() -> Result<String, JsValue> {
    Ok(store()?.channel_name())
}

/// Bytes of the wasm module's linear memory (it only grows: a high-water mark).
#[wasm_bindgen]
pub fn bench_wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    f64::from(buffer.byte_length())
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// A movie with every sort key set, like a list record from the server.
fn movie(i: u32, library: &str) -> CachedItem {
    let item = Item {
        id: format!("{i:032x}"),
        name: format!("Bench Movie {:05}", (i.wrapping_mul(7919)) % 100_000),
        kind: ItemKind::Movie,
        production_year: Some(1950 + (i % 75) as i32),
        premiere_date: Some(i64::from(i) * 86_400_000),
        date_created: Some(1_700_000_000_000 - i64::from(i) * 60_000),
        community_rating: Some(f64::from(i % 100) / 10.0),
        genres: Some(vec!["Drama".into()]),
        etag: Some(format!("{i:x}")),
        ..Default::default()
    };
    CachedItem::new(
        item,
        FieldLevel::Thin,
        Some(library.to_string()),
        js_sys::Date::now() as i64,
    )
}

#[derive(Serialize)]
struct WriteResult {
    items: u32,
    ms: f64,
}

/// Writes `count` items into a fresh database, the way a library sync does (merge-ready batches).
#[wasm_bindgen]
pub async fn bench_cache_writes(count: u32) -> Result<JsValue, JsValue> {
    let name = format!("marquee-bench-writes-{}", js_sys::Date::now());
    let cache = IdbCache::open(&name).await.map_err(|e| e.to_string())?;
    let items: Vec<CachedItem> = (0..count).map(|i| movie(i, "bench")).collect();
    let start = now();
    // The store writes a library page of 500 at a time; each page is batched inside put_items.
    for page in items.chunks(500) {
        cache.put_items(page).await.map_err(|e| e.to_string())?;
    }
    let ms = now() - start;
    cache.close();
    let _ = IdbCache::delete_database(&name).await;
    Ok(serde_wasm_bindgen::to_value(&WriteResult {
        items: count,
        ms,
    })?)
}

// Plain-JS puts of the app's own records, for the floor under the write figure.
#[wasm_bindgen(inline_js = r#"
function open(name, bare) {
  return new Promise((ok, no) => {
    const r = bare ? indexedDB.open(name, 1) : indexedDB.open(name);
    if (bare) r.onupgradeneeded = () => r.result.createObjectStore("items", { keyPath: "item.id" });
    r.onsuccess = () => ok(r.result);
    r.onerror = () => no(r.error);
  });
}
export async function put_records(name, bare, records, batch, ahead) {
  const db = await open(name, bare);
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < records.length; i += batch) {
    await new Promise((ok) => setTimeout(ok, 0));
    const tx = db.transaction("items", "readwrite");
    const store = tx.objectStore("items");
    for (const record of records.slice(i, i + batch)) store.put(record);
    pending.push(new Promise((ok, no) => {
      tx.oncomplete = ok;
      tx.onerror = tx.onabort = () => no(tx.error);
    }));
    while (pending.length > ahead) await pending.shift();
  }
  await Promise.all(pending);
  const ms = performance.now() - start;
  db.close();
  return ms;
}
export async function put_words(name, words) {
  const db = await open(name, false);
  const start = performance.now();
  const tx = db.transaction("search_words", "readwrite");
  const store = tx.objectStore("search_words");
  for (const word of words) store.put(1, word);
  await new Promise((ok, no) => {
    tx.oncomplete = ok;
    tx.onerror = tx.onabort = () => no(tx.error);
  });
  const ms = performance.now() - start;
  db.close();
  return ms;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn put_records(
        name: &str,
        bare: bool,
        records: js_sys::Array,
        batch: usize,
        ahead: usize,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn put_words(name: &str, words: Vec<String>) -> Result<JsValue, JsValue>;
}

#[derive(Serialize)]
struct WriteFloor {
    items: u32,
    /// Making the records from the items, as `put_items` does (serializing, search words).
    records_ms: f64,
    /// The records put from plain JS into the app's schema (its indexes).
    app_schema_ms: f64,
    /// The same into a store with no index at all.
    no_index_ms: f64,
    /// The distinct words of those records put into the app's words store, one transaction
    /// (as `put_items` does after the items), and how many.
    words_ms: f64,
    words: usize,
}

/// What IndexedDB itself costs under `bench_cache_writes`: the same items, made into records
/// as `put_items` makes them, put from plain JS in the same transactions (no Rust, no
/// serializing in the timed part), first into the app's schema (then their words into its
/// words store), then into a store without indexes.
#[wasm_bindgen]
pub async fn bench_write_floor(count: u32) -> Result<JsValue, JsValue> {
    let items: Vec<CachedItem> = (0..count).map(|i| movie(i, "bench")).collect();
    let start = now();
    let mut records = Vec::with_capacity(items.len());
    let mut words = Vec::new();
    for batch in items.chunks(crate::cache::WRITE_SLICES.0) {
        let (batch_records, batch_words) =
            crate::cache::item_records(batch).map_err(|e| e.to_string())?;
        records.extend(batch_records);
        words.extend(batch_words.into_iter().flatten());
    }
    words.sort_unstable();
    words.dedup();
    let records_ms = now() - start;
    let records: js_sys::Array = records.into_iter().collect();
    let word_count = words.len();
    let mut words_ms = f64::NAN;
    let mut ms = [0.0; 2];
    for (bare, slot) in [false, true].into_iter().zip(ms.iter_mut()) {
        let name = format!("marquee-bench-floor-{bare}-{}", js_sys::Date::now());
        if !bare {
            // The app's schema, created by the app.
            IdbCache::open(&name)
                .await
                .map_err(|e| e.to_string())?
                .close();
        }
        let (batch, ahead) = crate::cache::WRITE_SLICES;
        *slot = put_records(&name, bare, records.clone(), batch, ahead)
            .await?
            .as_f64()
            .unwrap_or(f64::NAN);
        if !bare {
            words_ms = put_words(&name, std::mem::take(&mut words))
                .await?
                .as_f64()
                .unwrap_or(f64::NAN);
        }
        let _ = IdbCache::delete_database(&name).await;
    }
    Ok(serde_wasm_bindgen::to_value(&WriteFloor {
        items: count,
        records_ms,
        app_schema_ms: ms[0],
        no_index_ms: ms[1],
        words_ms,
        words: word_count,
    })?)
}

#[derive(Serialize)]
struct ReadResult {
    sort: String,
    order: String,
    median_ms: f64,
    max_ms: f64,
    rows: usize,
}

/// Fills a library of `size` items once (kept between runs under `name`), then times reading
/// the first 60 in each sort and order, `runs` times each.
#[wasm_bindgen]
pub async fn bench_library_reads(size: u32, runs: u32) -> Result<JsValue, JsValue> {
    let name = format!("marquee-bench-library-{size}");
    let cache = IdbCache::open(&name).await.map_err(|e| e.to_string())?;
    if cache
        .library_count("bench")
        .await
        .map_err(|e| e.to_string())?
        < size
    {
        let items: Vec<CachedItem> = (0..size).map(|i| movie(i, "bench")).collect();
        for page in items.chunks(1000) {
            cache.put_items(page).await.map_err(|e| e.to_string())?;
        }
    }
    let mut results = Vec::new();
    for sort in LibrarySort::ALL {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..runs.max(1) {
                let start = now();
                let page = cache
                    .library_page("bench", ItemKind::Movie, sort, order, 0, 60)
                    .await
                    .map_err(|e| e.to_string())?;
                times.push(now() - start);
                rows = page.len();
            }
            times.sort_by(f64::total_cmp);
            results.push(ReadResult {
                sort: sort.as_str().into(),
                order: order.as_str().into(),
                median_ms: times[times.len() / 2],
                max_ms: *times.last().unwrap_or(&0.0),
                rows,
            });
        }
    }
    cache.close();
    Ok(serde_wasm_bindgen::to_value(&results)?)
}

#[derive(Serialize)]
struct LibraryScan {
    items: u32,
    /// `library_count`: what a library grid waits for to know its size.
    count_median_ms: f64,
    count_max_ms: f64,
    /// Every item read by id, as reading a whole library's cached query does.
    read_all_median_ms: f64,
}

/// On the library `bench_library_reads(size, ..)` filled: times counting it (the grid's total)
/// and reading every item by id (a whole-library query read from the cache), `runs` times.
#[wasm_bindgen]
pub async fn bench_library_scans(size: u32, runs: u32) -> Result<JsValue, JsValue> {
    let name = format!("marquee-bench-library-{size}");
    let cache = IdbCache::open(&name).await.map_err(|e| e.to_string())?;
    let ids: Vec<String> = (0..size).map(|i| format!("{i:032x}")).collect();
    let (mut counts, mut reads, mut items) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs.max(1) {
        let start = now();
        items = cache
            .library_count("bench")
            .await
            .map_err(|e| e.to_string())?;
        counts.push(now() - start);
        let start = now();
        let all = cache.get_items(&ids).await.map_err(|e| e.to_string())?;
        reads.push(now() - start);
        drop(all);
    }
    cache.close();
    counts.sort_by(f64::total_cmp);
    reads.sort_by(f64::total_cmp);
    Ok(serde_wasm_bindgen::to_value(&LibraryScan {
        items,
        count_median_ms: counts[counts.len() / 2],
        count_max_ms: *counts.last().unwrap_or(&0.0),
        read_all_median_ms: reads[reads.len() / 2],
    })?)
}

#[derive(Serialize)]
struct KeyState {
    key: String,
    status: String,
    fetched_at: Option<i64>,
    queued: bool,
    in_flight: bool,
}

#[derive(Serialize)]
struct QueueState {
    queued: usize,
    in_flight: usize,
    paused: bool,
    keys: Vec<KeyState>,
}

/// The refresh queue and every key this tab watches, for the benchmark's diagnostics.
#[wasm_bindgen]
pub fn bench_queue_state() -> Result<JsValue, JsValue> {
    let store = store()?;
    let queue = store.queue();
    let keys = store
        .live_keys()
        .into_iter()
        .map(|key| {
            let state = store.signal_of(&key).map(|s| s.get_untracked());
            KeyState {
                key: key.to_string(),
                status: state
                    .as_ref()
                    .map(|s| format!("{:?}", s.status))
                    .unwrap_or_default(),
                fetched_at: state.and_then(|s| s.fetched_at),
                queued: queue.is_queued(&key),
                in_flight: queue.is_in_flight(&key),
            }
        })
        .collect();
    Ok(serde_wasm_bindgen::to_value(&QueueState {
        queued: queue.len(),
        in_flight: queue.in_flight(),
        paused: queue.is_paused(),
        keys,
    })?)
}
