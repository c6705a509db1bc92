//! Benchmark hooks, compiled only with `--features bench` (the benchmark's own build):
//! `window.wasmBindings.bench_*` from the e2e benchmark, measuring the real IndexedDB cache.
use marquee_core::cache::CacheStore;
use marquee_core::merge::CachedItem;
use marquee_core::model::{FieldLevel, Item, ItemKind, LibrarySort, SortOrder};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::cache::IdbCache;

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
