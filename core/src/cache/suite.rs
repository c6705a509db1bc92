//! The shared test suite of the cache contract (behind the `testing` feature), written the way
//! matrix-rust-sdk writes its store suites: [`cache_store_suite!`](crate::cache_store_suite)
//! lists every case once, and each backend invokes it to get one test per case: the memory
//! store natively (`memory.rs`), IndexedDB in Chromium (`tests/browser/cache.rs`).
//!
//! Each `case_*` expects an empty store (no items, queries or outbox entries; metadata keys
//! are unique per case) and panics with a message naming the broken rule. [`run_all`] resets
//! the store before each case.

use super::{CacheError, CacheStore, CachedItem, CachedQuery, OutboxEntry, UserAction};
use crate::model::{
    FieldLevel, ImageRef, ImageType, Item, ItemKind, LibrarySort, Person, QueryKey, SortOrder,
    UserData,
};
use crate::search::SearchQuery;

/// Unwraps a store result, panicking with what failed.
fn ok<T>(result: Result<T, CacheError>, what: &str) -> T {
    result.unwrap_or_else(|error| panic!("cache suite: {what} failed: {error}"))
}

/// Ids of records, for readable comparisons.
fn ids_of(records: &[CachedItem]) -> Vec<String> {
    records
        .iter()
        .map(|record| record.item.id.clone())
        .collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// A library film with every sort key set.
#[allow(clippy::too_many_arguments)]
fn film(
    id: &str,
    name: &str,
    library: &str,
    added: i64,
    premiere: i64,
    rating: f64,
    year: i32,
    fetched_at: i64,
) -> CachedItem {
    let mut item = Item::new(id, name, ItemKind::Movie);
    item.date_created = Some(added);
    item.premiere_date = Some(premiere);
    item.community_rating = Some(rating);
    item.production_year = Some(year);
    CachedItem::new(item, FieldLevel::Thin, library.to_owned(), fetched_at)
}

/// Films with ties in every key, out of order by every key.
fn library_films(library: &str) -> Vec<CachedItem> {
    vec![
        film("f3", "The Zebra", library, 300, -5_000, 7.5, 1990, 1),
        film("f1", "apple", library, 100, 9_000, 9.0, 2010, 1),
        film("f5", "Mango", library, 300, 0, 7.5, 2001, 1),
        film("f2", "Banana", library, 200, 9_000, 3.0, 1990, 1),
        film("f4", "mango", library, 50, 100, 0.0, 2001, 1),
        film("f6", "12 Angry Men", library, 400, -9_000, 9.0, 1957, 1),
    ]
}

/// The expected ascending ids: sort key, then id (computed here, independently of the store).
fn expected_ids(records: &[CachedItem], sort: LibrarySort, order: SortOrder) -> Vec<String> {
    let mut sorted: Vec<&CachedItem> = records.iter().collect();
    sorted.sort_by(|a, b| {
        let by_key = match sort {
            LibrarySort::Name => a.sort.name.cmp(&b.sort.name),
            LibrarySort::DateAdded => a.sort.date_added.cmp(&b.sort.date_added),
            LibrarySort::ReleaseDate => a.sort.premiere.cmp(&b.sort.premiere),
            LibrarySort::Rating => a.sort.rating.total_cmp(&b.sort.rating),
            LibrarySort::Year => a.sort.year.cmp(&b.sort.year),
        };
        by_key.then_with(|| a.item.id.cmp(&b.item.id))
    });
    if order == SortOrder::Desc {
        sorted.reverse();
    }
    sorted
        .into_iter()
        .map(|record| record.item.id.clone())
        .collect()
}

/// A record with every field known, to catch fields a store drops or mangles.
fn complete_record() -> CachedItem {
    let image = |owner: &str, image_type, tag: &str| ImageRef {
        item_id: owner.to_owned(),
        image_type,
        tag: tag.to_owned(),
        blurhash: Some(format!("hash-{tag}")),
        aspect_ratio: Some(0.6666666666666666),
    };
    let item = Item {
        id: "complete".into(),
        name: "Épisode «1» / \"Pilot\"".into(),
        original_title: Some("Pilote".into()),
        sort_name: Some("episode 1".into()),
        kind: ItemKind::Episode,
        collection_type: Some("tvshows".into()),
        parent_id: Some("season".into()),
        series_id: Some("series".into()),
        series_name: Some("Show".into()),
        season_id: Some("season".into()),
        season_name: Some("Season 1".into()),
        index_number: Some(1),
        parent_index_number: Some(0),
        production_year: Some(2008),
        premiere_date: Some(-86_400_000),
        date_created: Some(1_700_000_000_123),
        end_date: Some(1_800_000_000_000),
        run_time_ticks: Some(17_999_998_976),
        community_rating: Some(8.25),
        critic_rating: Some(91.0),
        official_rating: Some("TV-14".into()),
        overview: Some("Line one.\nLine two.".into()),
        taglines: Some(vec![]),
        genres: Some(vec!["Drama".into(), "Crime".into()]),
        people: Some(vec![Person {
            name: "Someone".into(),
            id: Some("p".into()),
            role: Some("Lead".into()),
            kind: Some("Actor".into()),
            image: Some(image("p", ImageType::Primary, "pt")),
        }]),
        studios: Some(vec!["AMC".into()]),
        child_count: Some(0),
        recursive_item_count: Some(12),
        status: Some("Ended".into()),
        primary_image: Some(image("complete", ImageType::Primary, "a")),
        backdrop_image: Some(image("series", ImageType::Backdrop, "b")),
        thumb_image: Some(image("series", ImageType::Thumb, "c")),
        series_primary_image: Some(image("series", ImageType::Primary, "d")),
        user_data: Some(UserData {
            position_ticks: 123_456_789,
            played_percentage: Some(12.5),
            played: false,
            play_count: 3,
            favorite: true,
            last_played_at: Some(1_700_000_001_000),
            unplayed_count: Some(7),
        }),
        etag: Some("etag".into()),
        date_last_saved: Some(1_700_000_002_000),
    };
    let mut record = CachedItem::new(item, FieldLevel::Full, "lib".to_owned(), 1_000);
    record.last_used_at = 2_000;
    record
}

/// A query key from its string form.
fn key(text: &str) -> QueryKey {
    text.parse()
        .unwrap_or_else(|e| panic!("cache suite: {text:?} is not a query key: {e}"))
}

fn keys(texts: &[&str]) -> Vec<QueryKey> {
    texts.iter().map(|text| key(text)).collect()
}

/// The string forms of the queries' keys, in order, for readable comparisons.
fn key_texts(queries: Vec<CachedQuery>) -> Vec<String> {
    queries.into_iter().map(|q| q.key.to_string()).collect()
}

fn query(text: &str, fetched_at: i64, last_used_at: i64) -> CachedQuery {
    CachedQuery {
        key: key(text),
        ids: strings(&["a", "b"]),
        total: 10,
        fetched_at,
        etag: None,
        last_used_at,
        complete: false,
    }
}

/// An action's optimistic change is written with its outbox entry, and the server's answer
/// with the entry's removal.
pub async fn case_outbox_writes_items_with_entries<C: CacheStore>(cache: &C) {
    let mut record = complete_record();
    if let Some(data) = record.item.user_data.as_mut() {
        data.played = true;
    }
    let seq = ok(
        cache
            .outbox_push(
                OutboxEntry::new(record.item.id.clone(), UserAction::SetPlayed(true), 5),
                std::slice::from_ref(&record),
            )
            .await,
        "outbox_push with an item",
    );
    let stored = ok(cache.get_item(&record.item.id).await, "get_item");
    assert_eq!(
        stored.as_ref(),
        Some(&record),
        "cache suite: outbox_push must write the items given with the entry"
    );
    let mut answered = record.clone();
    if let Some(data) = answered.item.user_data.as_mut() {
        data.play_count += 1;
    }
    ok(
        cache
            .outbox_remove(&[seq], std::slice::from_ref(&answered))
            .await,
        "outbox_remove with an item",
    );
    assert!(
        ok(cache.outbox_list().await, "outbox_list").is_empty(),
        "cache suite: outbox_remove must remove the entries given"
    );
    assert_eq!(
        ok(cache.get_item(&record.item.id).await, "get_item"),
        Some(answered),
        "cache suite: outbox_remove must write the items given"
    );
}

/// Empties items, queries and the outbox (metadata has no delete; cases use their own keys).
pub async fn reset<C: CacheStore>(cache: &C) {
    ok(cache.clear().await, "clear");
    for entry in ok(cache.outbox_list().await, "outbox_list") {
        if let Some(seq) = entry.seq {
            ok(cache.outbox_remove(&[seq], &[]).await, "outbox_remove");
        }
    }
}

/// Every case of the suite, once. `$case` is a macro the backend defines, taking a case's
/// name (a function in this module) and writing that backend's test for it:
/// ```ignore
/// macro_rules! memory_case {
///     ($case:ident) => {
///         #[test]
///         fn $case() { block_on(suite::$case(&MemoryCache::new())); }
///     };
/// }
/// marquee_core::cache_store_suite!(memory_case);
/// ```
#[macro_export]
macro_rules! cache_store_suite {
    ($case:ident) => {
        $case!(case_item_round_trip);
        $case!(case_get_items_keeps_order_and_gaps);
        $case!(case_put_items_overwrites);
        $case!(case_delete_items);
        $case!(case_query_round_trip);
        $case!(case_library_page_orders);
        $case!(case_library_page_offset_limit);
        $case!(case_library_page_kind_and_library);
        $case!(case_library_count);
        $case!(case_library_letter_offset);
        $case!(case_find_stale_items);
        $case!(case_find_stale_queries);
        $case!(case_evict_queries_lru);
        $case!(case_eviction_goes_by_use_and_keeps_what_is_shown);
        $case!(case_long_query);
        $case!(case_query_with_items);
        $case!(case_outbox);
        $case!(case_outbox_writes_items_with_entries);
        $case!(case_outbox_attempts_are_kept);
        $case!(case_meta);
        $case!(case_clear_keeps_outbox_and_meta);
        $case!(case_search_items);
    };
}

/// Runs every case on one store, resetting it before each.
pub async fn run_all<C: CacheStore>(cache: &C) {
    macro_rules! run {
        ($case:ident) => {
            reset(cache).await;
            $case(cache).await;
        };
    }
    crate::cache_store_suite!(run);
}

/// Every field of an item record survives a put and a get.
pub async fn case_item_round_trip<C: CacheStore>(cache: &C) {
    let record = complete_record();
    ok(
        cache.put_items(std::slice::from_ref(&record)).await,
        "put_items",
    );
    let read = ok(cache.get_item("complete").await, "get_item");
    assert_eq!(
        read.as_ref(),
        Some(&record),
        "cache suite: an item record changed on its way through the store"
    );
    assert_eq!(
        ok(cache.get_item("missing").await, "get_item"),
        None,
        "cache suite: a missing id must read as None"
    );
}

/// `get_items` answers in the order asked, with `None` for missing ids.
pub async fn case_get_items_keeps_order_and_gaps<C: CacheStore>(cache: &C) {
    ok(cache.put_items(&library_films("lib")).await, "put_items");
    let asked = strings(&["f5", "nope", "f1", "f5"]);
    let read = ok(cache.get_items(&asked).await, "get_items");
    let got: Vec<Option<String>> = read
        .iter()
        .map(|r| r.as_ref().map(|r| r.item.id.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            Some("f5".to_owned()),
            None,
            Some("f1".to_owned()),
            Some("f5".to_owned())
        ],
        "cache suite: get_items must keep the order of ids and return None for missing ones"
    );
    assert!(ok(cache.get_items(&[]).await, "get_items").is_empty());
}

/// A put replaces the record with the same id, as given (no merging in the store).
pub async fn case_put_items_overwrites<C: CacheStore>(cache: &C) {
    let rich = complete_record();
    ok(
        cache.put_items(std::slice::from_ref(&rich)).await,
        "put_items",
    );
    let thin = CachedItem::new(
        Item::new("complete", "Renamed", ItemKind::Episode),
        FieldLevel::Thin,
        None,
        5_000,
    );
    ok(
        cache.put_items(std::slice::from_ref(&thin)).await,
        "put_items",
    );
    let read = ok(cache.get_item("complete").await, "get_item");
    assert_eq!(
        read,
        Some(thin),
        "cache suite: put_items must replace the record exactly as given"
    );
}

/// Deleting removes the records and ignores missing ids.
pub async fn case_delete_items<C: CacheStore>(cache: &C) {
    ok(cache.put_items(&library_films("lib")).await, "put_items");
    ok(
        cache
            .delete_items(&strings(&["f1", "f2", "never-stored"]))
            .await,
        "delete_items",
    );
    let read = ok(
        cache.get_items(&strings(&["f1", "f2", "f3"])).await,
        "get_items",
    );
    assert!(
        read[0].is_none() && read[1].is_none(),
        "cache suite: deleted items are still there"
    );
    assert!(
        read[2].is_some(),
        "cache suite: delete_items removed an item it was not asked to"
    );
    assert_eq!(
        ok(cache.library_count("lib").await, "library_count"),
        4,
        "cache suite: the library index still counts deleted items"
    );
}

/// Query records round-trip, are replaced by key, and can be deleted.
pub async fn case_query_round_trip<C: CacheStore>(cache: &C) {
    let mut q = query("library/lib?type=movie&q=%C3%A9t%C3%A9", 100, 200);
    q.etag = Some("\"w/123\"".into());
    ok(cache.put_query(&q).await, "put_query");
    assert_eq!(
        ok(cache.get_query(&q.key).await, "get_query").as_ref(),
        Some(&q),
        "cache suite: a query record changed on its way through the store"
    );
    assert_eq!(
        ok(cache.get_query_summary(&q.key).await, "get_query_summary"),
        Some(CachedQuery {
            ids: vec![],
            ..q.clone()
        }),
        "cache suite: a query's summary is the record without its ids"
    );
    assert_eq!(
        ok(
            cache.get_query_summary(&key("item/never-stored")).await,
            "get_query_summary"
        ),
        None,
        "cache suite: the summary of a missing key"
    );
    let replaced = CachedQuery {
        ids: vec![],
        total: 0,
        complete: true,
        ..q.clone()
    };
    ok(cache.put_query(&replaced).await, "put_query");
    assert_eq!(
        ok(cache.get_query(&q.key).await, "get_query"),
        Some(replaced),
        "cache suite: put_query must replace by key"
    );
    ok(cache.delete_query(&q.key).await, "delete_query");
    assert_eq!(
        ok(cache.get_query(&q.key).await, "get_query"),
        None,
        "cache suite: delete_query left the record"
    );
    ok(
        cache.delete_query(&key("item/never-stored")).await,
        "delete_query of a missing key",
    );
}

/// Every sort in both orders matches a plain sort of the same data (ties by id; descending
/// is the exact reverse).
pub async fn case_library_page_orders<C: CacheStore>(cache: &C) {
    let films = library_films("lib");
    ok(cache.put_items(&films).await, "put_items");
    for sort in LibrarySort::ALL {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            let page = ok(
                cache
                    .library_page("lib", ItemKind::Movie, sort, order, 0, 100)
                    .await,
                "library_page",
            );
            assert_eq!(
                ids_of(&page),
                expected_ids(&films, sort, order),
                "cache suite: library_page order for {sort:?} {order:?}"
            );
        }
    }
}

