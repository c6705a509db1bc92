//! The store against the real demo server: cached data first, fresh data after the refresh,
//! and a failing server that leaves the cached data in place.
use leptos::prelude::*;
use marquee::account::login;
use marquee::net::JellyfinClient;
use marquee::session::Session;
use marquee::store::{QueryStatus, Store, StoreOptions};
use marquee::tabs::TabChannel;
use marquee_core::freshness::CacheConfig;
use marquee_core::model::QueryKey;
use marquee_core::refresh::RefreshPriority;
use marquee_core::tab_message::TabMessage;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{control, demo_server, wait_for};

async fn demo_session() -> Session {
    // The store spawns its refreshes on Leptos' executor, which the app sets up at mount.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let server = demo_server().expect("set MARQUEE_TEST_SERVER to a running demo server");
    let session = login(server, "demo", "demo").await.expect("log in as demo");
    assert_session_debug_hides_token(&session);
    session
}

/// Everything is stale at once: every watch revalidates.
fn always_stale() -> CacheConfig {
    CacheConfig {
        libraries: 0,
        ..CacheConfig::default()
    }
}

async fn store_with(session: &Session, config: CacheConfig) -> Store {
    Store::open_with(
        session,
        StoreOptions {
            config,
            keep_cache: true,
        },
        JellyfinClient::for_session(session),
    )
    .await
}

fn library_names(store_signal: &ReadSignal<marquee::store::QueryState>) -> Vec<String> {
    store_signal.with_untracked(|s| s.items().iter().map(|i| i.name.clone()).collect())
}

