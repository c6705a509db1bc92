//! The look test: every page as a user sees it. Login, Home, a library, a movie, a show and
//! Settings at phone (390 px), desktop (1280 px) and TV (1920 px) widths, each once with the
//! server's images and once with every image failing, checked in real Chromium for broken
//! images, sideways scrolling, rows and sections taller than their content, controls without an
//! accessible name, a library toolbar that wraps on a desktop, and axe-core violations of
//! serious or critical impact. A full-page screenshot of each view goes to
//! `target/screenshots/<images>-<screen>-<page>.png`.
//!
//! axe-core comes from npm (package.json, pinned; `npm ci`, run by ./scripts/test) and is
//! injected by this test only.
use e2e::browser::WAIT;
use std::collections::BTreeMap;

use e2e::faults::cdp;
use e2e::look::{
    axe_violations, look_problems, save_screenshot, set_viewport, settle, show_whole_page, DESKTOP,
    MAX_CAPTURE_HEIGHT, PHONE, TV,
};
use e2e::thirtyfour::prelude::*;
use e2e::{js, log_in, root, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// Images served, or every image request failing (blocked in the network, the service worker
/// bypassed so that nothing comes from its image cache).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Images {
    Served,
    Failing,
}

impl Images {
    fn name(self) -> &'static str {
        match self {
            Images::Served => "images",
            Images::Failing => "no-images",
        }
    }
}

async fn set_images(driver: &WebDriver, images: Images) {
    cdp(driver, "Network.enable", json!({})).await;
    let failing = images == Images::Failing;
    cdp(
        driver,
        "Network.setBypassServiceWorker",
        json!({ "bypass": failing }),
    )
    .await;
    let urls: Vec<&str> = if failing { vec!["*/Images/*"] } else { vec![] };
    cdp(driver, "Network.setBlockedURLs", json!({ "urls": urls })).await;
    cdp(
        driver,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": failing }),
    )
    .await;
}

