//! End-to-end: the installable app. Manifest and installability, the service worker's offline
//! start and image cache with the demo server's process stopped, the update prompt across two
//! builds, Settings (clear cache) and log out, all in real headless Chromium.
use std::path::{Path, PathBuf};
use std::time::Duration;

use e2e::browser::{
    cdp, count, log_in_at, log_out_at, open_controlled, page_state, wait_for_page, wait_until,
    IMAGE_CACHE, WAIT,
};
use e2e::thirtyfour::prelude::*;
use e2e::{age_the_cache, js, log_in, screenshot, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// Offline pages first try the server; the store gives up on a refused connection at once.
const OFFLINE_WAIT: Duration = Duration::from_secs(30);
const SHELL_PREFIX: &str = "marquee-shell-";

/// A copy of the built app that a test may change (a "new build"), removed on drop.
struct DistCopy(PathBuf);

impl DistCopy {
    fn new(name: &str) -> DistCopy {
        let dir = std::env::temp_dir().join(format!("marquee-pwa-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&e2e::dist_dir(), &dir);
        DistCopy(dir)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp path")
    }

    fn sw(&self) -> String {
        std::fs::read_to_string(self.0.join("sw.js")).expect("sw.js in the build")
    }

    fn write_sw(&self, text: &str) {
        std::fs::write(self.0.join("sw.js"), text).expect("write sw.js");
    }
}

impl Drop for DistCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dist") {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The build hash the post-build hook wrote into sw.js (`const BUILD = "...";`).
fn build_hash(sw: &str) -> String {
    let start = sw.find("const BUILD = \"").expect("BUILD in sw.js") + 15;
    let end = start + sw[start..].find('"').unwrap();
    sw[start..end].to_string()
}

/// The build hash of the worker controlling the page, as the worker itself answers it.
async fn controller_build(driver: &WebDriver) -> String {
    let answer = js(
        driver,
        r#"
        const channel = new MessageChannel();
        const reply = new Promise(ok => { channel.port1.onmessage = e => ok(e.data); });
        navigator.serviceWorker.controller.postMessage({type: 'BUILD'}, [channel.port2]);
        return await reply;
        "#,
    )
    .await;
    answer
        .as_str()
        .unwrap_or_else(|| panic!("the controller's build: {answer}"))
        .to_string()
}

/// The precache list the hook wrote into sw.js.
fn precache_list(sw: &str) -> Vec<String> {
    let start = sw.find("const PRECACHE = ").expect("PRECACHE in sw.js") + 17;
    let end = start + sw[start..].find(";\n").unwrap();
    serde_json::from_str(&sw[start..end]).expect("PRECACHE is a JSON array of strings")
}

fn files_under(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().unwrap().is_dir() {
            files_under(&entry.path(), &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}

/// Records Content-Security-Policy violations of every page this browser opens.
async fn record_csp_violations(driver: &WebDriver) {
    cdp(
        driver,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"}),
    )
    .await;
}

async fn csp_violations(driver: &WebDriver) -> Vec<String> {
    serde_json::from_value(js(driver, "return window.__csp || []").await).unwrap_or_default()
}

/// Saves a screenshot, ends the browser session (a session dropped without `quit` blocks the
/// runtime for minutes) and fails the test.
async fn fail(driver: &WebDriver, name: &str, message: String) -> ! {
    screenshot(driver, name).await;
    let _ = driver.clone().quit().await;
    panic!("{message}");
}

/// Once online: wait until the page is fresh and its items and posters have stopped arriving.
async fn browse(driver: &WebDriver, url: &str, page: &str) -> Value {
    driver.goto(url).await.expect("open a page");
    let mut state = wait_for_page(driver, page, "fresh", 1, WAIT).await;
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let now = page_state(driver).await;
        let settled = ["loaded", "items"]
            .iter()
            .all(|field| count(&now, field) == count(&state, field));
        if settled && now["freshness"] == "fresh" {
            return now;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "posters never settled on {url}: {now}"
        );
        state = now;
    }
}

async fn first_href(driver: &WebDriver, css: &str) -> String {
    wait_for(&format!("a link {css}"), WAIT, || async {
        js(
            driver,
            &format!(
                "const a = document.querySelector({}); return a && a.getAttribute('href');",
                serde_json::to_string(css).unwrap()
            ),
        )
        .await
        .as_str()
        .map(String::from)
    })
    .await
}

async fn cache_names(driver: &WebDriver) -> Vec<String> {
    serde_json::from_value(js(driver, "return await caches.keys()").await).unwrap_or_default()
}

/// Every URL in every cache, by cache name.
async fn cached_urls(driver: &WebDriver) -> Value {
    js(
        driver,
        r#"
        const out = {};
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            out[name] = (await cache.keys()).map(r => r.url);
        }
        return out;
        "#,
    )
    .await
}

async fn image_count(driver: &WebDriver) -> u64 {
    let urls = cached_urls(driver).await;
    urls[IMAGE_CACHE]
        .as_array()
        .map(|a| a.len() as u64)
        .unwrap_or(0)
}

/// The names of Marquee's per-user databases (`marquee-<server>-<user>`).
async fn user_databases(driver: &WebDriver) -> Vec<String> {
    serde_json::from_value(
        js(
            driver,
            "return (await indexedDB.databases()).map(d => d.name).filter(n => n.startsWith('marquee-') && n !== 'marquee-session')",
        )
        .await,
    )
    .unwrap_or_default()
}

#[tokio::test]
async fn installable_with_manifest_icons_csp_and_a_precache_from_the_build() {
    let server = DemoServer::start(&["--movies", "30", "--shows", "3"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    record_csp_violations(&driver).await;

    // The precache list is the build output (not typed by hand), and the cache name carries the hash.
    let dist = e2e::dist_dir();
    let sw = std::fs::read_to_string(dist.join("sw.js")).expect("sw.js in dist");
    let mut built = Vec::new();
    files_under(&dist, "/", &mut built);
    // Lazy-loaded libraries (hls.js under /vendor/) are fetched when needed, not precached.
    built.retain(|f| {
        f != "/sw.js" && f != "/csp.txt" && !f.ends_with(".gz") && !f.starts_with("/vendor/")
    });
    built.sort();
    let mut precached = precache_list(&sw);
    precached.sort();
    assert_eq!(precached, built, "sw.js precaches exactly the build");
    let hash = build_hash(&sw);
    assert!(
        hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{hash}"
    );

    // The CSP: a header from the demo server and the same policy as a meta tag in index.html.
    let response = reqwest::get(format!("{}/library/x", server.url))
        .await
        .unwrap();
    let header = response
        .headers()
        .get("content-security-policy")
        .expect("a CSP header on index.html")
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();
    for needed in [
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "connect-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(header.contains(needed), "{needed} not in {header}");
    }
    let script_src = header
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap();
    for token in script_src.split_whitespace().skip(1) {
        assert!(
            ["'self'", "'wasm-unsafe-eval'"].contains(&token) || token.starts_with("'sha256-"),
            "script-src allows only the app's own scripts: {script_src}"
        );
    }
    let meta_policy = header.trim_end_matches("; frame-ancestors 'none'");
    assert!(
        html.contains(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{meta_policy}\""
        )),
        "index.html carries the same policy as a meta tag"
    );

    // The manifest, as the browser reads it.
    let manifest: Value = reqwest::get(format!("{}/manifest.webmanifest", server.url))
        .await
        .unwrap()
        .json()
        .await
        .expect("the manifest is JSON");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["scope"], "/");
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().unwrap();
    for (size, purpose) in [
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ] {
        let icon = icons
            .iter()
            .find(|i| i["sizes"] == size && i["purpose"] == purpose)
            .unwrap_or_else(|| panic!("a {size} {purpose} icon"));
        let png = reqwest::get(format!("{}{}", server.url, icon["src"].as_str().unwrap()))
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{size} icon is a PNG"
        );
        let side = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(format!("{side}x{side}"), size, "the PNG's real size");
    }

    // Chromium's own installability check.
    open_controlled(&driver, &format!("{}/login", server.url)).await;
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let result = cdp(&driver, "Page.getInstallabilityErrors", json!({})).await;
        if result["installabilityErrors"] == json!([]) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "Chromium's installability errors: {result}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let manifest_errors = cdp(&driver, "Page.getAppManifest", json!({})).await;
    assert_eq!(manifest_errors["errors"], json!([]), "{manifest_errors}");
    assert_eq!(
        js(
            &driver,
            "return document.querySelector('meta[name=theme-color]').content"
        )
        .await,
        "#101318"
    );

    // The shell is precached under this build's name.
    let caches = cache_names(&driver).await;
    assert_eq!(
        caches
            .iter()
            .filter(|c| c.starts_with(SHELL_PREFIX))
            .collect::<Vec<_>>(),
        vec![&format!("{SHELL_PREFIX}{hash}")]
    );

    // The app runs under its policy without a single violation (Leptos' style attributes included).
    log_in(&driver, &server, "demo", "demo").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let movies = first_href(&driver, ".library-list a[data-item-id]").await;
    browse(&driver, &format!("{}{movies}", server.url), "library").await;
    assert_eq!(csp_violations(&driver).await, Vec::<String>::new());
    // ... and the policy does block what it does not allow: an image from another origin.
    let elsewhere = server.url.replace("127.0.0.1", "localhost");
    js(
        &driver,
        &format!("const i = document.createElement('img'); i.src = '{elsewhere}/Items/x/Images/Primary'; document.body.append(i); return null;"),
    )
    .await;
    wait_for("the blocked image reported", WAIT, || async {
        let violations = csp_violations(&driver).await;
        violations
            .iter()
            .any(|v| v.starts_with("img-src") && v.contains("localhost"))
            .then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn every_route_opens_offline_with_its_posters_with_the_server_process_stopped() {
    let mut server = DemoServer::start(&["--movies", "40", "--shows", "4"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    let base = server.url.clone();

    open_controlled(&driver, &format!("{base}/login")).await;
    log_in(&driver, &server, "demo", "demo").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let movies = first_href(&driver, ".library-list a[data-item-id]").await;
    let shows = js(
        &driver,
        "const a = Array.from(document.querySelectorAll('.library-list a[data-item-id]')).find(a => a.textContent.trim() === 'Shows'); return a && a.getAttribute('href');",
    )
    .await
    .as_str()
    .expect("a Shows library")
    .to_string();

    // Online: Home, a library, a movie and a show, each until fresh with its posters.
    let mut visited: Vec<(String, &str, Value)> = Vec::new();
    visited.push(("/".into(), "home", browse(&driver, &base, "home").await));
    visited.push((
        movies.clone(),
        "library",
        browse(&driver, &format!("{base}{movies}"), "library").await,
    ));
    let movie = first_href(&driver, "main a[href^='/movie/']").await;
    visited.push((
        movie.clone(),
        "movie",
        browse(&driver, &format!("{base}{movie}"), "movie").await,
    ));
    driver.goto(format!("{base}{shows}")).await.unwrap();
    let show = first_href(&driver, "main a[href^='/show/']").await;
    visited.push((
        show.clone(),
        "show",
        browse(&driver, &format!("{base}{show}"), "show").await,
    ));

    // The service worker never stores API answers or anything with a token: only the shell and images.
    let cached = cached_urls(&driver).await;
    for (name, urls) in cached.as_object().unwrap() {
        for url in urls.as_array().unwrap() {
            let url = url.as_str().unwrap();
            assert!(
                !url.to_ascii_lowercase().contains("api_key")
                    && !url.to_ascii_lowercase().contains("token"),
                "{url}"
            );
            if name == IMAGE_CACHE {
                assert!(url.contains("/Images/"), "{url} in the image cache");
            } else {
                assert!(name.starts_with(SHELL_PREFIX), "unexpected cache {name}");
                assert!(!url.contains("/Users/") && !url.contains("/Items"), "{url}");
            }
        }
    }
    assert!(image_count(&driver).await > 0, "posters were cached");

    // Yesterday's data, and then the server process is gone.
    age_the_cache(&driver).await;
    let pid = server.pid();
    server.stop();
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "demo server {pid} stopped"
    );

    for (path, page, online) in &visited {
        driver.goto(format!("{base}{path}")).await.unwrap();
        let offline = wait_for_page(
            &driver,
            page,
            "offline",
            count(online, "items"),
            OFFLINE_WAIT,
        )
        .await;
        assert_eq!(
            offline["title"], online["title"],
            "{path}: the same content offline"
        );
        let missing: Vec<&Value> = online["ids"]
            .as_array()
            .expect("ids")
            .iter()
            .filter(|id| !offline["ids"].as_array().unwrap().contains(id))
            .collect();
        assert!(
            missing.is_empty(),
            "{path}: every item seen online is there offline, missing {missing:?}: {online} / {offline}"
        );
        screenshot(&driver, &format!("pwa-offline-{page}")).await;
    }

    // A fresh tab while offline: the app starts from the service worker and shows the session's Home.
    let first_tab = driver.window().await.unwrap();
    let tab = driver.new_tab().await.unwrap();
    driver.switch_to_window(tab).await.unwrap();
    driver.goto(&base).await.unwrap();
    let home_items = count(&visited[0].2, "items");
    wait_for_page(&driver, "home", "offline", home_items, OFFLINE_WAIT).await;
    driver.close_window().await.unwrap();
    driver.switch_to_window(first_tab).await.unwrap();

    driver.quit().await.unwrap();
}

/// A stand-in for the server's network address: a TCP forwarder to the demo server that can
/// go away (connections refused, open ones cut) and come back on the same port.
///
/// Why not restart the demo server: it keeps access tokens in memory, so a new process would
/// reject the app's token and send it to the login page, where a real Jellyfin (tokens in its
/// database) would not. The app only sees the address stop answering and answer again.
struct Forwarder {
    port: u16,
    upstream: u16,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Forwarder {
    async fn start(upstream: u16) -> Forwarder {
        let mut forwarder = Forwarder {
            port: e2e::free_port(),
            upstream,
            task: None,
        };
        forwarder.resume().await;
        forwarder
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn resume(&mut self) {
        let listener = wait_for("the forwarder's port", WAIT, || async {
            tokio::net::TcpListener::bind(("127.0.0.1", self.port))
                .await
                .ok()
        })
        .await;
        let upstream = self.upstream;
        self.task = Some(tokio::spawn(async move {
            // Dropping the set (when this task is aborted) cuts every open connection.
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut server) =
                        tokio::net::TcpStream::connect(("127.0.0.1", upstream)).await
                    {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        }));
    }

    async fn stop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

#[tokio::test]
async fn open_pages_recover_by_themselves_when_the_server_answers_again() {
    let server = DemoServer::start(&["--movies", "20", "--shows", "3"]);
    let mut address = Forwarder::start(server.port).await;
    let base = address.url();
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;

    open_controlled(&driver, &format!("{base}/login")).await;
    log_in_at(&driver, &base, "demo", "demo").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    driver.goto(format!("{base}/")).await.unwrap();
    let shows = wait_for("the Shows library", WAIT, || async {
        js(
            &driver,
            "const a = Array.from(document.querySelectorAll('.library-list a[data-item-id]')).find(a => a.textContent.trim() === 'Shows'); return a && a.getAttribute('href');",
        )
        .await
        .as_str()
        .map(String::from)
    })
    .await;
    driver.goto(format!("{base}{shows}")).await.unwrap();
    let show = first_href(&driver, "main a[href^='/show/']").await;
    browse(&driver, &format!("{base}{show}"), "show").await;

    age_the_cache(&driver).await;
    address.stop().await;
    driver.goto(format!("{base}{show}")).await.unwrap();
    wait_for_page(&driver, "show", "offline", 1, OFFLINE_WAIT).await;

    // The server answers again: the open page turns fresh by itself, without a reload.
    js(&driver, "window.__sameDocument = true; return null").await;
    address.resume().await;
    wait_for_page(&driver, "show", "fresh", 1, OFFLINE_WAIT).await;
    assert_eq!(
        js(&driver, "return window.__sameDocument === true").await,
        json!(true),
        "recovered without a reload"
    );
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn a_new_build_waits_for_the_reload_prompt_and_its_click_replaces_the_old_caches() {
    let dist = DistCopy::new("update");
    let server = DemoServer::start(&["--movies", "10", "--shows", "2", "--dist", dist.path()]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;

    open_controlled(&driver, &format!("{}/login", server.url)).await;
    log_in(&driver, &server, "demo", "demo").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let old_sw = dist.sw();
    let old = format!("{SHELL_PREFIX}{}", build_hash(&old_sw));
    assert!(cache_names(&driver).await.contains(&old));
    assert_eq!(controller_build(&driver).await, build_hash(&old_sw));
    assert!(
        js(
            &driver,
            "return document.querySelector('[data-update]') === null"
        )
        .await
            == json!(true),
        "no prompt for the first install"
    );

    // "Rebuild": the same files under a new build hash, as the hook writes them.
    let new_hash: String = build_hash(&old_sw).chars().rev().collect();
    dist.write_sw(&old_sw.replacen(&build_hash(&old_sw), &new_hash, 1));
    let new = format!("{SHELL_PREFIX}{new_hash}");

    driver.refresh().await.unwrap();
    wait_until(
        &driver,
        "the update prompt",
        "const p = document.querySelector('[data-update=ready]'); return !!p && p.textContent.includes('A new version is available');",
    )
    .await;
    // The new version waits: the old one still controls the page and its cache is still there.
    let waiting = js(
        &driver,
        "const r = await navigator.serviceWorker.getRegistration(); return !!r.waiting && !!r.active;",
    )
    .await;
    assert_eq!(waiting, json!(true), "the new worker is waiting");
    let names = cache_names(&driver).await;
    assert!(names.contains(&old) && names.contains(&new), "{names:?}");
    screenshot(&driver, "pwa-update-prompt").await;

    // "Reload" activates it: the page reloads under the new worker, and the old cache is gone.
    js(&driver, "window.__beforeUpdate = 1; return null").await;
    driver
        .find(By::Css("[data-action='apply-update']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the reload under the new version", WAIT, || async {
        let state = js(
            &driver,
            "return { reloaded: window.__beforeUpdate === undefined, controlled: !!navigator.serviceWorker.controller, prompt: !!document.querySelector('[data-update]') }",
        )
        .await;
        (state == json!({"reloaded": true, "controlled": true, "prompt": false})).then_some(())
    })
    .await;
    let names = wait_for("only the new shell cache", WAIT, || async {
        let names = cache_names(&driver).await;
        (!names.contains(&old) && names.contains(&new)).then_some(names)
    })
    .await;
    assert!(names.iter().filter(|n| n.starts_with(SHELL_PREFIX)).count() == 1);
    assert_eq!(
        controller_build(&driver).await,
        new_hash,
        "the page is controlled by the new build's worker"
    );
    assert_eq!(
        js(
            &driver,
            "const r = await navigator.serviceWorker.getRegistration(); return !r.waiting;"
        )
        .await,
        json!(true)
    );
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn settings_clears_the_cache_keeping_the_session_and_log_out_leaves_nothing_behind() {
    let server = DemoServer::start(&["--movies", "30", "--shows", "3"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    let base = server.url.clone();

    open_controlled(&driver, &format!("{base}/login")).await;
    log_in(&driver, &server, "demo", "demo").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let movies = first_href(&driver, ".library-list a[data-item-id]").await;
    browse(&driver, &format!("{base}{movies}"), "library").await;
    wait_for("cached images", WAIT, || async {
        (image_count(&driver).await > 0).then_some(())
    })
    .await;

    // Settings, through the nav link: usage, items and images.
    driver
        .find(By::Css("nav.app-nav a[href='/settings']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let stat = |name: &'static str| {
        let driver = driver.clone();
        async move {
            js(
                &driver,
                &format!("const d = document.querySelector('main[data-page=settings] [data-stat={name}]'); return d && d.textContent"),
            )
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
        }
    };
    wait_for("Settings with its numbers", WAIT, || async {
        let items: u64 = stat("items").await.parse().unwrap_or(0);
        let images: u64 = stat("images").await.parse().unwrap_or(0);
        (items > 0 && images > 0).then_some(())
    })
    .await;
    assert!(stat("used").await.ends_with("B"), "{}", stat("used").await);
    assert!(stat("available").await.ends_with("B"));
    screenshot(&driver, "pwa-settings").await;

    // Refresh everything: every saved view goes back to the server.
    server
        .control("DELETE", "/__demo/requests", json!(null))
        .await;
    driver
        .find(By::Css("[data-action='refresh-all']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let said = wait_for("the refresh message", WAIT, || async {
        let text = js(
            &driver,
            "return document.querySelector('.settings-message').textContent",
        )
        .await;
        text.as_str()
            .filter(|t| t.starts_with("Refreshing"))
            .map(String::from)
    })
    .await;
    let views: u64 = said
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(views >= 3, "{said}");
    // The views this session saved: Home's sections and the library it opened.
    let movies_id = movies.rsplit('/').next().unwrap().to_string();
    let expected = [
        ("/UserViews", String::new()),
        ("/UserItems/Resume", String::new()),
        ("/Shows/NextUp", String::new()),
        ("/Items/Latest", format!("ParentId={movies_id}")),
        ("/Items", format!("ParentId={movies_id}")),
    ];
    let mut missing = Vec::new();
    let asked = tokio::time::timeout(WAIT, async {
        loop {
            let log = server.control("GET", "/__demo/requests", json!(null)).await;
            let entries = log["log"].as_array().cloned().unwrap_or_default();
            missing = expected
                .iter()
                .filter(|(path, query)| {
                    !entries.iter().any(|e| {
                        e["path"] == *path
                            && e["query"].as_str().unwrap_or("").contains(query.as_str())
                    })
                })
                .collect::<Vec<_>>();
            if missing.is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(
        asked.is_ok(),
        "Refresh everything did not ask the server again for {missing:?}"
    );

    // Clear cache: no items, no images, still signed in.
    driver
        .find(By::Css("[data-action='clear-cache']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("an empty cache, still on Settings", WAIT, || async {
        let (items, images) = (stat("items").await, stat("images").await);
        (items == "0" && images == "0").then_some(())
    })
    .await;
    assert_eq!(image_count(&driver).await, 0);
    let databases = user_databases(&driver).await;
    assert_eq!(
        databases.len(),
        1,
        "the user's database stays: {databases:?}"
    );
    assert!(js(&driver, "return location.pathname").await == "/settings");

    // Fill it again, and open a second tab of the same user.
    driver.goto(format!("{base}{movies}")).await.unwrap();
    wait_for_page(&driver, "library", "fresh", 1, WAIT).await;
    wait_for("cached images again", WAIT, || async {
        (image_count(&driver).await > 0).then_some(())
    })
    .await;
    let first_tab = driver.window().await.unwrap();
    let second_tab = driver.new_tab().await.unwrap();
    driver.switch_to_window(second_tab.clone()).await.unwrap();
    driver.goto(&base).await.unwrap();
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    driver.switch_to_window(first_tab).await.unwrap();

    // The one thing kept beside the database: each library's kind (localStorage).
    const KIND_HINTS: &str = "return Object.keys(localStorage).filter(k => k.startsWith('marquee:library-kinds:')).length";
    assert_eq!(
        js(&driver, KIND_HINTS).await,
        json!(1),
        "the user's library kinds are remembered"
    );

    // Log out: the database, the image cache and the session go; the other tab goes to login.
    log_out_at(&driver, &base).await;
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let databases = user_databases(&driver).await;
        let images = js(
            &driver,
            &format!("return await caches.has('{IMAGE_CACHE}')"),
        )
        .await;
        let kinds = js(&driver, KIND_HINTS).await;
        if databases.is_empty() && images == json!(false) && kinds == json!(0) {
            break;
        }
        if std::time::Instant::now() > deadline {
            let message = format!(
                "after log out: databases {databases:?}, image cache {images}, library kinds {kinds}"
            );
            fail(&driver, "pwa-logout", message).await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let session = js(
        &driver,
        r#"
        const db = await new Promise((ok, err) => { const r = indexedDB.open('marquee-session'); r.onsuccess = () => ok(r.result); r.onerror = () => err(r.error); });
        const value = await new Promise((ok) => { const r = db.transaction('kv').objectStore('kv').get('session'); r.onsuccess = () => ok(r.result); });
        db.close();
        return value === undefined ? null : 'still there';
        "#,
    )
    .await;
    assert_eq!(session, Value::Null, "the saved session is deleted");
    driver.switch_to_window(second_tab).await.unwrap();
    wait_for("the other tab on the login page", WAIT, || async {
        let page = js(
            &driver,
            "const m = document.querySelector('main[data-page]'); return m && m.dataset.page",
        )
        .await;
        (page == "login").then_some(())
    })
    .await;

    // The next user sees nothing of the last one.
    log_in(&driver, &server, "alice", "alice").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let databases = user_databases(&driver).await;
    assert_eq!(databases.len(), 1, "only alice's database: {databases:?}");
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn the_image_cache_is_capped_and_evicts_the_oldest() {
    let dist = DistCopy::new("cap");
    let sw = dist.sw();
    assert!(sw.contains("const MAX_IMAGES = 2000;"));
    dist.write_sw(&sw.replacen("const MAX_IMAGES = 2000;", "const MAX_IMAGES = 5;", 1));
    let server = DemoServer::start(&["--movies", "60", "--shows", "2", "--dist", dist.path()]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;

    open_controlled(&driver, &format!("{}/login", server.url)).await;
    log_in(&driver, &server, "demo", "demo").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let movies = first_href(&driver, ".library-list a[data-item-id]").await;
    let state = browse(&driver, &format!("{}{movies}", server.url), "library").await;
    assert!(
        count(&state, "loaded") > 5,
        "more posters than the cap: {state}"
    );
    // The newest posters are kept; the oldest went.
    let urls = wait_for("the cache trimmed to 5", WAIT, || async {
        let urls = cached_urls(&driver).await[IMAGE_CACHE].clone();
        let n = urls.as_array().map(|a| a.len()).unwrap_or(0);
        (n == 5).then_some(urls)
    })
    .await;
    let last_loaded = js(
        &driver,
        "const imgs = Array.from(document.querySelectorAll('main .poster img')).filter(i => i.complete && i.naturalWidth > 0); return performance.getEntriesByType('resource').filter(e => imgs.some(i => i.src === e.name)).sort((a, b) => a.responseEnd - b.responseEnd).pop().name;",
    )
    .await;
    assert!(
        urls.as_array().unwrap().contains(&last_loaded),
        "{last_loaded} (the newest) is kept: {urls}"
    );
    driver.quit().await.unwrap();
}
