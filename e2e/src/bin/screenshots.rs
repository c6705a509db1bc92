//! Takes the README's screenshots of each page with the demo library, full-page, at desktop
//! (1280 px) and phone (390 px) widths:
//!   trunk build --release && cargo build -p demo-server && cargo run -p e2e --bin screenshots
//! Writes docs/screenshots/{login,home,library,movie,show,player}.png (desktop) and
//! docs/screenshots/{home,library,movie,show}-phone.png. Names given as arguments take only
//! those (`cargo run -p e2e --bin screenshots -- player`).
use std::time::Duration;

use e2e::look::{save_screenshot, set_viewport, settle, show_whole_page, Screen, DESKTOP, PHONE};
use e2e::thirtyfour::prelude::*;
use e2e::{js, log_in, root, wait_for, ChromeDriver, DemoServer};

const WAIT: Duration = Duration::from_secs(30);
/// A library page is as tall as the library: its capture shows the first screens of it.
const MAX_HEIGHT: u32 = 2400;

async fn first_href(driver: &WebDriver, css: &str) -> String {
    wait_for(css, WAIT, || async {
        js(
            driver,
            &format!(
                "const e = document.querySelector({}); return e ? e.getAttribute('href') : null",
                serde_json::to_string(css).unwrap()
            ),
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await
}

/// Opens `path` at `screen`'s width and saves the whole page as docs/screenshots/`name`.png.
async fn shoot(driver: &WebDriver, base: &str, path: &str, page: &str, screen: Screen, name: &str) {
    set_viewport(driver, screen, screen.height).await;
    driver.goto(format!("{base}{path}")).await.unwrap();
    settle(driver, page).await;
    show_whole_page(driver, screen, MAX_HEIGHT).await;
    let file = root().join(format!("docs/screenshots/{name}.png"));
    save_screenshot(driver, &file).await;
    println!("docs/screenshots/{name}.png");
}

/// The player on the first movie, paused a few seconds in (its controls show while paused).
async fn shoot_player(driver: &WebDriver, base: &str, movie: &str) {
    set_viewport(driver, DESKTOP, DESKTOP.height).await;
    let id = movie.trim_start_matches("/movie/");
    driver
        .goto(format!("{base}/play/{id}?start=0"))
        .await
        .unwrap();
    settle(driver, "player").await;
    wait_for("the player paused at 12 s", WAIT, || async {
        js(
            driver,
            "const v = document.querySelector(\"main[data-page='player'] video\");
             if (!v.paused) v.pause();
             if (Math.abs(v.currentTime - 12) > 0.5) { v.currentTime = 12; return null; }
             return !v.seeking && v.readyState >= 2 ? 1 : null;",
        )
        .await
        .as_u64()
    })
    .await;
    let file = root().join("docs/screenshots/player.png");
    save_screenshot(driver, &file).await;
    println!("docs/screenshots/player.png");
}

#[tokio::main]
async fn main() {
    let only: Vec<String> = std::env::args().skip(1).collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let server = DemoServer::start(&[]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    let base = server.url.clone();
    set_viewport(&driver, DESKTOP, DESKTOP.height).await;
    driver.goto(format!("{base}/login")).await.unwrap();
    settle(&driver, "login").await;
    if wanted("login") {
        save_screenshot(&driver, &root().join("docs/screenshots/login.png")).await;
    }
    log_in(&driver, &server, "demo", "demo").await;
    settle(&driver, "home").await;
    let movies = first_href(&driver, ".library-list a[href*='/library/']").await;
    driver.goto(format!("{base}{movies}")).await.unwrap();
    settle(&driver, "library").await;
    let movie = first_href(&driver, ".virtual-grid a.card[href^='/movie/']").await;
    // Home is taken after the library: right after login the push socket connects and its
    // catch-up refresh would show every row as "Refreshing…".
    driver.goto(format!("{base}/")).await.unwrap();
    settle(&driver, "home").await;
    let show = first_href(
        &driver,
        "section[data-section='nextup'] a.card[href^='/show/']",
    )
    .await;
    if wanted("player") {
        shoot_player(&driver, &base, &movie).await;
    }
    let pages = [
        ("home", "/".to_string()),
        ("library", movies),
        ("movie", movie),
        ("show", show),
    ];
    for (screen, suffix) in [(DESKTOP, ""), (PHONE, "-phone")] {
        for (page, path) in &pages {
            if !wanted(&format!("{page}{suffix}")) {
                continue;
            }
            shoot(
                &driver,
                &base,
                path,
                page,
                screen,
                &format!("{page}{suffix}"),
            )
            .await;
        }
    }
    let _ = driver.quit().await;
}
