//! A library opened for the first time shows its first screen from the server's first page,
//! while the rest of it syncs in the background; once synced, it runs from the cache again.
use e2e::browser::WAIT;
use std::time::Duration;

use e2e::thirtyfour::prelude::*;
use e2e::{item_ids, js, log_in, screenshot, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// Slow enough that a 10,000-item sync takes seconds.
const LATENCY_MS: u64 = 500;
const MOVIES: u32 = 10_000;
const GRID_CARDS: &str = "main[data-page='library'] .virtual-grid a.card[data-item-id]";

/// What the library page shows now: its cards, the grid's total, and whether the page has
/// marked itself fresh (the sync is complete).
async fn snapshot(driver: &WebDriver, path: &str) -> Value {
    js(
        driver,
        &format!(
            "const grid = document.querySelector('main[data-page=library] .virtual-grid'); \
             return {{ cards: Array.from(document.querySelectorAll({css})).map(a => a.getAttribute('data-item-id')), \
               total: grid ? grid.getAttribute('data-total') : null, \
               synced: performance.getEntriesByName('marquee:fresh').some(m => m.detail && m.detail.path === {path}) }};",
            css = serde_json::to_string(GRID_CARDS).unwrap(),
            path = serde_json::to_string(path).unwrap(),
        ),
    )
    .await
}

/// The API's `/Items` requests in the server's log since it was last cleared (no images).
async fn item_requests(server: &DemoServer) -> Vec<String> {
    let log = server.control("GET", "/__demo/requests", Value::Null).await;
    log["log"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|e| e["path"] == "/Items")
        .map(|e| {
            format!(
                "{}?{}",
                e["path"].as_str().unwrap_or(""),
                e["query"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[tokio::test]
async fn a_never_opened_library_shows_its_first_cards_before_its_sync_completes() {
    let server = DemoServer::start(&["--movies", &MOVIES.to_string(), "--shows", "5"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();

    log_in(&driver, &server, "demo", "demo").await;
    let (href, id) = wait_for("the Movies link on Home", WAIT, || async {
        let v = js(
            &driver,
            "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Movies'); \
             return a ? [a.getAttribute('href'), a.getAttribute('data-item-id')] : null;",
        )
        .await;
        serde_json::from_value::<(String, String)>(v).ok()
    })
    .await;
    server
        .control("POST", "/__demo/latency", json!({"ms": LATENCY_MS}))
        .await;
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    driver
        .find(By::Css(format!(".library-list a[data-item-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // The first cards, and the sync not yet complete when they appear.
    let first = wait_for("the first cards", WAIT, || async {
        let s = snapshot(&driver, &href).await;
        let cards: Vec<String> = serde_json::from_value(s["cards"].clone()).unwrap_or_default();
        (cards.len() >= 10).then_some(s)
    })
    .await;
    if first["synced"] == json!(true) {
        screenshot(&driver, "first-visit-late").await;
    }
    assert_eq!(
        first["synced"],
        json!(false),
        "the first cards came only once the whole library was synced"
    );
    // The total is the server's count from the first answer: the scrollbar is right at once.
    assert_eq!(first["total"], json!(MOVIES.to_string()));
    let early: Vec<String> = serde_json::from_value(first["cards"].clone()).unwrap();

    // The sync completes: the same first cards, now from the whole cached library.
    let done = wait_for("the library synced", Duration::from_secs(180), || async {
        let s = snapshot(&driver, &href).await;
        (s["synced"] == json!(true)).then_some(s)
    })
    .await;
    assert_eq!(done["total"], json!(MOVIES.to_string()));
    let synced: Vec<String> = serde_json::from_value(done["cards"].clone()).unwrap();
    assert_eq!(
        synced[..10],
        early[..10],
        "the first screen from the network is the synced library's first screen"
    );
    let requests = item_requests(&server).await;
    assert!(
        requests.len() >= (MOVIES / 500) as usize,
        "a full sync asks for every page: {requests:?}"
    );

    // Local operation again: another sort order comes from the cache, not the server.
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    js(
        &driver,
        "const s = document.querySelector('select[name=sort]'); s.value = 'date_added'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    )
    .await;
    wait_for("the grid sorted by date added", WAIT, || async {
        let url = driver.current_url().await.ok()?;
        let ids = item_ids(&driver, GRID_CARDS).await;
        (url.as_str().contains("sort=date_added") && ids.len() >= 10 && ids[..10] != synced[..10])
            .then_some(())
    })
    .await;
    assert_eq!(
        item_requests(&server).await,
        Vec::<String>::new(),
        "a synced library sorts locally"
    );
    driver.quit().await.unwrap();
}
