//! Takes the README's screenshots of each page with the demo library:
//!   trunk build --release && cargo build -p demo-server && cargo run -p e2e --bin screenshots
//! Writes docs/screenshots/{login,home,library,movie,show}.png.
use std::time::Duration;

use e2e::thirtyfour::prelude::*;
use e2e::{js, log_in, root, wait_for, ChromeDriver, DemoServer};

const WAIT: Duration = Duration::from_secs(30);

async fn first_id(driver: &WebDriver, css: &str) -> String {
    wait_for(css, WAIT, || async {
        js(
            driver,
            &format!(
                "const e = document.querySelector({}); return e ? e.getAttribute('data-item-id') : null",
                serde_json::to_string(css).unwrap()
            ),
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await
}

async fn settle(driver: &WebDriver, page: &str) {
    wait_for(&format!("{page} fresh"), WAIT, || async {
        let f = js(
            driver,
            &format!("const m = document.querySelector(\"main[data-page='{page}']\"); return m ? m.getAttribute('data-freshness') : null"),
        )
        .await;
        (f.as_str() == Some("fresh")).then_some(())
    })
    .await;
    // Let the posters on screen load before the picture is taken.
    wait_for("posters on screen", WAIT, || async {
        let pending = js(
            driver,
            "return Array.from(document.images).filter(i => { const r = i.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0 && r.left < innerWidth && r.right > 0 && !i.complete; }).length",
        )
        .await;
        (pending.as_u64() == Some(0)).then_some(())
    })
    .await;
}

async fn shoot(driver: &WebDriver, name: &str) {
    let dir = root().join("docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    driver
        .screenshot(&dir.join(format!("{name}.png")))
        .await
        .unwrap();
    println!("docs/screenshots/{name}.png");
}

#[tokio::main]
async fn main() {
    let server = DemoServer::start(&[]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    driver.set_window_rect(0, 0, 1280, 800).await.unwrap();
    driver.goto(format!("{}/login", server.url)).await.unwrap();
    wait_for("the login form", WAIT, || async {
        js(
            &driver,
            "return document.querySelector('main[data-page=login] form') ? 1 : null",
        )
        .await
        .as_u64()
    })
    .await;
    shoot(&driver, "login").await;
    log_in(&driver, &server, "demo", "demo").await;
    settle(&driver, "home").await;
    // Home is taken later: right after login the push socket connects and its catch-up
    // refresh would show every row as "Refreshing…".
    let movies = first_id(&driver, ".library-list a").await;
    driver
        .goto(format!("{}/library/{movies}", server.url))
        .await
        .unwrap();
    settle(&driver, "library").await;
    shoot(&driver, "library").await;
    let movie = first_id(&driver, ".virtual-grid a.card[data-item-id]").await;
    driver
        .goto(format!("{}/movie/{movie}", server.url))
        .await
        .unwrap();
    settle(&driver, "movie").await;
    shoot(&driver, "movie").await;
    driver.goto(format!("{}/", server.url)).await.unwrap();
    settle(&driver, "home").await;
    shoot(&driver, "home").await;
    let show = first_id(&driver, "section[data-section='nextup'] [data-item-id]").await;
    let href = js(&driver, "return document.querySelector(\"section[data-section='nextup'] a.card\").getAttribute('href')").await;
    driver
        .goto(format!(
            "{}{}",
            server.url,
            href.as_str().unwrap_or(&format!("/show/{show}"))
        ))
        .await
        .unwrap();
    settle(&driver, "show").await;
    shoot(&driver, "show").await;
    let _ = driver.quit().await;
}
