//! A warm start paints the page's last picture before the app runs (index.html,
//! src/pwa/snapshot.rs, src/cache/page_snapshots.rs): the user's own, never another's, gone
//! at log out, and the app takes its place without moving anything.
use e2e::browser::{cdp, log_out_at, wait_for_page, WAIT};
use e2e::{js, log_in, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// The session database's page pictures: `[[key, user_id, html], ...]` (kept as UTF-8 bytes).
async fn pictures(driver: &e2e::thirtyfour::WebDriver) -> Vec<(String, String, String)> {
    let v = js(
        driver,
        &format!(
            "{OPEN_KV}
            const store = kv('readonly');
            const range = IDBKeyRange.bound('snapshot:', 'snapshot:\\uffff');
            const [keys, values] = await Promise.all([req(store.getAllKeys(range)), req(store.getAll(range))]);
            db.close();
            return keys.map((k, i) => [k, values[i].user_id || '', values[i].html instanceof Uint8Array ? new TextDecoder().decode(values[i].html) : '']).filter(p => p[0] !== 'snapshot:/paths');"
        ),
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Where each of the first cards sits, `[[id, left, top, width, height], ...]`, in `root`
/// (a script expression: the document, or the picture's shadow root).
async fn card_boxes(driver: &e2e::thirtyfour::WebDriver, root: &str) -> Vec<Value> {
    let v = js(
        driver,
        &format!(
            "const root = {root}; if (!root) return null; return Array.from(root.querySelectorAll('.virtual-grid a.card[data-item-id]')).slice(0, 12).map(c => {{ const r = c.getBoundingClientRect(); return [c.dataset.itemId, Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)]; }})"
        ),
    )
    .await;
    v.as_array().cloned().unwrap_or_default()
}

/// The `marquee:content` marks of this document: `[[path, from], ...]`.
async fn content_marks(driver: &e2e::thirtyfour::WebDriver) -> Vec<(String, String)> {
    let v = js(
        driver,
        "return performance.getEntriesByName('marquee:content').map(m => [m.detail && m.detail.path || '', m.detail && m.detail.from || 'app'])",
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

#[tokio::test]
async fn a_warm_start_paints_the_users_last_picture_of_the_page_and_the_app_replaces_it_in_place() {
    let server = DemoServer::start(&["--movies", "60", "--shows", "2"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    log_in(&driver, &server, "demo", "demo").await;
    let library = wait_for("the Movies library", WAIT, || async {
        js(&driver, "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Movies'); return a && a.getAttribute('href')").await.as_str().map(str::to_string)
    })
    .await;
    driver
        .goto(format!("{}{library}", server.url))
        .await
        .unwrap();
    wait_for_page(&driver, "library", "fresh", 1, WAIT).await;
    // Kept once the page is fresh, for this user.
    let kept = wait_for("the library's picture kept", WAIT, || async {
        let all = pictures(&driver).await;
        all.into_iter()
            .find(|p| p.0 == format!("snapshot:{library}"))
    })
    .await;
    assert!(
        kept.2.contains("data-page=\"library\""),
        "the picture is the library page"
    );
    // Going on in the app to a page that keeps no picture (Settings) and leaving it from there
    // leaves the library's picture as it was.
    js(
        &driver,
        "document.querySelector('header a[href=\"/settings\"]').click(); return true",
    )
    .await;
    wait_for("the settings page", WAIT, || async {
        (js(
            &driver,
            "return !!document.querySelector(\"main[data-page='settings']\")",
        )
        .await
            == json!(true))
        .then_some(())
    })
    .await;
    driver.goto("about:blank").await.unwrap();
    driver
        .goto(format!("{}/settings", server.url))
        .await
        .unwrap();
    wait_for("the settings page, loaded", WAIT, || async {
        (js(
            &driver,
            "return !!document.querySelector(\"main[data-page='settings']\")",
        )
        .await
            == json!(true))
        .then_some(())
    })
    .await;
    let after = pictures(&driver).await;
    let library_picture = after.iter().find(|p| p.0 == format!("snapshot:{library}"));
    assert_eq!(
        library_picture.map(|p| &p.2),
        Some(&kept.2),
        "the library's picture, unchanged"
    );
    assert!(
        after
            .iter()
            .all(|p| !p.2.contains("data-page=\"settings\"")),
        "no picture of Settings: {:?}",
        after.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    driver
        .goto(format!("{}{library}", server.url))
        .await
        .unwrap();
    wait_for_page(&driver, "library", "fresh", 1, WAIT).await;
    let shown_ids = card_boxes(&driver, "document").await;
    assert!(shown_ids.len() >= 6, "cards on the page: {shown_ids:?}");

    // Without the app (its wasm blocked), a reload still shows the page: the picture, its
    // cards where the app puts them, and no element of it in the document's own tree.
    cdp(&driver, "Network.enable", json!({})).await;
    // The service worker would answer the wasm from its cache, past the block.
    cdp(
        &driver,
        "Network.setBypassServiceWorker",
        json!({"bypass": true}),
    )
    .await;
    cdp(
        &driver,
        "Network.setBlockedURLs",
        json!({"urls": ["*.wasm"]}),
    )
    .await;
    driver.refresh().await.unwrap();
    let in_picture = wait_for("the picture's cards", WAIT, || async {
        let boxes = card_boxes(
            &driver,
            "document.getElementById('marquee-snapshot')?.shadowRoot",
        )
        .await;
        (!boxes.is_empty()).then_some(boxes)
    })
    .await;
    assert_eq!(
        in_picture, shown_ids,
        "the picture puts the cards where the app did"
    );
    assert_eq!(
        js(&driver, "return document.querySelectorAll('main').length").await,
        json!(0),
        "the picture is not in the document's tree"
    );
    assert_eq!(
        content_marks(&driver).await,
        vec![(library.clone(), "picture".to_string())]
    );
    cdp(&driver, "Network.setBlockedURLs", json!({"urls": []})).await;
    cdp(
        &driver,
        "Network.setBypassServiceWorker",
        json!({"bypass": false}),
    )
    .await;

    // With the app: the picture first, then the app's own page in the same places, and the
    // picture gone.
    driver.refresh().await.unwrap();
    wait_for_page(&driver, "library", "fresh", 1, WAIT).await;
    let marks = content_marks(&driver).await;
    assert_eq!(
        marks.first(),
        Some(&(library.clone(), "picture".to_string())),
        "the picture came first: {marks:?}"
    );
    assert!(
        marks.contains(&(library.clone(), "app".to_string())),
        "{marks:?}"
    );
    assert_eq!(
        js(
            &driver,
            "return !!document.getElementById('marquee-snapshot')"
        )
        .await,
        json!(false),
        "the picture gave way to the app"
    );
    assert_eq!(card_boxes(&driver, "document").await, shown_ids);

    // Log out: every picture goes.
    let record = js(
        &driver,
        &format!(
            "{OPEN_KV} const r = await req(kv('readonly').get({key})); db.close(); \
             r.html = new TextDecoder().decode(r.html); return r;",
            key = json!(format!("snapshot:{library}"))
        ),
    )
    .await;
    assert!(
        record["user_id"].as_str().is_some_and(|u| !u.is_empty()),
        "{record}"
    );
    log_out_at(&driver, &server.url).await;
    wait_for("no picture after log out", WAIT, || async {
        pictures(&driver).await.is_empty().then_some(())
    })
    .await;

    // Another user never sees one left behind (put back here by hand); the same picture
    // under that user's name is painted, so it is the user that decides.
    log_in(&driver, &server, "alice", "alice").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let alice = js(&driver, &format!("{OPEN_KV} const s = await req(kv('readonly').get('session')); db.close(); return s.user_id;")).await;
    for (owner, painted) in [(record["user_id"].clone(), false), (alice, true)] {
        // Leave the app first (for a file of its origin, whose database this is): leaving
        // keeps the page's own picture, which must not land on the one put here.
        driver
            .goto(format!("{}/manifest.webmanifest", server.url))
            .await
            .expect("leave the app");
        let mut picture = record.clone();
        picture["user_id"] = owner;
        js(
            &driver,
            &format!(
                "{OPEN_KV} const p = {picture}; p.html = new TextEncoder().encode(p.html); \
                await req(kv('readwrite').put(p, 'snapshot:/')); db.close(); return true;"
            ),
        )
        .await;
        driver.goto(format!("{}/", server.url)).await.unwrap();
        wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
        let marks = content_marks(&driver).await;
        assert_eq!(
            marks.iter().any(|m| m.1 == "picture"),
            painted,
            "painted for its own user only: {marks:?}"
        );
    }
    driver.quit().await.unwrap();
}

/// Opens the session database in a script: `db`, `kv(mode)` and `req(request)`.
const OPEN_KV: &str = "const db = await new Promise((ok, no) => { const r = indexedDB.open('marquee-session'); r.onsuccess = () => ok(r.result); r.onerror = no; }); const kv = (mode) => db.transaction('kv', mode).objectStore('kv'); const req = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });";
