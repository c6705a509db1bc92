//! Played and favorite in real Chromium against the demo server: an action taken while the
//! server is down survives a reload and reaches the server when it is back, Home follows in
//! every tab; a change made elsewhere arrives over the push socket; a refused action is undone.
use std::time::{Duration, Instant};

use e2e::browser::{attr, WAIT};
use e2e::thirtyfour::prelude::*;
use e2e::{item_ids, js, log_in, screenshot, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

async fn click(driver: &WebDriver, css: &str) {
    driver
        .query(By::Css(css))
        .first()
        .await
        .unwrap_or_else(|_| panic!("no {css}"))
        .click()
        .await
        .unwrap();
}

/// The Home rows' item ids: (Continue Watching, Next Up).
async fn home_rows(driver: &WebDriver) -> (Vec<String>, Vec<String>) {
    (
        item_ids(driver, "section[data-section='resume'] [data-item-id]").await,
        item_ids(driver, "section[data-section='nextup'] [data-item-id]").await,
    )
}

async fn wait_home(driver: &WebDriver, what: &str, check: impl Fn(&[String], &[String]) -> bool) {
    let deadline = Instant::now() + WAIT;
    loop {
        let (resume, next_up) = home_rows(driver).await;
        if check(&resume, &next_up) {
            return;
        }
        if Instant::now() > deadline {
            screenshot(driver, "actions-home").await;
            panic!("timed out after {WAIT:?} waiting for {what}; Continue Watching {resume:?}, Next Up {next_up:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The link to the library called `name` on Home.
async fn library_href(driver: &WebDriver, name: &str) -> String {
    let script = format!(
        "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === {}); return a && a.getAttribute('href');",
        serde_json::to_string(name).unwrap()
    );
    wait_for(&format!("the {name} library"), WAIT, || async {
        js(driver, &script).await.as_str().map(str::to_string)
    })
    .await
}

/// The first show's last season: the show page's URL with that season selected and its
/// episodes' ids, in order. (The last season, so that no later episode can be played.)
async fn last_season_episodes(driver: &WebDriver, base: &str) -> (String, Vec<String>) {
    let shows = library_href(driver, "Shows").await;
    driver.goto(format!("{base}{shows}")).await.unwrap();
    let show = wait_for("a show in the grid", WAIT, || async {
        attr(driver, "main a[href^='/show/']", "href").await
    })
    .await;
    driver.goto(format!("{base}{show}")).await.unwrap();
    let seasons = wait_for("the seasons", WAIT, || async {
        let list = item_ids(driver, ".seasons button[data-item-id]").await;
        (!list.is_empty()).then_some(list)
    })
    .await;
    let season = seasons.last().unwrap();
    let series = show.trim_start_matches("/show/").split('?').next().unwrap();
    let url = format!("{base}/show/{series}?season={season}");
    driver.goto(&url).await.unwrap();
    let selected = format!(".seasons button[data-item-id='{season}'][aria-pressed='true']");
    let episodes = wait_for("three episodes of the last season", WAIT, || async {
        let list = item_ids(driver, "li.episode[data-item-id]").await;
        let shown = attr(driver, &selected, "data-item-id").await.is_some();
        (shown && list.len() >= 3).then_some(list)
    })
    .await;
    (url, episodes)
}

async fn user_data(server: &DemoServer, id: &str) -> Value {
    server
        .control("GET", &format!("/__demo/items/{id}?user=demo"), Value::Null)
        .await["UserData"]
        .clone()
}

#[tokio::test]
async fn an_episode_marked_played_offline_survives_a_reload_and_reaches_the_server_and_every_tab() {
    let sessions =
        std::env::temp_dir().join(format!("marquee-actions-{}.json", std::process::id()));
    let sessions_arg = sessions.display().to_string();
    let mut server = DemoServer::start(&[
        "--movies",
        "20",
        "--shows",
        "3",
        "--sessions-file",
        &sessions_arg,
    ]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    log_in(&driver, &server, "demo", "demo").await;
    let (show_url, episodes) = last_season_episodes(&driver, &base).await;
    let [watched, target, next] = &episodes[episodes.len() - 3..] else {
        unreachable!("three episodes")
    };

    // Another client: the third-last episode watched, the next one half-way, the last one not
    // watched, so the half-watched one is up next. Home follows.
    let others_marks = |target_too: bool| {
        let mut marks = vec![
            (watched.clone(), json!({"User": "demo", "Played": true})),
            (next.clone(), json!({"User": "demo", "Played": false})),
        ];
        if target_too {
            let half_way = json!({"User": "demo", "PlaybackPositionTicks": 6_000_000_000i64});
            marks.push((target.clone(), half_way));
        }
        marks
    };
    for (id, data) in others_marks(true) {
        server
            .control("POST", &format!("/__demo/userdata/{id}"), data)
            .await;
    }
    driver.goto(format!("{base}/")).await.unwrap();
    let tab_a = driver.window().await.unwrap();
    wait_home(
        &driver,
        "the episode in progress and up next (tab A)",
        |r, n| r.contains(target) && n.contains(target),
    )
    .await;
    let tab_b = driver.new_tab().await.unwrap();
    driver.switch_to_window(tab_b.clone()).await.unwrap();
    driver.goto(format!("{base}/")).await.unwrap();
    wait_home(
        &driver,
        "the episode in progress and up next (tab B)",
        |r, n| r.contains(target) && n.contains(target),
    )
    .await;

    // Tab A opens the season, the server goes away, the user marks the episode watched.
    driver.switch_to_window(tab_a.clone()).await.unwrap();
    driver.goto(&show_url).await.unwrap();
    let row = format!("li.episode[data-item-id='{target}']");
    let button = format!("{row} button[data-action='played']");
    wait_for("the episode's played toggle", WAIT, || async {
        (attr(&driver, &button, "aria-pressed").await.as_deref() == Some("false")).then_some(())
    })
    .await;
    server.stop();
    click(&driver, &button).await;
    wait_for("the toggle pressed and pending at once", WAIT, || async {
        let pressed = attr(&driver, &button, "aria-pressed").await;
        let pending = attr(&driver, &row, "data-pending").await;
        (pressed.as_deref() == Some("true") && pending.as_deref() == Some("true")).then_some(())
    })
    .await;

    // A reload with the server still down: the mark is still there, still pending.
    driver.refresh().await.unwrap();
    wait_for("the mark after a reload, offline", WAIT, || async {
        let pressed = attr(&driver, &button, "aria-pressed").await;
        let pending = attr(&driver, &row, "data-pending").await;
        (pressed.as_deref() == Some("true") && pending.as_deref() == Some("true")).then_some(())
    })
    .await;
    let outbox = js(
        &driver,
        "return await new Promise(done => { const names = indexedDB.databases(); names.then(list => { const name = list.map(d => d.name).find(n => n.startsWith('marquee-')); const open = indexedDB.open(name); open.onsuccess = () => { const db = open.result; const r = db.transaction('outbox').objectStore('outbox').count(); r.onsuccess = () => { db.close(); done(r.result); }; }; }); });",
    )
    .await;
    assert_eq!(outbox, json!(1), "one action waits in the outbox");
    // The server is back: the outbox drains by itself, the server has the mark.
    server.restart();
    // The demo server keeps user data in memory and regenerates it at start (its tokens are
    // kept in the sessions file): the other client's marks are made again.
    for (id, data) in others_marks(false) {
        server
            .control("POST", &format!("/__demo/userdata/{id}"), data)
            .await;
    }
    let drained = Instant::now();
    wait_for("the mark confirmed (pending gone)", WAIT, || async {
        let pressed = attr(&driver, &button, "aria-pressed").await;
        let pending = attr(&driver, &row, "data-pending").await;
        (pressed.as_deref() == Some("true") && pending.is_none()).then_some(())
    })
    .await;
    println!(
        "outbox drained {:?} after the server came back",
        drained.elapsed()
    );
    assert_eq!(user_data(&server, target).await["Played"], json!(true));

    // Home follows in both tabs: the episode leaves Continue Watching, the next one is up.
    driver.goto(format!("{base}/")).await.unwrap();
    wait_home(&driver, "Home updated (tab A)", |r, n| {
        !r.contains(target) && !n.contains(target) && n.contains(next)
    })
    .await;
    driver.switch_to_window(tab_b).await.unwrap();
    wait_home(&driver, "Home updated without reload (tab B)", |r, n| {
        !r.contains(target) && !n.contains(target) && n.contains(next)
    })
    .await;
    let _ = std::fs::remove_file(&sessions);
    driver.quit().await.unwrap();
}

/// Logs in and opens the first movie on Home, fresh and not a favorite; returns the selector
/// of its favorite toggle.
async fn open_unfavorited_movie(driver: &WebDriver, server: &DemoServer) -> &'static str {
    log_in(driver, server, "demo", "demo").await;
    let movie = wait_for("a movie on Home", WAIT, || async {
        attr(driver, "main a[href^='/movie/']", "href").await
    })
    .await;
    driver.goto(format!("{}{movie}", server.url)).await.unwrap();
    let button = "main[data-page='movie'] button[data-action='favorite']";
    wait_for("the movie page, fresh", WAIT, || async {
        let fresh = attr(driver, "main[data-page='movie']", "data-freshness").await;
        let pressed = attr(driver, button, "aria-pressed").await;
        (fresh.as_deref() == Some("fresh") && pressed.as_deref() == Some("false")).then_some(())
    })
    .await;
    button
}

#[tokio::test]
async fn a_mark_made_elsewhere_arrives_over_the_socket_within_a_second() {
    let server = DemoServer::start(&["--movies", "20", "--shows", "2"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    let button = open_unfavorited_movie(&driver, &server).await;
    let id = attr(&driver, "main[data-page='movie']", "data-item-id")
        .await
        .expect("the movie's id");
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    let started = Instant::now();
    server
        .control(
            "POST",
            &format!("/__demo/userdata/{id}"),
            json!({"User": "demo", "IsFavorite": true}),
        )
        .await;
    wait_for("the favorite shown", WAIT, || async {
        (attr(&driver, button, "aria-pressed").await.as_deref() == Some("true")).then_some(())
    })
    .await;
    let shown = started.elapsed();
    // The push names the item and the app fetched just what it touches: the item once, and
    // the home rows that hang on user data; no sweep, no polling.
    let log = server.control("GET", "/__demo/requests", Value::Null).await;
    let paths: Vec<String> = log["log"]
        .as_array()
        .expect("the request log")
        .iter()
        .map(|e| e["path"].as_str().unwrap_or("").to_string())
        .collect();
    let item_path = format!("/Items/{id}");
    assert_eq!(
        paths.iter().filter(|p| **p == item_path).count(),
        1,
        "one refresh of the pushed item: {paths:?}"
    );
    assert!(
        paths.iter().all(
            |p| [item_path.as_str(), "/UserItems/Resume", "/Shows/NextUp"].contains(&p.as_str())
        ),
        "only what the change touches: {paths:?}"
    );
    println!("a favorite set elsewhere shown after {shown:?}");
    if shown >= Duration::from_secs(1) {
        screenshot(&driver, "socket-favorite-slow").await;
    }
    assert!(
        shown < Duration::from_secs(1),
        "pushed within 1 s: {shown:?}"
    );
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn an_action_the_server_refuses_is_undone_and_the_user_is_told() {
    let server = DemoServer::start(&["--movies", "20", "--shows", "2"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    let button = open_unfavorited_movie(&driver, &server).await;
    server
        .control(
            "POST",
            "/__demo/faults",
            json!({"prefix": "/UserFavoriteItems", "mode": "status", "status": 404}),
        )
        .await;
    // The server answers slowly, so the optimistic state is there to be seen before the undo.
    server
        .control("POST", "/__demo/latency", json!({"ms": 1500}))
        .await;
    click(&driver, button).await;
    wait_for("the favorite shown at once, pending", WAIT, || async {
        let pressed = attr(&driver, button, "aria-pressed").await;
        let pending = attr(&driver, "main[data-page='movie']", "data-pending").await;
        (pressed.as_deref() == Some("true") && pending.is_some()).then_some(())
    })
    .await;
    let note = wait_for("the refusal told", WAIT, || async {
        let text = js(
            &driver,
            "const e = document.querySelector('[data-action-note]'); return e ? e.textContent : null;",
        )
        .await;
        text.as_str().map(str::to_string)
    })
    .await;
    assert!(note.contains("favorites"), "{note}");
    wait_for("the favorite undone, nothing pending", WAIT, || async {
        let pressed = attr(&driver, button, "aria-pressed").await;
        let pending = attr(&driver, "main[data-page='movie']", "data-pending").await;
        (pressed.as_deref() == Some("false") && pending.is_none()).then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn a_card_menu_marks_an_item_from_the_library_grid() {
    let server = DemoServer::start(&["--movies", "20", "--shows", "2"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    log_in(&driver, &server, "demo", "demo").await;
    let movies = library_href(&driver, "Movies").await;
    driver
        .goto(format!("{}{movies}", server.url))
        .await
        .unwrap();
    let cell = ".virtual-grid .grid-cell[data-index='0']";
    let id = wait_for("the first card", WAIT, || async {
        attr(&driver, &format!("{cell} a.card"), "data-item-id").await
    })
    .await;
    let was_favorite = user_data(&server, &id).await["IsFavorite"] == json!(true);
    let menu_button = format!("{cell} .card-menu-button");
    assert_eq!(
        attr(&driver, &menu_button, "aria-expanded")
            .await
            .as_deref(),
        Some("false")
    );
    click(&driver, &menu_button).await;
    let toggle =
        format!("{cell} .card-menu-popover[data-item-id='{id}'] button[data-action='favorite']");
    let pressed = wait_for("the menu's favorite toggle", WAIT, || async {
        attr(&driver, &toggle, "aria-pressed").await
    })
    .await;
    assert_eq!(
        pressed,
        was_favorite.to_string(),
        "the toggle shows the state"
    );
    click(&driver, &toggle).await;
    wait_for("the favorite on the server", WAIT, || async {
        (user_data(&server, &id).await["IsFavorite"] == json!(!was_favorite)).then_some(())
    })
    .await;
    // The menu, opened again, shows the new state.
    wait_for("the new state in the card's menu", WAIT, || async {
        if attr(&driver, &menu_button, "aria-expanded")
            .await
            .as_deref()
            == Some("false")
        {
            click(&driver, &menu_button).await;
        }
        let pressed = attr(&driver, &toggle, "aria-pressed").await;
        (pressed.as_deref() == Some(if was_favorite { "false" } else { "true" })).then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}