#[wasm_bindgen_test]
async fn a_stale_key_shows_cached_data_first_and_fresh_data_after_the_refresh() {
    let _ = control("POST", "/__demo/reset", "{}").await;
    let session = demo_session().await;

    // Fill the cache once.
    let first = store_with(&session, CacheConfig::default()).await;
    let libraries = first.watch(QueryKey::Libraries, RefreshPriority::High);
    wait_for("libraries from the server", 10_000.0, || async {
        (libraries.with_untracked(|s| s.status == QueryStatus::Fresh && s.items().len() >= 2))
            .then_some(())
    })
    .await;
    let movies_id = libraries.with_untracked(|s| {
        s.items()
            .iter()
            .find(|i| i.name == "Movies")
            .unwrap()
            .id
            .clone()
    });
    drop(first);

    // The server changes and answers slowly; a new store (a reload) must show the cache first.
    control(
        "POST",
        &format!("/__demo/items/{movies_id}"),
        r#"{"Name":"Films"}"#,
    )
    .await;
    control("POST", "/__demo/latency", r#"{"ms":800}"#).await;
    let second = store_with(&session, always_stale()).await;
    let libraries = second.watch(QueryKey::Libraries, RefreshPriority::High);
    let cached = wait_for("the cached libraries", 2_000.0, || async {
        let names = library_names(&libraries);
        (!names.is_empty()).then_some(names)
    })
    .await;
    assert!(
        cached.contains(&"Movies".to_string()),
        "cached data first: {cached:?}"
    );
    let status = libraries.with_untracked(|s| s.status.clone());
    assert!(
        matches!(status, QueryStatus::Stale | QueryStatus::Refreshing),
        "marked stale while the refresh runs: {status:?}"
    );
    let fresh = wait_for("the renamed library", 10_000.0, || async {
        let names = library_names(&libraries);
        names.contains(&"Films".to_string()).then_some(names)
    })
    .await;
    assert!(!fresh.contains(&"Movies".to_string()));
    assert_eq!(
        libraries.with_untracked(|s| s.status.clone()),
        QueryStatus::Fresh
    );
    control("POST", "/__demo/reset", "{}").await;
}

#[wasm_bindgen_test]
async fn a_failing_server_leaves_the_cached_data_in_place() {
    let _ = control("POST", "/__demo/reset", "{}").await;
    let session = demo_session().await;
    let first = store_with(&session, CacheConfig::default()).await;
    let libraries = first.watch(QueryKey::Libraries, RefreshPriority::High);
    wait_for("libraries from the server", 10_000.0, || async {
        (libraries.with_untracked(|s| s.status == QueryStatus::Fresh)).then_some(())
    })
    .await;
    let before = library_names(&libraries);
    drop(first);

    for mode in [
        r#"{"prefix":"/UserViews","mode":"status","status":500}"#,
        r#"{"prefix":"/UserViews","mode":"malformed"}"#,
        // Look-alike answers: a 200 that is not a page changes nothing.
        r#"{"prefix":"/UserViews","mode":"empty_object"}"#,
        r#"{"prefix":"/UserViews","mode":"items_null"}"#,
        r#"{"prefix":"/UserViews","mode":"html"}"#,
        r#"{"prefix":"/UserViews","mode":"status","status":403}"#,
    ] {
        control("DELETE", "/__demo/faults", "").await;
        control("POST", "/__demo/faults", mode).await;
        let store = store_with(&session, always_stale()).await;
        let libraries = store.watch(QueryKey::Libraries, RefreshPriority::High);
        let reason = wait_for("the refresh to fail", 10_000.0, || async {
            match libraries.with_untracked(|s| s.status.clone()) {
                QueryStatus::Failed(reason) => Some(reason),
                _ => None,
            }
        })
        .await;
        assert!(!reason.is_empty());
        assert_eq!(
            library_names(&libraries),
            before,
            "{mode}: the page keeps what it had"
        );
        // And the cache still holds the good copy for the next start.
        drop(store);
        let again = store_with(&session, CacheConfig::default()).await;
        let cached = again.watch(QueryKey::Libraries, RefreshPriority::Low);
        let names = wait_for("the cached copy", 2_000.0, || async {
            let names = library_names(&cached);
            (!names.is_empty()).then_some(names)
        })
        .await;
        assert_eq!(names, before, "{mode}: the cache was not overwritten");
    }
    control("DELETE", "/__demo/faults", "").await;
}

/// A session printed for debugging (a log, a panic message) never shows its token.
fn assert_session_debug_hides_token(session: &Session) {
    assert!(!session.token.is_empty(), "logged in with a token");
    let debug = format!("{session:?}");
    assert!(!debug.contains(&session.token), "the token in {debug}");
}

/// Every movie id of a library, as the server lists them.
async fn server_movie_ids(session: &Session, library: &str) -> std::collections::BTreeSet<String> {
    use marquee_core::jellyfin::request::ApiRequest;
    let request = ApiRequest::get("/Items")
        .with_query("ParentId", library)
        .with_query("Recursive", "true")
        .with_query("IncludeItemTypes", "Movie")
        .with_query("EnableImages", "false");
    let all: serde_json::Value = JellyfinClient::for_session(session)
        .send_json(&request)
        .await
        .unwrap();
    all["Items"]
        .as_array()
        .expect("Items")
        .iter()
        .map(|i| i["Id"].as_str().unwrap().to_string())
        .collect()
}

/// Everything stale, libraries too: a watch always revalidates.
fn lists_stale() -> CacheConfig {
    CacheConfig {
        libraries: 0,
        movie_list: 0,
        ..CacheConfig::default()
    }
}

#[wasm_bindgen_test]
async fn a_library_syncs_in_full_once_then_only_what_changed() {
    use marquee_core::cache::CacheStore;
    use marquee_core::model::{LibraryItemType, LibraryView};

    let _ = control("POST", "/__demo/reset", "{}").await;
    let session = demo_session().await;
    let store = store_with(&session, lists_stale()).await;
    let libraries = store.watch(QueryKey::Libraries, RefreshPriority::High);
    let movies_id = wait_for("the libraries", 10_000.0, || async {
        libraries.with_untracked(|s| {
            s.items()
                .iter()
                .find(|i| i.collection_type.as_deref() == Some("movies"))
                .map(|i| i.id.clone())
        })
    })
    .await;

    // A library larger than one page of the sync (500), whatever size the server started with.
    let mut at_server = server_movie_ids(&session, &movies_id).await;
    for n in at_server.len()..520 {
        let body = format!(r#"{{"Type":"Movie","Name":"Extra Film {n}"}}"#);
        control("POST", "/__demo/items", &body).await;
    }
    if at_server.len() < 520 {
        at_server = server_movie_ids(&session, &movies_id).await;
    }
    assert!(at_server.len() > 500, "{} movies", at_server.len());
    control("DELETE", "/__demo/requests", "").await;

    // The first sync reads every page of the library.
    let key = QueryKey::Library(LibraryView::new(movies_id.clone(), LibraryItemType::Movie));
    let first = store.watch(key.clone(), RefreshPriority::High);
    let first_sync = wait_for("the first full sync", 30_000.0, || async {
        first.with_untracked(|s| {
            (s.status == QueryStatus::Fresh)
                .then_some(s.fetched_at)
                .flatten()
        })
    })
    .await;
    // What the store wrote, read through a connection of the test's own.
    let cache = marquee::cache::IdbCache::open(&session.database_name())
        .await
        .unwrap();
    let count = cache.library_count(&movies_id).await.unwrap();
    let cached: std::collections::BTreeSet<String> = cache
        .library_page(
            &movies_id,
            marquee_core::model::ItemKind::Movie,
            marquee_core::model::LibrarySort::Name,
            marquee_core::model::SortOrder::Asc,
            0,
            10_000,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.item.id)
        .collect();
    assert_eq!(
        cached, at_server,
        "the whole library is cached, item for item"
    );
    assert_eq!(count as usize, at_server.len());
    let log: serde_json::Value =
        serde_json::from_str(&control("GET", "/__demo/requests", "").await).unwrap();
    assert!(
        log["log"].as_array().unwrap().iter().any(|e| {
            let q = e["query"].as_str().unwrap_or("");
            e["path"].as_str().unwrap_or("").ends_with("/Items")
                && q.contains("StartIndex=")
                && !q.contains("StartIndex=0&")
        }),
        "the sync read a page after the first: {log}"
    );

    // The server changes: one renamed, one removed, one added.
    let page = cache
        .library_page(
            &movies_id,
            marquee_core::model::ItemKind::Movie,
            marquee_core::model::LibrarySort::Name,
            marquee_core::model::SortOrder::Asc,
            0,
            2,
        )
        .await
        .unwrap();
    let (renamed, removed) = (page[0].item.id.clone(), page[1].item.id.clone());
    control(
        "POST",
        &format!("/__demo/items/{renamed}"),
        r#"{"Name":"Zz Renamed Elsewhere"}"#,
    )
    .await;
    control("DELETE", &format!("/__demo/items/{removed}"), "").await;
    let added: serde_json::Value = serde_json::from_str(
        &control(
            "POST",
            "/__demo/items",
            r#"{"Type":"Movie","Name":"Brand New Film"}"#,
        )
        .await,
    )
    .unwrap();
    let added = added["Id"].as_str().unwrap().to_string();
    control("DELETE", "/__demo/requests", "").await;

    // A later visit (a new tab, a reload) syncs only the difference, and tells the other tabs.
    let heard: std::rc::Rc<std::cell::RefCell<Vec<TabMessage>>> = Default::default();
    let sink = heard.clone();
    let _listener =
        TabChannel::open(&store.channel_name(), move |e| sink.borrow_mut().push(e)).unwrap();
    let later = store_with(&session, lists_stale()).await;
    let second = later.watch(key.clone(), RefreshPriority::High);
    wait_for("the incremental sync", 30_000.0, || async {
        second.with_untracked(|s| {
            (s.status == QueryStatus::Fresh && s.fetched_at.is_some_and(|t| t > first_sync))
                .then_some(())
        })
    })
    .await;
    assert_eq!(
        cache.get_item(&renamed).await.unwrap().unwrap().item.name,
        "Zz Renamed Elsewhere"
    );
    assert!(
        cache.get_item(&removed).await.unwrap().is_none(),
        "the deleted film left the cache"
    );
    assert_eq!(
        cache.get_item(&added).await.unwrap().unwrap().item.name,
        "Brand New Film"
    );
    assert_eq!(
        cache.library_count(&movies_id).await.unwrap(),
        count,
        "one out, one in"
    );

    let log: serde_json::Value =
        serde_json::from_str(&control("GET", "/__demo/requests", "").await).unwrap();
    let queries: Vec<String> = log["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"].as_str().unwrap_or("").ends_with("/Items"))
        .map(|e| e["query"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        queries.iter().any(|q| q.contains("MinDateLastSaved=")),
        "asked what changed: {queries:?}"
    );
    assert!(
        queries
            .iter()
            .any(|q| q.contains("MinDateLastSavedForUser=")),
        "asked what the user changed: {queries:?}"
    );
    // Pages of whole items carry their Fields; the library's id list (paged too) has none.
    assert!(
        !queries
            .iter()
            .any(|q| q.contains("StartIndex=") && q.contains("Fields=") && !q.contains("Ids=")),
        "no full paging the second time: {queries:?}"
    );
    assert!(
        queries
            .iter()
            .any(|q| q.contains("StartIndex=") && !q.contains("Fields=")),
        "read the id list: {queries:?}"
    );
    let completed = wait_for("LibraryRefreshCompleted on the channel", 5_000.0, || {
        let heard = heard.clone();
        let movies_id = movies_id.clone();
        async move {
            heard.borrow().iter().find_map(|e| match e {
                TabMessage::LibraryRefreshCompleted {
                    library_id,
                    changed,
                } if *library_id == movies_id => Some(*changed),
                _ => None,
            })
        }
    })
    .await;
    assert!(completed, "the refresh reports that the library changed");
    control("POST", "/__demo/reset", "{}").await;
}

/// A started task runs up to its first wait inside the call (an IndexedDB request goes out
/// before the caller's render goes on), and the rest once what it waits for is ready.
#[wasm_bindgen_test]
async fn a_started_task_runs_its_first_step_at_once_and_the_rest_later() {
    // The rest runs on Leptos' executor, whichever test happens to run first.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let steps = std::rc::Rc::new(std::cell::RefCell::new(Vec::<&str>::new()));
    let log = steps.clone();
    marquee::store::spawn_started(async move {
        log.borrow_mut().push("first step");
        let promise = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        log.borrow_mut().push("after the wait");
    });
    assert_eq!(
        *steps.borrow(),
        vec!["first step"],
        "the first step ran inside the call, the rest waits"
    );
    let log = steps.clone();
    wait_for("the rest of the task", 5_000.0, || {
        let done = log.borrow().len() == 2;
        async move { done.then_some(()) }
    })
    .await;
    assert_eq!(*steps.borrow(), vec!["first step", "after the wait"]);
}

/// Home's sections and the library grids follow the seed's messages: a section another tab
/// refreshed is re-read here, without a request of this tab's own, and a library sync that
/// changed nothing leaves the grid's revision alone.
#[wasm_bindgen_test]
async fn the_seeds_messages_make_other_tabs_reread() {
    let _ = control("POST", "/__demo/reset", "{}").await;
    let session = demo_session().await;
    // This tab: Home's Continue Watching, fresh for its TTL (it asks the server once).
    let here = store_with(&session, CacheConfig::default()).await;
    let resume = here.watch(QueryKey::ContinueWatching, RefreshPriority::High);
    let libraries = here.watch(QueryKey::Libraries, RefreshPriority::High);
    wait_for("Continue Watching, fresh", 10_000.0, || async {
        resume
            .with_untracked(|s| s.status == QueryStatus::Fresh)
            .then_some(())
    })
    .await;
    let movies_id = wait_for("the libraries", 10_000.0, || async {
        libraries.with_untracked(|s| {
            s.items()
                .iter()
                .find(|i| i.collection_type.as_deref() == Some("movies"))
                .map(|i| i.id.clone())
        })
    })
    .await;
    let latest = here.watch(
        QueryKey::Latest {
            library_id: movies_id.clone(),
        },
        RefreshPriority::High,
    );
    let movie = wait_for("a movie", 10_000.0, || async {
        latest.with_untracked(|s| {
            s.items()
                .iter()
                .find(|i| !resume.with_untracked(|r| r.items().iter().any(|m| m.id == i.id)))
                .map(|i| i.id.clone())
        })
    })
    .await;

    // On the server the movie gets a position; another tab, whose sections are stale, refreshes.
    control(
        "POST",
        &format!("/__demo/userdata/{movie}"),
        r#"{"User":"demo","PlaybackPositionTicks":3000000000}"#,
    )
    .await;
    control("DELETE", "/__demo/requests", "").await;
    let other = store_with(
        &session,
        CacheConfig {
            home_sections: 0,
            user_data_views: 0,
            ..CacheConfig::default()
        },
    )
    .await;
    let _other_resume = other.watch(QueryKey::ContinueWatching, RefreshPriority::High);
    wait_for("this tab re-reads Continue Watching", 10_000.0, || async {
        resume
            .with_untracked(|s| s.items().iter().any(|i| i.id == movie))
            .then_some(())
    })
    .await;
    let log: serde_json::Value =
        serde_json::from_str(&control("GET", "/__demo/requests", "").await).unwrap();
    let resume_requests = log["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"].as_str().unwrap_or("").contains("Resume"))
        .count();
    assert_eq!(resume_requests, 1, "one request, by the other tab: {log}");

    // A library sync that changed nothing does not make grids re-read; one that did, does.
    let revision = here.library_revision(&movies_id);
    let before = revision.get_untracked();
    let channel = TabChannel::<TabMessage>::open(&here.channel_name(), |_| {}).unwrap();
    channel.post(&TabMessage::LibraryRefreshCompleted {
        library_id: movies_id.clone(),
        changed: false,
    });
    channel.post(&TabMessage::LibraryRefreshCompleted {
        library_id: movies_id.clone(),
        changed: true,
    });
    wait_for("the changed library's revision", 5_000.0, || async {
        (revision.get_untracked() != before).then_some(())
    })
    .await;
    assert_eq!(
        revision.get_untracked(),
        before + 1,
        "only the sync that changed something moves it"
    );
    control("POST", "/__demo/reset", "{}").await;
}

/// The ids a store's cached search finds for `typed`.
async fn cached_ids(store: &Store, typed: &str) -> Vec<String> {
    let query = marquee_core::search::SearchQuery::parse(typed);
    let found = store
        .search_cached(&query, 20)
        .await
        .expect("search_cached");
    found.into_iter().map(|c| c.item.id).collect()
}

/// Renames `id` on the server and has `store` fetch it (and tell the other tabs).
async fn rename_through(store: &Store, id: &str, name: &str) {
    control(
        "POST",
        &format!("/__demo/items/{id}?user=demo"),
        &serde_json::json!({ "Name": name }).to_string(),
    )
    .await;
    store.refresh_now([QueryKey::Item { id: id.to_owned() }]);
}

#[wasm_bindgen_test]
async fn a_search_kept_for_the_next_keystroke_is_dropped_when_another_tab_writes_items() {
    use marquee_core::jellyfin::request::ApiRequest;
    let _ = control("POST", "/__demo/reset", "{}").await;
    let session = demo_session().await;
    let here = store_with(&session, CacheConfig::default()).await;
    let there = store_with(&session, CacheConfig::default()).await;
    let request = ApiRequest::get("/Items")
        .with_query("IncludeItemTypes", "Movie")
        .with_query("Recursive", "true")
        .with_query("Limit", "1");
    let first: serde_json::Value = JellyfinClient::for_session(&session)
        .send_json(&request)
        .await
        .unwrap();
    let movie = first["Items"][0]["Id"]
        .as_str()
        .expect("a movie")
        .to_owned();

    // The other tab caches the movie as "Quixotic Alpha"; this tab's search finds it (and
    // keeps what it read: every item "quixotic" finds).
    rename_through(&there, &movie, "Quixotic Alpha").await;
    wait_for("this tab finds the cached movie", 10_000.0, || async {
        (cached_ids(&here, "quixotic").await == [movie.clone()]).then_some(())
    })
    .await;

    // Renamed again, written by the other tab only: a longer query, which this tab could
    // answer from what it kept, must not be answered from what it kept before the write.
    rename_through(&there, &movie, "Zebra Alpha").await;
    wait_for("no result under the old name", 10_000.0, || async {
        cached_ids(&here, "quixotic alp")
            .await
            .is_empty()
            .then_some(())
    })
    .await;
    assert_eq!(cached_ids(&here, "zebra alp").await, [movie]);
    control("POST", "/__demo/reset", "{}").await;
}