/// Offset and limit cut the ordered list.
pub async fn case_library_page_offset_limit<C: CacheStore>(cache: &C) {
    let films = library_films("lib");
    ok(cache.put_items(&films).await, "put_items");
    let all = expected_ids(&films, LibrarySort::Name, SortOrder::Asc);
    let page = ok(
        cache
            .library_page(
                "lib",
                ItemKind::Movie,
                LibrarySort::Name,
                SortOrder::Asc,
                2,
                3,
            )
            .await,
        "library_page",
    );
    assert_eq!(
        ids_of(&page),
        all[2..5].to_vec(),
        "cache suite: offset 2 limit 3"
    );
    let tail = ok(
        cache
            .library_page(
                "lib",
                ItemKind::Movie,
                LibrarySort::Name,
                SortOrder::Asc,
                4,
                10,
            )
            .await,
        "library_page",
    );
    assert_eq!(
        ids_of(&tail),
        all[4..].to_vec(),
        "cache suite: a limit past the end"
    );
    let past = ok(
        cache
            .library_page(
                "lib",
                ItemKind::Movie,
                LibrarySort::Name,
                SortOrder::Asc,
                6,
                10,
            )
            .await,
        "library_page",
    );
    assert!(
        past.is_empty(),
        "cache suite: an offset past the end must give an empty page"
    );
    let none = ok(
        cache
            .library_page(
                "lib",
                ItemKind::Movie,
                LibrarySort::Name,
                SortOrder::Asc,
                0,
                0,
            )
            .await,
        "library_page",
    );
    assert!(
        none.is_empty(),
        "cache suite: limit 0 must give an empty page"
    );
}

