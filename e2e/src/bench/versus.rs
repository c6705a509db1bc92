//! Clients side by side in one run, their page loads interleaved (the order flips every run)
//! so that the machine's drift falls on all of them alike: Marquee (this build), Marquee B
//! (`--ab`: another revision) and the hand-written comparator (`e2e/comparator/`).
//!
//! Each client has its own demo server, the same library, and the latency on every request
//! (the app's own files included). First visits: a fresh profile, log in, click the library
//! (never opened) and time the click to `marquee:content`. Warm starts: a profile primed as a
//! user would (log in, Home, the library, a movie, a show, scroll, stay 5 s), then each page
//! loaded again by a reload and from a blank tab a second later, at each latency (every run
//! takes the latencies in turn).
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use e2e::thirtyfour::WebDriver;
use e2e::{js, log_in, root, wait_for, ChromeDriver, DemoServer};
use serde::Serialize;
use serde_json::json;

use super::code_cache::{self, CodeCache};
use super::page::{wait_for_element, wait_for_mark};
use super::session::{first_card, Page, SLOW, WAIT};
use super::stats::Summary;
use e2e::browser::click;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Marquee,
    Comparator,
}

struct Client {
    name: String,
    kind: Kind,
    server: DemoServer,
}

/// How a warm start begins.
#[derive(Clone, Copy)]
enum Start {
    /// The page is reloaded (the same tab, the same document's process).
    Reload,
    /// A new tab, opened a second after the last page was left.
    BlankTab,
}

impl Start {
    fn name(self) -> &'static str {
        match self {
            Start::Reload => "reload",
            Start::BlankTab => "blank tab",
        }
    }
}

