//! "Lie-fi": a server that answers everything, the app's own files included, after 5 s. A
//! library seen before must show its cached content at once: the service worker serves the
//! shell from its cache on every navigation and leaves the API to the page.
use e2e::browser::{wait_until, SW_IN_CONTROL, WAIT};

use e2e::thirtyfour::prelude::*;
use e2e::{item_ids, js, log_in, screenshot, wait_for, ChromeDriver, DemoServer};
use serde_json::json;

const LATENCY_MS: u64 = 5000;
/// "Well under the latency": a start that waits for the server once cannot get here.
const WELL_UNDER_MS: f64 = 2500.0;

const GRID_CARDS: &str = "main[data-page='library'] .virtual-grid a.card[data-item-id]";

/// Navigation start to the app's own `marquee:content` mark of this document (not the page's
/// picture, painted before the app runs), once it is set.
async fn content_mark(driver: &WebDriver) -> Option<f64> {
    js(
        driver,
        "const m = performance.getEntriesByName('marquee:content').find(m => !(m.detail && m.detail.from === 'picture')); \
         return m ? m.startTime : null;",
    )
    .await
    .as_f64()
}

#[tokio::test]
async fn a_library_seen_before_shows_its_cached_content_with_a_5_s_server() {
    let server = DemoServer::start(&["--movies", "200", "--shows", "5"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;

    log_in(&driver, &server, "demo", "demo").await;
    let library = wait_for("the Movies link on Home", WAIT, || async {
        js(
            &driver,
            "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Movies'); return a ? a.getAttribute('href') : null;",
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await;
    wait_until(
        &driver,
        "the service worker to control the page",
        SW_IN_CONTROL,
    )
    .await;
    let url = format!("{}{library}", server.url);
    driver.goto(&url).await.expect("open Movies");
    let seen = wait_for("the synced Movies grid", WAIT, || async {
        let fresh = js(
            &driver,
            "return !!document.querySelector(\"main[data-page='library'][data-freshness='fresh']\")",
        )
        .await;
        let ids = item_ids(&driver, GRID_CARDS).await;
        (fresh == json!(true) && ids.len() >= 10).then_some(ids)
    })
    .await;

    server
        .control(
            "POST",
            "/__demo/latency",
            json!({"ms": LATENCY_MS, "everywhere": true}),
        )
        .await;
    // A reload, then a start from a blank page: both from the cache, within the normal time.
    for (round, from_blank) in [(1, false), (2, true)] {
        if from_blank {
            driver.goto("about:blank").await.expect("leave the page");
            driver.goto(&url).await.expect("open Movies again");
        } else {
            driver.refresh().await.expect("reload");
        }
        let at = wait_for("cached content under a 5 s server", WAIT, || async {
            content_mark(&driver).await
        })
        .await;
        let shown = item_ids(&driver, GRID_CARDS).await;
        if at >= WELL_UNDER_MS || shown.len() < 10 {
            screenshot(&driver, &format!("lie-fi-{round}")).await;
        }
        assert!(
            at < WELL_UNDER_MS,
            "start {round}: the cached library took {at:.0} ms with a {LATENCY_MS} ms server"
        );
        assert_eq!(
            shown[..10],
            seen[..10],
            "start {round}: the cards are the ones cached before"
        );
    }
    // The API never goes through the worker: its static routes send it to the network (a fresh
    // page asks nothing, so ask from the page as the app would).
    let source = js(
        &driver,
        "const r = await fetch('/System/Info/Public'); await r.text(); \
         const e = performance.getEntriesByName(r.url).pop(); \
         return e ? (e.workerMatchedSourceType || 'none') : 'no entry';",
    )
    .await;
    assert_eq!(source, json!("network"), "the API went through the worker");
    server
        .control("POST", "/__demo/latency", json!({"ms": 0}))
        .await;
    driver.quit().await.unwrap();
}
