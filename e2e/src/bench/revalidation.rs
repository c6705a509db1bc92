//! A background revalidation of the whole library while its grid is open and being scrolled.
//! 20 titles of the grid's first screen are renamed on the server first (with no grid open, so
//! the server's push does not refresh it), then the grid is opened, settles, and the tab
//! refreshes everything it shows, as "Refresh" or an expired TTL does: the library's
//! incremental sync (changed items, the whole id list), the 20 merged, the grid reloaded.
use std::time::{Duration, Instant};

use e2e::{js, wait_for, DemoServer};
use serde::Serialize;
use serde_json::json;

use super::page::{
    call, close_window, diagnostics, open_window, wait_for_element, wait_for_mark, Jank,
};
use super::session::{Page, Session, SLOW, WAIT};

#[derive(Clone, Debug, Serialize)]
pub struct Revalidation {
    /// From the refresh request to the page's `data-freshness` back at `fresh`.
    pub refresh_ms: f64,
    pub renamed: usize,
    /// The window: the refresh plus half a second for the grid to settle.
    pub jank: Jank,
}

/// Records every change of the library page's `data-freshness`, with its time.
const RECORD_FRESHNESS: &str = "window.__freshness = []; \
    const main = document.querySelector(\"main[data-page='library']\"); \
    new MutationObserver(() => window.__freshness.push([performance.now(), main.getAttribute('data-freshness')])) \
      .observe(main, { attributes: true, attributeFilter: ['data-freshness'] }); \
    return true;";

const GRID_IDS: &str = "return Array.from(document.querySelectorAll('.virtual-grid a.card[data-item-id]')).slice(0, 20).map(a => a.getAttribute('data-item-id'))";

pub async fn measure(session: &Session, server: &DemoServer) -> Revalidation {
    let d = &session.driver;
    let path = session.path(Page::Library);
    open_library(session).await;
    let ids: Vec<String> = serde_json::from_value(js(d, GRID_IDS).await).unwrap_or_default();
    d.goto(session.url(&session.path(Page::Home)))
        .await
        .expect("open Home");
    for (i, id) in ids.iter().enumerate() {
        server
            .control(
                "POST",
                &format!("/__demo/items/{id}"),
                json!({ "Name": format!("Renamed for the benchmark {i:02}") }),
            )
            .await;
    }
    // Let Home's store handle the server's push before the grid opens.
    tokio::time::sleep(Duration::from_secs(2)).await;
    open_library(session).await;
    tokio::time::sleep(Duration::from_secs(1)).await;

    js(d, RECORD_FRESHNESS).await;
    if super::profile::wanted() {
        super::profile::start(d).await;
    }
    let window = open_window(d, true).await;
    let start = window.start;
    call(d, "window.wasmBindings.bench_revalidate_all()").await;
    let waited = Instant::now();
    let done = loop {
        let changes: Vec<(f64, Option<String>)> =
            serde_json::from_value(js(d, "return window.__freshness").await).unwrap_or_default();
        let fresh_again = changes
            .iter()
            .position(|(_, f)| f.as_deref() == Some("refreshing"))
            .and_then(|from| {
                changes[from..]
                    .iter()
                    .find(|(_, f)| f.as_deref() == Some("fresh"))
            });
        if let Some((t, _)) = fresh_again {
            break *t;
        }
        assert!(
            waited.elapsed() < SLOW,
            "{path}: the revalidation did not finish: data-freshness went {changes:?}; {}",
            diagnostics(d).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let jank = close_window(d, window).await;
    if super::profile::wanted() {
        super::profile::stop(d, "revalidation").await;
    }
    Revalidation {
        refresh_ms: done - start,
        renamed: ids.len(),
        jank,
    }
}

/// Opens the library grid (warm) and waits until it shows cards and is fresh.
async fn open_library(session: &Session) {
    let d = &session.driver;
    let path = session.path(Page::Library);
    d.goto(session.url(&path)).await.expect("open the library");
    wait_for_mark(d, "marquee:content", &path, 0.0, WAIT).await;
    wait_for_element(d, ".virtual-grid a.card[data-item-id]", WAIT).await;
    wait_for("the grid to be fresh", WAIT, || async {
        let now = js(d, "const m = document.querySelector(\"main[data-page='library']\"); return m ? m.getAttribute('data-freshness') : null").await;
        (now.as_str() == Some("fresh")).then_some(())
    })
    .await;
}
