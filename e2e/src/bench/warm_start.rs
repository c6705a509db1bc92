//! Starting the app on a page: a full page load (a new document, the app booting) to the
//! page's `marquee:content`, with the cache warm, and the same with the cache turned off
//! (`?nocache=1`, the bench build's network-first baseline). Each load starts from a blank
//! page a second after the previous page was left.
use std::collections::BTreeMap;
use std::time::Duration;

use e2e::DemoServer;
use serde::Serialize;
use serde_json::Value;

use super::page::{first_item_at, wait_for_mark, wait_for_store};
use super::session::{Page, Session, SLOW};
use super::stats::Summary;

#[derive(Clone, Debug, Serialize)]
pub struct PageStart {
    /// Navigation start to `marquee:content`.
    pub content: Summary,
    /// Navigation start to the first item in the page's `<main>` (a cross-check of the mark).
    pub first_item: Summary,
    /// API requests the server saw per load, until the mark and 250 ms after (no images, no
    /// socket), with their paths: a warm page that is fresh makes none.
    pub api_requests: Vec<Vec<String>>,
}

/// Loads each page `runs` times, the pages interleaved; `cache: false` adds `?nocache=1`.
pub async fn measure(
    session: &Session,
    server: &DemoServer,
    runs: u32,
    cache: bool,
) -> BTreeMap<String, PageStart> {
    let d = &session.driver;
    let mut content: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut first: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut requests: BTreeMap<&str, Vec<Vec<String>>> = BTreeMap::new();
    for _ in 0..runs {
        for page in Page::ALL {
            let path = session.path(page);
            let url = if cache {
                session.url(&path)
            } else {
                session.url(&format!("{path}?nocache=1"))
            };
            server
                .control("DELETE", "/__demo/requests", Value::Null)
                .await;
            d.goto(&url).await.expect("open a page");
            let mark = wait_for_mark(d, "marquee:content", &path, 0.0, SLOW).await;
            content.entry(page.name()).or_default().push(mark);
            if let Some(at) = first_item_at(d).await {
                first.entry(page.name()).or_default().push(at);
            }
            let backend = wait_for_store(d).await;
            let expected = if cache { "indexeddb" } else { "memory" };
            assert_eq!(
                backend, expected,
                "{url}: the store runs on {backend}, not {expected}"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
            let log = server.control("GET", "/__demo/requests", Value::Null).await;
            requests
                .entry(page.name())
                .or_default()
                .push(api_paths(&log));
            // Each start on an idle browser: the page is left, and what it started in
            // IndexedDB (which outlives the page: a 50,000-item Library page leaves about half
            // a second of it, and the next page's reads wait behind it) ends first.
            d.goto("about:blank").await.expect("leave the page");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    content
        .into_iter()
        .map(|(page, samples)| {
            let first_item = Summary::of(first.get(page).map(Vec::as_slice).unwrap_or(&[]));
            (
                page.to_string(),
                PageStart {
                    content: Summary::of(&samples),
                    first_item,
                    api_requests: requests.remove(page).unwrap_or_default(),
                },
            )
        })
        .collect()
}

/// The API paths in the demo server's request log (no images, no push socket).
fn api_paths(log: &Value) -> Vec<String> {
    log["log"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|e| e["path"].as_str())
                .filter(|p| *p != "/socket" && !p.contains("/Images/"))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// A movie opened 250 ms after leaving the Library page (loaded, shown): how long the
/// Library's leftover IndexedDB work holds up the next page.
pub async fn movie_after_library(session: &Session, runs: u32) -> Summary {
    let d = &session.driver;
    let library = session.path(Page::Library);
    let movie = session.path(Page::Movie);
    let mut samples = Vec::new();
    for _ in 0..runs {
        d.goto(session.url(&library))
            .await
            .expect("open the library");
        wait_for_mark(d, "marquee:content", &library, 0.0, SLOW).await;
        tokio::time::sleep(Duration::from_millis(250)).await;
        d.goto(session.url(&movie)).await.expect("open the movie");
        samples.push(wait_for_mark(d, "marquee:content", &movie, 0.0, SLOW).await);
        d.goto("about:blank").await.expect("leave the page");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Summary::of(&samples)
}