/// Pages only hold items of the asked library and kind.
pub async fn case_library_page_kind_and_library<C: CacheStore>(cache: &C) {
    let mut records = library_films("movies");
    records.extend(library_films("other").into_iter().map(|mut record| {
        record.item.id = format!("other-{}", record.item.id);
        record
    }));
    let show = CachedItem::new(
        Item::new("s1", "Show", ItemKind::Series),
        FieldLevel::Thin,
        "movies".to_owned(),
        1,
    );
    let loose = CachedItem::new(
        Item::new("loose", "Loose", ItemKind::Movie),
        FieldLevel::Thin,
        None,
        1,
    );
    records.push(show);
    records.push(loose);
    ok(cache.put_items(&records).await, "put_items");

    let movies = ok(
        cache
            .library_page(
                "movies",
                ItemKind::Movie,
                LibrarySort::Name,
                SortOrder::Asc,
                0,
                100,
            )
            .await,
        "library_page",
    );
    assert_eq!(
        ids_of(&movies),
        expected_ids(&library_films("movies"), LibrarySort::Name, SortOrder::Asc),
        "cache suite: a page must hold only its library's items of the asked kind"
    );
    let shows = ok(
        cache
            .library_page(
                "movies",
                ItemKind::Series,
                LibrarySort::Name,
                SortOrder::Asc,
                0,
                100,
            )
            .await,
        "library_page",
    );
    assert_eq!(ids_of(&shows), strings(&["s1"]), "cache suite: kind filter");
    let other = ok(
        cache
            .library_page(
                "other",
                ItemKind::Movie,
                LibrarySort::DateAdded,
                SortOrder::Desc,
                0,
                100,
            )
            .await,
        "library_page",
    );
    assert!(
        other
            .iter()
            .all(|record| record.item.id.starts_with("other-"))
            && other.len() == 6,
        "cache suite: libraries must be kept apart"
    );
    let unknown = ok(
        cache
            .library_page(
                "nope",
                ItemKind::Movie,
                LibrarySort::Name,
                SortOrder::Asc,
                0,
                100,
            )
            .await,
        "library_page",
    );
    assert!(
        unknown.is_empty(),
        "cache suite: an unknown library has no items"
    );
}

