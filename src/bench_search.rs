//! Benchmark hooks for search (`--features bench` only): what the title index costs a sync and
//! in space, and a big cache for timing keystrokes (e2e `search_bench`).
use marquee_core::cache::CacheStore;
use marquee_core::merge::CachedItem;
use marquee_core::model::{FieldLevel, Item, ItemKind};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::cache::IdbCache;

const ADJECTIVES: [&str; 24] = [
    "Silent", "Crimson", "Hidden", "Broken", "Golden", "Frozen", "Savage", "Electric", "Quiet",
    "Burning", "Lost", "Endless", "Midnight", "Wild", "Final", "Secret", "Iron", "Hollow",
    "Bright", "Dark", "Velvet", "Distant", "Restless", "Pale",
];
const NOUNS: [&str; 32] = [
    "River", "Empire", "Garden", "Horizon", "Station", "Mirror", "Harbor", "Forest", "Engine",
    "Promise", "Kingdom", "Shadow", "Voyage", "Signal", "Summer", "Canyon", "Orchard", "Lantern",
    "Frontier", "Island", "Compass", "Winter", "Theory", "Machine", "Desert", "Letter", "Planet",
    "Circus", "Anthem", "Harvest", "Citadel", "Meadow",
];
const PLACES: [&str; 16] = [
    "Oslo",
    "Lisbon",
    "Kyoto",
    "Montréal",
    "Zürich",
    "Sevilla",
    "Kraków",
    "Reykjavík",
    "Dakar",
    "Lima",
    "Hanoi",
    "Tbilisi",
    "Nairobi",
    "Québec",
    "Bogotá",
    "Malmö",
];

/// A realistic-looking title for item `i` (words shared across titles, some accents, numbers).
fn title(i: u32) -> String {
    let h = i.wrapping_mul(2_654_435_761);
    let adjective = ADJECTIVES[(h % 24) as usize];
    let noun = NOUNS[((h >> 5) % 32) as usize];
    let place = PLACES[((h >> 10) % 16) as usize];
    match (h >> 14) % 5 {
        0 => format!("The {adjective} {noun}"),
        1 => format!("{adjective} {noun} in {place}"),
        2 => format!("{noun} of {place} {}", i % 97),
        3 => format!("A {noun} for {place}"),
        _ => format!("{adjective} {noun} {}", 1950 + i % 75),
    }
}

fn record(i: u32, kind: ItemKind, library: Option<&str>) -> CachedItem {
    let mut item = Item::new(format!("{:08x}{i:024x}", kind as u32), title(i), kind);
    item.production_year = Some(1950 + (i % 75) as i32);
    item.date_created = Some(1_700_000_000_000 - i64::from(i) * 60_000);
    CachedItem::new(
        item,
        FieldLevel::Thin,
        library.map(str::to_string),
        js_sys::Date::now() as i64,
    )
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

async fn usage_bytes() -> f64 {
    crate::pwa::storage::estimate()
        .await
        .map(|e| e.used)
        .unwrap_or(0.0)
}

#[derive(Serialize)]
struct Upkeep {
    items: u32,
    without_index_ms: f64,
    with_index_ms: f64,
    without_index_bytes: f64,
    with_index_bytes: f64,
    /// Entries the items' search index holds, and their keys' bytes as IndexedDB encodes
    /// them (UTF-16 strings, each entry also holding its item's id), before LevelDB's
    /// compression: a figure that does not swing with `navigator.storage.estimate()`.
    index_entries: u64,
    index_key_bytes: f64,
    /// The words store: distinct words and their keys' bytes (UTF-16).
    distinct_words: u64,
    words_store_bytes: f64,
}

/// The search index's entries for `items` and the bytes of their keys (see `Upkeep`); the
/// distinct words of the words store and theirs.
fn index_size(items: &[CachedItem]) -> (u64, f64, u64, f64) {
    let utf16 = |text: &str| (text.encode_utf16().count() * 2) as f64;
    let mut entries = 0;
    let mut bytes = 0.0;
    let mut words = std::collections::HashSet::new();
    for cached in items {
        for key in marquee_core::search::index_keys(&cached.item) {
            entries += 1;
            bytes += utf16(&key) + utf16(&cached.item.id);
            words.insert(marquee_core::search::key_word(&key).to_owned());
        }
    }
    let words_bytes = words.iter().map(|w| utf16(w)).sum();
    (entries, bytes, words.len() as u64, words_bytes)
}

/// Writes `count` titled movies into two fresh databases, in pages of 500 as a sync does:
/// one without search words (no index entries), one with them, page by page, taking turns at
/// going first. Both databases grow alike and the machine's drift falls on both: the
/// difference is the index's cost. Space: what deleting each database gives back.
#[wasm_bindgen]
pub async fn bench_search_upkeep(count: u32) -> Result<JsValue, JsValue> {
    let items: Vec<CachedItem> = (0..count)
        .map(|i| record(i, ItemKind::Movie, Some("bench")))
        .collect();
    let stamp = js_sys::Date::now();
    let names = [
        format!("marquee-bench-search-without-{stamp}"),
        format!("marquee-bench-search-with-{stamp}"),
    ];
    let without = IdbCache::open(&names[0]).await.map_err(|e| e.to_string())?;
    let with = IdbCache::open(&names[1]).await.map_err(|e| e.to_string())?;
    let mut ms = [0.0, 0.0];
    for (n, page) in items.chunks(500).enumerate() {
        for turn in 0..2 {
            let which = (n + turn) % 2;
            let start = now();
            if which == 1 {
                with.put_items(page).await
            } else {
                without.put_items_without_search_words(page).await
            }
            .map_err(|e| e.to_string())?;
            ms[which] += now() - start;
        }
    }
    without.close();
    with.close();
    let both = usage_bytes().await;
    let _ = IdbCache::delete_database(&names[1]).await;
    let without_only = usage_bytes().await;
    let _ = IdbCache::delete_database(&names[0]).await;
    let none = usage_bytes().await;
    let (index_entries, index_key_bytes, distinct_words, words_store_bytes) = index_size(&items);
    Ok(serde_wasm_bindgen::to_value(&Upkeep {
        index_entries,
        index_key_bytes,
        distinct_words,
        words_store_bytes,
        items: count,
        without_index_ms: ms[0],
        with_index_ms: ms[1],
        without_index_bytes: without_only - none,
        with_index_bytes: both - without_only,
    })?)
}

/// Writes `movies` titled movies and `episodes` titled episodes into the logged-in user's cache,
/// for timing searches over a big library.
#[wasm_bindgen]
pub async fn bench_search_seed(movies: u32, episodes: u32) -> Result<u32, JsValue> {
    let store = crate::bench::current_store()?;
    let mut written = 0;
    let all = (0..movies)
        .map(|i| record(i, ItemKind::Movie, Some("bench-search")))
        .chain((0..episodes).map(|i| record(i, ItemKind::Episode, None)));
    let all: Vec<CachedItem> = all.collect();
    for page in all.chunks(500) {
        store
            .cache()
            .put_items(page)
            .await
            .map_err(|e| e.to_string())?;
        written += page.len() as u32;
    }
    Ok(written)
}
