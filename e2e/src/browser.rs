//! The one toolkit for driving a page: CDP commands, what a page shows, waiting for a page,
//! logging in, clicking, reading attributes, and one `WAIT`. The e2e tests and the benchmark
//! use these instead of copies of their own.
use std::time::Duration;

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::{js, screenshot};

/// How long a test waits for something a working app does in a moment.
pub const WAIT: Duration = Duration::from_secs(30);

/// The service worker's image cache, named in one place for the app, the worker and the tests.
pub const IMAGE_CACHE: &str = include_str!("../../src/pwa/image-cache-name.txt").trim_ascii();

/// One Chrome DevTools Protocol command on the current tab.
pub async fn cdp(driver: &WebDriver, method: &str, params: Value) -> Value {
    driver
        .cdp()
        .send_raw(method, params)
        .await
        .unwrap_or_else(|e| panic!("CDP {method}: {e}"))
}

/// Waits until `script` returns true in the page.
pub async fn wait_until(driver: &WebDriver, what: &str, script: &str) {
    crate::wait_for(what, WAIT, || async {
        (js(driver, script).await == json!(true)).then_some(())
    })
    .await;
}

/// True once a service worker controls the page.
pub const SW_IN_CONTROL: &str =
    "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)";

/// Opens `url` and waits until the service worker controls the page.
pub async fn open_controlled(driver: &WebDriver, url: &str) {
    driver.goto(url).await.expect("open the app");
    wait_until(
        driver,
        "the service worker to control the page",
        SW_IN_CONTROL,
    )
    .await;
}

/// Runs `script` in the page with `args` (as `arguments`), returning its JSON result.
pub async fn js_with(driver: &WebDriver, script: &str, args: Vec<Value>) -> Value {
    driver
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
        .json()
        .clone()
}

/// What the current page shows: its path, name (`page`), freshness, title, badge text,
/// storage banner, its items (count and ids, the page's own id first) and its posters
/// (loaded, broken, on screen, on screen and loaded).
pub async fn page_state(driver: &WebDriver) -> Value {
    js(
        driver,
        r#"
        const main = document.querySelector('main[data-page]');
        if (!main) return { path: location.pathname };
        const badge = main.querySelector('.freshness');
        const banner = document.querySelector('[data-storage-note]');
        const imgs = Array.from(main.querySelectorAll('.poster img'));
        // Posters with an image whose box is on screen (a broken image hides, its box stays).
        const visible = imgs.filter(i => {
            const r = i.closest('.poster').getBoundingClientRect();
            return r.width > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
        });
        const ids = [main.dataset.itemId]
            .concat(Array.from(main.querySelectorAll('[data-item-id]'), e => e.dataset.itemId))
            .filter(Boolean);
        return {
            path: location.pathname,
            page: main.dataset.page,
            freshness: main.dataset.freshness || (badge && badge.dataset.state) || null,
            title: ((main.querySelector('h1') || {}).textContent || '').trim(),
            badge: badge ? badge.textContent.trim() : '',
            banner: banner ? banner.textContent.trim() : '',
            items: ids.length,
            ids,
            loaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
            broken: imgs.filter(i => i.complete && i.naturalWidth === 0).length,
            visible: visible.length,
            visible_loaded: visible.filter(i => i.complete && i.naturalWidth > 0).length,
        };
        "#,
    )
    .await
}

/// A count from [`page_state`] (0 when absent).
pub fn count(state: &Value, field: &str) -> u64 {
    state[field].as_u64().unwrap_or(0)
}

/// Polls [`page_state`] until `ready` accepts it, or saves a screenshot named `name`, ends
/// the session and fails with the last state seen.
pub async fn wait_for_page_where(
    driver: &WebDriver,
    name: &str,
    timeout: Duration,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    let mut last = Value::Null;
    let found = tokio::time::timeout(timeout, async {
        loop {
            let state = page_state(driver).await;
            if ready(&state) {
                return state;
            }
            last = state;
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    match found {
        Ok(state) => state,
        Err(_) => {
            screenshot(driver, name).await;
            let _ = driver.clone().quit().await;
            panic!("timed out after {timeout:?} waiting for {name}; last: {last}");
        }
    }
}

/// Waits until page `page` shows at least `min_items` items (and at least one) with
/// `freshness`, and every poster on screen has loaded; returns its state.
pub async fn wait_for_page(
    driver: &WebDriver,
    page: &str,
    freshness: &str,
    min_items: u64,
    timeout: Duration,
) -> Value {
    wait_for_page_where(
        driver,
        &format!("{page}-{freshness}-{min_items}-items"),
        timeout,
        |state| {
            state["page"] == page
                && state["freshness"] == freshness
                && count(state, "items") >= min_items.max(1)
                && count(state, "visible") > 0
                && count(state, "visible_loaded") == count(state, "visible")
        },
    )
    .await
}

/// Waits until page `page` shows some content (items or a title) with one of `states` as its
/// freshness; returns its state.
pub async fn wait_for_page_in(
    driver: &WebDriver,
    page: &str,
    states: &[&str],
    timeout: Duration,
) -> Value {
    wait_for_page_where(
        driver,
        &format!("{page}-{}", states.join("-")),
        timeout,
        |state| {
            let has_content =
                count(state, "items") > 0 || !state["title"].as_str().unwrap_or("").is_empty();
            state["page"] == page && states.iter().any(|s| state["freshness"] == *s) && has_content
        },
    )
    .await
}

/// Logs in through the form of the app served at `base` (the server field defaults to it).
pub async fn log_in_at(driver: &WebDriver, base: &str, user: &str, password: &str) {
    driver
        .goto(format!("{base}/login"))
        .await
        .expect("open /login");
    let form = driver
        .query(By::Css("main[data-page='login'] form"))
        .first()
        .await
        .expect("login form");
    for (name, value) in [("username", user), ("password", password)] {
        form.find(By::Name(name))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    form.find(By::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Logs out through Settings of the app served at `base`, and waits for the login page.
pub async fn log_out_at(driver: &WebDriver, base: &str) {
    driver
        .goto(format!("{base}/settings"))
        .await
        .expect("open /settings");
    driver
        .query(By::Css("[data-action='logout']"))
        .first()
        .await
        .expect("the Log out button")
        .click()
        .await
        .unwrap();
    crate::wait_for("the login page", WAIT, || async {
        (crate::js(driver, "return location.pathname").await == "/login").then_some(())
    })
    .await;
}

/// Clicks the element matching `css` from inside the page (the router sees a real click) and
/// returns `performance.now()` just before the click.
pub async fn click(driver: &WebDriver, css: &str) -> f64 {
    js_with(
        driver,
        "const e = document.querySelector(arguments[0]); if (!e) return null; const t = performance.now(); e.click(); return t;",
        vec![json!(css)],
    )
    .await
    .as_f64()
    .unwrap_or_else(|| panic!("nothing to click at {css}"))
}

/// An attribute of the first element matching `css`; `None` without such an element or
/// attribute.
pub async fn attr(driver: &WebDriver, css: &str, name: &str) -> Option<String> {
    js_with(
        driver,
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        vec![json!(css), json!(name)],
    )
    .await
    .as_str()
    .map(str::to_string)
}