/// Counts every item of a library and nothing else.
pub async fn case_library_count<C: CacheStore>(cache: &C) {
    assert_eq!(
        ok(cache.library_count("lib").await, "library_count"),
        0,
        "cache suite: empty library"
    );
    ok(cache.put_items(&library_films("lib")).await, "put_items");
    let elsewhere = [
        film("x1", "One", "elsewhere", 1, 1, 1.0, 2000, 1),
        film("x2", "Two", "elsewhere", 2, 2, 2.0, 2000, 1),
    ];
    ok(cache.put_items(&elsewhere).await, "put_items");
    let show = CachedItem::new(
        Item::new("s1", "Show", ItemKind::Series),
        FieldLevel::Thin,
        "lib".to_owned(),
        1,
    );
    ok(cache.put_items(&[show]).await, "put_items");
    assert_eq!(
        ok(cache.library_count("lib").await, "library_count"),
        7,
        "cache suite: library_count counts every kind in the library"
    );
    assert_eq!(
        ok(cache.library_count("elsewhere").await, "library_count"),
        2,
        "cache suite: library_count of another library"
    );
}

/// The A–Z jump lands on the first item filed under the letter (or the next one present).
pub async fn case_library_letter_offset<C: CacheStore>(cache: &C) {
    // Name keys: "12 angry men", "apple", "banana", "mango", "mango", "n", "zebra".
    let mut films = library_films("lib");
    films.push(film("f7", "N", "lib", 1, 1, 1.0, 2000, 1));
    ok(cache.put_items(&films).await, "put_items");
    let offset = |letter: char, order: SortOrder| cache.library_letter_offset("lib", letter, order);
    let cases = [
        ('#', SortOrder::Asc, 0),
        ('A', SortOrder::Asc, 1),
        ('b', SortOrder::Asc, 2),
        ('C', SortOrder::Asc, 3),
        ('M', SortOrder::Asc, 3),
        ('N', SortOrder::Asc, 5),
        ('Z', SortOrder::Asc, 6),
        ('Z', SortOrder::Desc, 0),
        ('N', SortOrder::Desc, 1),
        ('M', SortOrder::Desc, 2),
        ('C', SortOrder::Desc, 4),
        ('A', SortOrder::Desc, 5),
        ('#', SortOrder::Desc, 6),
    ];
    for (letter, order, expected) in cases {
        let got = ok(offset(letter, order).await, "library_letter_offset");
        assert_eq!(
            got, expected,
            "cache suite: letter offset of {letter:?} {order:?}"
        );
    }
    let empty = ok(
        cache
            .library_letter_offset("empty", 'M', SortOrder::Asc)
            .await,
        "library_letter_offset",
    );
    assert_eq!(empty, 0, "cache suite: letter offset in an empty library");
}

