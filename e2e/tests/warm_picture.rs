//! A warm start paints the page's last picture before the app runs (index.html,
//! src/pwa/snapshot.rs, src/cache/page_snapshots.rs): the user's own, never another's, gone
//! at log out, and the app takes its place without moving anything.
use e2e::browser::{cdp, log_out_at, wait_for_page, wait_until, WAIT};
use e2e::{js, log_in, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// The page pictures in localStorage: `[[path, user_id, server_url, html], ...]`.
async fn pictures(driver: &e2e::thirtyfour::WebDriver) -> Vec<(String, String, String, String)> {
    let v = js(
        driver,
        "const prefix = 'marquee:picture:';
        return Object.keys(localStorage).filter(k => k.startsWith(prefix)).map(k => {
            const v = localStorage.getItem(k);
            const [user, server] = v.split('\\n', 2);
            return [k.slice(prefix.length), user, server, v.slice(user.length + server.length + 2)];
        });",
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// The saved session's record (in the session database).
async fn session_record(driver: &e2e::thirtyfour::WebDriver) -> Value {
    js(
        driver,
        &format!(
            "{OPEN_KV} const s = await req(kv('readonly').get('session')); db.close(); return s;"
        ),
    )
    .await
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

/// A picture holds its page's first screen: of the elements `selector` finds, those that
/// `on_screen` (a script predicate of the live element) and no others, by `id` (a script
/// function of the element). The live page must have some off screen, or nothing is shown.
/// Returns the ids on screen.
async fn assert_picture_holds_first_screen(
    driver: &e2e::thirtyfour::WebDriver,
    picture: &str,
    selector: &str,
    on_screen: &str,
    id: &str,
    what: &str,
) -> Vec<String> {
    let found = js(
        driver,
        &format!(
            "const id = {id};
            const live = Array.from(document.querySelectorAll({selector}));
            const seen = live.filter({on_screen}).map(id);
            const picture = new DOMParser().parseFromString({picture}, 'text/html');
            return [live.length, seen, Array.from(picture.querySelectorAll({selector})).map(id)];",
            selector = json!(selector),
            picture = json!(picture)
        ),
    )
    .await;
    let (live, seen, in_picture): (usize, Vec<String>, Vec<String>) =
        serde_json::from_value(found.clone()).expect(what);
    assert!(
        !seen.is_empty() && seen.len() < live,
        "{what}: some on screen and some past it, to compare: {found}"
    );
    assert_eq!(
        in_picture, seen,
        "{what}: the picture holds the first screen"
    );
    seen
}

/// True once the Settings page is shown.
const SETTINGS_SHOWN: &str = "return !!document.querySelector(\"main[data-page='settings']\")";

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
    // Home's picture is its first screen: the cards on screen of the rows that start on
    // screen, and none of those past the window's edge (they cost the start, unseen).
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let home = wait_for("Home's picture kept", WAIT, || async {
        pictures(&driver).await.into_iter().find(|p| p.0 == "/")
    })
    .await;
    let seen = assert_picture_holds_first_screen(
        &driver,
        &home.3,
        "main .row-items > *",
        "c => c.closest('main > *').getBoundingClientRect().top <= innerHeight \
            && c.getBoundingClientRect().left <= innerWidth",
        "c => c.getAttribute('data-item-id') || c.querySelector('[data-item-id]').getAttribute('data-item-id')",
        "Home's cards",
    )
    .await;
    // A page that changed since its picture was taken is taken again when it is left.
    server
        .control(
            "POST",
            &format!("/__demo/items/{}", seen[0]),
            json!({ "Name": "Renamed after its picture" }),
        )
        .await;
    wait_until(
        &driver,
        "the renamed card on Home",
        "return document.querySelector('main').textContent.includes('Renamed after its picture')",
    )
    .await;
    driver.goto("about:blank").await.unwrap();
    driver
        .goto(format!("{}/settings", server.url))
        .await
        .unwrap();
    // (Red if leaving the changed page kept its old picture.)
    wait_for("Home's picture taken again", WAIT, || async {
        pictures(&driver)
            .await
            .into_iter()
            .find(|p| p.0 == "/" && p.3.contains("Renamed after its picture"))
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
        all.into_iter().find(|p| p.0 == library)
    })
    .await;
    assert!(
        kept.3.contains("data-page=\"library\""),
        "the picture is the library page"
    );
    // The grid's picture is its first screen too: the cells it makes ahead, below the
    // window's edge, are left out.
    assert_picture_holds_first_screen(
        &driver,
        &kept.3,
        ".virtual-grid-window > *",
        "c => c.getBoundingClientRect().top <= innerHeight",
        "c => c.dataset.index",
        "the library grid's cells",
    )
    .await;
    let session = session_record(&driver).await;
    assert_eq!(
        (json!(kept.1), json!(kept.2)),
        (session["user_id"].clone(), session["server_url"].clone()),
        "kept for the signed-in user and server"
    );
    // The token is in no picture, nor anywhere else in localStorage.
    let token = session["token"]
        .as_str()
        .expect("the session's token")
        .to_string();
    assert!(token.len() >= 16, "{session}");
    let stored = js(
        &driver,
        "return JSON.stringify(Object.entries(localStorage))",
    )
    .await;
    assert!(
        !stored.as_str().unwrap_or_default().contains(&token),
        "the token in localStorage"
    );
    // Going on in the app to a page that keeps no picture (Settings) and leaving it from there
    // leaves the library's picture as it was.
    js(
        &driver,
        "document.querySelector('header a[href=\"/settings\"]').click(); return true",
    )
    .await;
    wait_until(&driver, "the settings page", SETTINGS_SHOWN).await;
    driver.goto("about:blank").await.unwrap();
    driver
        .goto(format!("{}/settings", server.url))
        .await
        .unwrap();
    wait_until(&driver, "the settings page, loaded", SETTINGS_SHOWN).await;
    let after = pictures(&driver).await;
    let library_picture = after.iter().find(|p| p.0 == library);
    assert_eq!(
        library_picture.map(|p| &p.3),
        Some(&kept.3),
        "the library's picture, unchanged"
    );
    assert!(
        after
            .iter()
            .all(|p| !p.3.contains("data-page=\"settings\"")),
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

    // Log out: every picture goes, and those an earlier version kept in the session database.
    js(
        &driver,
        &format!("{OPEN_KV} await req(kv('readwrite').put({{user_id: 'u', html: new Uint8Array(3)}}, 'snapshot:/old')); db.close(); return true;"),
    )
    .await;
    log_out_at(&driver, &server.url).await;
    wait_for("no picture after log out", WAIT, || async {
        pictures(&driver).await.is_empty().then_some(())
    })
    .await;
    assert_eq!(
        js(
            &driver,
            "return localStorage.getItem('marquee:pictures:owner')"
        )
        .await,
        Value::Null,
        "nobody's pictures may be painted"
    );
    assert_eq!(
        js(
            &driver,
            &format!("{OPEN_KV} const keys = await req(kv('readonly').getAllKeys(IDBKeyRange.bound('snapshot:', 'snapshot:\\uffff'))); db.close(); return keys.length;"),
        )
        .await,
        json!(0),
        "the session database's old pictures deleted"
    );

    // Another user never sees one left behind (put back here by hand); the same picture
    // under that user's name is painted, so it is the user that decides.
    log_in(&driver, &server, "alice", "alice").await;
    wait_for_page(&driver, "home", "fresh", 1, WAIT).await;
    let alice = session_record(&driver).await["user_id"].clone();
    for (owner, painted) in [
        (kept.1.clone(), false),
        (alice.as_str().unwrap_or_default().to_string(), true),
    ] {
        // Leave the app first (for a file of its origin, whose storage this is): leaving
        // keeps the page's own picture, which must not land on the one put here.
        driver
            .goto(format!("{}/manifest.webmanifest", server.url))
            .await
            .expect("leave the app");
        js(
            &driver,
            &format!(
                "localStorage.setItem('marquee:picture:/', {}); return true;",
                json!(format!("{owner}\n{}\n{}", kept.2, kept.3))
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
