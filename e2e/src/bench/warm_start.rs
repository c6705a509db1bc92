//! Starting the app on a page: a full page load (a new document, the app booting) to the
//! page's `marquee:content`, with the cache warm, and the same with the cache turned off
//! (`?nocache=1`, the bench build's network-first baseline).
use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::page::{first_item_at, wait_for_mark, wait_for_store};
use super::session::{Page, Session, SLOW};
use super::stats::Summary;

#[derive(Clone, Debug, Serialize)]
pub struct PageStart {
    /// Navigation start to `marquee:content`.
    pub content: Summary,
    /// Navigation start to the first item in the page's `<main>` (a cross-check of the mark).
    pub first_item: Summary,
}

/// Loads each page `runs` times, the pages interleaved; `cache: false` adds `?nocache=1`.
pub async fn measure(session: &Session, runs: u32, cache: bool) -> BTreeMap<String, PageStart> {
    let d = &session.driver;
    let mut content: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut first: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for _ in 0..runs {
        for page in Page::ALL {
            let path = session.path(page);
            let url = if cache {
                session.url(&path)
            } else {
                session.url(&format!("{path}?nocache=1"))
            };
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
            // Let the page finish what it started before the next load.
            tokio::time::sleep(Duration::from_millis(250)).await;
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
                },
            )
        })
        .collect()
}