/// Stale items come oldest first, strictly before the bound, at most `limit`.
pub async fn case_find_stale_items<C: CacheStore>(cache: &C) {
    let at = |id: &str, fetched_at: i64| {
        CachedItem::new(
            Item::new(id, id, ItemKind::Movie),
            FieldLevel::Thin,
            None,
            fetched_at,
        )
    };
    ok(
        cache
            .put_items(&[
                at("d", 400),
                at("b", 200),
                at("a", 100),
                at("c", 200),
                at("e", 500),
            ])
            .await,
        "put_items",
    );
    let stale = ok(cache.find_stale_items(400, 10).await, "find_stale_items");
    assert_eq!(
        ids_of(&stale),
        strings(&["a", "b", "c"]),
        "cache suite: stale items oldest first, bound exclusive"
    );
    let limited = ok(cache.find_stale_items(1_000, 2).await, "find_stale_items");
    assert_eq!(
        ids_of(&limited),
        strings(&["a", "b"]),
        "cache suite: find_stale_items limit"
    );
    assert!(ok(cache.find_stale_items(100, 10).await, "find_stale_items").is_empty());
}

/// A query listing many ids (a whole library) round-trips, reads as a summary without them,
/// shrinks, is swept and evicted as one query, and is deleted whole.
pub async fn case_long_query<C: CacheStore>(cache: &C) {
    let ids: Vec<String> = (0..2_000).map(|i| format!("id-{i:05}")).collect();
    let long = CachedQuery {
        ids: ids.clone(),
        total: 2_000,
        complete: true,
        ..query("library/long?type=movie", 100, 100)
    };
    ok(cache.put_query(&long).await, "put_query");
    assert_eq!(
        ok(cache.get_query(&long.key).await, "get_query"),
        Some(long.clone()),
        "cache suite: a long query changed on its way through the store"
    );
    assert_eq!(
        ok(
            cache.get_query_summary(&long.key).await,
            "get_query_summary"
        ),
        Some(CachedQuery {
            ids: vec![],
            ..long.clone()
        }),
        "cache suite: a long query's summary"
    );
    ok(
        cache
            .put_query(&query("library/short?type=movie", 200, 200))
            .await,
        "put_query",
    );
    let swept = key_texts(ok(
        cache.find_stale_queries(1_000, 10).await,
        "find_stale_queries",
    ));
    assert_eq!(
        swept,
        strings(&["library/long?type=movie", "library/short?type=movie"]),
        "cache suite: a long query is swept once"
    );

    let shorter = CachedQuery {
        ids: strings(&["id-00001"]),
        total: 1,
        ..long.clone()
    };
    ok(cache.put_query(&shorter).await, "put_query");
    assert_eq!(
        ok(cache.get_query(&long.key).await, "get_query"),
        Some(shorter),
        "cache suite: a long query replaced by a short one"
    );
    ok(cache.put_query(&long).await, "put_query");
    ok(cache.delete_query(&long.key).await, "delete_query");
    assert_eq!(
        ok(cache.get_query(&long.key).await, "get_query"),
        None,
        "cache suite: delete_query left a long query"
    );
    ok(cache.put_query(&long).await, "put_query");
    assert_eq!(
        ok(cache.evict_queries_lru(10, &[]).await, "evict_queries_lru"),
        2,
        "cache suite: eviction counts a long query once"
    );
    assert_eq!(
        ok(cache.get_query(&long.key).await, "get_query"),
        None,
        "cache suite: eviction left a long query"
    );
}