async fn attr(driver: &WebDriver, css: &str, name: &str) -> String {
    wait_for(css, WAIT, || async {
        js(
            driver,
            &format!(
                "const e = document.querySelector({}); return e ? e.getAttribute({}) : null",
                serde_json::to_string(css).unwrap(),
                serde_json::to_string(name).unwrap()
            ),
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await
}

/// Images on the page: (loaded, failed and hidden, shown broken).
async fn image_counts(driver: &WebDriver) -> (u64, u64) {
    let v = js(
        driver,
        "const imgs = Array.from(document.images).filter(i => i.complete);
         return [imgs.filter(i => i.naturalWidth > 0).length, imgs.filter(i => i.naturalWidth === 0).length];",
    )
    .await;
    (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0))
}

#[tokio::test]
async fn every_page_looks_right_at_every_width_with_and_without_images() {
    let axe_source = std::fs::read_to_string(root().join("node_modules/axe-core/axe.min.js"))
        .expect("node_modules/axe-core/axe.min.js (npm ci; ./scripts/test runs it)");
    let server = DemoServer::start(&["--movies", "300", "--shows", "20"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    set_viewport(&driver, DESKTOP, DESKTOP.height).await;
    log_in(&driver, &server, "demo", "demo").await;
    settle(&driver, "home").await;

    // The pages: a movie and a show with their backdrops, from the libraries' first cards.
    let movies = attr(&driver, ".library-list a[href*='/library/']", "href").await;
    let shows = attr(
        &driver,
        ".library-list li:nth-child(2) a[href*='/library/']",
        "href",
    )
    .await;
    driver
        .goto(format!("{}{movies}", server.url))
        .await
        .unwrap();
    let movie = attr(&driver, ".virtual-grid a.card[href^='/movie/']", "href").await;
    driver.goto(format!("{}{shows}", server.url)).await.unwrap();
    let show = attr(&driver, ".virtual-grid a.card[href^='/show/']", "href").await;
    let player = movie.replacen("/movie/", "/play/", 1);
    let pages = [
        ("login", "/login".to_string()),
        ("home", "/".to_string()),
        ("library", movies.clone()),
        ("movie", movie.clone()),
        ("show", show),
        ("settings", "/settings".to_string()),
        ("search", "/search?q=the".to_string()),
        ("downloads", "/downloads".to_string()),
        ("player", player),
    ];

    let dir = root().join("target/screenshots");
    let mut problems: Vec<String> = Vec::new();
    let mut axe_by_impact: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for images in [Images::Served, Images::Failing] {
        set_images(&driver, images).await;
        for screen in [PHONE, DESKTOP, TV] {
            for (page, path) in &pages {
                let view = format!("{}-{}-{page}", images.name(), screen.name);
                set_viewport(&driver, screen, screen.height).await;
                driver.goto(format!("{}{path}", server.url)).await.unwrap();
                settle(&driver, page).await;
                let height = show_whole_page(&driver, screen, MAX_CAPTURE_HEIGHT).await;
                let shot = dir.join(format!("{view}.png"));
                save_screenshot(&driver, &shot).await;

                let found = look_problems(&driver, screen.width >= DESKTOP.width).await;
                let violations = axe_violations(&driver, &axe_source).await;
                let (loaded, failed) = image_counts(&driver).await;
                for v in &violations {
                    let impact = v["impact"].as_str().unwrap_or("unknown").to_string();
                    *axe_by_impact
                        .entry(impact.clone())
                        .or_default()
                        .entry(v["id"].as_str().unwrap_or("?").to_string())
                        .or_default() += 1;
                    if impact == "serious" || impact == "critical" {
                        problems.push(format!(
                            "{view}: axe {impact}: {} ({}): {}",
                            v["id"], v["help"], v["nodes"]
                        ));
                    }
                }
                problems.extend(found.iter().map(|p| format!("{view}: {p}")));
                // The two modes are what they claim: pictures on the pages that have them, and
                // none at all while images fail.
                let has_pictures = !matches!(*page, "login" | "settings" | "downloads" | "player");
                if images == Images::Served && has_pictures && loaded == 0 {
                    problems.push(format!("{view}: no image loaded with images served"));
                }
                if images == Images::Failing && loaded > 0 {
                    problems.push(format!(
                        "{view}: {loaded} images loaded while every image should fail"
                    ));
                }
                println!(
                    "{view}: {height} px, {loaded} images loaded, {failed} not loaded, {} problems, axe: {}",
                    found.len(),
                    summarize(&violations)
                );
            }
        }
    }
    set_images(&driver, Images::Served).await;
    println!("screenshots in {}", dir.display());
    println!("axe-core violations over every view (impact: rule × views): {axe_by_impact:?}");
    let _ = driver.quit().await;
    assert!(
        problems.is_empty(),
        "{} look problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn summarize(violations: &[Value]) -> String {
    if violations.is_empty() {
        return "none".into();
    }
    violations
        .iter()
        .map(|v| {
            format!(
                "{} {}",
                v["impact"].as_str().unwrap_or("?"),
                v["id"].as_str().unwrap_or("?")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// GET requests for `path_end` (an item's path) in the demo server's log since it was cleared.
async fn requests_for(server: &DemoServer, path_end: &str) -> usize {
    let log = server.control("GET", "/__demo/requests", Value::Null).await;
    log["log"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| {
                    e["method"] == "GET"
                        && e["path"]
                            .as_str()
                            .is_some_and(|p| p.to_ascii_lowercase().ends_with(path_end))
                })
                .count()
        })
        .unwrap_or(0)
}

async fn fresh_again(driver: &WebDriver) {
    wait_for("the movie fresh again", WAIT, || async {
        let f = js(
            driver,
            "const m = document.querySelector(\"main[data-page='movie']\"); return m && m.dataset.freshness",
        )
        .await;
        (f.as_str() == Some("fresh")).then_some(())
    })
    .await;
}

#[tokio::test]
async fn refresh_now_and_pull_to_refresh_ask_the_server_for_the_page_again() {
    let server = DemoServer::start(&["--movies", "60", "--shows", "4"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    set_viewport(&driver, PHONE, PHONE.height).await;
    log_in(&driver, &server, "demo", "demo").await;
    settle(&driver, "home").await;
    let movies = attr(&driver, ".library-list a[href*='/library/']", "href").await;
    driver
        .goto(format!("{}{movies}", server.url))
        .await
        .unwrap();
    let movie = attr(&driver, ".virtual-grid a.card[href^='/movie/']", "href").await;
    let id = movie.trim_start_matches("/movie/").to_ascii_lowercase();
    driver.goto(format!("{}{movie}", server.url)).await.unwrap();
    settle(&driver, "movie").await;

    // "Refresh now" on a fresh page: the item is fetched again, and the page is fresh after.
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    driver
        .find(By::Css(
            "main[data-page='movie'] .freshness button[data-action='refresh-now']",
        ))
        .await
        .expect("a Refresh now button on a fresh page")
        .click()
        .await
        .unwrap();
    wait_for("the movie fetched again (Refresh now)", WAIT, || async {
        (requests_for(&server, &id).await > 0).then_some(())
    })
    .await;
    fresh_again(&driver).await;

    // Pull to refresh: a finger dragged down 300 px from near the top of the page.
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    let touch = |kind: &str, y: f64| {
        let points = if kind == "touchEnd" {
            json!([])
        } else {
            json!([{ "x": 195, "y": y }])
        };
        json!({ "type": kind, "touchPoints": points })
    };
    // A pull starts at the very top of the page (clicking Refresh now may have scrolled it).
    js(&driver, "scrollTo(0, 0); return scrollY").await;
    cdp(
        &driver,
        "Input.dispatchTouchEvent",
        touch("touchStart", 120.0),
    )
    .await;
    for y in [170.0, 220.0, 270.0, 320.0, 370.0, 420.0] {
        cdp(&driver, "Input.dispatchTouchEvent", touch("touchMove", y)).await;
    }
    wait_for("the indicator to say release to refresh", WAIT, || async {
        let armed = js(
            &driver,
            "const p = document.querySelector('.pull-indicator'); return p && p.dataset.armed",
        )
        .await;
        (armed.as_str() == Some("true")).then_some(())
    })
    .await;
    cdp(
        &driver,
        "Input.dispatchTouchEvent",
        touch("touchEnd", 420.0),
    )
    .await;
    wait_for(
        "the movie fetched again (pull to refresh)",
        WAIT,
        || async { (requests_for(&server, &id).await > 0).then_some(()) },
    )
    .await;
    fresh_again(&driver).await;
    let _ = driver.quit().await;
}
