//! The first sync of the Movies library on a fresh profile, opened from Home while the user
//! scrolls: time to first content, time to fully cached, and what the main thread went through.
use e2e::DemoServer;
use serde::Serialize;
use serde_json::Value;

use super::memory::{self, Memory};
use e2e::browser::{attr, click};

use super::page::{close_window, open_window, wait_for_mark, Jank};
use super::session::{Page, Session, SLOW};

#[derive(Clone, Debug, Serialize)]
pub struct ColdSync {
    /// Click on the library link to the page's `marquee:content`.
    pub first_content_ms: f64,
    /// Click to `marquee:fresh`: the whole library is in IndexedDB.
    pub fully_cached_ms: f64,
    /// The grid's `data-total` once synced.
    pub items: u64,
    /// API requests from the click to fully cached (the server's log; no images, no socket).
    pub requests: u64,
    pub jank: Jank,
    /// The library page right after its first sync, same document.
    pub memory_after: Memory,
}

/// Whether the grid scrolls while it syncs (the default), or stays still
/// (`MARQUEE_BENCH_SYNC_STILL=1`): the sync's own tasks, without the scrolling grid's.
fn scrolled() -> bool {
    std::env::var_os("MARQUEE_BENCH_SYNC_STILL").is_none()
}

pub async fn measure(session: &Session, server: &DemoServer) -> ColdSync {
    let d = &session.driver;
    let path = session.path(Page::Library);
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    if super::profile::wanted() {
        super::profile::start(d).await;
    }
    let window = open_window(d, scrolled()).await;
    let start = click(
        d,
        &format!(".library-list a[data-item-id='{}']", session.movies),
    )
    .await;
    let content = wait_for_mark(d, "marquee:content", &path, start, SLOW).await;
    let fresh = wait_for_mark(d, "marquee:fresh", &path, start, SLOW).await;
    let jank = close_window(d, window).await;
    if super::profile::wanted() {
        super::profile::stop(d, "cold-sync").await;
    }
    let items = attr(d, ".virtual-grid", "data-total")
        .await
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let log = server.control("GET", "/__demo/requests", Value::Null).await;
    let requests = log["log"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|e| {
                    let path = e["path"].as_str().unwrap_or("");
                    path != "/socket" && !path.contains("/Images/")
                })
                .count() as u64
        })
        .unwrap_or(0);
    ColdSync {
        first_content_ms: content - start,
        fully_cached_ms: fresh - start,
        items,
        requests,
        jank,
        memory_after: memory::measure(d).await,
    }
}
