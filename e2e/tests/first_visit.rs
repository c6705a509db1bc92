//! A library opened for the first time shows its first screen from the server's first page,
//! while the rest of it syncs in the background; until it is synced, the windows scrolled to,
//! other sorts and the A–Z jump are answered by the server; once synced, it runs from the
//! cache again.
use e2e::browser::WAIT;
use std::time::Duration;

use e2e::browser::js_with;
use e2e::thirtyfour::prelude::*;
use e2e::{item_ids, js, log_in, screenshot, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// Slow enough that a 10,000-item sync takes seconds.
const LATENCY_MS: u64 = 500;
const MOVIES: u32 = 10_000;
const GRID_CARDS: &str = "main[data-page='library'] .virtual-grid a.card[data-item-id]";
const AUTH: &str = r#"MediaBrowser Client="Marquee e2e", Device="e2e", DeviceId="e2e-first-visit", Version="0.1.0""#;

/// The server's own order of the movie library (ids and sort names), asked natively with a
/// token of its own: what the grid must show at each position.
async fn server_order(server: &DemoServer, library: &str, sort_by: &str) -> Vec<(String, String)> {
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{}/Users/AuthenticateByName", server.url))
        .header("Authorization", AUTH)
        .json(&json!({"Username": "demo", "Pw": "demo"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["AccessToken"].as_str().unwrap();
    let page: Value = client
        .get(format!(
            "{}/Items?ParentId={library}&IncludeItemTypes=Movie&Recursive=true&SortBy={sort_by}&SortOrder=Ascending&Fields=SortName&EnableImages=false",
            server.url
        ))
        .header("Authorization", format!(r#"{AUTH}, Token="{token}""#))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = page["Items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), MOVIES as usize, "the server lists the library");
    items
        .iter()
        .map(|i| {
            (
                i["Id"].as_str().unwrap_or_default().to_owned(),
                i["SortName"].as_str().unwrap_or_default().to_lowercase(),
            )
        })
        .collect()
}

/// The grid cells inside the viewport now: (position in the grid, the card's item id, or
/// `None` for a placeholder, the cell's top and height), in grid order.
async fn cells_on_screen(driver: &WebDriver) -> Vec<(u32, Option<String>, f64, f64)> {
    let v = js(
        driver,
        "return Array.from(document.querySelectorAll('main[data-page=library] .grid-cell')) \
           .map(c => [c, c.getBoundingClientRect()]) \
           .filter(([c, r]) => r.bottom > 1 && r.top < innerHeight) \
           .map(([c, r]) => { const a = c.querySelector('a.card[data-item-id]'); \
             return [Number(c.getAttribute('data-index')), a ? a.getAttribute('data-item-id') : null, r.top, r.height]; }) \
           .sort((a, b) => a[0] - b[0]);",
    )
    .await;
    serde_json::from_value(v).unwrap_or_default()
}

/// Waits until every cell on screen shows a card, and returns them. With `top_row`, the
/// grid position that must be in the top row of the viewport (a jump landed there; the row
/// above may still peek out under the page's header).
async fn cards_on_screen(
    driver: &WebDriver,
    what: &str,
    top_row: Option<u32>,
) -> Vec<(u32, String)> {
    wait_for(what, WAIT, || async {
        let cells = cells_on_screen(driver).await;
        if let Some(at) = top_row {
            let cell = cells.iter().find(|c| c.0 == at)?;
            if cell.2 < -1.0 || cell.2 >= cell.3 {
                return None;
            }
        }
        if cells.is_empty() {
            return None;
        }
        cells
            .into_iter()
            .map(|(index, id, _, _)| id.map(|id| (index, id)))
            .collect::<Option<Vec<_>>>()
    })
    .await
}

/// Each card is the server's item at its position.
fn assert_in_server_order(cards: &[(u32, String)], order: &[(String, String)], what: &str) {
    let shown: Vec<(u32, &str)> = cards.iter().map(|(i, id)| (*i, id.as_str())).collect();
    let expected: Vec<(u32, &str)> = cards
        .iter()
        .map(|(i, _)| (*i, order[*i as usize].0.as_str()))
        .collect();
    assert_eq!(
        shown, expected,
        "{what}: the cards are the server's items at their places"
    );
}

/// Whether the page has marked itself fresh (the library's sync is complete).
async fn synced(driver: &WebDriver, path: &str) -> bool {
    snapshot(driver, path).await["synced"] == json!(true)
}

/// A 10,000-movie server, a browser on its Home with the server slowed, and the Movies
/// library's page path, id and the server's order by name: where each test here starts.
struct SlowLibrary {
    server: DemoServer,
    /// Kept alive: dropping it ends the browser.
    _chrome: ChromeDriver,
    driver: WebDriver,
    href: String,
    id: String,
    by_name: Vec<(String, String)>,
}

impl SlowLibrary {
    async fn open() -> SlowLibrary {
        let server = DemoServer::start(&["--movies", &MOVIES.to_string(), "--shows", "5"]);
        let chrome = ChromeDriver::start();
        let driver = chrome.browser().await;
        driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
        let (href, id) = open_movies_slowly(&driver, &server).await;
        let by_name = server_order(&server, &id, "SortName").await;
        SlowLibrary {
            server,
            _chrome: chrome,
            driver,
            href,
            id,
            by_name,
        }
    }
}

/// Opens the Movies library from Home with the server slowed: (its page path, its id).
async fn open_movies_slowly(driver: &WebDriver, server: &DemoServer) -> (String, String) {
    log_in(driver, server, "demo", "demo").await;
    let (href, id) = wait_for("the Movies link on Home", WAIT, || async {
        let v = js(
            driver,
            "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Movies'); \
             return a ? [a.getAttribute('href'), a.getAttribute('data-item-id')] : null;",
        )
        .await;
        serde_json::from_value::<(String, String)>(v).ok()
    })
    .await;
    (href, id)
}

async fn click_movies(driver: &WebDriver, server: &DemoServer, id: &str) {
    server
        .control("POST", "/__demo/latency", json!({"ms": LATENCY_MS}))
        .await;
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    driver
        .find(By::Css(format!(".library-list a[data-item-id='{id}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// `(StartIndex, Limit)` of the logged `/Items` requests.
fn pages_asked(requests: &[String]) -> Vec<(u32, u32)> {
    requests
        .iter()
        .filter_map(|r| {
            let value = |name: &str| {
                r.split(['?', '&'])
                    .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
                    .and_then(|v| v.parse::<u32>().ok())
            };
            Some((value("StartIndex").unwrap_or(0), value("Limit")?))
        })
        .collect()
}

/// What the library page shows now: its cards, the grid's total, and whether the page has
/// marked itself fresh under any view of this library (the sync is complete).
async fn snapshot(driver: &WebDriver, path: &str) -> Value {
    js(
        driver,
        &format!(
            "const grid = document.querySelector('main[data-page=library] .virtual-grid'); \
             return {{ cards: Array.from(document.querySelectorAll({css})).map(a => a.getAttribute('data-item-id')), \
               total: grid ? grid.getAttribute('data-total') : null, \
               synced: performance.getEntriesByName('marquee:fresh').some(m => m.detail && m.detail.path.split('?')[0] === {path}) }};",
            css = serde_json::to_string(GRID_CARDS).unwrap(),
            path = serde_json::to_string(path).unwrap(),
        ),
    )
    .await
}

/// The API's `/Items` requests in the server's log since it was last cleared (no images).
async fn item_requests(server: &DemoServer) -> Vec<String> {
    let log = server.control("GET", "/__demo/requests", Value::Null).await;
    log["log"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|e| e["path"] == "/Items")
        .map(|e| {
            format!(
                "{}?{}",
                e["path"].as_str().unwrap_or(""),
                e["query"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[tokio::test]
async fn a_never_opened_library_shows_its_first_cards_and_far_windows_before_its_sync_completes() {
    let SlowLibrary {
        server,
        _chrome,
        driver,
        href,
        id,
        by_name,
    } = SlowLibrary::open().await;
    click_movies(&driver, &server, &id).await;

    // The first cards, and the sync not yet complete when they appear.
    let first = wait_for("the first cards", WAIT, || async {
        let s = snapshot(&driver, &href).await;
        let cards: Vec<String> = serde_json::from_value(s["cards"].clone()).unwrap_or_default();
        (cards.len() >= 10).then_some(s)
    })
    .await;
    if first["synced"] == json!(true) {
        screenshot(&driver, "first-visit-late").await;
    }
    assert_eq!(
        first["synced"],
        json!(false),
        "the first cards came only once the whole library was synced"
    );
    // The total is the server's count from the first answer: the scrollbar is right at once.
    assert_eq!(first["total"], json!(MOVIES.to_string()));
    let early: Vec<String> = serde_json::from_value(first["cards"].clone()).unwrap();

    // Far down, past what the sync has written: that window's own cards, from the server.
    scroll_to_fraction(&driver, 0.9).await;
    let far = cards_on_screen(&driver, "the cards far down", None).await;
    let far_synced = synced(&driver, &href).await;
    if far_synced {
        screenshot(&driver, "first-visit-far-late").await;
    }
    assert!(
        !far_synced,
        "the far cards came only once the library was synced"
    );
    assert!(far[0].0 > MOVIES / 2, "scrolled far: {far:?}");
    assert_in_server_order(&far, &by_name, "far down before the sync completes");
    let asked = pages_asked(&item_requests(&server).await);
    assert!(
        asked.iter().any(|(start, limit)| limit % 60 == 0
            && *start <= far[0].0
            && far[0].0 < start + limit),
        "the window on screen was asked of the server with its StartIndex: {asked:?}"
    );

    // The sync completes: the same first cards, now from the whole cached library.
    scroll_to_fraction(&driver, 0.0).await;
    let done = wait_for("the library synced", Duration::from_secs(180), || async {
        let s = snapshot(&driver, &href).await;
        (s["synced"] == json!(true)).then_some(s)
    })
    .await;
    assert_eq!(done["total"], json!(MOVIES.to_string()));
    let synced_cards: Vec<String> = serde_json::from_value(done["cards"].clone()).unwrap();
    assert_eq!(
        synced_cards[..10],
        early[..10],
        "the first screen from the network is the synced library's first screen"
    );
    let requests = item_requests(&server).await;
    assert!(
        requests.len() >= (MOVIES / 500) as usize,
        "a full sync asks for every page: {requests:?}"
    );

    // Local operation again: a far window and another sort order come from the cache.
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    scroll_to_fraction(&driver, 0.6).await;
    let middle = cards_on_screen(&driver, "the cards in the middle, synced", None).await;
    assert!(middle[0].0 > MOVIES / 3, "scrolled: {middle:?}");
    assert_in_server_order(&middle, &by_name, "in the middle once synced");
    scroll_to_fraction(&driver, 0.0).await;
    js(
        &driver,
        "const s = document.querySelector('select[name=sort]'); s.value = 'date_added'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    )
    .await;
    wait_for("the grid sorted by date added", WAIT, || async {
        let url = driver.current_url().await.ok()?;
        let ids = item_ids(&driver, GRID_CARDS).await;
        (url.as_str().contains("sort=date_added")
            && ids.len() >= 10
            && ids[..10] != synced_cards[..10])
            .then_some(())
    })
    .await;
    assert_eq!(
        item_requests(&server).await,
        Vec::<String>::new(),
        "a synced library scrolls and sorts locally"
    );
    driver.quit().await.unwrap();
}

/// Clicks the Movies link on Home and returns the API requests the page started within the
/// click itself (its first JavaScript task): `fetch` is watched for the length of the click.
/// Also watches `marquee:content`: the number of the grid's cards when it is marked is kept in
/// `window.__cardsAtContent`.
async fn click_movies_watching_fetch(
    driver: &WebDriver,
    server: &DemoServer,
    id: &str,
) -> Vec<String> {
    server
        .control("POST", "/__demo/latency", json!({"ms": LATENCY_MS}))
        .await;
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    let asked = js_with(
        driver,
        "const [id, cards] = arguments; \
         const mark = performance.mark.bind(performance); window.__cardsAtContent = null; \
         performance.mark = (name, options) => { \
           if (name === 'marquee:content' && window.__cardsAtContent === null && location.pathname.startsWith('/library/')) \
             window.__cardsAtContent = document.querySelectorAll(cards).length; \
           return mark(name, options); }; \
         const calls = []; const original = window.fetch; \
         window.fetch = function (input, init) { calls.push(typeof input === 'string' ? input : input.url); return original.call(this, input, init); }; \
         try { document.querySelector(`.library-list a[data-item-id='${id}']`).click(); } \
         finally { window.fetch = original; } \
         return calls.map(u => new URL(u, location.href)).filter(u => !u.pathname.includes('/Images/')).map(u => u.pathname + u.search);",
        vec![json!(id), json!(GRID_CARDS)],
    )
    .await;
    serde_json::from_value(asked).unwrap_or_default()
}

/// Whether `request` asks for the library's first page: its start, 100 items.
fn is_first_page(request: &str) -> bool {
    pages_asked(&[request.to_string()]) == vec![(0, 100)]
}

#[tokio::test]
async fn the_first_page_leaves_at_the_click_is_asked_once_and_is_the_content() {
    let SlowLibrary {
        server,
        _chrome,
        driver,
        href,
        id,
        by_name,
    } = SlowLibrary::open().await;
    let at_click = click_movies_watching_fetch(&driver, &server, &id).await;

    // The first page leaves within the click: nothing (a queue, a lock, a cache read) is
    // waited for before it, and it is the first request the click makes.
    assert!(
        at_click
            .first()
            .is_some_and(|r| r.starts_with("/Items?") && is_first_page(r)),
        "the click's first request is the library's first page: {at_click:?}"
    );

    // Its cards are the content: the page marks it once they are on screen.
    let first = cards_on_screen(&driver, "the first cards", Some(0)).await;
    assert!(
        !synced(&driver, &href).await,
        "the first cards came only once the library was synced"
    );
    assert_in_server_order(&first, &by_name, "the first screen");
    let cards_at_content = wait_for("the library's content mark", WAIT, || async {
        js(&driver, "return window.__cardsAtContent;")
            .await
            .as_u64()
    })
    .await;
    assert!(
        cards_at_content > 0,
        "marquee:content was marked before the first page's cards were on screen"
    );

    // The sync completes, and took that same answer as its own first page.
    wait_for("the library synced", Duration::from_secs(180), || async {
        synced(&driver, &href).await.then_some(())
    })
    .await;
    let first_pages: Vec<String> = item_requests(&server)
        .await
        .into_iter()
        .filter(|r| is_first_page(r))
        .collect();
    assert_eq!(
        first_pages.len(),
        1,
        "the first page is asked once, for the grid and the sync: {first_pages:?}"
    );
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn sort_and_letters_are_answered_by_the_server_until_the_library_is_synced() {
    let SlowLibrary {
        server,
        _chrome,
        driver,
        href,
        id,
        by_name,
    } = SlowLibrary::open().await;
    let by_date = server_order(&server, &id, "DateCreated,SortName").await;
    click_movies(&driver, &server, &id).await;
    cards_on_screen(&driver, "the first cards", Some(0)).await;

    // Another sort: the server's first cards in that order, before the sync completes.
    set_sort(&driver, "date_added").await;
    let dated = wait_for("the grid sorted by date added", WAIT, || async {
        let url = driver.current_url().await.ok()?;
        if !url.as_str().contains("sort=date_added") {
            return None;
        }
        Some(cards_on_screen(&driver, "the cards by date added", Some(0)).await)
    })
    .await;
    let dated_synced = synced(&driver, &href).await;
    assert!(!dated_synced, "sorted only once the library was synced");
    assert_in_server_order(&dated, &by_date, "by date added before the sync completes");
    assert!(
        item_requests(&server)
            .await
            .iter()
            .any(|r| r.contains("SortBy=DateCreated")),
        "the sort was asked of the server"
    );

    // The A–Z jump: the first title under M at the top, counted by the server.
    set_sort(&driver, "name").await;
    wait_for("the grid by name again", WAIT, || async {
        let url = driver.current_url().await.ok()?;
        (!url.as_str().contains("sort=")).then_some(())
    })
    .await;
    // The sort's window items are cached now, out of the sync's order: they shift nothing.
    let named = cards_on_screen(&driver, "the cards by name", Some(0)).await;
    assert_in_server_order(&named, &by_name, "by name again before the sync completes");
    let m = letter_offset(&by_name, 'm');
    click_letter(&driver, 'M').await;
    let under_m = cards_on_screen(&driver, "the cards under M", Some(m as u32)).await;
    let m_synced = synced(&driver, &href).await;
    assert!(
        !m_synced,
        "the letter jumped only once the library was synced"
    );
    assert_in_server_order(&under_m, &by_name, "under M before the sync completes");
    assert!(
        by_name[m].1.starts_with('m') && by_name[m - 1].1.as_str() < "m",
        "the first title under M is at the top"
    );

    // Synced: letters are answered by the cache again.
    wait_for("the library synced", Duration::from_secs(180), || async {
        synced(&driver, &href).await.then_some(())
    })
    .await;
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    let t = letter_offset(&by_name, 't');
    click_letter(&driver, 'T').await;
    let under_t = cards_on_screen(&driver, "the cards under T, synced", Some(t as u32)).await;
    assert_in_server_order(&under_t, &by_name, "under T once synced");
    assert_eq!(
        item_requests(&server).await,
        Vec::<String>::new(),
        "a synced library jumps locally"
    );
    driver.quit().await.unwrap();
}

/// Scrolls the window so that `fraction` of the grid's height is above the viewport's top
/// (0: the top of the page).
async fn scroll_to_fraction(driver: &WebDriver, fraction: f64) {
    js(
        driver,
        &format!(
            "const g = document.querySelector('main[data-page=library] .virtual-grid'); \
             const top = g.getBoundingClientRect().top + scrollY; \
             scrollTo(0, {fraction} > 0 ? top + g.offsetHeight * {fraction} : 0); return true;"
        ),
    )
    .await;
}

async fn set_sort(driver: &WebDriver, sort: &str) {
    js(
        driver,
        &format!(
            "const s = document.querySelector('select[name=sort]'); s.value = '{sort}'; \
             s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;"
        ),
    )
    .await;
}

async fn click_letter(driver: &WebDriver, letter: char) {
    driver
        .find(By::Css(format!(
            "nav.az-bar button[data-letter='{letter}']"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The position of the first title filed under `letter` (lowercase) in the server's order.
fn letter_offset(order: &[(String, String)], letter: char) -> usize {
    order
        .iter()
        .position(|(_, name)| name.as_str() >= letter.to_string().as_str())
        .expect("titles under the letter")
}