/// A query and its items read together: in the query's order, `None` for an item not cached,
/// and nothing for a query not cached.
pub async fn case_query_with_items<C: CacheStore>(cache: &C) {
    let films = library_films("lib");
    ok(cache.put_items(&films[..2]).await, "put_items");
    let q = CachedQuery {
        ids: vec![
            films[1].item.id.clone(),
            "gone".into(),
            films[0].item.id.clone(),
        ],
        ..query("home/resume", 100, 100)
    };
    ok(cache.put_query(&q).await, "put_query");
    assert_eq!(
        ok(
            cache.get_query_with_items(&q.key).await,
            "get_query_with_items"
        ),
        Some((
            q.clone(),
            vec![Some(films[1].clone()), None, Some(films[0].clone())]
        )),
        "cache suite: a query with its items"
    );
    assert_eq!(
        ok(
            cache.get_query_with_items(&key("item/never-stored")).await,
            "get_query_with_items"
        ),
        None,
        "cache suite: a query not cached"
    );
}

/// Stale queries come oldest first (ties by key), strictly before the bound, at most `limit`.
pub async fn case_find_stale_queries<C: CacheStore>(cache: &C) {
    for (name, fetched_at) in [
        ("item/q4", 400),
        ("item/q2", 200),
        ("item/q1", 100),
        ("item/q3", 300),
    ] {
        ok(
            cache.put_query(&query(name, fetched_at, 0)).await,
            "put_query",
        );
    }
    assert_eq!(
        key_texts(ok(
            cache.find_stale_queries(300, 10).await,
            "find_stale_queries"
        )),
        strings(&["item/q1", "item/q2"]),
        "cache suite: stale queries oldest first"
    );
    assert_eq!(
        key_texts(ok(
            cache.find_stale_queries(1_000, 3).await,
            "find_stale_queries"
        )),
        strings(&["item/q1", "item/q2", "item/q3"]),
        "cache suite: find_stale_queries limit"
    );
    // Fetched together: in the order of the keys' string forms (IndexedDB's key order).
    for name in ["libraries", "item/t", "home/resume"] {
        ok(cache.put_query(&query(name, 500, 0)).await, "put_query");
    }
    assert_eq!(
        key_texts(ok(
            cache.find_stale_queries(600, 10).await,
            "find_stale_queries"
        ))[4..],
        strings(&["home/resume", "item/t", "libraries"]),
        "cache suite: stale queries fetched together, by key"
    );
}

/// LRU eviction removes the least recently used queries and leaves items and the outbox alone.
pub async fn case_evict_queries_lru<C: CacheStore>(cache: &C) {
    for (name, last_used_at) in [
        ("item/hot", 900),
        ("item/cold", 100),
        ("item/warm", 500),
        ("item/cool", 300),
    ] {
        ok(
            cache.put_query(&query(name, 0, last_used_at)).await,
            "put_query",
        );
    }
    ok(cache.put_items(&library_films("lib")).await, "put_items");
    ok(
        cache
            .outbox_push(OutboxEntry::new("f1", UserAction::SetPlayed(true), 1), &[])
            .await,
        "outbox_push",
    );
    assert_eq!(
        ok(cache.evict_queries_lru(2, &[]).await, "evict_queries_lru"),
        2,
        "cache suite: evict_queries_lru count"
    );
    for (name, kept) in [
        ("item/cold", false),
        ("item/cool", false),
        ("item/warm", true),
        ("item/hot", true),
    ] {
        let present = ok(cache.get_query(&key(name)).await, "get_query").is_some();
        assert_eq!(
            present, kept,
            "cache suite: after evicting 2, {name:?} present = {present}"
        );
    }
    assert_eq!(
        ok(cache.evict_queries_lru(10, &[]).await, "evict_queries_lru"),
        2,
        "cache suite: evicting more than exist"
    );
    assert_eq!(
        ok(cache.outbox_list().await, "outbox_list").len(),
        1,
        "cache suite: eviction touched the outbox"
    );
    assert_eq!(
        ok(cache.library_count("lib").await, "library_count"),
        6,
        "cache suite: query eviction touched items"
    );
}

/// A query read recently is used, whenever it was fetched: eviction takes the least recently
/// *used*, and never a query the open page shows.
pub async fn case_eviction_goes_by_use_and_keeps_what_is_shown<C: CacheStore>(cache: &C) {
    // Fetched (and so last used) at 100, 200, 300, 400.
    for (name, at) in [
        ("item/a", 100),
        ("item/b", 200),
        ("item/c", 300),
        ("item/d", 400),
    ] {
        ok(cache.put_query(&query(name, at, at)).await, "put_query");
    }
    // A page read "a" just now; "b" is on screen.
    ok(
        cache
            .touch_queries(&keys(&["item/a", "item/missing"]), 1_000)
            .await,
        "touch_queries",
    );
    let a = ok(cache.get_query(&key("item/a")).await, "get_query").expect("a is there");
    assert_eq!(
        (a.last_used_at, a.fetched_at, a.ids.clone()),
        (1_000, 100, strings(&["a", "b"])),
        "cache suite: touching changes last_used_at only"
    );
    assert_eq!(
        ok(
            cache.evict_queries_lru(2, &keys(&["item/b"])).await,
            "evict_queries_lru"
        ),
        2
    );
    for (name, kept) in [
        ("item/a", true),
        ("item/b", true),
        ("item/c", false),
        ("item/d", false),
    ] {
        let present = ok(cache.get_query(&key(name)).await, "get_query").is_some();
        assert_eq!(
            present, kept,
            "cache suite: evicting by use, {name:?} present = {present}"
        );
    }
}

