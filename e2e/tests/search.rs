//! Search in real Chromium against the demo server: the header's field, results from the cache
//! (a word in the middle of a title, without accents, with a typo; an episode of a season that
//! was opened), offline answers from the cache that say so, a rename pushed by the server found
//! in two tabs, and recent searches gone at log out.
use std::time::Duration;

use e2e::browser::{attr, log_out_at, WAIT};
use e2e::thirtyfour::prelude::*;
use e2e::{item_ids, js, log_in, screenshot, texts, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// The header's field (the library page has a filter field of the same name).
const FIELD: &str = ".app-search input[name='q']";
/// The results' links, in order.
const RESULTS: &str = "main[data-page='search'] a.card";
/// A fixed title: found by "destin" (a middle word), "amelie" and "amélie", "poulian" (typo).
const MOVIE_TITLE: &str = "Le Fabuleux Destin d'Amélie Poulain";
/// A fixed episode added to a season that the test then opens.
const EPISODE_TITLE: &str = "Zanzibar Lighthouse Reunion";

async fn add_item(server: &DemoServer, body: Value) -> String {
    let added = server.control("POST", "/__demo/items", body).await;
    added["Id"].as_str().expect("the new item's id").to_string()
}

/// Types `text` into the header's field, as a user does (one key at a time).
async fn type_query(driver: &WebDriver, text: &str) {
    let field = driver
        .query(By::Css(FIELD))
        .first()
        .await
        .expect("the search field");
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// The ids of the results shown, in order.
async fn result_ids(driver: &WebDriver) -> Vec<String> {
    item_ids(driver, RESULTS).await
}

/// Waits until the results for `query` (as the URL and the results say: the last search's
/// stay on screen until the next one's replace them) include `id`.
async fn wait_found(driver: &WebDriver, query: &str, id: &str, what: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let url_query = js(
            driver,
            "return new URLSearchParams(location.search).get('q')",
        )
        .await;
        let results_for = attr(driver, "main[data-page='search']", "data-results-for").await;
        let ids = result_ids(driver).await;
        if url_query == json!(query)
            && results_for.as_deref() == Some(query)
            && ids.iter().any(|i| i == id)
        {
            return;
        }
        if std::time::Instant::now() > deadline {
            let field = js(
                driver,
                &format!("return document.querySelector(\"{FIELD}\").value"),
            )
            .await;
            let note = texts(driver, "main[data-page='search'] .search-status").await;
            screenshot(driver, "search-failure").await;
            panic!("timed out waiting for {what}: URL query {url_query}, results for {results_for:?}, field {field}, results {ids:?}, status {note:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn search_state(driver: &WebDriver) -> Option<String> {
    attr(
        driver,
        "main[data-page='search'] .search-status",
        "data-state",
    )
    .await
}

/// The library ids from Home's "My Libraries": (Movies, Shows).
async fn libraries(driver: &WebDriver) -> (String, String) {
    wait_for("My Libraries on Home", WAIT, || async {
        let value = js(
            driver,
            "return Array.from(document.querySelectorAll('.library-list a')).map(a => [a.textContent.trim(), a.getAttribute('data-item-id')])",
        )
        .await;
        let pairs: Vec<(String, String)> = serde_json::from_value(value).unwrap_or_default();
        let movies = pairs.iter().find(|(n, _)| n == "Movies")?.1.clone();
        let shows = pairs.iter().find(|(n, _)| n == "Shows")?.1.clone();
        Some((movies, shows))
    })
    .await
}

/// Opens a library and waits for its grid (the whole library is then being synced).
async fn open_library(driver: &WebDriver, base: &str, library: &str) -> Vec<String> {
    driver
        .goto(format!("{base}/library/{library}"))
        .await
        .unwrap();
    wait_for("the library grid", WAIT, || async {
        let ids = item_ids(driver, ".virtual-grid [data-item-id]").await;
        (!ids.is_empty()).then_some(ids)
    })
    .await
}

#[tokio::test]
async fn search_finds_cached_titles_online_offline_and_after_a_rename_in_every_tab() {
    let mut server = DemoServer::start(&["--movies", "40", "--shows", "2"]);
    let base = server.url.clone();
    let movie = add_item(&server, json!({"Type": "Movie", "Name": MOVIE_TITLE})).await;
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    log_in(&driver, &server, "demo", "demo").await;
    let (movies, shows) = libraries(&driver).await;

    // The movies are cached by their library's sync; an episode by opening its season.
    let grid = open_library(&driver, &base, &movies).await;
    assert!(!grid.is_empty());
    open_library(&driver, &base, &shows).await;
    let show = wait_for("a show in the grid", WAIT, || async {
        attr(&driver, "main a[href^='/show/']", "href").await
    })
    .await;
    // A new season of a show never opened, with a fixed episode: opening it caches it.
    let series = show.trim_start_matches("/show/").split('?').next().unwrap();
    let season = add_item(&server, json!({"Type": "Season", "SeriesId": series})).await;
    let episode = add_item(
        &server,
        json!({"Type": "Episode", "SeasonId": season, "Name": EPISODE_TITLE}),
    )
    .await;
    driver
        .goto(format!("{base}/show/{series}?season={season}"))
        .await
        .unwrap();
    wait_for("the added episode in its season", WAIT, || async {
        let ids = item_ids(&driver, "li.episode[data-item-id]").await;
        ids.contains(&episode).then_some(())
    })
    .await;

    // `/` focuses the header's field from a page; typing goes to /search?q=….
    driver.goto(format!("{base}/")).await.unwrap();
    libraries(&driver).await;
    driver
        .action_chain()
        .send_keys("/")
        .perform()
        .await
        .unwrap();
    let focused = js(
        &driver,
        "return document.activeElement && document.activeElement.matches(\".app-search input[name='q']\")",
    )
    .await;
    assert_eq!(focused, json!(true), "`/` focuses the search field");
    driver
        .active_element()
        .await
        .unwrap()
        .send_keys("destin")
        .await
        .unwrap();
    wait_found(
        &driver,
        "destin",
        &movie,
        "the movie by a word in the middle",
    )
    .await;
    let groups = texts(&driver, "main[data-page='search'] .search-group h2").await;
    assert!(
        groups.contains(&"Movies".to_string()),
        "grouped: {groups:?}"
    );
    let year = texts(
        &driver,
        &format!("main[data-page='search'] a.card[data-item-id='{movie}'] .card-subtitle"),
    )
    .await;
    assert!(
        year.first().is_some_and(|y| y.len() == 4),
        "the result shows its year: {year:?}"
    );
    for (query, what) in [
        ("amelie", "without diacritics"),
        ("Amélie", "with diacritics"),
        ("poulian", "with one typo"),
    ] {
        type_query(&driver, query).await;
        wait_found(&driver, query, &movie, &format!("the movie {what}")).await;
    }
    type_query(&driver, "zanzibar reunion").await;
    wait_found(
        &driver,
        "zanzibar reunion",
        &episode,
        "the episode of the opened season",
    )
    .await;
    let episodes = item_ids(&driver, "[data-group='episodes'] a.card").await;
    assert_eq!(
        episodes,
        std::slice::from_ref(&episode),
        "the episode is under Episodes"
    );

    // Arrow down from the field to the first result, Enter opens it; back and reload work.
    type_query(&driver, "destin").await;
    wait_found(&driver, "destin", &movie, "the movie again").await;
    let field = driver.query(By::Css(FIELD)).first().await.unwrap();
    field.send_keys(Key::Down).await.unwrap();
    let active = js(
        &driver,
        "return document.activeElement.getAttribute('data-item-id')",
    )
    .await;
    let first = result_ids(&driver).await.first().cloned();
    assert_eq!(
        active.as_str(),
        first.as_deref(),
        "the down arrow focuses the first result"
    );
    driver
        .active_element()
        .await
        .unwrap()
        .send_keys(Key::Enter)
        .await
        .unwrap();
    wait_for("the opened result's page", WAIT, || async {
        let path = js(&driver, "return location.pathname").await;
        path.as_str()
            .is_some_and(|p| p.starts_with("/movie/") || p.starts_with("/show/"))
            .then_some(())
    })
    .await;
    driver.back().await.unwrap();
    wait_found(&driver, "destin", &movie, "the results after back").await;
    driver.refresh().await.unwrap();
    wait_found(&driver, "destin", &movie, "the results after a reload").await;
    let value = js(
        &driver,
        &format!("return document.querySelector(\"{FIELD}\").value"),
    )
    .await;
    assert_eq!(
        value,
        json!("destin"),
        "the field shows the URL's query after a reload"
    );

    // A rename on the server reaches both tabs through the push.
    let tab_a = driver.window().await.unwrap();
    let tab_b = driver.new_tab().await.unwrap();
    driver.switch_to_window(tab_b.clone()).await.unwrap();
    driver
        .goto(format!("{base}/search?q=quixotic"))
        .await
        .unwrap();
    wait_for("tab B's empty answer", WAIT, || async {
        (search_state(&driver).await.as_deref() == Some("fresh")).then_some(())
    })
    .await;
    assert!(
        result_ids(&driver).await.is_empty(),
        "nothing is called quixotic yet"
    );
    driver.switch_to_window(tab_a.clone()).await.unwrap();
    type_query(&driver, "quixotic").await;
    wait_for("tab A's empty answer", WAIT, || async {
        (search_state(&driver).await.as_deref() == Some("fresh")).then_some(())
    })
    .await;
    server
        .control(
            "POST",
            &format!("/__demo/items/{movie}?user=demo"),
            json!({"Name": "The Quixotic Zeppelin"}),
        )
        .await;
    wait_found(&driver, "quixotic", &movie, "the renamed movie in tab A").await;
    driver.switch_to_window(tab_b.clone()).await.unwrap();
    wait_found(&driver, "quixotic", &movie, "the renamed movie in tab B").await;
    driver.close_window().await.unwrap();
    driver.switch_to_window(tab_a).await.unwrap();

    // Server gone: the cache answers, and the page says these are saved results only.
    server.stop();
    for (query, id, what) in [
        ("zeppelin", &movie, "the renamed movie"),
        ("zanzibar", &episode, "the episode"),
    ] {
        type_query(&driver, query).await;
        wait_found(&driver, query, id, &format!("{what} offline")).await;
        let state = wait_for("the offline note", WAIT, || async {
            search_state(&driver).await.filter(|s| s == "offline")
        })
        .await;
        assert_eq!(state, "offline");
        let note = texts(&driver, "main[data-page='search'] .search-status").await;
        assert_eq!(note, ["Offline: showing saved results only"]);
    }
    // What the cache holds is the new name (the old one may stay as the original title).
    type_query(&driver, "zeppelin").await;
    wait_found(
        &driver,
        "zeppelin",
        &movie,
        "the renamed movie offline, again",
    )
    .await;
    let title = texts(
        &driver,
        &format!("{RESULTS}[data-item-id='{movie}'] .card-title"),
    )
    .await;
    assert_eq!(
        title,
        ["The Quixotic Zeppelin"],
        "the result shows the new name"
    );
    screenshot(&driver, "search-offline").await;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn recent_searches_are_kept_per_user_and_gone_after_log_out() {
    let server = DemoServer::start(&["--movies", "20", "--shows", "1"]);
    let base = server.url.clone();
    let movie = add_item(&server, json!({"Type": "Movie", "Name": MOVIE_TITLE})).await;
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    log_in(&driver, &server, "demo", "demo").await;
    libraries(&driver).await;

    type_query(&driver, "fabuleux").await;
    wait_found(&driver, "fabuleux", &movie, "the movie").await;
    // Opening a result keeps the search.
    driver
        .query(By::Css(format!("{RESULTS}[data-item-id='{movie}']")))
        .first()
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for("the movie's page", WAIT, || async {
        let path = js(&driver, "return location.pathname").await;
        (path == json!(format!("/movie/{movie}"))).then_some(())
    })
    .await;
    driver.goto(format!("{base}/search")).await.unwrap();
    let recent = wait_for("the recent searches", WAIT, || async {
        let list = texts(&driver, ".recent-searches [data-recent]").await;
        (!list.is_empty()).then_some(list)
    })
    .await;
    assert_eq!(recent, ["fabuleux"]);

    log_out_at(&driver, &base).await;
    log_in(&driver, &server, "demo", "demo").await;
    libraries(&driver).await;
    driver.goto(format!("{base}/search")).await.unwrap();
    wait_for("the recent searches read", WAIT, || async {
        let read = attr(&driver, "main[data-page='search']", "data-recent").await;
        (read.as_deref() == Some("loaded")).then_some(())
    })
    .await;
    let recent = texts(&driver, ".recent-searches [data-recent]").await;
    assert!(
        recent.is_empty(),
        "recent searches after log out: {recent:?}"
    );
    driver.quit().await.unwrap();
}