/// One warm-start cell: a client's page at a latency, started one way.
#[derive(Clone, Debug, Serialize)]
pub struct WarmCell {
    pub client: String,
    pub page: String,
    pub start: String,
    pub latency_ms: u64,
    pub content: Summary,
    /// Where the time went, per phase: ms from the navigation's start to each (`PHASES`).
    pub phases: BTreeMap<String, Summary>,
    /// Marquee only: V8's code cache and the main thread's wasm compile, per load of a traced
    /// profile of its own (`code_caches`), never of the timed loads.
    pub code_cache: Vec<CodeCache>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Versus {
    /// Movies in the library.
    pub size: u32,
    /// Client names in column order: Marquee first, then B, then the comparator.
    pub clients: Vec<String>,
    pub latency_ms: u64,
    /// Click on a never-opened library to its first cards, per client.
    pub first_visit: BTreeMap<String, Summary>,
    pub warm: Vec<WarmCell>,
}

pub const MARQUEE: &str = "Marquee";
pub const COMPARATOR: &str = "comparator";

/// The comparator's files, served by a demo server of their own.
pub fn comparator_dist() -> PathBuf {
    root().join("e2e/comparator")
}

#[allow(clippy::too_many_arguments)]
pub async fn measure(
    chrome: &ChromeDriver,
    dist: &Path,
    b: Option<(&Path, &str)>,
    size: u32,
    shows: u32,
    runs: u32,
    latency_ms: u64,
    latencies: &[u64],
) -> Versus {
    let args = |latency: u64| -> Vec<String> {
        vec![
            "--movies".into(),
            size.to_string(),
            "--shows".into(),
            shows.to_string(),
            "--seed".into(),
            "1".into(),
            "--latency-ms".into(),
            latency.to_string(),
            "--latency-everywhere".into(),
        ]
    };
    let start = |dist: &Path| {
        let a = args(latency_ms);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        DemoServer::start_with_dist(dist, &a)
    };
    let mut clients = vec![Client {
        name: MARQUEE.into(),
        kind: Kind::Marquee,
        server: start(dist),
    }];
    if let Some((dist_b, label)) = b {
        clients.push(Client {
            name: format!("B ({label})"),
            kind: Kind::Marquee,
            server: start(dist_b),
        });
    }
    clients.push(Client {
        name: COMPARATOR.into(),
        kind: Kind::Comparator,
        server: start(&comparator_dist()),
    });

    eprintln!("bench: side by side: first visits");
    let mut first: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for run in 0..runs {
        for c in in_turn(&clients, run) {
            let driver = chrome.browser().await;
            let ms = first_visit(&driver, c).await;
            let _ = driver.quit().await;
            first.entry(c.name.clone()).or_default().push(ms);
        }
    }

    let mut primed = Vec::new();
    if !latencies.is_empty() {
        eprintln!("bench: side by side: priming a profile per client");
    }
    for c in clients.iter().filter(|_| !latencies.is_empty()) {
        let driver = chrome.browser().await;
        let pages = prime(&driver, c).await;
        primed.push((c, driver, pages));
    }

    // Every run takes each latency in turn (in a rotated order), so that the machine's drift
    // over the minutes of a run falls on every latency alike, not on the one measured last.
    type Cell = (u64, &'static str, String, String);
    let mut samples: BTreeMap<Cell, Vec<f64>> = BTreeMap::new();
    let mut phases: BTreeMap<Cell, BTreeMap<String, Vec<f64>>> = BTreeMap::new();
    for run in 0..runs {
        let turn = run as usize % latencies.len().max(1);
        for &latency in latencies[turn..].iter().chain(&latencies[..turn]) {
            for c in &clients {
                c.server
                    .control(
                        "POST",
                        "/__demo/latency",
                        json!({"ms": latency, "everywhere": true}),
                    )
                    .await;
            }
            for how in [Start::Reload, Start::BlankTab] {
                eprintln!(
                    "bench: side by side: warm starts, run {}, {}, {latency} ms",
                    run + 1,
                    how.name()
                );
                let order: Vec<usize> = if run % 2 == 0 {
                    (0..primed.len()).collect()
                } else {
                    (0..primed.len()).rev().collect()
                };
                for page in Page::ALL {
                    for &i in &order {
                        let (c, driver, pages) = &primed[i];
                        let Some(path) = pages.get(&page.name().to_string()) else {
                            continue;
                        };
                        let url = format!("{}{path}", c.server.url);
                        let (ms, _, at_phases) = warm_start(driver, &url, path, how, None).await;
                        let cell = (latency, how.name(), c.name.clone(), page.name().to_string());
                        for (phase, at) in at_phases {
                            phases
                                .entry(cell.clone())
                                .or_default()
                                .entry(phase)
                                .or_default()
                                .push(at);
                        }
                        samples.entry(cell).or_default().push(ms);
                    }
                }
            }
        }
    }
    let mut warm = Vec::new();
    for &latency in latencies {
        for how in [Start::Reload, Start::BlankTab] {
            for ((_, _, client, page), ms) in samples
                .iter()
                .filter(|((l, h, _, _), _)| *l == latency && *h == how.name())
            {
                let phases = phases
                    .remove(&(latency, how.name(), client.clone(), page.clone()))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(phase, at)| (phase, Summary::of(&at)))
                    .collect();
                warm.push(WarmCell {
                    phases,
                    client: client.clone(),
                    page: page.clone(),
                    start: how.name().into(),
                    latency_ms: latency,
                    content: Summary::of(ms),
                    code_cache: Vec::new(),
                });
            }
        }
    }
    for (_, driver, _) in primed {
        let _ = driver.quit().await;
    }
    if !latencies.is_empty() {
        code_caches(chrome, &clients, &mut warm, runs).await;
    }
    Versus {
        size,
        clients: clients.iter().map(|c| c.name.clone()).collect(),
        latency_ms,
        first_visit: first
            .into_iter()
            .map(|(name, samples)| (name, Summary::of(&samples)))
            .collect(),
        warm,
    }
}

/// V8's code cache on Marquee's warm starts, in a profile of its own primed the same way: the
/// trace that shows it runs for the whole browser session and slows every load, so the timed
/// starts above are never traced. Its loads go to the cells at the last latency.
async fn code_caches(chrome: &ChromeDriver, clients: &[Client], warm: &mut [WarmCell], runs: u32) {
    eprintln!("bench: side by side: V8's code cache (a traced profile, not timed)");
    for c in clients.iter().filter(|c| c.kind == Kind::Marquee) {
        let latency = warm.last().map(|w| w.latency_ms).unwrap_or_default();
        let driver = code_cache::traced_browser(chrome).await;
        let pages = prime(&driver, c).await;
        for how in [Start::Reload, Start::BlankTab] {
            for _ in 0..runs.min(2) {
                for page in Page::ALL {
                    let Some(path) = pages.get(page.name()) else {
                        continue;
                    };
                    let url = format!("{}{path}", c.server.url);
                    let trace = Some(chrome.url.as_str());
                    let (_, cache, _) = warm_start(&driver, &url, path, how, trace).await;
                    if let Some(cell) = warm.iter_mut().find(|w| {
                        w.client == c.name
                            && w.page == page.name()
                            && w.start == how.name()
                            && w.latency_ms == latency
                    }) {
                        cell.code_cache.extend(cache);
                    }
                }
            }
        }
        let _ = driver.quit().await;
    }
}

/// A warm start's phases, in the order they happen: the service worker started, the HTML's
/// first byte, the HTML parsed, and (Marquee's index.html marks them) its first script run
/// and the page's picture read from IndexedDB (and its size, in KB: not a time).
pub const PHASES: [&str; 6] = [
    "worker",
    "html",
    "parsed",
    "script",
    "picture read",
    "picture KB",
];

async fn read_phases(driver: &WebDriver) -> Vec<(String, f64)> {
    let v = js(
        driver,
        "const n = performance.getEntriesByType('navigation')[0] || {}; \
         const at = (name) => { const e = performance.getEntriesByName(name)[0]; return e ? e.startTime : null; }; \
         return [n.workerStart || null, n.responseStart || null, n.domInteractive || null, \
                 at('marquee:boot:script'), at('marquee:boot:read'), \
                 ((performance.getEntriesByName('marquee:boot:read')[0] || {}).detail || {}).bytes / 1024 || null];",
    )
    .await;
    let values: Vec<Option<f64>> = serde_json::from_value(v).unwrap_or_default();
    PHASES
        .iter()
        .zip(values)
        .filter_map(|(name, at)| at.map(|at| (name.to_string(), at)))
        .collect()
}

/// The clients in this run's order: forwards on even runs, backwards on odd ones.
fn in_turn(clients: &[Client], run: u32) -> Vec<&Client> {
    let mut order: Vec<&Client> = clients.iter().collect();
    if run % 2 == 1 {
        order.reverse();
    }
    order
}

/// The Movies library's link on Home, once listed: (href, id).
async fn movies_link(driver: &WebDriver) -> (String, String) {
    wait_for("the Movies link on Home", WAIT, || async {
        let v = js(
            driver,
            "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Movies'); \
             return a ? [a.getAttribute('href'), a.getAttribute('data-item-id')] : null;",
        )
        .await;
        serde_json::from_value::<(String, String)>(v).ok()
    })
    .await
}

/// A fresh profile: log in, then click the never-opened Movies library; click to content.
/// Only the first cards are waited for: the sync goes on until the browser quits.
async fn first_visit(driver: &WebDriver, c: &Client) -> f64 {
    driver
        .set_window_rect(0, 0, 1280, 900)
        .await
        .expect("window size");
    log_in(driver, &c.server, "demo", "demo").await;
    let (href, id) = movies_link(driver).await;
    page_settled(driver).await;
    let path = href.split('?').next().unwrap_or(&href).to_string();
    let at = click(driver, &format!(".library-list a[data-item-id='{id}']")).await;
    wait_for_mark(driver, "marquee:content", &path, at, SLOW).await - at
}

/// Waits until the page is settled, as a user reads it: it is fresh (Marquee's
/// `data-freshness`; the comparator's pages are one request, done at their content) and no
/// request ended in the last 300 ms. Home before the first visit's click: otherwise the click
/// lands while Marquee's Home still has rows on the way (at 50,000 movies the demo server takes
/// 170–330 ms for each), which the comparator's Home never has, and the first visit measures
/// Home's leftovers. A page before its reload: otherwise the reload can come while the page
/// takes in its refresh's answers (at 1,000 ms of latency, one second after its content is
/// just then), and the next start waits for that task.
async fn page_settled(driver: &WebDriver) {
    wait_for("the page settled", WAIT, || async {
        js(
            driver,
            "const page = document.querySelector('main[data-page]'); \
             const freshness = page && page.getAttribute('data-freshness'); \
             if (freshness !== null && freshness !== 'fresh') return null; \
             const last = Math.max(0, ...performance.getEntriesByType('resource').map(e => e.responseEnd)); \
             return performance.now() - last > 300 ? true : null;",
        )
        .await
        .as_bool()
    })
    .await;
}

/// Logs in and browses as a user would; returns the path of each page this client has.
async fn prime(driver: &WebDriver, c: &Client) -> BTreeMap<String, String> {
    driver
        .set_window_rect(0, 0, 1280, 900)
        .await
        .expect("window size");
    log_in(driver, &c.server, "demo", "demo").await;
    let (library, _) = movies_link(driver).await;
    let mut pages = BTreeMap::new();
    pages.insert(Page::Library.name().to_string(), library.clone());
    let url = |path: &str| format!("{}{path}", c.server.url);
    match c.kind {
        Kind::Comparator => {
            driver.goto(url(&library)).await.expect("open the library");
            wait_for_mark(driver, "marquee:fresh", &library, 0.0, SLOW).await;
        }
        Kind::Marquee => {
            // Home as a user reads it: settled, not left while its rows are on the way (through
            // a 5 s server they are, long after its library list).
            page_settled(driver).await;
            pages.insert(Page::Home.name().to_string(), "/".to_string());
            let shows = wait_for("the Shows link on Home", WAIT, || async {
                js(
                    driver,
                    "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Shows'); return a ? a.getAttribute('href') : null;",
                )
                .await
                .as_str()
                .map(str::to_string)
            })
            .await;
            driver.goto(url(&shows)).await.expect("open Shows");
            let show = format!("/show/{}", first_card(driver).await);
            driver.goto(url(&show)).await.expect("open a show");
            wait_for_element(
                driver,
                "main[data-page='show'] .episode[data-item-id]",
                WAIT,
            )
            .await;
            driver.goto(url(&library)).await.expect("open Movies");
            let movie = format!("/movie/{}", first_card(driver).await);
            driver.goto(url(&movie)).await.expect("open a movie");
            wait_for_element(driver, "main[data-page='movie'][data-item-id] h1", WAIT).await;
            pages.insert(Page::Show.name().to_string(), show);
            pages.insert(Page::Movie.name().to_string(), movie);
            driver.goto(url(&library)).await.expect("open Movies");
            // A returning user's library is synced (at 50,000 the first sync takes a while):
            // the warm starts measure a synced library, as the comparator's is.
            wait_for_mark(driver, "marquee:fresh", &library, 0.0, SLOW).await;
        }
    }
    // Scroll the grid a little, back to the top, and stay: V8 caches compiled code only after
    // some functions were optimized.
    js(driver, "window.scrollBy(0, 2000); return true;").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    js(
        driver,
        "window.scrollTo(0, 0); sessionStorage.clear(); return true;",
    )
    .await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    pages
}

/// One warm start of `url`: navigation start to `marquee:content`, its phases, and (`traced` by the
/// chromedriver at that URL) what V8's code cache did.
async fn warm_start(
    driver: &WebDriver,
    url: &str,
    path: &str,
    how: Start,
    traced: Option<&str>,
) -> (f64, Option<CodeCache>, Vec<(String, f64)>) {
    let home = driver.window().await.expect("the current tab");
    match how {
        Start::Reload => {
            // A page the user has been looking at: the app's own content, not only the page's
            // picture, settled, and a second more (a reload in the middle of the app's start
            // would time that start's last task, not this one).
            driver.goto(url).await.expect("open the page");
            wait_for_mark(driver, "marquee:content", path, 0.0, SLOW).await;
            wait_for("the app's own content", SLOW, || async {
                (js(
                    driver,
                    "return performance.getEntriesByName('marquee:content').some(m => !(m.detail && m.detail.from === 'picture'))",
                )
                .await
                    == json!(true))
                .then_some(())
            })
            .await;
            page_settled(driver).await;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        Start::BlankTab => {
            driver.goto("about:blank").await.expect("leave the page");
            let tab = driver.new_tab().await.expect("a new tab");
            driver.switch_to_window(tab).await.expect("switch to it");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
    let trace = match traced {
        Some(chrome_url) => code_cache::start(driver, chrome_url).await,
        None => None,
    };
    match how {
        Start::Reload => driver.refresh().await.expect("reload"),
        Start::BlankTab => driver.goto(url).await.expect("open the page"),
    }
    let ms = wait_for_mark(driver, "marquee:content", path, 0.0, SLOW).await;
    let phases = read_phases(driver).await;
    let cache = match trace {
        Some(t) => Some(code_cache::finish(t).await),
        None => None,
    };
    if let Start::BlankTab = how {
        // What the page started in IndexedDB ends before the next start.
        tokio::time::sleep(Duration::from_millis(300)).await;
        driver.close_window().await.expect("close the tab");
        driver
            .switch_to_window(home)
            .await
            .expect("back to the first tab");
    }
    (ms, cache, phases)
}