/// The outbox keeps each entry's failed sends, changing only the entries named.
pub async fn case_outbox_attempts_are_kept<C: CacheStore>(cache: &C) {
    let failing = ok(
        cache
            .outbox_push(OutboxEntry::new("a", UserAction::SetPlayed(true), 10), &[])
            .await,
        "outbox_push",
    );
    let other = ok(
        cache
            .outbox_push(
                OutboxEntry::new("b", UserAction::SetFavorite(true), 20),
                &[],
            )
            .await,
        "outbox_push",
    );
    ok(
        cache.outbox_set_attempts(&[failing, 987_654_321], 3).await,
        "outbox_set_attempts (one seq missing)",
    );
    let listed: Vec<(Option<u64>, u32, UserAction)> = ok(cache.outbox_list().await, "outbox_list")
        .iter()
        .map(|e| (e.seq, e.attempts, e.action))
        .collect();
    assert_eq!(
        listed,
        vec![
            (Some(failing), 3, UserAction::SetPlayed(true)),
            (Some(other), 0, UserAction::SetFavorite(true)),
        ],
        "cache suite: outbox_set_attempts must change only the entries given, and only attempts"
    );
}

/// The outbox assigns increasing sequence numbers, lists in order, and removes by seq.
pub async fn case_outbox<C: CacheStore>(cache: &C) {
    let mut preset = OutboxEntry::new("a", UserAction::SetPlayed(true), 10);
    preset.seq = Some(999_999);
    let first = ok(cache.outbox_push(preset, &[]).await, "outbox_push");
    let second = ok(
        cache
            .outbox_push(
                OutboxEntry::new("b", UserAction::SetFavorite(false), 20),
                &[],
            )
            .await,
        "outbox_push",
    );
    let third = ok(
        cache
            .outbox_push(OutboxEntry::new("a", UserAction::SetPlayed(false), 30), &[])
            .await,
        "outbox_push",
    );
    assert!(
        first < second && second < third,
        "cache suite: outbox seqs must increase ({first}, {second}, {third})"
    );
    let listed = ok(cache.outbox_list().await, "outbox_list");
    let summary: Vec<(Option<u64>, &str, UserAction)> = listed
        .iter()
        .map(|e| (e.seq, e.item_id.as_str(), e.action))
        .collect();
    assert_eq!(
        summary,
        vec![
            (Some(first), "a", UserAction::SetPlayed(true)),
            (Some(second), "b", UserAction::SetFavorite(false)),
            (Some(third), "a", UserAction::SetPlayed(false)),
        ],
        "cache suite: outbox_list must list entries in seq order with their seq set"
    );
    ok(cache.outbox_remove(&[second], &[]).await, "outbox_remove");
    ok(
        cache.outbox_remove(&[123_456_789], &[]).await,
        "outbox_remove of a missing seq",
    );
    let seqs: Vec<Option<u64>> = ok(cache.outbox_list().await, "outbox_list")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(
        seqs,
        vec![Some(first), Some(third)],
        "cache suite: outbox_remove"
    );
    let fourth = ok(
        cache
            .outbox_push(
                OutboxEntry::new("c", UserAction::SetFavorite(true), 40),
                &[],
            )
            .await,
        "outbox_push",
    );
    assert!(
        fourth > third,
        "cache suite: outbox seqs must never be reused"
    );
}

/// Metadata values round-trip and can be replaced.
pub async fn case_meta<C: CacheStore>(cache: &C) {
    assert_eq!(
        ok(cache.get_meta("suite.meta.never").await, "get_meta"),
        None,
        "cache suite: missing meta must be None"
    );
    ok(
        cache.put_meta("suite.meta.server", "Den ☕").await,
        "put_meta",
    );
    assert_eq!(
        ok(cache.get_meta("suite.meta.server").await, "get_meta").as_deref(),
        Some("Den ☕")
    );
    ok(cache.put_meta("suite.meta.server", "").await, "put_meta");
    assert_eq!(
        ok(cache.get_meta("suite.meta.server").await, "get_meta").as_deref(),
        Some(""),
        "cache suite: put_meta must replace"
    );
}

/// `clear` empties items and queries but keeps unsent actions and metadata.
pub async fn case_clear_keeps_outbox_and_meta<C: CacheStore>(cache: &C) {
    ok(cache.put_items(&library_films("lib")).await, "put_items");
    ok(cache.put_query(&query("item/q", 1, 1)).await, "put_query");
    ok(
        cache
            .outbox_push(
                OutboxEntry::new("f1", UserAction::SetFavorite(true), 1),
                &[],
            )
            .await,
        "outbox_push",
    );
    ok(cache.put_meta("suite.clear.schema", "1").await, "put_meta");
    ok(cache.clear().await, "clear");
    assert_eq!(
        ok(cache.get_item("f1").await, "get_item"),
        None,
        "cache suite: clear left an item"
    );
    assert_eq!(
        ok(cache.library_count("lib").await, "library_count"),
        0,
        "cache suite: clear left the library index"
    );
    assert_eq!(
        ok(cache.get_query(&key("item/q")).await, "get_query"),
        None,
        "cache suite: clear left a query"
    );
    assert_eq!(
        ok(cache.outbox_list().await, "outbox_list").len(),
        1,
        "cache suite: clear must keep the outbox"
    );
    assert_eq!(
        ok(cache.get_meta("suite.clear.schema").await, "get_meta").as_deref(),
        Some("1"),
        "cache suite: clear must keep meta"
    );
}

