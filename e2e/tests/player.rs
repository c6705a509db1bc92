//! Playback in real Chromium (autoplay allowed by a flag) against the demo server: a movie
//! plays and its progress reaches the server, a reload resumes it, a stop past 90% marks it
//! played and changes Home in another tab, transcoding plays through native HLS and through
//! hls.js, subtitles show, Skip intro and Up next work, the player's own controls work and
//! hide while playing, a position made while the server is down reaches it after a restart,
//! and no media URL carries the token while the service worker is in control.
use std::time::{Duration, Instant};

use e2e::browser::attr;
use e2e::thirtyfour::prelude::*;
use e2e::{item_ids, js, log_in, screenshot, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(40);
const TICKS_PER_SECOND: f64 = 10_000_000.0;
const AUTOPLAY: &str = "--autoplay-policy=no-user-gesture-required";

async fn browser(chrome: &ChromeDriver) -> WebDriver {
    chrome.browser_with(&[AUTOPLAY]).await
}

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

/// The href of the library called `name` on Home.
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

/// Opens the first movie's page; returns its id.
async fn open_first_movie(driver: &WebDriver, base: &str) -> String {
    let movies = library_href(driver, "Movies").await;
    driver.goto(format!("{base}{movies}")).await.unwrap();
    let href = wait_for("a movie in the grid", WAIT, || async {
        attr(driver, "main a[href^='/movie/']", "href").await
    })
    .await;
    driver.goto(format!("{base}{href}")).await.unwrap();
    href.trim_start_matches("/movie/").to_string()
}

/// The first show's first season: its URL and its episodes' ids, in order.
async fn first_season(driver: &WebDriver, base: &str) -> (String, Vec<String>) {
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
    let series = show.trim_start_matches("/show/").split('?').next().unwrap();
    let url = format!("{base}/show/{series}?season={}", seasons[0]);
    driver.goto(&url).await.unwrap();
    let selected = format!(
        ".seasons button[data-item-id='{}'][aria-pressed='true']",
        seasons[0]
    );
    let episodes = wait_for("two episodes of the first season", WAIT, || async {
        let list = item_ids(driver, "li.episode[data-item-id]").await;
        let shown = attr(driver, &selected, "data-item-id").await.is_some();
        (shown && list.len() >= 2).then_some(list)
    })
    .await;
    (url, episodes)
}

/// The `<video>`'s state: (currentTime, paused, src, readyState).
async fn video(driver: &WebDriver) -> Option<(f64, bool, String, i64)> {
    let v = js(
        driver,
        "const v = document.querySelector('main[data-page=\"player\"] video'); return v && [v.currentTime, v.paused, v.currentSrc || v.src || '', v.readyState];",
    )
    .await;
    let a = v.as_array()?;
    Some((
        a[0].as_f64()?,
        a[1].as_bool()?,
        a[2].as_str()?.to_string(),
        a[3].as_i64()?,
    ))
}

/// Waits until the video plays past `seconds`; returns its time then.
async fn playing_past(driver: &WebDriver, seconds: f64) -> f64 {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some((t, paused, _, _)) = video(driver).await {
            if t > seconds && !paused {
                return t;
            }
        }
        if Instant::now() > deadline {
            screenshot(driver, "player-not-playing").await;
            let error = js(
                driver,
                "const e = document.querySelector('.player-error'); return e && e.textContent;",
            )
            .await;
            panic!(
                "the video did not play past {seconds} s: {:?}, error {error}",
                video(driver).await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn set_time(driver: &WebDriver, seconds: f64) {
    js(
        driver,
        &format!(
            "document.querySelector('main[data-page=\"player\"] video').currentTime = {seconds};"
        ),
    )
    .await;
}

async fn pause(driver: &WebDriver) -> f64 {
    js(
        driver,
        "document.querySelector('main[data-page=\"player\"] video').pause();",
    )
    .await;
    wait_for("the video paused", WAIT, || async {
        video(driver).await.filter(|v| v.1).map(|v| v.0)
    })
    .await
}

async fn user_data(server: &DemoServer, id: &str) -> Value {
    server
        .control("GET", &format!("/__demo/items/{id}?user=demo"), Value::Null)
        .await["UserData"]
        .clone()
}

fn position_seconds(data: &Value) -> f64 {
    data["PlaybackPositionTicks"].as_f64().unwrap_or(0.0) / TICKS_PER_SECOND
}

async fn playback(server: &DemoServer) -> Value {
    server.control("GET", "/__demo/playback", Value::Null).await
}

/// Waits until the server's position for `id` is within `tolerance` s of `seconds`.
async fn server_position_near(server: &DemoServer, id: &str, seconds: f64, tolerance: f64) {
    let deadline = Instant::now() + WAIT;
    loop {
        let data = user_data(server, id).await;
        if (position_seconds(&data) - seconds).abs() <= tolerance {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the server's position for {id} is {} s, not {seconds} ± {tolerance} s: {data}",
            position_seconds(&data)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_movie_plays_its_progress_reaches_the_server_and_a_reload_resumes_it() {
    let server = DemoServer::start(&["--movies", "5", "--shows", "1"]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    let id = open_first_movie(&driver, &base).await;
    let play = format!("[data-item-id='{id}'] button[data-action='play']");
    let label = wait_for("the play button", WAIT, || async {
        driver
            .query(By::Css(&play))
            .first()
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    // "Play", or "Resume m:ss" where the demo library has a position already.
    assert!(
        label.contains("Play") || label.contains("Resume "),
        "{label}"
    );
    click(&driver, &play).await;

    // It plays: the time advances.
    let first = playing_past(&driver, 0.5).await;
    let later = playing_past(&driver, first + 1.0).await;
    assert!(later > first);
    let mark = js(
        &driver,
        "return performance.getEntriesByName('marquee:playing').length",
    )
    .await;
    assert_eq!(mark, json!(1));

    // A seek and a pause are reported at once, with the exact position.
    set_time(&driver, 20.0).await;
    playing_past(&driver, 21.0).await;
    let paused_at = pause(&driver).await;
    server_position_near(&server, &id, paused_at, 2.0).await;
    let reports = playback(&server).await;
    let last = reports["last_reports"].clone();
    let sessions: Vec<&str> = last
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["PlaySessionId"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(!sessions.is_empty(), "{reports}");
    assert!(
        sessions.iter().all(|s| *s == sessions[0]),
        "one PlaySessionId: {reports}"
    );
    assert!(
        reports["reports"]["Playing"].as_u64() >= Some(1),
        "{reports}"
    );
    assert!(
        reports["reports"]["Progress"].as_u64() >= Some(1),
        "{reports}"
    );

    // Back on the movie page (a reload), Resume starts within a second of where it stopped.
    driver.goto(format!("{base}/movie/{id}")).await.unwrap();
    let resume = wait_for("a Resume button", WAIT, || async {
        let text = driver
            .query(By::Css(&play))
            .first()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        text.contains("Resume").then_some(text)
    })
    .await;
    assert!(resume.contains("0:2"), "{resume}");
    click(&driver, &play).await;
    let resumed = wait_for("the resumed video", WAIT, || async {
        video(&driver)
            .await
            .filter(|v| v.3 >= 1 && v.0 > 0.0)
            .map(|v| v.0)
    })
    .await;
    assert!(
        (resumed - paused_at).abs() <= 1.0 + 0.5,
        "resumed at {resumed}, stopped at {paused_at}"
    );

    // Start over starts at 0.
    driver.goto(format!("{base}/movie/{id}")).await.unwrap();
    click(
        &driver,
        &format!("[data-item-id='{id}'] button[data-action='play-from-start']"),
    )
    .await;
    let start = wait_for("the video from the start", WAIT, || async {
        video(&driver).await.filter(|v| v.3 >= 1).map(|v| v.0)
    })
    .await;
    assert!(start < 3.0, "Start over began at {start}");
    driver.quit().await.unwrap();
}

/// Home's Continue Watching and Next Up rows, as ids.
async fn home_rows(driver: &WebDriver) -> (Vec<String>, Vec<String>) {
    (
        item_ids(driver, "section[data-section='resume'] [data-item-id]").await,
        item_ids(driver, "section[data-section='nextup'] [data-item-id]").await,
    )
}

#[tokio::test]
async fn stopping_past_ninety_percent_marks_played_and_home_changes_in_another_tab() {
    let server = DemoServer::start(&["--movies", "3", "--shows", "2"]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    let (_, episodes) = first_season(&driver, &base).await;
    let (target, next) = (&episodes[0], &episodes[1]);
    // The season unwatched, its first episode in progress elsewhere: the show is in Continue
    // Watching and not in Next Up (nothing of it watched), so watching the first episode must
    // bring the second into Next Up. (The generated library has the season's first episodes
    // watched already: Next Up would not move.)
    for id in &episodes {
        server
            .control(
                "POST",
                &format!("/__demo/userdata/{id}"),
                json!({"User": "demo", "Played": false}),
            )
            .await;
    }
    // The season's page (on screen) follows the server's push: this device knows it too.
    wait_for("the season shown unwatched", WAIT, || async {
        let played = item_ids(&driver, "li.episode[data-played='true']").await;
        let shown = item_ids(&driver, "li.episode[data-item-id]").await;
        (played.is_empty() && shown.len() == episodes.len()).then_some(())
    })
    .await;
    server
        .control(
            "POST",
            &format!("/__demo/userdata/{target}"),
            json!({"User": "demo", "PlaybackPositionTicks": 150_000_000i64}),
        )
        .await;
    driver.goto(format!("{base}/")).await.unwrap();
    wait_for(
        "the episode in Continue Watching and the show not in Next Up",
        WAIT,
        || async {
            let (resume, next_up) = home_rows(&driver).await;
            let show_in_next_up = next_up.iter().any(|id| episodes.contains(id));
            (resume.contains(target) && !show_in_next_up).then_some(())
        },
    )
    .await;
    let home_tab = driver.window().await.unwrap();

    // Tab B plays it from its Continue Watching card, to past 90%, and leaves.
    let player_tab = driver.new_tab().await.unwrap();
    driver.switch_to_window(player_tab).await.unwrap();
    driver.goto(format!("{base}/")).await.unwrap();
    let play = format!(
        "section[data-section='resume'] [data-item-id='{target}'] button[data-action='play']"
    );
    let label = wait_for("Resume on the card", WAIT, || async {
        driver
            .query(By::Css(&play))
            .first()
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(label.contains("Resume 0:15"), "{label}");
    click(&driver, &play).await;
    playing_past(&driver, 15.5).await;
    // From here the server refuses every report (it would mark the episode played on any
    // report past 90%): what Home shows next is this device's own doing.
    server
        .control(
            "POST",
            "/__demo/faults",
            json!({"prefix": "/Sessions/Playing", "mode": "status", "status": 503}),
        )
        .await;
    set_time(&driver, 56.0).await;
    playing_past(&driver, 56.0).await;
    pause(&driver).await;
    click(
        &driver,
        "main[data-page='player'] button[data-control='back']",
    )
    .await;

    // Tab A's Home follows before the server has the stop.
    driver.switch_to_window(home_tab).await.unwrap();
    let follows = |resume: &[String], next_up: &[String]| {
        !resume.contains(target) && next_up.first() == Some(next) && !next_up.contains(target)
    };
    let deadline = Instant::now() + WAIT;
    loop {
        let (resume, next_up) = home_rows(&driver).await;
        if follows(&resume, &next_up) {
            break;
        }
        if Instant::now() > deadline {
            screenshot(&driver, "player-home-tab").await;
            panic!(
                "Home did not follow: Continue Watching {resume:?}, Next Up {next_up:?}; \
                 watched {target}, next {next}; on the server {}",
                user_data(&server, target).await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let on_server = user_data(&server, target).await;
    assert_eq!(
        on_server["Played"],
        json!(false),
        "the server had it already: {on_server}"
    );
    server
        .control("DELETE", "/__demo/requests", Value::Null)
        .await;
    server
        .control("DELETE", "/__demo/faults", Value::Null)
        .await;

    // The stop gets through on a retry once the server takes reports again; the refreshes its
    // answer starts keep Home as it is.
    let deadline = Instant::now() + WAIT;
    loop {
        let data = user_data(&server, target).await;
        if data["Played"] == json!(true) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not played on the server: {data}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The log runs from before the stop got through: Next Up is asked again after it (the
    // log is not cleared here, or a refresh quicker than this test would be lost from it).
    wait_for(
        "Next Up fetched after the server's answer",
        WAIT,
        || async {
            let log = server.control("GET", "/__demo/requests", Value::Null).await;
            let entries = log["log"].as_array()?.clone();
            let stopped = entries.iter().position(|e| {
                e["path"] == json!("/Sessions/Playing/Stopped")
                    && e["status"].as_u64().is_some_and(|s| s < 300)
            })?;
            entries[stopped..]
                .iter()
                .any(|e| e["path"] == json!("/Shows/NextUp"))
                .then_some(())
        },
    )
    .await;
    wait_for("Home as the server has it", WAIT, || async {
        let (resume, next_up) = home_rows(&driver).await;
        follows(&resume, &next_up).then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}

/// Presses `keys` on whatever has focus (the player listens on the window).
async fn press(driver: &WebDriver, keys: &str) {
    driver
        .action_chain()
        .send_keys(keys)
        .perform()
        .await
        .unwrap();
}

/// The player's control bar state: "shown" or "hidden".
async fn controls(driver: &WebDriver) -> Option<String> {
    attr(driver, "main[data-page='player'] .player", "data-controls").await
}

/// Brings the controls back (a key) and waits until they show.
async fn reveal_controls(driver: &WebDriver) {
    press(driver, "x").await;
    wait_for("the controls shown", WAIT, || async {
        (controls(driver).await.as_deref() == Some("shown")).then_some(())
    })
    .await;
}

/// The `<video>`'s (paused, muted).
/// Clicks the `control` button twice: `flag` of (paused, muted) turns on and the button comes
/// to be named `named`; the second click turns it off again.
async fn toggles_twice(
    driver: &WebDriver,
    control: &str,
    flag: fn((bool, bool)) -> bool,
    named: &str,
) {
    let button = format!("button[data-control='{control}']");
    click(driver, &button).await;
    // The button is renamed when the video's event comes back, a moment after the video.
    wait_for(
        &format!("{control} on by the button, and the button named {named}"),
        WAIT,
        || async {
            let on = flag(paused_muted(driver).await);
            let name = attr(driver, &button, "aria-label").await;
            (on && name.as_deref() == Some(named)).then_some(())
        },
    )
    .await;
    click(driver, &button).await;
    wait_for(&format!("{control} off by the button"), WAIT, || async {
        (!flag(paused_muted(driver).await)).then_some(())
    })
    .await;
}

async fn paused_muted(driver: &WebDriver) -> (bool, bool) {
    let v = js(
        driver,
        "const v = document.querySelector('main[data-page=\"player\"] video'); return [v.paused, v.muted];",
    )
    .await;
    (v[0] == json!(true), v[1] == json!(true))
}

#[tokio::test]
async fn the_players_own_controls_play_pause_seek_mute_and_hide_while_playing() {
    let server = DemoServer::start(&["--movies", "3", "--shows", "1"]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    let id = open_first_movie(&driver, &base).await;
    wait_for("the movie page", WAIT, || async {
        attr(&driver, "main[data-page='movie']", "data-item-id").await
    })
    .await;
    driver
        .goto(format!("{base}/play/{id}?start=0"))
        .await
        .unwrap();
    playing_past(&driver, 0.5).await;

    // The player's own bar, not the browser's: every control a named button or range.
    let found = js(
        &driver,
        r#"const main = document.querySelector('main[data-page="player"]');
        const shown = Array.from(main.querySelectorAll('.player-controls [data-control]'))
            .filter(e => !e.closest('[hidden]'));
        return {
            native: main.querySelector('video').controls,
            controls: shown.map(e => [e.dataset.control, e.tagName, e.type, e.getAttribute('aria-label') || '']),
        };"#,
    )
    .await;
    assert_eq!(found["native"], json!(false), "no native controls: {found}");
    let controls_found: Vec<(String, String, String, String)> = found["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let part = |i: usize| c[i].as_str().unwrap_or("").to_string();
            (part(0), part(1), part(2), part(3))
        })
        .collect();
    for (control, tag, kind, name) in &controls_found {
        assert!(
            !name.is_empty(),
            "{control} has no name: {controls_found:?}"
        );
        assert!(
            tag == "BUTTON" || (tag == "INPUT" && kind == "range"),
            "{control} is a {tag} {kind}"
        );
    }
    let named = |control: &str| {
        controls_found
            .iter()
            .find(|c| c.0 == control)
            .map(|c| c.3.clone())
    };
    for (control, name) in [
        ("play", "Pause"),
        ("back-10", "Back 10 seconds"),
        ("forward-10", "Forward 10 seconds"),
        ("seek", "Seek"),
        ("mute", "Mute"),
        ("volume", "Volume"),
        ("fullscreen", "Fullscreen"),
    ] {
        assert_eq!(
            named(control).as_deref(),
            Some(name),
            "{control}: {controls_found:?}"
        );
    }
    // Elapsed and remaining add up to the length ("0:01" and "-0:59" of a minute's clip).
    let times = js(
        &driver,
        "const t = (n) => document.querySelector(`[data-time=\"${n}\"]`).textContent; return [t('elapsed'), t('remaining'), document.querySelector('main[data-page=\"player\"] video').duration];",
    )
    .await;
    let seconds = |text: &str| -> Option<f64> {
        let (m, s) = text.trim_start_matches('-').split_once(':')?;
        Some(m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
    };
    let elapsed = times[0].as_str().and_then(seconds);
    let remaining = times[1]
        .as_str()
        .filter(|t| t.starts_with('-'))
        .and_then(seconds);
    let length = times[2].as_f64().unwrap_or(0.0);
    assert!(
        matches!((elapsed, remaining), (Some(e), Some(r)) if (e + r - length).abs() <= 2.0),
        "elapsed and remaining: {times}"
    );
    // Play/pause toggles the video.
    reveal_controls(&driver).await;
    toggles_twice(&driver, "play", |(paused, _)| paused, "Play").await;

    // The seek bar moves the video.
    js(
        &driver,
        "const r = document.querySelector('input[data-control=\"seek\"]'); r.value = '30'; r.dispatchEvent(new Event('input', {bubbles: true}));",
    )
    .await;
    let sought = wait_for("the video at 30 s", WAIT, || async {
        video(&driver)
            .await
            .map(|v| v.0)
            .filter(|t| (30.0..34.0).contains(t))
    })
    .await;
    assert!(sought >= 30.0);

    // Mute toggles, by the button and by M.
    reveal_controls(&driver).await;
    toggles_twice(&driver, "mute", |(_, muted)| muted, "Unmute").await;
    press(&driver, "m").await;
    wait_for("muted by M", WAIT, || async {
        paused_muted(&driver).await.1.then_some(())
    })
    .await;

    // While playing, the bar hides after a few seconds without activity, and a key brings it
    // back.
    let started = Instant::now();
    wait_for("the controls hidden while playing", WAIT, || async {
        (controls(&driver).await.as_deref() == Some("hidden")).then_some(())
    })
    .await;
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "hid too soon: {:?}",
        started.elapsed()
    );
    assert!(!paused_muted(&driver).await.0, "still playing");
    press(&driver, "x").await;
    wait_for("the controls back on a key", WAIT, || async {
        (controls(&driver).await.as_deref() == Some("shown")).then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn forced_transcoding_plays_through_native_hls_and_through_hls_js() {
    let server = DemoServer::start(&["--movies", "3", "--shows", "1"]);
    let base = server.url.clone();
    server
        .control(
            "POST",
            "/__demo/playback",
            json!({"force_transcoding": true}),
        )
        .await;
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    let id = open_first_movie(&driver, &base).await;
    wait_for("the movie page", WAIT, || async {
        attr(&driver, "main[data-page='movie']", "data-item-id").await
    })
    .await;

    driver.goto(format!("{base}/play/{id}")).await.unwrap();
    playing_past(&driver, 1.0).await;
    let (_, _, src, _) = video(&driver).await.unwrap();
    assert!(
        src.contains(".m3u8"),
        "native HLS plays the playlist: {src}"
    );
    let has_hls_js = js(&driver, "return typeof window.Hls").await;
    assert_eq!(
        has_hls_js,
        json!("undefined"),
        "hls.js is not loaded for native HLS"
    );

    // The Firefox path: native HLS off, hls.js loads on demand and plays.
    js(
        &driver,
        "localStorage.setItem('marquee-native-hls', 'off');",
    )
    .await;
    driver
        .goto(format!("{base}/play/{id}?start=0"))
        .await
        .unwrap();
    playing_past(&driver, 1.0).await;
    let (_, _, src, _) = video(&driver).await.unwrap();
    assert!(
        src.starts_with("blob:"),
        "hls.js plays through MediaSource: {src}"
    );
    assert_eq!(
        js(&driver, "return typeof window.Hls").await,
        json!("function")
    );
    let license = reqwest::get(format!("{base}/vendor/hls.js/LICENSE"))
        .await
        .unwrap();
    assert!(license.status().is_success());
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn subtitles_show_skip_intro_jumps_and_up_next_starts_the_next_episode() {
    let server = DemoServer::start(&["--movies", "2", "--shows", "3"]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    let (_, episodes) = first_season(&driver, &base).await;
    // An episode with subtitles (two in three have them) that is not the season's last.
    let mut with_subtitles = None;
    for pair in episodes.windows(2) {
        driver
            .goto(format!("{base}/play/{}", pair[0]))
            .await
            .unwrap();
        playing_past(&driver, 0.2).await;
        let tracks = js(
            &driver,
            "return document.querySelectorAll('main[data-page=\"player\"] video track').length",
        )
        .await;
        if tracks.as_u64() > Some(0) {
            with_subtitles = Some((pair[0].clone(), pair[1].clone()));
            break;
        }
    }
    let (episode, next) = with_subtitles.expect("an episode with subtitles");

    // The default subtitle track shows its cues.
    wait_for("an active subtitle cue", WAIT, || async {
        let active = js(&driver, "const t = Array.from(document.querySelector('main[data-page=\"player\"] video').textTracks).find(t => t.mode === 'showing'); return t && t.activeCues ? t.activeCues.length : 0").await;
        (active.as_u64() > Some(0)).then_some(())
    })
    .await;

    // Skip intro (3 s to 13 s) jumps to its end.
    set_time(&driver, 4.0).await;
    wait_for("Skip intro", WAIT, || async {
        driver
            .query(By::Css("button[data-action='skip-intro']:not([hidden])"))
            .first()
            .await
            .ok()
    })
    .await;
    click(&driver, "button[data-action='skip-intro']").await;
    let after = playing_past(&driver, 12.9).await;
    assert!(after < 20.0, "jumped to {after}");

    // Up next near the end counts down and plays the next episode on its own.
    set_time(&driver, 47.0).await;
    wait_for("the up next card", WAIT, || async {
        attr(&driver, "[data-up-next]", "data-up-next")
            .await
            .filter(|n| *n == next)
    })
    .await;
    wait_for("the next episode playing", WAIT, || async {
        let on = attr(&driver, "main[data-page='player']", "data-item-id").await?;
        (on == next).then_some(())
    })
    .await;
    playing_past(&driver, 0.5).await;
    let _ = episode;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn a_position_made_while_the_server_is_down_survives_a_reload_and_reaches_it_later() {
    let sessions = std::env::temp_dir().join(format!("marquee-player-{}.json", std::process::id()));
    let sessions_arg = sessions.display().to_string();
    let mut server = DemoServer::start(&[
        "--movies",
        "3",
        "--shows",
        "1",
        "--sessions-file",
        &sessions_arg,
    ]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    let id = open_first_movie(&driver, &base).await;
    wait_for("the movie page", WAIT, || async {
        attr(&driver, "main[data-page='movie']", "data-item-id").await
    })
    .await;
    driver.goto(format!("{base}/play/{id}")).await.unwrap();
    playing_past(&driver, 1.0).await;
    wait_for("the start report", WAIT, || async {
        let p = playback(&server).await;
        (p["reports"]["Playing"].as_u64() >= Some(1)).then_some(())
    })
    .await;

    server.stop();
    set_time(&driver, 30.0).await;
    playing_past(&driver, 31.0).await;
    let paused_at = pause(&driver).await;
    // One coalesced outbox entry for the item, at the paused position.
    let entries = wait_for("one queued position", WAIT, || async {
        let v = js(
            &driver,
            r#"
            const names = (await indexedDB.databases()).map(d => d.name)
                .filter(n => n.startsWith('marquee-') && n !== 'marquee-session');
            const out = [];
            for (const name of names) {
                const db = await new Promise((ok, no) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = no; });
                if (db.objectStoreNames.contains('outbox')) {
                    const all = await new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').getAll(); r.onsuccess = () => ok(r.result); });
                    out.push(...all);
                }
                db.close();
            }
            return out;
            "#,
        )
        .await;
        let list = v.as_array()?.clone();
        let positions: Vec<Value> = list
            .into_iter()
            .filter(|e| e["action"]["report_position"].is_object())
            .collect();
        let near = positions.iter().any(|e| {
            let t = e["action"]["report_position"]["position_ticks"].as_f64().unwrap_or(0.0);
            (t / TICKS_PER_SECOND - paused_at).abs() < 1.0
        });
        near.then_some(positions)
    })
    .await;
    assert_eq!(entries.len(), 1, "one entry per item: {entries:?}");

    // A reload (the shell from the service worker) shows the position kept on this device.
    driver.goto(format!("{base}/movie/{id}")).await.unwrap();
    let play = format!("[data-item-id='{id}'] button[data-action='play']");
    let label = wait_for("the kept position", WAIT, || async {
        let text = driver
            .query(By::Css(&play))
            .first()
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        text.contains("Resume 0:3").then_some(text)
    })
    .await;
    assert!(label.contains("Resume"), "{label}");

    server.restart();
    server_position_near(&server, &id, paused_at, 2.0).await;
    let _ = std::fs::remove_file(&sessions);
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn no_media_url_carries_the_token_with_the_service_worker_and_only_then_without() {
    let server = DemoServer::start(&["--movies", "3", "--shows", "1"]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    let id = open_first_movie(&driver, &base).await;
    wait_for("the movie page", WAIT, || async {
        attr(&driver, "main[data-page='movie']", "data-item-id").await
    })
    .await;
    wait_for("the service worker in control", WAIT, || async {
        let controlled = js(&driver, "return !!navigator.serviceWorker.controller").await;
        (controlled == json!(true)).then_some(())
    })
    .await;
    server
        .control("DELETE", "/__demo/playback", Value::Null)
        .await;

    // Direct play and HLS, both through the worker.
    driver.goto(format!("{base}/play/{id}")).await.unwrap();
    playing_past(&driver, 1.0).await;
    server
        .control(
            "POST",
            "/__demo/playback",
            json!({"force_transcoding": true}),
        )
        .await;
    driver
        .goto(format!("{base}/play/{id}?start=0"))
        .await
        .unwrap();
    playing_past(&driver, 1.0).await;
    let media = playback(&server).await["media_requests"].clone();
    assert!(media["total"].as_u64() > Some(0), "{media}");
    assert_eq!(media["token_in_url"], json!(0), "{media}");

    // Without a controlling worker the token goes into media URLs, and nowhere the page keeps.
    js(&driver, "localStorage.setItem('marquee-media-sw', 'off');").await;
    server
        .control("DELETE", "/__demo/playback", Value::Null)
        .await;
    driver
        .goto(format!("{base}/play/{id}?start=0"))
        .await
        .unwrap();
    playing_past(&driver, 1.0).await;
    let media = playback(&server).await["media_requests"].clone();
    assert!(media["token_in_url"].as_u64() > Some(0), "{media}");
    let kept = js(
        &driver,
        "const token = JSON.stringify(localStorage); return [location.href, document.title, history.length, token.includes('ApiKey')];",
    )
    .await;
    assert!(!kept[0].as_str().unwrap().contains("ApiKey"), "{kept}");
    assert_eq!(kept[3], json!(false), "{kept}");
    driver.quit().await.unwrap();
}

/// The video's current time once it is inside `range` (it keeps playing, so a range).
async fn time_in(driver: &WebDriver, what: &str, range: std::ops::Range<f64>) -> f64 {
    wait_for(what, WAIT, || async {
        video(driver)
            .await
            .map(|v| v.0)
            .filter(|t| range.contains(t))
    })
    .await
}

#[tokio::test]
async fn keys_drive_the_player_the_media_session_names_it_and_offline_play_waits_for_the_server() {
    let mut server = DemoServer::start(&["--movies", "12", "--shows", "1"]);
    let base = server.url.clone();
    let chrome = ChromeDriver::start();
    let driver = browser(&chrome).await;
    log_in(&driver, &server, "demo", "demo").await;
    // A movie with a poster, which becomes the media session's artwork.
    let movies = library_href(&driver, "Movies").await;
    driver.goto(format!("{base}{movies}")).await.unwrap();
    let href = wait_for("a movie with a poster", WAIT, || async {
        attr(
            &driver,
            "main a.card[href^='/movie/']:has(.poster img)",
            "href",
        )
        .await
    })
    .await;
    driver.goto(format!("{base}{href}")).await.unwrap();
    let id = href.trim_start_matches("/movie/").to_string();
    let title = wait_for("the movie's title", WAIT, || async {
        let t = js(
            &driver,
            "const h = document.querySelector(\"main[data-page='movie'] h1\"); return h && h.textContent.trim()",
        )
        .await;
        t.as_str().filter(|t| !t.is_empty()).map(str::to_string)
    })
    .await;
    click(
        &driver,
        &format!("[data-item-id='{id}'] button[data-action='play']"),
    )
    .await;
    playing_past(&driver, 0.5).await;

    // The OS's media controls know what plays, and can play, pause and seek it.
    let metadata = wait_for("the media session's metadata", WAIT, || async {
        let m = js(
            &driver,
            "const m = navigator.mediaSession.metadata; return m && [m.title, m.artwork.length]",
        )
        .await;
        m.is_array().then_some(m)
    })
    .await;
    assert_eq!(metadata[0].as_str(), Some(title.as_str()), "{metadata}");
    assert_eq!(metadata[1], json!(1), "artwork: {metadata}");

    // Space and K pause and play.
    press(&driver, " ").await;
    wait_for("paused by Space", WAIT, || async {
        paused_muted(&driver).await.0.then_some(())
    })
    .await;
    press(&driver, "k").await;
    wait_for("playing by K", WAIT, || async {
        (!paused_muted(&driver).await.0).then_some(())
    })
    .await;

    // The arrows and J/L move ten seconds.
    set_time(&driver, 20.0).await;
    time_in(&driver, "the video at 20 s", 20.0..23.0).await;
    press(&driver, &Key::Right.value().to_string()).await;
    time_in(&driver, "→: 30 s", 30.0..33.5).await;
    press(&driver, "j").await;
    time_in(&driver, "J: 20 s", 20.0..24.0).await;
    press(&driver, "l").await;
    time_in(&driver, "L: 30 s", 30.0..34.5).await;
    press(&driver, &Key::Left.value().to_string()).await;
    time_in(&driver, "←: 20 s", 20.0..25.0).await;

    // Esc goes back to the page the player was opened from.
    press(&driver, &Key::Escape.value().to_string()).await;
    wait_for("the movie page again", WAIT, || async {
        attr(&driver, "main[data-page='movie']", "data-item-id")
            .await
            .filter(|on| *on == id)
    })
    .await;

    // Without the server, Play says that it needs it, and starts nothing.
    server.stop();
    driver.refresh().await.unwrap();
    let play = format!("[data-item-id='{id}'] button[data-action='play']");
    wait_for("Play disabled, with its reason", WAIT, || async {
        let v = js(
            &driver,
            &format!(
                "const b = document.querySelector(\"{play}\"); const note = document.querySelector(\"main[data-page='movie'] .play-note\"); return [b && b.disabled, note && note.textContent]"
            ),
        )
        .await;
        (v[0] == json!(true) && v[1].as_str() == Some("Playing needs the server.")).then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}
