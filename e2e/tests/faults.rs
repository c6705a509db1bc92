//! The fault suite: Marquee broken on purpose, with a cached session open (logged in as demo,
//! Home, the Movies library and a movie visited). For every fault the page keeps its cached
//! content and says what is wrong, nothing panics, the app still navigates, IndexedDB loses
//! nothing (items, query results, the outbox), and the page turns fresh again by itself once
//! the fault ends. Each test writes a row to `target/faults/` (`scripts/test` prints the table).
use std::time::{Duration, Instant};

use e2e::browser::{page_state, wait_for_page_in, WAIT};
use e2e::faults::{
    assert_whole, console_errors, content_differences, idb_contents, idb_snapshot, missing,
    on_new_document, panics, put_outbox_record, record_console_errors, remove_on_new_document,
    seed_outbox, set_offline, Row,
};
use e2e::thirtyfour::prelude::*;
use e2e::{age_the_cache, js, log_in, screenshot, texts, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// Backoff retries, the offline probe (3 s) or a request timeout (15 s) plus a retry.
const RECOVER: Duration = Duration::from_secs(45);

/// A logged-in browser whose cache holds Home, the Movies library and one movie, plus one
/// pending outbox entry. Chromedriver is declared first so that it is killed first when a
/// failing test unwinds (a WebDriver dropped without `quit` waits on it otherwise).
struct Cached {
    _chrome: ChromeDriver,
    driver: WebDriver,
    server: DemoServer,
    base: String,
    library: String,
    movie: String,
    title: String,
    /// The API path the movie page fetches (`/Users/{user}/Items/{id}` or `/Items/{id}`).
    movie_path: String,
}

impl Cached {
    async fn open(extra: &[&str]) -> Cached {
        let mut args = vec!["--movies", "40", "--shows", "3"];
        args.extend_from_slice(extra);
        let server = DemoServer::start(&args);
        let chrome = ChromeDriver::start();
        let driver = chrome.browser().await;
        record_console_errors(&driver).await;
        let base = server.url.clone();

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
        wait_for_page_in(&driver, "home", &["fresh"], WAIT).await;
        driver
            .goto(format!("{base}/library/{library}"))
            .await
            .unwrap();
        wait_for_page_in(&driver, "library", &["fresh"], WAIT).await;
        let movie = wait_for("a movie card", WAIT, || async {
            js(
                &driver,
                "const a = document.querySelector('.virtual-grid [data-item-id]'); return a && a.getAttribute('data-item-id');",
            )
            .await
            .as_str()
            .map(String::from)
        })
        .await;
        driver.goto(format!("{base}/movie/{movie}")).await.unwrap();
        let state = wait_for_page_in(&driver, "movie", &["fresh"], WAIT).await;
        let title = state["title"].as_str().unwrap_or_default().to_string();
        assert!(!title.is_empty(), "the movie has a title: {state}");

        let log = server.control("GET", "/__demo/requests", Value::Null).await;
        let movie_path = log["log"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["path"].as_str())
            .find(|p| p.ends_with(&format!("/Items/{movie}")))
            .unwrap_or_else(|| panic!("the movie's request in the log: {log}"))
            .to_string();

        // A pending action made offline: whatever breaks, it must stay until it is sent.
        let user_data = server
            .control(
                "GET",
                &format!("/__demo/items/{movie}?user=demo"),
                Value::Null,
            )
            .await;
        let favorite = user_data["UserData"]["IsFavorite"].as_bool() == Some(true);
        seed_outbox(&driver, &movie, !favorite).await;

        driver.goto(format!("{base}/")).await.unwrap();
        wait_for_page_in(&driver, "home", &["fresh"], WAIT).await;
        Cached {
            _chrome: chrome,
            driver,
            server,
            base,
            library,
            movie,
            title,
            movie_path,
        }
    }

    fn movie_url(&self) -> String {
        format!("{}/movie/{}", self.base, self.movie)
    }

    async fn fault(&self, body: Value) {
        self.server.control("POST", "/__demo/faults", body).await;
    }

    async fn clear_faults(&self) {
        self.server
            .control("DELETE", "/__demo/faults", Value::Null)
            .await;
    }

    /// Nothing panicked in this tab, and the app still navigates in place: Home from the nav
    /// bar shows its cached libraries, and back shows the movie again.
    async fn still_responds(&self, home_states: &[&str], movie_states: &[&str]) {
        self.no_panic().await;
        js(
            &self.driver,
            "document.querySelector('nav.app-nav a[href=\"/\"]').click(); return null",
        )
        .await;
        wait_for_page_in(&self.driver, "home", home_states, WAIT).await;
        // Home's title shows before its sections: wait for the libraries themselves.
        wait_for("Home to show its cached libraries", WAIT, || async {
            texts(&self.driver, "main[data-page='home'] .library-list a")
                .await
                .iter()
                .any(|l| l == "Movies")
                .then_some(())
        })
        .await;
        self.driver.back().await.unwrap();
        let state = wait_for_page_in(&self.driver, "movie", movie_states, WAIT).await;
        assert_eq!(
            state["title"],
            json!(self.title),
            "the cached movie is back"
        );
        self.no_panic().await;
    }

    async fn no_panic(&self) {
        let panics = panics(&self.driver).await;
        if !panics.is_empty() {
            screenshot(&self.driver, "faults-panic").await;
        }
        assert!(panics.is_empty(), "the app panicked: {panics:?}");
    }

    /// Marks the current document; `same_document` is then false after any reload.
    async fn mark_document(&self) {
        js(&self.driver, "window.__sameDocument = true; return null").await;
    }

    async fn same_document(&self) -> bool {
        js(&self.driver, "return window.__sameDocument === true").await == json!(true)
    }

    /// Goes to `path` inside the app, without a reload (so it works with the network off).
    async fn navigate(&self, path: &str) {
        js(
            &self.driver,
            &format!(
                "history.pushState({{}}, '', {}); dispatchEvent(new PopStateEvent('popstate')); return null",
                serde_json::to_string(path).unwrap()
            ),
        )
        .await;
    }

    /// The outbox records, as stored.
    async fn outbox(&self) -> Vec<Value> {
        idb_contents(&self.driver).await["outbox"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// With the network off, the user marks the movie watched and favorite: two changes that
    /// cannot be sent wait in the outbox, and the page says so. Returns the outbox records.
    /// The network stays off (`set_offline(.., false)` brings it back).
    async fn queue_offline_changes(&self) -> Vec<Value> {
        self.navigate(&format!("/movie/{}", self.movie)).await;
        wait_for_page_in(
            &self.driver,
            "movie",
            &["fresh", "stale", "refreshing", "error", "offline"],
            WAIT,
        )
        .await;
        set_offline(&self.driver, true).await;
        let already = self.outbox().await.len();
        for (n, action) in ["favorite", "played"].iter().enumerate() {
            js(
                &self.driver,
                &format!("document.querySelector(\"main[data-page='movie'] [data-action='{action}']\").click(); return null"),
            )
            .await;
            wait_for(
                &format!("the {action} change in the outbox"),
                WAIT,
                || async { (self.outbox().await.len() > already + n).then_some(()) },
            )
            .await;
        }
        let waiting = already + 2;
        wait_for("the page to say changes are waiting", WAIT, || async {
            let text = texts(&self.driver, "[data-outbox-note]").await;
            text.iter()
                .any(|t| t == &format!("{waiting} changes waiting to be sent"))
                .then_some(())
        })
        .await;
        self.outbox().await
    }

    /// Two changes made offline wait in the outbox when a fault starts; returns them and the
    /// stored contents, checked whole, to compare with afterwards. The network stays off.
    async fn with_changes_waiting(&self) -> (Vec<Value>, Value) {
        let entries = self.queue_offline_changes().await;
        let before = idb_contents(&self.driver).await;
        assert_whole(&before, 2);
        (entries, before)
    }

    /// Waits until the outbox is empty and the server holds the last state the user chose for
    /// each (item, kind) in `entries`.
    async fn wait_delivered(&self, entries: &[Value]) {
        wait_for("the outbox to drain", Duration::from_secs(90), || async {
            self.outbox().await.is_empty().then_some(())
        })
        .await;
        self.assert_server_has(entries).await;
    }

    /// The server holds the last state the user chose for each (item, kind) in `entries`.
    async fn assert_server_has(&self, entries: &[Value]) {
        for entry in entries {
            let id = entry["item_id"].as_str().expect("an item id");
            let last = entries
                .iter()
                .filter(|e| e["item_id"] == entry["item_id"])
                .filter_map(|e| e["action"].as_object())
                .flat_map(|a| a.iter().map(|(k, v)| (k.clone(), v.clone())))
                .fold(Vec::<(String, Value)>::new(), |mut acc, (k, v)| {
                    acc.retain(|(kk, _)| *kk != k);
                    acc.push((k, v));
                    acc
                });
            let data = self
                .server
                .control("GET", &format!("/__demo/items/{id}?user=demo"), Value::Null)
                .await;
            for (kind, wanted) in last {
                let field = if kind == "set_favorite" {
                    "IsFavorite"
                } else {
                    "Played"
                };
                assert_eq!(
                    data["UserData"][field], wanted,
                    "the server has {kind} of {id}: {data}"
                );
            }
        }
    }

    /// Requests the server answered since `from` (an index into its log): (method, path, status).
    async fn requests_since(&self, from: usize) -> Vec<(String, String, u64)> {
        let log = self
            .server
            .control("GET", "/__demo/requests", Value::Null)
            .await;
        log["log"]
            .as_array()
            .map(|a| {
                a.iter()
                    .skip(from)
                    .map(|e| {
                        (
                            e["method"].as_str().unwrap_or_default().to_string(),
                            e["path"].as_str().unwrap_or_default().to_string(),
                            e["status"].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    async fn log_len(&self) -> usize {
        self.requests_since(0).await.len()
    }

    /// The Shows library's first show, opened so its seasons and episodes are cached.
    async fn visit_show(&self) -> String {
        self.navigate("/").await;
        let shows = wait_for("the Shows library on Home", WAIT, || async {
            js(
                &self.driver,
                "const a = Array.from(document.querySelectorAll('.library-list a[data-item-id]')).find(a => a.textContent.trim() === 'Shows'); return a && a.getAttribute('data-item-id');",
            )
            .await
            .as_str()
            .map(String::from)
        })
        .await;
        self.navigate(&format!("/library/{shows}")).await;
        let show = wait_for("a show card", WAIT, || async {
            js(
                &self.driver,
                "const a = document.querySelector('main[data-page=\"library\"] .virtual-grid [data-item-id]'); return a && a.getAttribute('data-item-id');",
            )
            .await
            .as_str()
            .map(String::from)
        })
        .await;
        self.navigate(&format!("/show/{show}")).await;
        wait_for_page_in(&self.driver, "show", &["fresh"], WAIT).await;
        show
    }

    async fn quit(self) {
        let errors = console_errors(&self.driver).await;
        if !errors.is_empty() {
            println!("console errors (not panics): {errors:?}");
        }
        let _ = self.driver.clone().quit().await;
    }
}

/// The badge's text on the current page.
async fn badge(driver: &WebDriver) -> String {
    page_state(driver).await["badge"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[derive(Clone, Copy)]
enum Scope {
    /// Only the movie's endpoint fails: Home refreshes fine.
    OneEndpoint,
    /// Every API request fails.
    All,
}

/// A server answer that is wrong (a status or a broken body): the movie page, reloaded with
/// its cache aged, keeps its cached movie and says `reason`; the fault ends and it turns fresh.
async fn server_fault(row: &mut Row, scope: Scope, mut fault: Value, reason: &str) {
    let s = Cached::open(&[]).await;
    let (entries, before) = s.with_changes_waiting().await;
    fault["prefix"] = json!(match scope {
        Scope::OneEndpoint => s.movie_path.clone(),
        Scope::All => "/".to_string(),
    });
    s.fault(fault).await;
    age_the_cache(&s.driver).await;
    set_offline(&s.driver, false).await;
    s.driver.goto(s.movie_url()).await.unwrap();
    let state = error_seen(&s.driver).await;
    assert_eq!(state["title"], json!(s.title), "the cached movie stays");
    let text = state["badge"].as_str().unwrap_or_default();
    assert!(
        text.contains("Couldn't refresh") && text.contains(reason) && text.contains("Retry"),
        "the badge says what is wrong: {text}"
    );
    let home = match scope {
        Scope::OneEndpoint => &["fresh", "refreshing", "stale"][..],
        Scope::All => &["error", "refreshing", "stale"][..],
    };
    s.still_responds(home, &["error", "refreshing"]).await;
    row.lost = records_gone(&before, &idb_contents(&s.driver).await);

    s.mark_document().await;
    s.clear_faults().await;
    wait_for_page_in(&s.driver, "movie", &["fresh"], RECOVER).await;
    assert!(s.same_document().await, "recovered without a reload");
    if let Scope::All = scope {
        s.still_responds(&["fresh"], &["fresh"]).await;
    }
    row.lost += records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(row.lost, 0, "no cached data lost");
    // The changes were delivered, not lost: the server has them.
    s.wait_delivered(&entries).await;
    s.no_panic().await;
    row.passed = true;
    s.quit().await;
}

/// The page's title and badge when it first showed a failed refresh. The page records them
/// itself: a retry starts a second later (Refreshing…), and a stalled request's failure shows
/// only that second in 15, which a poll through the driver can miss on a loaded machine.
async fn error_seen(driver: &WebDriver) -> Value {
    js(
        driver,
        "window.__errorSeen = null;
        const look = () => {
            const main = document.querySelector('main[data-page]');
            if (!main || window.__errorSeen) return;
            const badge = main.querySelector('.freshness');
            const text = badge ? badge.textContent.trim() : '';
            if (main.dataset.freshness === 'error' && text.includes(\"Couldn't refresh\")) {
                window.__errorSeen = { title: ((main.querySelector('h1') || {}).textContent || '').trim(), badge: text };
            }
        };
        new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        look();
        return true;",
    )
    .await;
    wait_for("the movie page's failed refresh", WAIT, || async {
        let seen = js(driver, "return window.__errorSeen").await;
        (!seen.is_null()).then_some(seen)
    })
    .await
}

/// Item and query records of `before` missing from `after` (outbox records are checked by
/// delivery: one that left the outbox must be on the server).
fn records_gone(before: &Value, after: &Value) -> usize {
    let gone: Vec<String> = content_differences(before, after)
        .into_iter()
        .filter(|d| !d.starts_with("outbox") && d.ends_with(": missing"))
        .collect();
    if !gone.is_empty() {
        println!("records gone: {gone:?}");
    }
    gone.len()
}

fn status(code: u16) -> Value {
    json!({"mode": "status", "status": code})
}

#[tokio::test]
async fn status_500_on_one_endpoint() {
    let mut row = Row::new("HTTP 500, one endpoint");
    server_fault(&mut row, Scope::OneEndpoint, status(500), "HTTP 500").await;
}

#[tokio::test]
async fn status_503_on_one_endpoint() {
    let mut row = Row::new("HTTP 503, one endpoint");
    server_fault(&mut row, Scope::OneEndpoint, status(503), "HTTP 503").await;
}

#[tokio::test]
async fn status_500_on_every_endpoint() {
    let mut row = Row::new("HTTP 500, every endpoint");
    server_fault(&mut row, Scope::All, status(500), "HTTP 500").await;
}

#[tokio::test]
async fn status_503_on_every_endpoint() {
    let mut row = Row::new("HTTP 503, every endpoint");
    server_fault(&mut row, Scope::All, status(503), "HTTP 503").await;
}

#[tokio::test]
async fn malformed_json() {
    let mut row = Row::new("malformed JSON");
    let fault = json!({"mode": "malformed"});
    server_fault(&mut row, Scope::OneEndpoint, fault, "can't read").await;
}

#[tokio::test]
async fn truncated_body() {
    let mut row = Row::new("truncated body");
    let fault = json!({"mode": "truncated"});
    server_fault(&mut row, Scope::OneEndpoint, fault, "can't read").await;
}

#[tokio::test]
async fn wrong_shape_array_for_object() {
    let mut row = Row::new("wrong shape (array for object)");
    let fault = json!({"mode": "wrong_shape"});
    server_fault(&mut row, Scope::OneEndpoint, fault, "can't read").await;
}

#[tokio::test]
async fn an_item_without_id() {
    let mut row = Row::new("item without Id");
    let fault = json!({"mode": "missing_id"});
    server_fault(&mut row, Scope::OneEndpoint, fault, "can't read").await;
}

#[tokio::test]
async fn a_stall_longer_than_the_request_timeout() {
    let mut row = Row::new("stall 20 s (timeout 15 s)");
    let fault = json!({"mode": "stall", "ms": 20_000});
    server_fault(&mut row, Scope::OneEndpoint, fault, "took too long").await;
}

#[tokio::test]
async fn status_503_on_every_endpoint_for_longer_than_the_retries() {
    // Five failed attempts (backoff up to 1 + 2 + 4 + 8 s) and the queue stops retrying a key:
    // the page must still recover by itself when the server is back.
    let mut row = Row::new("HTTP 503, every endpoint, 25 s");
    let s = Cached::open(&[]).await;
    let (entries, before) = s.with_changes_waiting().await;
    s.fault(json!({"prefix": "/", "mode": "status", "status": 503}))
        .await;
    age_the_cache(&s.driver).await;
    set_offline(&s.driver, false).await;
    s.driver.goto(s.movie_url()).await.unwrap();
    wait_for_page_in(&s.driver, "movie", &["error"], WAIT).await;
    s.mark_document().await;
    tokio::time::sleep(Duration::from_secs(25)).await;
    let state = wait_for_page_in(&s.driver, "movie", &["error", "refreshing"], WAIT).await;
    assert_eq!(state["title"], json!(s.title), "the cached movie stays");
    row.lost = records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(
        s.outbox().await.len(),
        entries.len(),
        "the changes still wait"
    );
    s.clear_faults().await;
    wait_for_page_in(&s.driver, "movie", &["fresh"], RECOVER).await;
    assert!(s.same_document().await, "recovered without a reload");
    s.still_responds(&["fresh"], &["fresh"]).await;
    row.lost += records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(row.lost, 0, "no cached data lost");
    s.wait_delivered(&entries).await;
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn the_server_process_stopped_and_started_again() {
    let mut row = Row::new("server down (process stopped), then back");
    // Jellyfin keeps its tokens in its database: so does the demo server with this file.
    let sessions = std::env::temp_dir().join(format!("marquee-faults-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&sessions);
    let sessions_arg = sessions.display().to_string();
    let mut s = Cached::open(&["--sessions-file", &sessions_arg]).await;
    // The service worker serves the app itself while the server is gone.
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
    let (entries, before) = s.with_changes_waiting().await;
    let pid = s.server.pid();
    s.server.stop();
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", s.server.port)).is_err(),
        "process {pid} is gone"
    );
    age_the_cache(&s.driver).await;
    set_offline(&s.driver, false).await;
    s.driver.goto(s.movie_url()).await.unwrap();
    let state = wait_for_page_in(&s.driver, "movie", &["offline"], WAIT).await;
    assert_eq!(state["title"], json!(s.title), "the cached movie stays");
    let text = badge(&s.driver).await;
    assert!(
        text.contains("Offline: showing saved data from") && text.contains("Retry"),
        "the badge says it is offline: {text}"
    );
    s.still_responds(&["offline", "refreshing"], &["offline", "refreshing"])
        .await;
    row.lost = records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(
        s.outbox().await.len(),
        entries.len(),
        "the changes still wait"
    );

    s.mark_document().await;
    s.server.restart();
    wait_for_page_in(&s.driver, "movie", &["fresh"], RECOVER).await;
    assert!(s.same_document().await, "recovered without a reload");
    s.still_responds(&["fresh"], &["fresh"]).await;
    row.lost += records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(row.lost, 0, "no cached data lost");
    s.wait_delivered(&entries).await;
    row.passed = true;
    s.quit().await;
    let _ = std::fs::remove_file(&sessions);
}

#[tokio::test]
async fn a_revoked_token_goes_to_login_and_keeps_the_cache_for_after() {
    let mut row = Row::new("401 (token revoked)");
    let s = Cached::open(&[]).await;
    let (entries, before) = s.with_changes_waiting().await;
    s.server
        .control("POST", "/__demo/tokens/revoke", Value::Null)
        .await;
    age_the_cache(&s.driver).await;
    set_offline(&s.driver, false).await;
    s.driver.goto(s.movie_url()).await.unwrap();
    wait_for("the login page", WAIT, || async {
        let state = page_state(&s.driver).await;
        (state["page"] == "login" && state["path"] == "/login").then_some(())
    })
    .await;
    s.no_panic().await;
    row.lost = records_gone(&before, &idb_contents(&s.driver).await);
    // A 401 pauses the outbox: the changes wait for the next login.
    assert_eq!(
        s.outbox().await.len(),
        entries.len(),
        "the changes still wait"
    );

    // Logged in again, the cached movie is there before a slow server answers.
    log_in(&s.driver, &s.server, "demo", "demo").await;
    wait_for_page_in(&s.driver, "home", &["fresh", "stale", "refreshing"], WAIT).await;
    s.server
        .control("POST", "/__demo/latency", json!({"ms": 5000}))
        .await;
    let started = Instant::now();
    s.driver.goto(s.movie_url()).await.unwrap();
    let state = wait_for_page_in(&s.driver, "movie", &["refreshing", "stale", "fresh"], WAIT).await;
    let took = started.elapsed();
    assert_eq!(state["title"], json!(s.title));
    assert!(
        took < Duration::from_millis(2500),
        "the movie came from the cache, not the 5 s server: {took:?}"
    );
    s.server
        .control("POST", "/__demo/latency", json!({"ms": 0}))
        .await;
    wait_for_page_in(&s.driver, "movie", &["fresh"], RECOVER).await;
    s.still_responds(&["fresh"], &["fresh"]).await;
    row.lost += records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(row.lost, 0, "no cached data lost");
    s.wait_delivered(&entries).await;
    row.passed = true;
    s.quit().await;
}

/// In every new document: opening Marquee's per-user database fails (as in a browser with
/// storage disabled); the session database still opens.
const IDB_UNAVAILABLE: &str = r#"
(() => {
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name) {
    if (String(name).startsWith('marquee-') && name !== 'marquee-session') {
      throw new DOMException('IndexedDB is unavailable (fault suite)', 'UnknownError');
    }
    return open.apply(this, arguments);
  };
})();
"#;

#[tokio::test]
async fn indexeddb_unavailable_runs_from_memory_and_says_so() {
    let mut row = Row::new("IndexedDB unavailable");
    let s = Cached::open(&[]).await;
    // Two changes saved offline before storage goes: they wait for it to come back.
    let (entries, before) = s.with_changes_waiting().await;
    let script = on_new_document(&s.driver, IDB_UNAVAILABLE).await;
    set_offline(&s.driver, false).await;
    s.driver.goto(s.movie_url()).await.unwrap();
    let state = wait_for_page_in(&s.driver, "movie", &["fresh"], WAIT).await;
    assert_eq!(state["title"], json!(s.title), "the movie, from the server");
    let banner = state["banner"].as_str().unwrap_or_default().to_string();
    assert!(
        banner.contains("Saved data is unavailable") && banner.contains("nothing will be kept"),
        "a banner says so: {state}"
    );
    s.still_responds(&["fresh"], &["fresh"]).await;
    js(&s.driver, &format!("history.pushState({{}}, '', '/library/{}'); dispatchEvent(new PopStateEvent('popstate')); return null", s.library)).await;
    wait_for_page_in(&s.driver, "library", &["fresh"], WAIT).await;

    // Storage is back: everything saved before is still there.
    remove_on_new_document(&s.driver, &script).await;
    s.driver.goto(s.movie_url()).await.unwrap();
    let state = wait_for_page_in(&s.driver, "movie", &["fresh", "stale", "refreshing"], WAIT).await;
    assert_eq!(
        state["banner"],
        json!(""),
        "no banner once storage works: {state}"
    );
    row.lost = records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(row.lost, 0, "no cached data lost");
    s.wait_delivered(&entries).await;
    s.no_panic().await;
    row.passed = true;
    s.quit().await;
}

/// In every new document: while `window.__quotaFull > 0`, each IndexedDB write (put, add)
/// of items or query results throws QuotaExceededError and counts it down, as a full disk would
/// until something is evicted. `window.__quotaHits` counts the refusals.
const QUOTA: &str = r#"
(() => {
  window.__quotaFull = 0;
  window.__quotaHits = 0;
  for (const method of ['put', 'add']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function () {
      if (window.__quotaFull > 0 && (this.name === 'items' || this.name === 'queries')) {
        window.__quotaFull--;
        window.__quotaHits++;
        throw new DOMException('The quota has been exceeded (fault suite).', 'QuotaExceededError');
      }
      return original.apply(this, arguments);
    };
  }
})();
"#;

#[tokio::test]
async fn storage_quota_exceeded_evicts_old_query_results_and_keeps_the_outbox() {
    let mut row = Row::new("storage quota exceeded on write");
    let mut s = Cached::open(&[]).await;
    on_new_document(&s.driver, QUOTA).await;
    // Two changes wait in the outbox throughout: the server refuses them for now.
    let (entries, _) = s.with_changes_waiting().await;
    for prefix in ["/UserFavoriteItems", "/UserPlayedItems"] {
        s.fault(json!({"prefix": prefix, "mode": "status", "status": 503}))
            .await;
    }
    set_offline(&s.driver, false).await;
    s.driver.goto(s.movie_url()).await.unwrap();
    wait_for_page_in(&s.driver, "movie", &["fresh"], WAIT).await;
    let before = idb_snapshot(&s.driver).await;
    let queries_before = before["queries"].as_array().map(Vec::len).unwrap_or(0);
    assert!(queries_before > 1, "query results cached: {before}");

    // The disk is full for the next write; the movie changes on the server (pushed).
    js(&s.driver, "window.__quotaFull = 1; return null").await;
    let renamed = "Renamed On A Full Disk";
    s.server
        .control(
            "POST",
            &format!("/__demo/items/{}", s.movie),
            json!({"Name": renamed}),
        )
        .await;
    wait_for("the new title on the movie page", WAIT, || async {
        (page_state(&s.driver).await["title"] == renamed).then_some(())
    })
    .await;
    let hits = js(&s.driver, "return window.__quotaHits").await;
    assert_eq!(hits, json!(1), "the write hit the full disk");
    let after = wait_for("the write retried after eviction", WAIT, || async {
        let after = idb_snapshot(&s.driver).await;
        let evicted = missing(&before, &after, "queries");
        (evicted > 0).then_some(after)
    })
    .await;
    let queries_after = after["queries"].as_array().map(Vec::len).unwrap_or(0);
    println!("query results: {queries_before} before, {queries_after} after the eviction");
    // Items and the outbox are never evicted; the renamed movie was written after all.
    row.lost = missing(&before, &after, "items") + missing(&before, &after, "outbox");
    let item = js(
        &s.driver,
        &format!(
            r#"
            const name = (await indexedDB.databases()).map(d => d.name)
                .find(n => n.startsWith('marquee-') && n !== 'marquee-session');
            const db = await new Promise(ok => {{ const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); }});
            const item = await new Promise(ok => {{ const r = db.transaction('items').objectStore('items').get({id}); r.onsuccess = () => ok(r.result); }});
            db.close();
            return item ? item.item.name : null;
            "#,
            id = serde_json::to_string(&s.movie).unwrap()
        ),
    )
    .await;
    assert_eq!(
        item,
        json!(renamed),
        "the new data was saved after eviction"
    );
    s.title = renamed.to_string();
    s.still_responds(&["fresh", "stale", "refreshing"], &["fresh"])
        .await;
    assert_eq!(row.lost, 0, "no item or outbox entry lost");
    s.clear_faults().await;
    s.wait_delivered(&entries).await;
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn a_schema_upgrade_in_another_tab_blocks_neither_and_the_old_tab_asks_to_reload() {
    let mut row = Row::new("schema upgrade in another tab");
    let s = Cached::open(&[]).await;
    // Two changes made offline wait in the outbox across the upgrade.
    let (entries, _) = s.with_changes_waiting().await;
    s.driver.goto(s.movie_url()).await.unwrap();
    wait_for_page_in(&s.driver, "movie", &["fresh", "offline"], WAIT).await;
    let before = idb_snapshot(&s.driver).await;
    assert!(
        before["outbox"].as_array().map_or(0, Vec::len) >= 2,
        "the changes wait: {before}"
    );
    let version = before["version"].as_u64().expect("database version");
    let old_tab = s.driver.window().await.unwrap();

    // A newer Marquee in another tab opens the database at the next version.
    let new_tab = s.driver.new_tab().await.unwrap();
    s.driver.switch_to_window(new_tab).await.unwrap();
    s.driver.goto(format!("{}/", s.base)).await.unwrap();
    wait_for_page_in(&s.driver, "home", &["fresh", "stale", "refreshing"], WAIT).await;
    let upgrade = js(
        &s.driver,
        &format!(
            r#"
            const name = {name};
            const started = performance.now();
            const result = await new Promise(ok => {{
                const r = indexedDB.open(name, {next});
                let blocked = false;
                r.onblocked = () => {{ blocked = true; }};
                r.onupgradeneeded = () => {{}};
                r.onsuccess = () => {{ r.result.close(); ok({{ blocked, ms: performance.now() - started }}); }};
                r.onerror = () => ok({{ error: String(r.error), blocked }});
                setTimeout(() => ok({{ timeout: true, blocked }}), 10000);
            }});
            return result;
            "#,
            name = serde_json::to_string(&before["name"]).unwrap(),
            next = version + 1
        ),
    )
    .await;
    assert_eq!(
        upgrade["blocked"],
        json!(false),
        "the upgrade was not blocked: {upgrade}"
    );
    assert!(
        upgrade["ms"].as_f64().is_some(),
        "the upgrade went through: {upgrade}"
    );
    println!("upgrade to version {} in {} ms", version + 1, upgrade["ms"]);

    // The old tab: still showing its movie and responding; at its next read of the cache it
    // asks to reload.
    s.driver.switch_to_window(old_tab).await.unwrap();
    let state = page_state(&s.driver).await;
    assert_eq!(state["title"], json!(s.title), "the old tab keeps its page");
    let other = texts(&s.driver, "body").await;
    assert!(!other.is_empty());
    js(
        &s.driver,
        "document.querySelector('nav.app-nav a[href=\"/\"]').click(); return null",
    )
    .await;
    let library = format!("/library/{}", s.library);
    js(&s.driver, &format!("history.pushState({{}}, '', '{library}'); dispatchEvent(new PopStateEvent('popstate')); return null")).await;
    let banner = wait_for("the reload banner in the old tab", WAIT, || async {
        let state = page_state(&s.driver).await;
        let banner = state["banner"].as_str().unwrap_or_default().to_string();
        banner.contains("Reload").then_some(banner)
    })
    .await;
    assert!(banner.contains("updated in another tab"), "{banner}");
    s.no_panic().await;
    // Nothing was lost by the upgrade.
    let after = idb_snapshot(&s.driver).await;
    assert_eq!(after["version"], json!(version + 1));
    row.lost = missing(&before, &after, "items")
        + missing(&before, &after, "queries")
        + missing(&before, &after, "outbox");
    assert_eq!(row.lost, 0, "no cached data lost");
    // Still waiting, as they were (the newer build that upgraded the database sends them).
    let waiting: Vec<Value> = after["outbox"].as_array().cloned().unwrap_or_default();
    for entry in &entries {
        let mut entry = entry.clone();
        entry.as_object_mut().map(|e| e.remove("__key"));
        assert!(waiting.contains(&entry), "{entry} still waits: {waiting:?}");
    }
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn ten_tabs_on_one_library_make_one_request_per_key_and_all_show_a_server_change() {
    let mut row = Row::new("10 tabs on one library");
    let s = Cached::open(&[]).await;
    // Two changes wait in the outbox throughout: the server refuses them until the end.
    let (entries, before) = s.with_changes_waiting().await;
    for prefix in ["/UserFavoriteItems", "/UserPlayedItems"] {
        s.fault(json!({"prefix": prefix, "mode": "status", "status": 503}))
            .await;
    }
    set_offline(&s.driver, false).await;
    let library_url = format!("{}/library/{}", s.base, s.library);
    age_the_cache(&s.driver).await;
    s.server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    // A slow server, so the tabs ask while the first answer is on its way.
    s.server
        .control("POST", "/__demo/latency", json!({"ms": 1500}))
        .await;
    let mut tabs = vec![s.driver.window().await.unwrap()];
    s.driver.goto(&library_url).await.unwrap();
    for _ in 1..10 {
        let tab = s.driver.new_tab().await.unwrap();
        s.driver.switch_to_window(tab.clone()).await.unwrap();
        record_console_errors(&s.driver).await;
        s.driver.goto(&library_url).await.unwrap();
        tabs.push(tab);
    }
    for (i, tab) in tabs.iter().enumerate() {
        s.driver.switch_to_window(tab.clone()).await.unwrap();
        let state = wait_for_page_in(&s.driver, "library", &["fresh"], RECOVER).await;
        assert!(state["items"].as_u64().unwrap_or(0) > 0, "tab {i}: {state}");
    }
    s.server
        .control("POST", "/__demo/latency", json!({"ms": 0}))
        .await;
    let log = s
        .server
        .control("GET", "/__demo/requests", Value::Null)
        .await;
    let mut per_key = std::collections::BTreeMap::<String, u32>::new();
    for entry in log["log"].as_array().unwrap() {
        let path = entry["path"].as_str().unwrap_or_default();
        // Refreshes only: the outbox's retries of the refused changes are sends, not reads.
        if path.contains("/Images/") || path == "/socket" || entry["method"] != "GET" {
            continue;
        }
        let key = format!("{path}?{}", entry["query"].as_str().unwrap_or_default());
        *per_key.entry(key).or_default() += 1;
    }
    let repeated: Vec<_> = per_key.iter().filter(|(_, n)| **n > 1).collect();
    println!(
        "10 tabs: {} requests for {} keys",
        per_key.values().sum::<u32>(),
        per_key.len()
    );
    assert!(
        !per_key.is_empty(),
        "the aged library was revalidated: {log}"
    );
    assert!(
        repeated.is_empty(),
        "one request per key across 10 tabs: {repeated:?}"
    );

    // A change on the server reaches every tab.
    let first = js(
        &s.driver,
        "return document.querySelector('.virtual-grid [data-item-id]').getAttribute('data-item-id')",
    )
    .await;
    let first = first.as_str().expect("a card").to_string();
    let renamed = "Aaaa Renamed For Ten Tabs";
    s.server
        .control(
            "POST",
            &format!("/__demo/items/{first}"),
            json!({"Name": renamed}),
        )
        .await;
    for (i, tab) in tabs.iter().enumerate() {
        s.driver.switch_to_window(tab.clone()).await.unwrap();
        wait_for(&format!("the new title in tab {i}"), WAIT, || async {
            texts(&s.driver, ".virtual-grid .card-title")
                .await
                .iter()
                .any(|t| t == renamed)
                .then_some(())
        })
        .await;
        s.no_panic().await;
    }
    // Outbox records are checked by delivery: one that left the outbox must be on the server.
    row.lost = records_gone(&before, &idb_contents(&s.driver).await);
    assert_eq!(row.lost, 0, "no cached data lost");
    s.clear_faults().await;
    s.wait_delivered(&entries).await;
    row.passed = true;
    s.quit().await;
}

/// Where the look-alike answers go: every list endpoint the app reads (`/Items` with its
/// `/Items/Latest` and item pages, `/UserItems/Resume`, `/Shows/NextUp`, `/Shows/{id}/Seasons`
/// and `/Episodes`, `/UserViews`, the legacy `/Users/{id}/...` forms) and the action endpoints.
const LIST_AND_ACTION_PREFIXES: [&str; 7] = [
    "/Items",
    "/UserItems",
    "/Shows",
    "/UserViews",
    "/Users/",
    "/UserFavoriteItems",
    "/UserPlayedItems",
];

/// The endpoint a request went to, by the names `endpoints_reached` reports.
fn endpoint_of(method: &str, path: &str, movie_path: &str, show: &str) -> Option<&'static str> {
    if method != "GET" {
        return path.contains("FavoriteItems/").then_some("action");
    }
    let name = if path == movie_path {
        "movie"
    } else if path.ends_with("/UserViews") || path.ends_with("/Views") {
        "libraries"
    } else if path.ends_with("/Resume") {
        "continue watching"
    } else if path.ends_with("/NextUp") {
        "next up"
    } else if path.ends_with("/Latest") {
        "latest"
    } else if path.ends_with(&format!("/Shows/{show}/Seasons")) {
        "seasons"
    } else if path.ends_with(&format!("/Shows/{show}/Episodes")) {
        "episodes"
    } else if path.ends_with("/Items") {
        "library"
    } else {
        return None;
    };
    Some(name)
}

/// Which endpoints the requests since a fault began went to (sorted, once each), so the
/// fault is known to have reached each of them.
fn endpoints_reached(
    requests: &[(String, String, u64)],
    movie_path: &str,
    show: &str,
) -> Vec<&'static str> {
    let mut reached: Vec<&'static str> = requests
        .iter()
        .filter_map(|(m, p, _)| endpoint_of(m, p, movie_path, show))
        .collect();
    reached.sort_unstable();
    reached.dedup();
    reached
}

/// One look-alike answer (`mode`) on every list endpoint and on the action endpoints, with two
/// changes waiting in the outbox: nothing cached changes (each query's ids, each item, each
/// outbox record), the app never logs out or panics, and once the server answers properly the
/// changes are delivered and the pages turn fresh.
async fn look_alike_answer(s: &Cached, show: &str, mode: &str, row: &mut Row) {
    let entries = s.queue_offline_changes().await;
    let before = idb_contents(&s.driver).await;
    assert_whole(&before, 2);
    for prefix in LIST_AND_ACTION_PREFIXES {
        s.fault(json!({"prefix": prefix, "mode": mode})).await;
    }
    let from = s.log_len().await;
    age_the_cache(&s.driver).await;
    set_offline(&s.driver, false).await;

    // Every page, so every endpoint is asked.
    let all = [
        "libraries",
        "continue watching",
        "next up",
        "latest",
        "seasons",
        "episodes",
        "library",
        "movie",
        "action",
    ];
    let pages = [
        "/".to_string(),
        format!("/show/{show}"),
        format!("/library/{}", s.library),
        format!("/movie/{}", s.movie),
    ];
    let started = Instant::now();
    let mut reached = Vec::new();
    while reached.len() < all.len() && started.elapsed() < Duration::from_secs(60) {
        for page in &pages {
            s.navigate(page).await;
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
        reached = endpoints_reached(&s.requests_since(from).await, &s.movie_path, show);
    }
    assert_eq!(reached.len(), all.len(), "{mode} reached only {reached:?}");
    println!("{mode}: reached every endpoint in {:?}", started.elapsed());

    let state = wait_for_page_in(&s.driver, "movie", &["error"], WAIT).await;
    assert_eq!(state["title"], json!(s.title), "the cached movie stays");
    assert!(
        state["badge"]
            .as_str()
            .unwrap_or_default()
            .contains("can't read"),
        "the badge says the answer was unreadable: {state}"
    );
    s.no_panic().await;
    let after = idb_contents(&s.driver).await;
    let differences = content_differences(&before, &after);
    row.lost = differences.len();
    assert!(
        differences.is_empty(),
        "{mode} changed the cache: {differences:#?}"
    );

    s.clear_faults().await;
    let cleared = Instant::now();
    s.wait_delivered(&entries).await;
    s.navigate(&format!("/movie/{}", s.movie)).await;
    wait_for_page_in(&s.driver, "movie", &["fresh"], RECOVER).await;
    println!("{mode}: recovered in {:?}", cleared.elapsed());
    s.no_panic().await;
    row.passed = true;
}

/// A fresh session (Home, the Movies library, a movie and a show cached) meets one look-alike.
async fn look_alike(fault: &'static str, mode: &str) {
    let mut row = Row::new(fault);
    let s = Cached::open(&[]).await;
    let show = s.visit_show().await;
    look_alike_answer(&s, &show, mode, &mut row).await;
    s.quit().await;
}

#[tokio::test]
async fn look_alike_empty_object_on_lists_and_actions_changes_nothing() {
    look_alike("200 {} on lists and actions", "empty_object").await;
}

#[tokio::test]
async fn look_alike_empty_array_on_lists_and_actions_changes_nothing() {
    look_alike("200 [] on lists and actions", "empty_array").await;
}

#[tokio::test]
async fn look_alike_items_null_on_lists_and_actions_changes_nothing() {
    look_alike("200 Items: null on lists and actions", "items_null").await;
}

#[tokio::test]
async fn look_alike_empty_body_on_lists_and_actions_changes_nothing() {
    look_alike("200 empty body on lists and actions", "empty_body").await;
}

#[tokio::test]
async fn look_alike_html_page_on_lists_and_actions_changes_nothing() {
    look_alike("200 HTML page on lists and actions", "html").await;
}

#[tokio::test]
async fn status_403_on_one_endpoint_is_an_error_not_a_logout() {
    let mut row = Row::new("HTTP 403, one endpoint");
    server_fault(&mut row, Scope::OneEndpoint, status(403), "HTTP 403").await;
}

#[tokio::test]
async fn status_403_on_an_action_reverts_it_and_keeps_the_session() {
    let mut row = Row::new("HTTP 403 on an action");
    let s = Cached::open(&[]).await;
    let entries = s.queue_offline_changes().await;
    let before = idb_contents(&s.driver).await;
    assert_whole(&before, 2);
    let favorite_before = s
        .server
        .control(
            "GET",
            &format!("/__demo/items/{}?user=demo", s.movie),
            Value::Null,
        )
        .await["UserData"]["IsFavorite"]
        .clone();
    s.fault(json!({"prefix": "/UserFavoriteItems", "mode": "status", "status": 403}))
        .await;
    set_offline(&s.driver, false).await;
    // The favorite is refused and undone, and the user is told; the watched change behind it
    // (same item, made later) still goes; nobody is logged out.
    let note = wait_for("the refusal note", WAIT, || async {
        texts(&s.driver, "[data-action-note]")
            .await
            .into_iter()
            .find(|t| t.contains("favorites") && t.contains("403"))
    })
    .await;
    println!("note: {note}");
    let played = entries
        .iter()
        .find_map(|e| e["action"]["set_played"].as_bool())
        .expect("a played change");
    wait_for("the watched change on the server", WAIT, || async {
        let data = s
            .server
            .control(
                "GET",
                &format!("/__demo/items/{}?user=demo", s.movie),
                Value::Null,
            )
            .await;
        (data["UserData"]["Played"] == json!(played)).then_some(())
    })
    .await;
    wait_for("the outbox to empty", WAIT, || async {
        s.outbox().await.is_empty().then_some(())
    })
    .await;
    let state = page_state(&s.driver).await;
    assert_eq!(state["page"], "movie", "still signed in: {state}");
    let data = s
        .server
        .control(
            "GET",
            &format!("/__demo/items/{}?user=demo", s.movie),
            Value::Null,
        )
        .await;
    assert_eq!(
        data["UserData"]["IsFavorite"], favorite_before,
        "refused: unchanged"
    );
    s.clear_faults().await;
    s.still_responds(
        &["fresh", "stale", "refreshing"],
        &["fresh", "stale", "refreshing"],
    )
    .await;
    let after = idb_snapshot(&s.driver).await;
    row.lost = missing(&idb_snapshot_keys(&before), &after, "items");
    assert_eq!(row.lost, 0);
    row.passed = true;
    s.quit().await;
}

/// `idb_contents`' items as an `idb_snapshot`-shaped key list, for `missing`.
fn idb_snapshot_keys(contents: &Value) -> Value {
    let keys = |store: &str| -> Vec<Value> {
        contents[store]
            .as_object()
            .map(|m| m.keys().map(|k| json!(k)).collect())
            .unwrap_or_default()
    };
    json!({"items": keys("items"), "queries": keys("queries")})
}

#[tokio::test]
async fn status_429_with_retry_after_on_the_outbox_waits_and_delivers() {
    let mut row = Row::new("HTTP 429 + Retry-After on the outbox");
    let s = Cached::open(&[]).await;
    let entries = s.queue_offline_changes().await;
    let before = idb_contents(&s.driver).await;
    assert_whole(&before, 2);
    s.fault(json!({"prefix": "/UserFavoriteItems", "mode": "status", "status": 429, "retry_after": 4, "count": 1}))
        .await;
    let from = s.log_len().await;
    set_offline(&s.driver, false).await;
    // When each action request is first seen: the refused one, the one after Retry-After.
    let mut seen: Vec<(String, u64, Instant)> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while seen.len() < 3 && Instant::now() < deadline {
        let actions: Vec<(String, u64)> = s
            .requests_since(from)
            .await
            .into_iter()
            .filter(|(method, path, _)| method != "GET" && path.contains("Items/"))
            .map(|(_, path, status)| (path, status))
            .collect();
        let now = Instant::now();
        for (path, status) in actions.into_iter().skip(seen.len()) {
            seen.push((path, status, now));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let summary: Vec<(bool, u64)> = seen
        .iter()
        .map(|(p, status, _)| (p.contains("FavoriteItems/"), *status))
        .collect();
    assert_eq!(
        summary,
        vec![(true, 429), (true, 200), (false, 200)],
        "favorite refused once, then sent; the watched change after it, in order: {seen:?}"
    );
    let waited = seen[1].2 - seen[0].2;
    assert!(
        waited >= Duration::from_millis(3500),
        "Retry-After: 4 honoured, waited {waited:?}"
    );
    s.wait_delivered(&entries).await;
    row.lost = content_differences(&before, &idb_contents(&s.driver).await)
        .iter()
        .filter(|d| d.contains("missing") && !d.starts_with("outbox"))
        .count();
    assert_eq!(row.lost, 0);
    s.no_panic().await;
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn a_sync_of_hundreds_of_new_items_keeps_each_request_line_short() {
    // 300 new ids in one `Ids=` list is a 10 KB request line: Kestrel (and the demo server)
    // answer 414, and a sync that asks that way fails the same way forever.
    let mut row = Row::new("414: 300 new items in one sync");
    let s = Cached::open(&[]).await;
    let entries = s.queue_offline_changes().await;
    let before = idb_contents(&s.driver).await;
    assert_whole(&before, 2);
    for n in 0..300 {
        s.server
            .control(
                "POST",
                "/__demo/items",
                json!({"Type": "Movie", "Name": format!("Zz Added {n:03}")}),
            )
            .await;
    }
    let from = s.log_len().await;
    age_the_cache(&s.driver).await;
    set_offline(&s.driver, false).await;
    s.navigate(&format!("/library/{}", s.library)).await;
    wait_for_page_in(&s.driver, "library", &["fresh"], RECOVER).await;
    let requests = s.requests_since(from).await;
    let refused: Vec<_> = requests.iter().filter(|r| r.2 == 414).collect();
    assert!(refused.is_empty(), "no request over the limit: {refused:?}");
    let after = idb_contents(&s.driver).await;
    let added = after["items"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| {
            r["item"]["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("Zz Added"))
        })
        .count();
    assert_eq!(added, 300, "every new item cached");
    let lost: Vec<String> = content_differences(&before, &after)
        .into_iter()
        .filter(|d| d.ends_with("missing"))
        .collect();
    row.lost = lost.len();
    assert!(lost.is_empty(), "{lost:?}");
    s.wait_delivered(&entries).await;
    s.no_panic().await;
    row.passed = true;
    s.quit().await;
}

/// In every new document: `Date.now()` runs ahead by `localStorage.__clockOffsetMs`.
const CLOCK_OFFSET: &str = r#"
(() => {
  const offset = Number(localStorage.getItem('__clockOffsetMs') || 0);
  if (!offset) return;
  const real = Date.now.bind(Date);
  Date.now = () => real() + offset;
})();
"#;

async fn set_clock_offset(s: &Cached, ms: i64) {
    js(
        &s.driver,
        &format!("localStorage.setItem('__clockOffsetMs', '{ms}'); return null"),
    )
    .await;
}

#[tokio::test]
async fn a_browser_clock_ten_minutes_fast_misses_no_change() {
    let mut row = Row::new("browser clock 10 min fast");
    let s = Cached::open(&[]).await;
    on_new_document(&s.driver, CLOCK_OFFSET).await;
    let fast = 10 * 60 * 1000;
    set_clock_offset(&s, fast).await;
    // The library syncs with the browser 10 minutes ahead of the server.
    age_the_cache(&s.driver).await;
    s.driver
        .goto(format!("{}/library/{}", s.base, s.library))
        .await
        .unwrap();
    wait_for_page_in(&s.driver, "library", &["fresh"], WAIT).await;
    let entries = s.queue_offline_changes().await;
    let before = idb_contents(&s.driver).await;
    assert_whole(&before, 2);
    // Away from the app (no socket), a movie is renamed on the server; a day later (by the
    // browser's clock) the library is stale and syncs what changed since its last sync.
    set_clock_offset(&s, fast + 24 * 3600 * 1000).await;
    s.driver.goto("about:blank").await.unwrap();
    let first = before["items"]
        .as_object()
        .unwrap()
        .values()
        .find(|r| r["item"]["kind"] == json!("movie") && r["item"]["id"] != json!(s.movie))
        .map(|r| r["item"]["id"].as_str().unwrap().to_string())
        .expect("a cached movie");
    let renamed = "Aaaa Renamed While The Clock Ran Fast";
    s.server
        .control(
            "POST",
            &format!("/__demo/items/{first}"),
            json!({"Name": renamed}),
        )
        .await;
    set_offline(&s.driver, false).await;
    s.driver
        .goto(format!("{}/library/{}", s.base, s.library))
        .await
        .unwrap();
    wait_for_page_in(&s.driver, "library", &["fresh"], RECOVER).await;
    wait_for("the renamed movie in the grid", WAIT, || async {
        texts(&s.driver, ".virtual-grid .card-title")
            .await
            .iter()
            .any(|t| t == renamed)
            .then_some(())
    })
    .await;
    let after = idb_contents(&s.driver).await;
    let lost: Vec<String> = content_differences(&before, &after)
        .into_iter()
        .filter(|d| d.ends_with("missing"))
        .collect();
    row.lost = lost.len();
    assert!(lost.is_empty(), "{lost:?}");
    s.wait_delivered(&entries).await;
    s.no_panic().await;
    row.passed = true;
    s.quit().await;
}

#[tokio::test]
async fn unreadable_outbox_records_are_set_aside_and_block_nothing() {
    let mut row = Row::new("corrupt + newer-version outbox records");
    let s = Cached::open(&[]).await;
    println!("open after {:?}", row.started.elapsed());
    let entries = s.queue_offline_changes().await;
    println!("queued after {:?}", row.started.elapsed());
    let corrupt = json!({"item_id": 42, "action": "???", "created_at": "yesterday"});
    let newer = json!({"format": 2, "item_id": s.movie, "action": {"set_rating": 5}, "created_at": 1, "attempts": 0});
    put_outbox_record(&s.driver, &corrupt).await;
    put_outbox_record(&s.driver, &newer).await;
    let before = idb_contents(&s.driver).await;
    assert_whole(&before, 4);
    let set_aside: Vec<Value> = before["outbox"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["item_id"] == json!(42) || r["format"] == json!(2))
        .cloned()
        .collect();
    assert_eq!(set_aside.len(), 2);
    set_offline(&s.driver, false).await;
    // The readable changes go; the unreadable records stay, as they were.
    wait_for(
        "the readable changes sent",
        Duration::from_secs(60),
        || async { (s.outbox().await == set_aside).then_some(()) },
    )
    .await;
    s.assert_server_has(&entries).await;
    let note = wait_for(
        "the note about changes that couldn't be sent",
        WAIT,
        || async {
            texts(&s.driver, "[data-outbox-note]")
                .await
                .into_iter()
                .find(|t| t.contains("2 changes couldn't be sent"))
        },
    )
    .await;
    println!("note: {note}; delivered after {:?}", row.started.elapsed());
    s.navigate("/settings").await;
    wait_for("Settings lists them", WAIT, || async {
        texts(&s.driver, "main[data-page='settings'] [data-outbox-unsent]")
            .await
            .iter()
            .any(|t| t.starts_with("2 changes couldn't send"))
            .then_some(())
    })
    .await;
    let after = idb_contents(&s.driver).await;
    let lost: Vec<String> = content_differences(&before, &after)
        .into_iter()
        .filter(|d| d.ends_with("missing") && !d.starts_with("outbox"))
        .collect();
    row.lost = lost.len()
        + set_aside
            .iter()
            .filter(|r| !s_outbox_has(&after, r))
            .count();
    assert_eq!(row.lost, 0, "{lost:?}");
    s.no_panic().await;
    row.passed = true;
    s.quit().await;
}

fn s_outbox_has(contents: &Value, record: &Value) -> bool {
    contents["outbox"]
        .as_array()
        .is_some_and(|a| a.contains(record))
}
