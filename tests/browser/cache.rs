//! The IndexedDB cache runs the same suite as core's memory cache, plus what only a browser has:
//! indexed reads, schema migration, and a newer schema opened by another connection.
use marquee::cache::IdbCache;
use marquee_core::cache::{CacheError, CacheStore, CachedQuery};
use marquee_core::merge::CachedItem;
use marquee_core::model::{FieldLevel, Item, ItemKind, LibrarySort, QueryKey, SortOrder};
use rexie::{Rexie, TransactionMode};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::unique;

async fn fresh_cache(prefix: &str) -> IdbCache {
    IdbCache::open(&unique(prefix))
        .await
        .expect("IndexedDB opens")
}

/// Core's cache suite, one test per case, each on a database of its own.
macro_rules! indexeddb_case {
    ($case:ident) => {
        #[wasm_bindgen_test]
        async fn $case() {
            let cache = fresh_cache(stringify!($case)).await;
            marquee_core::cache::suite::$case(&cache).await;
        }
    };
}

marquee_core::cache_store_suite!(indexeddb_case);

fn movie(id: &str, name: &str, year: i32) -> Item {
    Item {
        id: id.into(),
        name: name.into(),
        kind: ItemKind::Movie,
        production_year: Some(year),
        community_rating: Some((year % 10) as f64),
        date_created: Some(i64::from(year) * 1_000),
        premiere_date: Some(i64::from(year) * 2_000),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn library_pages_come_from_the_index_in_every_sort() {
    let cache = fresh_cache("pages").await;
    let items: Vec<CachedItem> = (0..120)
        .map(|i| {
            let item = movie(
                &format!("{i:032x}"),
                &format!("Title {:03}", (i * 37) % 120),
                1950 + (i * 7) % 70,
            );
            CachedItem::new(item, FieldLevel::Thin, Some("lib".into()), 1_000)
        })
        .collect();
    cache.put_items(&items).await.unwrap();
    for sort in [
        LibrarySort::Name,
        LibrarySort::DateAdded,
        LibrarySort::ReleaseDate,
        LibrarySort::Rating,
        LibrarySort::Year,
    ] {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            let first = cache
                .library_page("lib", ItemKind::Movie, sort, order, 0, 60)
                .await
                .unwrap();
            let second = cache
                .library_page("lib", ItemKind::Movie, sort, order, 60, 60)
                .await
                .unwrap();
            assert_eq!(first.len(), 60, "{sort:?} {order:?}");
            assert_eq!(second.len(), 60, "{sort:?} {order:?}");
            let all: Vec<&CachedItem> = first.iter().chain(second.iter()).collect();
            let mut ids: Vec<&str> = all.iter().map(|c| c.item.id.as_str()).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), 120, "pages overlap in {sort:?} {order:?}");
            for pair in all.windows(2) {
                let a = pair[0]
                    .sort
                    .compare(&pair[1].sort, sort)
                    .then_with(|| pair[0].item.id.cmp(&pair[1].item.id));
                let ok = match order {
                    SortOrder::Asc => a != std::cmp::Ordering::Greater,
                    SortOrder::Desc => a != std::cmp::Ordering::Less,
                };
                assert!(
                    ok,
                    "{sort:?} {order:?} out of order: {} then {}",
                    pair[0].item.name, pair[1].item.name
                );
            }
        }
    }
    assert_eq!(cache.library_count("lib").await.unwrap(), 120);
    assert_eq!(cache.library_count("other").await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn stale_items_are_found_through_the_fetched_at_index() {
    let cache = fresh_cache("stale").await;
    let items: Vec<CachedItem> = (0..10)
        .map(|i| {
            CachedItem::new(
                movie(&format!("{i:032x}"), "M", 2000),
                FieldLevel::Full,
                None,
                1_000 + i * 100,
            )
        })
        .collect();
    cache.put_items(&items).await.unwrap();
    let stale = cache.find_stale_items(1_450, 100).await.unwrap();
    let ids: Vec<i64> = stale.iter().map(|c| c.fetched_at).collect();
    assert_eq!(ids, vec![1_000, 1_100, 1_200, 1_300, 1_400]);
    assert_eq!(cache.find_stale_items(1_450, 2).await.unwrap().len(), 2);
}

#[wasm_bindgen_test]
async fn a_version_1_database_migrates_to_version_2_keeping_its_items() {
    let name = unique("migrate");
    // A v1 database with an item written the v1 way: no sort keys.
    let v1 = marquee::cache::schema_v1(Rexie::builder(&name))
        .build()
        .await
        .unwrap();
    let item = CachedItem::new(
        movie(&format!("{:032x}", 7), "The Old One", 1999),
        FieldLevel::Thin,
        Some("lib".into()),
        5,
    );
    let mut raw = serde_json::to_value(&item).unwrap();
    raw.as_object_mut().unwrap().remove("sort");
    let js = raw
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    {
        let tx = v1
            .transaction(&["items"], TransactionMode::ReadWrite)
            .unwrap();
        tx.store("items").unwrap().put(&js, None).await.unwrap();
        tx.commit().await.unwrap();
    }
    v1.close();

    let v2 = IdbCache::open(&name).await.expect("upgrade to v2");
    let got = v2
        .get_item(&item.item.id)
        .await
        .unwrap()
        .expect("item survives the upgrade");
    assert_eq!(got.item.name, "The Old One");
    let page = v2
        .library_page(
            "lib",
            ItemKind::Movie,
            LibrarySort::Name,
            SortOrder::Asc,
            0,
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        page.len(),
        1,
        "the migrated item is in the new library index"
    );
    assert_eq!(page[0].sort.name, "old one");
}

/// Keys are stored as their string form; a record whose key this build cannot read (written
/// by another build) is skipped by the sweep, never an error that stops it, and eviction still
/// removes it.
#[wasm_bindgen_test]
async fn a_stored_query_whose_key_no_longer_parses_is_skipped() {
    let name = unique("foreign-key");
    let cache = IdbCache::open(&name).await.unwrap();
    let key = QueryKey::Item { id: "m1".into() };
    cache
        .put_query(&CachedQuery::new(key.clone(), vec!["m1".into()], 100))
        .await
        .unwrap();
    cache.close();
    let raw = marquee::cache::schema(Rexie::builder(&name))
        .build()
        .await
        .unwrap();
    let foreign = serde_json::json!({
        "key": "from/a/later/build", "ids": [], "ids_apart": false, "total": 0,
        "fetched_at": 50, "etag": null, "last_used_at": 50, "complete": true,
    })
    .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
    .unwrap();
    {
        let tx = raw
            .transaction(&["queries"], TransactionMode::ReadWrite)
            .unwrap();
        let queries = tx.store("queries").unwrap();
        let stored = queries.get("item/m1".into()).await.unwrap().unwrap();
        assert_eq!(
            js_sys::Reflect::get(&stored, &"key".into())
                .unwrap()
                .as_string(),
            Some("item/m1".to_string()),
            "a key is stored as its string form, as before keys were typed"
        );
        queries.put(&foreign, None).await.unwrap();
        tx.commit().await.unwrap();
    }
    raw.close();

    let cache = IdbCache::open(&name).await.unwrap();
    let stale = cache
        .find_stale_queries(1_000, 10)
        .await
        .expect("one unreadable record does not fail the sweep");
    assert_eq!(
        stale.into_iter().map(|q| q.key).collect::<Vec<_>>(),
        vec![key.clone()]
    );
    assert_eq!(
        cache.get_query(&key).await.unwrap().map(|q| q.ids),
        Some(vec!["m1".to_string()])
    );
    assert_eq!(
        cache
            .evict_queries_lru(10, std::slice::from_ref(&key))
            .await
            .unwrap(),
        1,
        "eviction removes the unreadable record, and keeps what is shown"
    );
    assert!(cache.get_query(&key).await.unwrap().is_some());
}

#[wasm_bindgen_test]
async fn a_newer_schema_elsewhere_closes_this_connection_instead_of_blocking() {
    let name = unique("versionchange");
    let old = IdbCache::open(&name).await.unwrap();
    // Another tab opens the next schema version: it must not wait for us.
    let newer = marquee::cache::schema(Rexie::builder(&name))
        .version(marquee::cache::SCHEMA_VERSION + 1)
        .build()
        .await
        .expect("the upgrade is not blocked by the older connection");
    let result = old.get_item("anything").await;
    assert!(
        matches!(result, Err(CacheError::VersionChanged)),
        "the old connection reports that it was closed: {result:?}"
    );
    newer.close();
}

use serde::Serialize;

/// Each library's kind is remembered per user database in localStorage, replaced when it
/// changes, and forgotten with that database only.
#[wasm_bindgen_test]
fn library_kinds_are_remembered_per_database_and_forgotten_with_it() {
    use marquee::cache::library_kinds::{forget_all, remember, remembered};
    let (alice, bob) = (unique("kinds-alice"), unique("kinds-bob"));
    assert_eq!(remembered(&alice, "lib1"), None, "nothing before");
    remember(&alice, "lib1", "movies");
    remember(&alice, "lib2", "tvshows");
    remember(&bob, "lib1", "tvshows");
    assert_eq!(remembered(&alice, "lib1").as_deref(), Some("movies"));
    assert_eq!(remembered(&alice, "lib2").as_deref(), Some("tvshows"));
    assert_eq!(remembered(&bob, "lib1").as_deref(), Some("tvshows"));
    remember(&alice, "lib1", "tvshows");
    assert_eq!(
        remembered(&alice, "lib1").as_deref(),
        Some("tvshows"),
        "a changed kind replaces the old one"
    );
    assert_eq!(remembered(&alice, "lib2").as_deref(), Some("tvshows"));
    forget_all(&alice);
    assert_eq!(remembered(&alice, "lib1"), None, "forgotten at log out");
    assert_eq!(remembered(&alice, "lib2"), None);
    assert_eq!(
        remembered(&bob, "lib1").as_deref(),
        Some("tvshows"),
        "another user's kinds stay"
    );
    forget_all(&bob);
}

/// A version 3 database keeps bare words as search keys; the upgrade rewrites its items with
/// the ordered keys (`index_keys`), and they are still found.
#[wasm_bindgen_test]
async fn a_version_3_database_migrates_its_search_keys() {
    use marquee_core::search::SearchQuery;
    let name = unique("migrate-v3");
    let raw = marquee::cache::schema(Rexie::builder(&name))
        .build()
        .await
        .unwrap();
    let item = CachedItem::new(
        movie(&format!("{:032x}", 9), "Silent River", 1999),
        FieldLevel::Thin,
        Some("lib".into()),
        5,
    );
    let mut record = serde_json::to_value(&item).unwrap();
    record["search_words"] = serde_json::json!(["river", "silent"]);
    let js = record
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    {
        let tx = raw
            .transaction(&["items", "meta"], TransactionMode::ReadWrite)
            .unwrap();
        tx.store("items").unwrap().put(&js, None).await.unwrap();
        tx.store("meta")
            .unwrap()
            .put(
                &wasm_bindgen::JsValue::from_str("3"),
                Some(&wasm_bindgen::JsValue::from_str("data_version")),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    raw.close();

    let cache = IdbCache::open(&name).await.expect("upgrade to v4");
    let raw = marquee::cache::schema(Rexie::builder(&name))
        .build()
        .await
        .unwrap();
    let stored = {
        let tx = raw
            .transaction(&["items"], TransactionMode::ReadOnly)
            .unwrap();
        let value = tx
            .store("items")
            .unwrap()
            .get(wasm_bindgen::JsValue::from_str(&item.item.id))
            .await
            .unwrap()
            .expect("the item is kept");
        js_sys::Reflect::get(&value, &wasm_bindgen::JsValue::from_str("search_words")).unwrap()
    };
    raw.close();
    let keys: Vec<String> = serde_wasm_bindgen::from_value(stored).unwrap();
    assert_eq!(
        keys,
        marquee_core::search::index_keys(&item.item),
        "the keys are rewritten with their order"
    );
    for typed in ["river", "silent river", "sil"] {
        let found = cache
            .search_items(&SearchQuery::parse(typed), 10)
            .await
            .unwrap();
        let ids: Vec<&str> = found.iter().map(|c| c.item.id.as_str()).collect();
        assert_eq!(ids, [item.item.id.as_str()], "{typed:?} after the upgrade");
        assert_eq!(found[0], item, "the item as it was");
    }
}

/// A one-letter search reads a few hundred items at most, in the stored order: the item in
/// progress among hundreds sharing its word is among them, and first.
#[wasm_bindgen_test]
async fn a_short_prefix_reads_the_best_items_first() {
    use marquee_core::model::UserData;
    use marquee_core::search::SearchQuery;
    let cache = fresh_cache("search-order").await;
    let mut items: Vec<CachedItem> = (0..400)
        .map(|i| {
            CachedItem::new(
                movie(&format!("{i:032x}"), &format!("Summer {i}"), 2000),
                FieldLevel::Thin,
                Some("lib".into()),
                5,
            )
        })
        .collect();
    // The last id, the oldest date: only its being in progress puts it first.
    let started = items.last_mut().unwrap();
    started.item.premiere_date = Some(1);
    started.item.user_data = Some(UserData {
        position_ticks: 10,
        ..UserData::default()
    });
    let started_id = started.item.id.clone();
    cache.put_items(&items).await.unwrap();
    for typed in ["s", "su", "summer"] {
        let found = cache
            .search_items(&SearchQuery::parse(typed), 5)
            .await
            .unwrap();
        assert_eq!(found.len(), 5, "{typed:?}");
        assert_eq!(found[0].item.id, started_id, "{typed:?}: in progress first");
    }
}
