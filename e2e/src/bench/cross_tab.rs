//! Two tabs on the same movie; the movie is renamed on the server. The server pushes the change
//! to the leader tab, which relays it: both tabs want the item, the per-key Web Lock lets one
//! fetch it, and the other re-reads it from IndexedDB when the first announces the write.
//! Timed: from the first tab's DOM showing the new name (its refresh finished) to the other
//! tab's DOM showing it. Counted: the server's requests for the item per change.
use std::time::Duration;

use e2e::thirtyfour::{WebDriver, WindowHandle};
use e2e::{js, DemoServer};
use serde::Serialize;
use serde_json::{json, Value};

use e2e::browser::js_with;

use super::page::{diagnostics, instrument, wait_for_element, wait_for_mark};
use super::session::{Page, Session, WAIT};
use super::stats::Summary;

#[derive(Clone, Debug, Serialize)]
pub struct CrossTab {
    /// The fetching tab's DOM update to the other tab's DOM update.
    pub to_other_tab: Summary,
    /// Requests for the item per change (both tabs wanted it).
    pub requests_per_change: Vec<u64>,
    /// Changes the push did not bring within 10 s, refreshed by asking both tabs instead.
    pub without_push: u32,
}

/// In a tab: the time (epoch ms, comparable across tabs) the movie's title became `name`.
const SEE_NAME: &str = "const [name] = arguments; window.__seen = null; \
    const check = () => { const h = document.querySelector(\"main[data-page='movie'] h1\"); \
      if (window.__seen === null && h && h.textContent.trim() === name) window.__seen = performance.timeOrigin + performance.now(); }; \
    if (window.__seer) window.__seer.disconnect(); \
    window.__seer = new MutationObserver(check); \
    window.__seer.observe(document.body, { subtree: true, childList: true, characterData: true }); \
    check(); return true;";

pub async fn measure(session: &Session, server: &DemoServer, runs: u32) -> CrossTab {
    let d = &session.driver;
    let path = session.path(Page::Movie);
    let key = format!("item/{}", session.movie);
    let tab_a = d.window().await.expect("tab A");
    d.goto(session.url(&path)).await.expect("open the movie");
    wait_for_mark(d, "marquee:content", &path, 0.0, WAIT).await;
    let tab_b = d.new_tab().await.expect("a second tab");
    d.switch_to_window(tab_b.clone()).await.expect("tab B");
    instrument(d).await;
    d.goto(session.url(&path))
        .await
        .expect("open the movie in tab B");
    wait_for_mark(d, "marquee:content", &path, 0.0, WAIT).await;
    wait_for_element(d, "main[data-page='movie'] h1", WAIT).await;
    let tabs = [tab_a.clone(), tab_b.clone()];
    // Both tabs settle (and one of them becomes the leader holding the push socket).
    tokio::time::sleep(Duration::from_secs(2)).await;

    let (mut delays, mut requests, mut without_push) = (Vec::new(), Vec::new(), 0);
    for run in 0..runs {
        let name = format!("Cross-tab rename {run}");
        for tab in &tabs {
            d.switch_to_window(tab.clone()).await.expect("switch tab");
            js_with(d, SEE_NAME, vec![json!(name)]).await;
        }
        server
            .control("DELETE", "/__demo/requests", Value::Null)
            .await;
        server
            .control(
                "POST",
                &format!("/__demo/items/{}", session.movie),
                json!({ "Name": name }),
            )
            .await;
        let seen = match seen_in_both(d, &tabs, Duration::from_secs(10)).await {
            Some(seen) => seen,
            None => {
                without_push += 1;
                let refresh = format!(
                    "window.wasmBindings.bench_refresh({}); return true;",
                    json!(key)
                );
                for tab in &tabs {
                    d.switch_to_window(tab.clone()).await.expect("switch tab");
                    js(d, &refresh).await;
                }
                match seen_in_both(d, &tabs, WAIT).await {
                    Some(seen) => seen,
                    None => panic!(
                        "the rename did not reach both tabs: {}",
                        diagnostics(d).await
                    ),
                }
            }
        };
        delays.push((seen.0 - seen.1).abs());
        // Let any late request land before counting.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let log = server.control("GET", "/__demo/requests", Value::Null).await;
        let suffix = format!("/Items/{}", session.movie);
        let hits = log["log"]
            .as_array()
            .map(|all| {
                all.iter()
                    .filter(|e| e["path"].as_str().is_some_and(|p| p.ends_with(&suffix)))
                    .count() as u64
            })
            .unwrap_or(0);
        requests.push(hits);
    }
    d.switch_to_window(tab_b).await.expect("tab B");
    d.close_window().await.expect("close tab B");
    d.switch_to_window(tab_a).await.expect("tab A");
    CrossTab {
        to_other_tab: Summary::of(&delays),
        requests_per_change: requests,
        without_push,
    }
}

/// When each tab's DOM showed the new name (epoch ms), once both have.
async fn seen_in_both(
    d: &WebDriver,
    tabs: &[WindowHandle; 2],
    timeout: Duration,
) -> Option<(f64, f64)> {
    let deadline = std::time::Instant::now() + timeout;
    let mut seen = [None, None];
    while std::time::Instant::now() < deadline {
        for (i, tab) in tabs.iter().enumerate() {
            if seen[i].is_none() {
                d.switch_to_window(tab.clone()).await.expect("switch tab");
                seen[i] = js(d, "return window.__seen").await.as_f64();
            }
        }
        if let [Some(a), Some(b)] = seen {
            return Some((a, b));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}