/// A titled record of `kind` for the search case.
fn titled(id: &str, name: &str, kind: ItemKind, premiere: i64) -> CachedItem {
    let mut item = Item::new(id, name, kind);
    item.premiere_date = Some(premiere);
    CachedItem::new(item, FieldLevel::Thin, "lib".to_owned(), 1)
}

/// Ids a search finds, best first.
async fn found<C: CacheStore>(cache: &C, typed: &str) -> Vec<String> {
    let results = ok(
        cache.search_items(&SearchQuery::parse(typed), 20).await,
        "search_items",
    );
    ids_of(&results)
}

/// Search finds films, shows and episodes by word prefixes, without accents and with one
/// typo, ranks them, and follows every write: overwrites, outbox writes, deletes, clear.
pub async fn case_search_items<C: CacheStore>(cache: &C) {
    let mut original = titled("spirited", "Spirited Away", ItemKind::Movie, 5);
    original.item.original_title = Some("Sen to Chihiro no Kamikakushi".into());
    let records = vec![
        titled("reloaded", "The Matrix Reloaded", ItemKind::Movie, 3),
        titled("matrix", "The Matrix", ItemKind::Movie, 1),
        titled("amelie", "Amélie", ItemKind::Movie, 2),
        titled("interstellar", "Interstellar", ItemKind::Movie, 4),
        titled("pilot", "Pilot of the Matrix", ItemKind::Episode, 9),
        titled("season", "Matrix Season", ItemKind::Season, 9),
        original,
    ];
    ok(cache.put_items(&records).await, "put_items");
    assert_eq!(
        found(cache, "matrix rel").await,
        ["reloaded"],
        "cache suite: search_items by word prefixes"
    );
    assert_eq!(
        found(cache, "matrix").await,
        ["matrix", "reloaded", "pilot"],
        "cache suite: search_items ranks the exact title, then title prefixes, then words; never seasons"
    );
    assert_eq!(
        found(cache, "AMELIE").await,
        ["amelie"],
        "cache suite: search_items folds case and accents"
    );
    assert_eq!(
        found(cache, "intersteller").await,
        ["interstellar"],
        "cache suite: search_items forgives one typo"
    );
    assert_eq!(
        found(cache, "chihiro").await,
        ["spirited"],
        "cache suite: search_items reads original titles"
    );
    assert!(
        found(cache, "matrix zzz").await.is_empty() && found(cache, "  ").await.is_empty(),
        "cache suite: search_items needs every word"
    );
    let limited = ok(
        cache.search_items(&SearchQuery::parse("matrix"), 1).await,
        "search_items",
    );
    assert_eq!(
        ids_of(&limited),
        ["matrix"],
        "cache suite: search_items limit"
    );

    // A rename replaces the old words.
    let mut renamed = records[0].clone();
    renamed.item.name = "The Animatrix".into();
    ok(
        cache.put_items(std::slice::from_ref(&renamed)).await,
        "put_items",
    );
    assert_eq!(
        found(cache, "matrix rel").await,
        Vec::<String>::new(),
        "cache suite: search_items still finds a renamed item under its old name"
    );
    assert_eq!(
        found(cache, "animatrix").await,
        ["reloaded"],
        "cache suite: search_items must find a renamed item under its new name"
    );
    // An action's write is indexed too. A search is made first: a cache that keeps the last
    // search for the next keystroke must drop it at the write.
    assert_eq!(found(cache, "interstellar").await, ["interstellar"]);
    let mut acted = records[3].clone();
    acted.item.name = "Redux".into();
    ok(
        cache
            .outbox_push(
                OutboxEntry::new("interstellar", UserAction::SetPlayed(true), 1),
                std::slice::from_ref(&acted),
            )
            .await,
        "outbox_push",
    );
    assert!(
        found(cache, "interstellar").await.is_empty(),
        "cache suite: search_items still finds an item renamed with an outbox entry under its old name"
    );
    assert_eq!(
        found(cache, "redux").await,
        ["interstellar"],
        "cache suite: search_items must see items written with an outbox entry (renamed)"
    );
    assert_eq!(found(cache, "amelie").await, ["amelie"]);
    ok(
        cache.delete_items(&strings(&["amelie"])).await,
        "delete_items",
    );
    assert!(
        found(cache, "amelie").await.is_empty(),
        "cache suite: search_items found a deleted item"
    );
    assert_eq!(found(cache, "matrix").await, ["matrix", "pilot"]);
    ok(cache.clear().await, "clear");
    assert!(
        found(cache, "matrix").await.is_empty(),
        "cache suite: search_items found an item after clear"
    );
}
