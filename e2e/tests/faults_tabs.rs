//! The fault suite's tabs, storage and session half: re-login in the same page, no Web Locks,
//! logging out with changes not sent (online and offline), the server going away with two tabs
//! open, and the tab holding a refresh lock going offline mid-refresh. Every fault runs with two
//! changes waiting in the outbox (queued where the app cannot send them yet), and compares the
//! outbox's contents, and the server's user data, before and after. Rows go to
//! `target/faults/` like `faults.rs`'s.
use std::time::{Duration, Instant};

use e2e::browser::{page_state, wait_for_page_where, WAIT};
use e2e::faults::{idb_snapshot, on_new_document, panics, record_console_errors, Row};
use e2e::thirtyfour::prelude::*;
use e2e::{age_the_cache, js, log_in, screenshot, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// The offline probe (3 s), a request timeout, a retry.
const RECOVER: Duration = Duration::from_secs(45);
/// "Every open page says Offline within 5 s."
const SAY_OFFLINE_WITHIN: Duration = Duration::from_secs(5);

/// In every new document: the browser has no Web Locks (plain http on a LAN address).
const NO_WEB_LOCKS: &str = "delete Navigator.prototype.locks;";

/// A logged-in browser that has visited Home and the Movies library, on a demo server that
/// keeps its tokens in a file (so it can be stopped and started again).
struct Open {
    _chrome: ChromeDriver,
    driver: WebDriver,
    server: DemoServer,
    base: String,
    library: String,
    movies: Vec<String>,
    sessions_file: std::path::PathBuf,
    /// The changes queued: `(item id, favorite wanted)`, and the outbox records as written.
    queued: Vec<(String, bool)>,
    seeded: Vec<Value>,
}

impl Open {
    async fn start(scripts: &[&str]) -> Open {
        Open::start_with(scripts, None).await
    }

    /// `start` with the origin's storage quota set first: Chromium applies a quota override
    /// only to an origin that has not opened its storage yet.
    async fn start_with(scripts: &[&str], quota: Option<u64>) -> Open {
        let sessions_file = std::env::temp_dir().join(format!(
            "marquee-faults-tabs-{}-{}.json",
            std::process::id(),
            e2e::free_port()
        ));
        let _ = std::fs::remove_file(&sessions_file);
        let file = sessions_file.display().to_string();
        let server =
            DemoServer::start(&["--movies", "40", "--shows", "3", "--sessions-file", &file]);
        let chrome = ChromeDriver::start();
        let driver = chrome.browser().await;
        record_console_errors(&driver).await;
        for script in scripts {
            on_new_document(&driver, script).await;
        }
        let base = server.url.clone();
        if let Some(bytes) = quota {
            e2e::faults::cdp(
                &driver,
                "Storage.overrideQuotaForOrigin",
                json!({"origin": base, "quotaSize": bytes}),
            )
            .await;
        }
        log_in(&driver, &server, "demo", "demo").await;
        let library = wait_for("the Movies library on Home", WAIT, || async {
            js(
                &driver,
                "const a = Array.from(document.querySelectorAll('.library-list a[data-item-id]')).find(a => a.textContent.trim() === 'Movies'); return a && a.getAttribute('data-item-id');",
            )
            .await
            .as_str()
            .map(String::from)
        })
        .await;
        wait_freshness(&driver, "home", &["fresh"], WAIT).await;
        driver
            .goto(format!("{base}/library/{library}"))
            .await
            .unwrap();
        wait_freshness(&driver, "library", &["fresh"], WAIT).await;
        let movies: Vec<String> = wait_for("two movie cards", WAIT, || async {
            let ids = js(
                &driver,
                "return Array.from(document.querySelectorAll('.virtual-grid [data-item-id]')).map(a => a.getAttribute('data-item-id'))",
            )
            .await;
            let ids: Vec<String> = serde_json::from_value(ids).unwrap_or_default();
            let mut unique = ids.clone();
            unique.dedup();
            (unique.len() >= 2).then(|| unique.into_iter().take(2).collect())
        })
        .await;
        driver.goto(format!("{base}/")).await.unwrap();
        wait_freshness(&driver, "home", &["fresh"], WAIT).await;
        Open {
            _chrome: chrome,
            driver,
            server,
            base,
            library,
            movies,
            sessions_file,
            queued: Vec::new(),
            seeded: Vec::new(),
        }
    }

    async fn is_favorite(&self, id: &str) -> bool {
        let data = self
            .server
            .control("GET", &format!("/__demo/items/{id}?user=demo"), Value::Null)
            .await;
        data["UserData"]["IsFavorite"].as_bool() == Some(true)
    }

    /// Two changes (favorite flipped on both movies), written to the outbox as an action the
    /// app could not send would be. The server's current state is read first.
    async fn queue_two_changes(&mut self) {
        let mut wanted = Vec::new();
        for id in self.movies.clone() {
            wanted.push((id.clone(), !self.is_favorite(&id).await));
        }
        self.queue_known(wanted).await;
    }

    /// Like `queue_two_changes`, with the server's state already known (it may be down).
    async fn queue_known(&mut self, wanted: Vec<(String, bool)>) {
        for (id, favorite) in &wanted {
            let entry = e2e::faults::seed_outbox(&self.driver, id, *favorite).await;
            self.seeded.push(entry);
        }
        self.queued = wanted;
        let outbox = self.outbox().await;
        assert_eq!(outbox.len(), 2, "the two changes are queued: {outbox:?}");
    }

    /// The outbox as `(item id, action)` pairs, from the user's database; the snapshot must
    /// be whole (a failed read would make every later comparison pass).
    async fn outbox(&self) -> Vec<(String, Value)> {
        let snapshot = idb_snapshot(&self.driver).await;
        assert!(snapshot.get("error").is_none(), "snapshot: {snapshot}");
        snapshot["outbox"]
            .as_array()
            .expect("an outbox store")
            .iter()
            .map(|e| {
                (
                    e["item_id"].as_str().unwrap_or("").to_string(),
                    e["action"].clone(),
                )
            })
            .collect()
    }

    /// The queued changes are all still waiting, unchanged.
    async fn changes_still_waiting(&self) -> usize {
        let outbox = self.outbox().await;
        let want: Vec<(String, Value)> = self
            .seeded
            .iter()
            .map(|e| {
                (
                    e["item_id"].as_str().unwrap().to_string(),
                    e["action"].clone(),
                )
            })
            .collect();
        let lost = want.iter().filter(|w| !outbox.contains(w)).count();
        if lost > 0 {
            println!("outbox before {want:?}\noutbox now {outbox:?}");
        }
        lost
    }

    /// The queued changes reached the server (its user data says so) and left the outbox.
    async fn changes_delivered(&self, within: Duration) {
        wait_for("the queued changes to reach the server", within, || async {
            for (id, favorite) in &self.queued {
                if self.is_favorite(id).await != *favorite {
                    return None;
                }
            }
            self.outbox().await.is_empty().then_some(())
        })
        .await;
    }

    async fn requests(&self) -> Vec<Value> {
        let log = self
            .server
            .control("GET", "/__demo/requests", Value::Null)
            .await;
        log["log"].as_array().cloned().unwrap_or_default()
    }

    async fn count_requests(&self, matches: impl Fn(&str, &str) -> bool) -> usize {
        self.requests()
            .await
            .iter()
            .filter(|e| {
                matches(
                    e["method"].as_str().unwrap_or(""),
                    e["path"].as_str().unwrap_or(""),
                )
            })
            .count()
    }

    async fn mark_document(&self) {
        js(&self.driver, "window.__sameDocument = true; return null").await;
    }

    async fn same_document(&self) -> bool {
        js(&self.driver, "return window.__sameDocument === true").await == json!(true)
    }

    async fn no_panic(&self) {
        let found = panics(&self.driver).await;
        if !found.is_empty() {
            screenshot(&self.driver, "faults-tabs-panic").await;
        }
        assert!(found.is_empty(), "the app panicked: {found:?}");
    }

    /// Clicks an in-app link (no reload).
    async fn click(&self, css: &str) {
        let clicked = js(
            &self.driver,
            &format!(
                "const a = document.querySelector({}); if (!a) return false; a.click(); return true",
                serde_json::to_string(css).unwrap()
            ),
        )
        .await;
        assert_eq!(clicked, json!(true), "{css} is there to click");
    }

    async fn quit(self) {
        let _ = self.driver.clone().quit().await;
        let _ = std::fs::remove_file(&self.sessions_file);
    }
}

/// The page shown and its freshness.
async fn freshness(driver: &WebDriver) -> (String, String) {
    let state = page_state(driver).await;
    let text = |field: &str| state[field].as_str().unwrap_or("").to_string();
    (text("page"), text("freshness"))
}

async fn wait_freshness(driver: &WebDriver, page: &str, states: &[&str], timeout: Duration) {
    wait_for_page_where(
        driver,
        &format!("{page}-{}", states.join("-")),
        timeout,
        |state| state["page"] == page && states.iter().any(|s| state["freshness"] == *s),
    )
    .await;
}

async fn wait_page(driver: &WebDriver, page: &str, timeout: Duration) {
    wait_for_page_where(driver, page, timeout, |state| state["page"] == page).await;
}

/// Fills the login form already on screen (no navigation: the same document).
async fn log_in_here(driver: &WebDriver, user: &str, password: &str) {
    let form = driver
        .query(By::Css("main[data-page='login'] form"))
        .first()
        .await
        .expect("login form");
    for (field, value) in [("username", user), ("password", password)] {
        let input = form.find(By::Name(field)).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
    }
    form.find(By::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

fn is_socket(path: &str) -> bool {
    path.ends_with("/socket")
}

fn is_favorite_request(path: &str) -> bool {
    path.contains("FavoriteItems/")
}

#[tokio::test]
async fn a_relogin_in_the_same_page_hands_over_leadership() {
    let mut row = Row::new("re-login in the same page (token expired)");
    let mut s = Open::start(&[]).await;
    // The token expires; two changes are waiting that the app cannot send with it.
    s.server
        .control("POST", "/__demo/tokens/revoke", Value::Null)
        .await;
    s.queue_two_changes().await;
    s.mark_document().await;
    age_the_cache(&s.driver).await;
    // An in-app navigation refreshes, gets 401, and goes to the login page (cache kept).
    s.click(&format!(".library-list a[data-item-id='{}']", s.library))
        .await;
    wait_page(&s.driver, "login", WAIT).await;
    s.no_panic().await;
    row.lost = s.changes_still_waiting().await;
    assert_eq!(row.lost, 0, "a 401 keeps the outbox");

    s.server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    log_in_here(&s.driver, "demo", "demo").await;
    wait_page(&s.driver, "home", WAIT).await;
    assert!(s.same_document().await, "logged in again without a reload");
    // The new session's tab leads: the outbox drains and the socket opens.
    s.changes_delivered(WAIT).await;
    wait_for("the push socket to open again", WAIT, || async {
        (s.count_requests(|_, p| is_socket(p)).await > 0).then_some(())
    })
    .await;
    assert!(s.same_document().await);
    s.no_panic().await;
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn without_web_locks_one_tab_leads_and_one_request_per_key() {
    let mut row = Row::new("no Web Locks (two tabs)");
    let mut s = Open::start(&[NO_WEB_LOCKS]).await;
    assert_eq!(
        js(&s.driver, "return 'locks' in navigator").await,
        json!(false),
        "the fault is on"
    );
    // Two changes queued while the server is down.
    let wanted: Vec<(String, bool)> = {
        let mut w = Vec::new();
        for id in s.movies.clone() {
            w.push((id.clone(), !s.is_favorite(&id).await));
        }
        w
    };
    s.server.stop();
    s.queue_known(wanted).await;
    let first = s.driver.window().await.unwrap();
    let second = s.driver.new_tab().await.unwrap();
    s.driver.switch_to_window(second.clone()).await.unwrap();
    on_new_document(&s.driver, NO_WEB_LOCKS).await;
    s.server.restart();
    s.server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    s.driver.goto(format!("{}/", s.base)).await.unwrap();
    wait_page(&s.driver, "home", WAIT).await;
    s.changes_delivered(RECOVER).await;
    wait_for("the leader's socket", RECOVER, || async {
        (s.count_requests(|_, p| is_socket(p)).await > 0).then_some(())
    })
    .await;
    // Give a second leader time to show itself (its socket, its drain).
    tokio::time::sleep(Duration::from_secs(6)).await;
    let sockets = s.count_requests(|_, p| is_socket(p)).await;
    let sends = s.count_requests(|_, p| is_favorite_request(p)).await;
    assert_eq!(sockets, 1, "exactly one tab holds the socket");
    assert_eq!(sends, 2, "exactly one tab drained the outbox, once");

    // Both tabs open the same stale movie while the server is slow: one request for it.
    age_the_cache(&s.driver).await;
    s.server
        .control("POST", "/__demo/latency", json!({"ms": 1500}))
        .await;
    s.server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    let movie = s.movies[0].clone();
    let url = format!("{}/movie/{movie}", s.base);
    s.driver.goto(&url).await.unwrap();
    s.driver.switch_to_window(first.clone()).await.unwrap();
    s.driver.goto(&url).await.unwrap();
    wait_freshness(&s.driver, "movie", &["fresh"], WAIT).await;
    s.driver.switch_to_window(second).await.unwrap();
    wait_freshness(&s.driver, "movie", &["fresh"], WAIT).await;
    s.server
        .control("POST", "/__demo/latency", json!({"ms": 0}))
        .await;
    let fetched = s
        .count_requests(|m, p| m == "GET" && p.ends_with(&format!("/Items/{movie}")))
        .await;
    assert_eq!(fetched, 1, "one request for the movie across both tabs");
    s.no_panic().await;
    row.lost = 0;
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn offline_is_said_within_5_s_in_every_tab_and_clears_by_itself() {
    let mut row = Row::new("server stopped: Offline in two tabs within 5 s");
    let mut s = Open::start(&[]).await;
    let wanted: Vec<(String, bool)> = {
        let mut w = Vec::new();
        for id in s.movies.clone() {
            w.push((id.clone(), !s.is_favorite(&id).await));
        }
        w
    };
    let first = s.driver.window().await.unwrap();
    let second = s.driver.new_tab().await.unwrap();
    s.driver.switch_to_window(second.clone()).await.unwrap();
    let movie_url = format!("{}/movie/{}", s.base, s.movies[0]);
    s.driver.goto(&movie_url).await.unwrap();
    wait_freshness(&s.driver, "movie", &["fresh"], WAIT).await;
    // The service worker serves the app while the server is gone.
    wait_for("the service worker to control the page", WAIT, || async {
        (js(
            &s.driver,
            "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)",
        )
        .await
            == json!(true))
        .then_some(())
    })
    .await;
    s.driver.switch_to_window(first.clone()).await.unwrap();
    s.mark_document().await;

    // Both pages are within their TTL: only being told makes them say Offline.
    s.server.stop();
    let stopped = Instant::now();
    s.queue_known(wanted).await;
    for tab in [&first, &second] {
        s.driver.switch_to_window(tab.clone()).await.unwrap();
        let left = SAY_OFFLINE_WITHIN.saturating_sub(stopped.elapsed());
        wait_freshness(
            &s.driver,
            if *tab == first { "home" } else { "movie" },
            &["offline"],
            left,
        )
        .await;
    }
    // Taken offline, then reloaded: the fresh-by-TTL movie says Offline, not fresh.
    s.driver.refresh().await.unwrap();
    wait_freshness(&s.driver, "movie", &["offline"], SAY_OFFLINE_WITHIN).await;
    // And an in-app navigation in the first tab.
    s.driver.switch_to_window(first.clone()).await.unwrap();
    s.click(&format!(".library-list a[data-item-id='{}']", s.library))
        .await;
    wait_freshness(&s.driver, "library", &["offline"], SAY_OFFLINE_WITHIN).await;
    s.no_panic().await;
    row.lost = s.changes_still_waiting().await;

    s.server.restart();
    wait_freshness(&s.driver, "library", &["fresh", "stale"], RECOVER).await;
    assert!(s.same_document().await, "recovered without a reload");
    s.driver.switch_to_window(second).await.unwrap();
    wait_freshness(&s.driver, "movie", &["fresh", "stale"], RECOVER).await;
    s.changes_delivered(RECOVER).await;
    s.no_panic().await;
    assert_eq!(row.lost, 0, "no change lost");
    row.passed = true;
    s.quit().await;
}

/// The text of the "changes not sent yet" prompt, once it shows.
async fn unsent_prompt(driver: &WebDriver) -> String {
    wait_for("the unsent-changes prompt", WAIT, || async {
        js(
            driver,
            "const p = document.querySelector('[data-dialog=\"unsent-changes\"]'); return p && !p.hidden ? p.textContent.replace(/\\s+/g, ' ').trim() : null",
        )
        .await
        .as_str()
        .map(String::from)
    })
    .await
}

#[tokio::test]
async fn logging_out_with_unsent_changes_asks_and_can_send_them_first() {
    let mut row = Row::new("log out with 2 changes not sent (online)");
    let mut s = Open::start(&[]).await;
    // The server refuses the changes for now (a 503): they stay in the outbox.
    s.server
        .control(
            "POST",
            "/__demo/faults",
            json!({"prefix": "/UserFavoriteItems", "mode": "status", "status": 503}),
        )
        .await;
    s.queue_two_changes().await;
    s.click("nav.app-nav a[href='/settings']").await;
    wait_page(&s.driver, "settings", WAIT).await;
    s.click("[data-action='logout']").await;
    let prompt = unsent_prompt(&s.driver).await;
    assert_eq!(prompt, "2 changes not sent yet: Send now · Log out anyway");
    assert_eq!(
        freshness(&s.driver).await.0,
        "settings",
        "nothing deleted yet"
    );
    row.lost = s.changes_still_waiting().await;

    s.server
        .control("DELETE", "/__demo/faults", Value::Null)
        .await;
    s.click("[data-action='send-now']").await;
    wait_page(&s.driver, "login", WAIT).await;
    for (id, favorite) in &s.queued {
        assert_eq!(
            s.is_favorite(id).await,
            *favorite,
            "{id} was sent before logging out"
        );
    }
    s.no_panic().await;
    assert_eq!(row.lost, 0);
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn logging_out_offline_ends_the_token_when_the_server_is_back() {
    let mut row = Row::new("log out offline: token ended later");
    let mut s = Open::start(&[]).await;
    let wanted: Vec<(String, bool)> = {
        let mut w = Vec::new();
        for id in s.movies.clone() {
            w.push((id.clone(), !s.is_favorite(&id).await));
        }
        w
    };
    s.server.stop();
    s.queue_known(wanted).await;
    s.click("nav.app-nav a[href='/settings']").await;
    wait_page(&s.driver, "settings", WAIT).await;
    s.click("[data-action='logout']").await;
    let prompt = unsent_prompt(&s.driver).await;
    assert_eq!(prompt, "2 changes not sent yet: Send now · Log out anyway");
    row.lost = s.changes_still_waiting().await;
    s.click("[data-action='logout-anyway']").await;
    wait_page(&s.driver, "login", WAIT).await;
    // The token to end is kept outside the user's database, which is gone.
    let kept = wait_for("the revoke record", WAIT, || async {
        let value = js(
            &s.driver,
            r#"
            const db = await new Promise((ok, err) => {
                const r = indexedDB.open('marquee-session');
                r.onsuccess = () => ok(r.result);
                r.onerror = () => err(r.error);
            });
            const value = await new Promise((ok) => {
                const g = db.transaction('kv').objectStore('kv').get('revoke');
                g.onsuccess = () => ok(g.result === undefined ? null : g.result);
                g.onerror = () => ok(null);
            });
            db.close();
            return value;
            "#,
        )
        .await;
        value.as_array().filter(|a| !a.is_empty()).cloned()
    })
    .await;
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["server_url"], json!(s.base));
    assert!(
        kept[0]["token"].as_str().is_some_and(|t| !t.is_empty()),
        "the token to end is kept"
    );
    assert_eq!(
        js(&s.driver, "return typeof window.__marqueeSession").await,
        json!("undefined"),
        "the early session read left nothing on window"
    );

    s.server.restart();
    wait_for("POST /Sessions/Logout", RECOVER, || async {
        (s.count_requests(|m, p| m == "POST" && p.ends_with("/Sessions/Logout"))
            .await
            > 0)
        .then_some(())
    })
    .await;
    wait_for("the revoke record to go", WAIT, || async {
        let left = js(
            &s.driver,
            r#"
            const db = await new Promise((ok, err) => {
                const r = indexedDB.open('marquee-session');
                r.onsuccess = () => ok(r.result);
                r.onerror = () => err(r.error);
            });
            const value = await new Promise((ok) => {
                const g = db.transaction('kv').objectStore('kv').get('revoke');
                g.onsuccess = () => ok(g.result === undefined ? null : g.result);
                g.onerror = () => ok(null);
            });
            db.close();
            return value;
            "#,
        )
        .await;
        left.is_null().then_some(())
    })
    .await;
    s.no_panic().await;
    // The changes were dropped by the user's choice ("Log out anyway"), not lost.
    assert_eq!(row.lost, 0);
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn the_tab_holding_a_refresh_lock_goes_offline_mid_refresh() {
    let mut row = Row::new("refresh lock holder offline mid-refresh");
    let mut s = Open::start(&[]).await;
    let wanted: Vec<(String, bool)> = {
        let mut w = Vec::new();
        for id in s.movies.clone() {
            w.push((id.clone(), !s.is_favorite(&id).await));
        }
        w
    };
    // Changes the server will not take while this runs.
    s.server
        .control(
            "POST",
            "/__demo/faults",
            json!({"prefix": "/UserFavoriteItems", "mode": "status", "status": 503}),
        )
        .await;
    s.queue_known(wanted).await;
    let movie_url = format!("{}/movie/{}", s.base, s.movies[0]);
    age_the_cache(&s.driver).await;
    // A slow server: the first tab's refresh holds the key's lock, the second tab waits on it.
    s.server
        .control("POST", "/__demo/latency", json!({"ms": 4000}))
        .await;
    let first = s.driver.window().await.unwrap();
    s.driver.goto(&movie_url).await.unwrap();
    wait_freshness(&s.driver, "movie", &["refreshing"], WAIT).await;
    let second = s.driver.new_tab().await.unwrap();
    s.driver.switch_to_window(second.clone()).await.unwrap();
    s.driver.goto(&movie_url).await.unwrap();
    wait_freshness(&s.driver, "movie", &["refreshing"], WAIT).await;
    s.server.stop();
    // Both reach a verdict: neither says "Refreshing…" forever.
    for tab in [&second, &first] {
        s.driver.switch_to_window(tab.clone()).await.unwrap();
        wait_freshness(&s.driver, "movie", &["offline"], Duration::from_secs(10)).await;
    }
    row.lost = s.changes_still_waiting().await;
    s.no_panic().await;
    s.server.restart();
    s.server
        .control("DELETE", "/__demo/faults", Value::Null)
        .await;
    for tab in [&first, &second] {
        s.driver.switch_to_window(tab.clone()).await.unwrap();
        wait_freshness(&s.driver, "movie", &["fresh"], RECOVER).await;
    }
    s.changes_delivered(RECOVER).await;
    assert_eq!(row.lost, 0);
    row.passed = true;
    s.quit().await;
}

/// The origin's quota in the full-disk fault.
const QUOTA: u64 = 48 << 20;

/// Fills the origin's quota from the page, with a database of its own, until not even 4 KB
/// more fits. `estimate()` cannot guide it: Chromium reports a fixed quota there whatever the
/// real one is (no fingerprinting of the disk), so the filler writes until the browser itself
/// aborts a transaction. The bytes are random, as the browser compresses what it stores.
const FILL_QUOTA: &str = r#"
const limit = arguments[0];
const db = await new Promise((ok, err) => {
    const r = indexedDB.open('quota-filler', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('blobs');
    r.onsuccess = () => ok(r.result);
    r.onerror = () => err(r.error);
});
const random = (size) => {
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
    return bytes;
};
let chunk = 1 << 20;
let n = 0;
let written = 0;
let aborted = '';
while (chunk >= 4096 && written < limit) {
    const error = await new Promise((done) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(random(chunk), n++);
        tx.oncomplete = () => done('');
        tx.onabort = () => done(tx.error ? tx.error.name : 'AbortError');
    });
    if (error) { aborted = error; chunk = chunk >> 1; } else written += chunk;
}
db.close();
return { written, aborted };
"#;

#[tokio::test]
async fn a_full_disk_evicts_retries_and_keeps_the_outbox() {
    let mut row = Row::new("storage full (a real quota abort)");
    // A quota the app's cache fits in with room to spare (the browser enforces it: FILL_QUOTA).
    let mut s = Open::start_with(&[], Some(QUOTA)).await;
    // Changes the server will not take for now: they must survive the full disk.
    s.server
        .control(
            "POST",
            "/__demo/faults",
            json!({"prefix": "/UserFavoriteItems", "mode": "status", "status": 503}),
        )
        .await;
    s.queue_two_changes().await;
    let before = idb_snapshot(&s.driver).await;
    let queries_before = before["queries"].as_array().map(Vec::len).unwrap_or(0);
    assert!(queries_before > 0, "a whole snapshot first: {before}");

    // Everything stale (a write itself, so before the disk fills).
    age_the_cache(&s.driver).await;
    let filled = s
        .driver
        .execute(FILL_QUOTA, vec![json!(2 * QUOTA)])
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(
        filled["aborted"], "QuotaExceededError",
        "the browser enforces the small quota: {filled}"
    );
    println!("quota filled: {filled}");
    // The disk is full: the next pages write what they fetch.
    s.click(&format!(".library-list a[data-item-id='{}']", s.library))
        .await;
    wait_freshness(&s.driver, "library", &["fresh", "error", "stale"], WAIT).await;
    // The abort was known for what it is: room was made (query results not on screen went)
    // or, if that was not enough, the user is told.
    let noticed = wait_for("eviction or the storage note", WAIT, || async {
        let now = idb_snapshot(&s.driver).await;
        let queries = now["queries"].as_array().map(Vec::len).unwrap_or(usize::MAX);
        let banner = js(
            &s.driver,
            "const b = document.querySelector('[data-storage-note]'); return b ? b.textContent : ''",
        )
        .await;
        let told = banner.as_str().unwrap_or("").contains("Storage is full");
        (queries < queries_before || told).then_some((queries, told))
    })
    .await;
    println!(
        "after the full disk: {} queries (before {queries_before}), told: {}",
        noticed.0, noticed.1
    );
    s.no_panic().await;
    row.lost = s.changes_still_waiting().await;
    assert_eq!(row.lost, 0, "the outbox is never evicted");
    assert_eq!(
        freshness(&s.driver).await.0,
        "library",
        "the page still shows"
    );
    s.quit().await;
    row.passed = true;
}
