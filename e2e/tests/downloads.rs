//! Downloads in real Chromium against the demo server: a movie downloaded to the end plays
//! from the local copy with the server process stopped, and seeks, with the subtitles kept
//! beside it (deleted with it); a download cut by
//! stopping the server resumes after the restart with a `Range` past zero and ends
//! byte-identical; deleting frees the space; a download that does not fit is refused; logging
//! out removes the files; ten tabs download with exactly one.
use e2e::browser::{open_controlled, wait_until, WAIT};
use std::time::Duration;

use e2e::{js, log_in, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};
use thirtyfour::prelude::*;

const AUTH: &str =
    r#"MediaBrowser Client="Marquee e2e", Device="e2e", DeviceId="e2e-downloads", Version="0.1.0""#;

/// A sessions file per test, so tokens survive a restart of the server process.
fn sessions_file(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("marquee-e2e-downloads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.json")).display().to_string()
}

fn start_server(name: &str) -> DemoServer {
    DemoServer::start(&[
        "--movies",
        "12",
        "--shows",
        "2",
        "--sessions-file",
        &sessions_file(name),
    ])
}

/// FNV-1a, 32 bits: the same function as `PAGE_FILE` below computes in the page.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// The server's file for an item, fetched natively with a token of its own.
async fn server_file(server: &DemoServer, item_id: &str) -> Vec<u8> {
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
    client
        .get(format!("{}/Items/{item_id}/Download", server.url))
        .header("Authorization", format!(r#"{AUTH}, Token="{token}""#))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

/// The stored file of `ID` in the page's Origin Private File System: its folder, size and
/// FNV-1a hash; null when there is none.
const PAGE_FILE: &str = r#"
return (async () => {
  const root = await navigator.storage.getDirectory();
  let all;
  try { all = await root.getDirectoryHandle('downloads'); } catch (_) { return null; }
  for await (const [name, dir] of all.entries()) {
    if (dir.kind !== 'directory') continue;
    let file;
    try { file = await (await dir.getFileHandle(ID)).getFile(); } catch (_) { continue; }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let h = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return { dir: name, size: file.size, hash: h };
  }
  return null;
})();
"#;

async fn page_file(driver: &WebDriver, item_id: &str) -> Value {
    js(driver, &PAGE_FILE.replace("ID", &format!("{item_id:?}"))).await
}

async fn logged_in_browser(chrome: &ChromeDriver, server: &DemoServer) -> WebDriver {
    // The player starts on its own once the media is known, as it does after a click.
    let driver = chrome
        .browser_with(&["--autoplay-policy=no-user-gesture-required"])
        .await;
    open_controlled(&driver, &format!("{}/login", server.url)).await;
    log_in(&driver, server, "demo", "demo").await;
    wait_for("Home after logging in", WAIT, || async {
        driver
            .find(By::Css("main[data-page='home']"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    driver
}

/// (the movie that serves the large file, another movie)
async fn movies(server: &DemoServer) -> (String, String) {
    let controls = server
        .control("GET", "/__demo/downloads", Value::Null)
        .await;
    let large = controls["LargeItemId"].as_str().unwrap().to_string();
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
            "{}/Items?IncludeItemTypes=Movie&Recursive=true&Limit=5",
            server.url
        ))
        .header("Authorization", format!(r#"{AUTH}, Token="{token}""#))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let other = page["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["Id"].as_str().unwrap().to_string())
        .find(|id| *id != large)
        .expect("a second movie");
    (large, other)
}

/// A movie (not the large one) whose file has WebVTT subtitles: its id, and the server's
/// WebVTT of its default subtitle stream with that stream's index.
async fn movie_with_subtitles(server: &DemoServer) -> (String, i64, String) {
    let (large, _) = movies(server).await;
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
    let user = login["User"]["Id"].as_str().unwrap();
    let auth = format!(r#"{AUTH}, Token="{token}""#);
    let page: Value = client
        .get(format!(
            "{}/Items?IncludeItemTypes=Movie&Recursive=true&Limit=12",
            server.url
        ))
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for item in page["Items"].as_array().unwrap() {
        let id = item["Id"].as_str().unwrap();
        if id == large {
            continue;
        }
        let info: Value = client
            .post(format!(
                "{}/Items/{id}/PlaybackInfo?UserId={user}",
                server.url
            ))
            .header("Authorization", &auth)
            .json(&json!({"UserId": user}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let source = &info["MediaSources"][0];
        let Some(sub) = source["MediaStreams"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Type"] == "Subtitle" && s["IsDefault"] == json!(true))
        else {
            continue;
        };
        let index = sub["Index"].as_i64().unwrap();
        let vtt = client
            .get(format!(
                "{}/Videos/{id}/{}/Subtitles/{index}/0/Stream.vtt",
                server.url,
                source["Id"].as_str().unwrap()
            ))
            .header("Authorization", &auth)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(vtt.starts_with("WEBVTT"), "{vtt}");
        return (id.to_string(), index, vtt);
    }
    panic!("no movie with subtitles among the first 12");
}

/// A subtitle kept beside `ID`'s file in folder `DIR`: its text, null when there is none.
const PAGE_SUBTITLE: &str = r#"
return (async () => {
  try {
    const root = await navigator.storage.getDirectory();
    const mine = await (await root.getDirectoryHandle('downloads')).getDirectoryHandle(DIR);
    const subs = await mine.getDirectoryHandle(ID + '.subtitles');
    return await (await (await subs.getFileHandle(INDEX + '.vtt')).getFile()).text();
  } catch (_) { return null; }
})();
"#;

async fn page_subtitle(driver: &WebDriver, dir: &str, item_id: &str, index: i64) -> Value {
    js(
        driver,
        &PAGE_SUBTITLE
            .replace("DIR", &format!("{dir:?}"))
            .replace("ID", &format!("{item_id:?}"))
            .replace("INDEX", &index.to_string()),
    )
    .await
}

/// Opens a movie's page and clicks its Download button.
async fn download_movie(driver: &WebDriver, base: &str, id: &str) {
    driver.goto(format!("{base}/movie/{id}")).await.unwrap();
    let button = wait_for("the Download button", WAIT, || async {
        driver
            .find(By::Css(format!(
                "main[data-item-id='{id}'] button[data-action='download']"
            )))
            .await
            .ok()
    })
    .await;
    button.click().await.unwrap();
}

async fn offline_mark(driver: &WebDriver) -> Option<String> {
    js(
        driver,
        "const m = document.querySelector('main[data-item-id]'); return m && m.getAttribute('data-offline');",
    )
    .await
    .as_str()
    .map(str::to_string)
}

async fn wait_for_mark(driver: &WebDriver, mark: &str, timeout: Duration) {
    wait_for(&format!("data-offline=\"{mark}\""), timeout, || async {
        (offline_mark(driver).await.as_deref() == Some(mark)).then_some(())
    })
    .await;
}

async fn storage_usage(driver: &WebDriver) -> f64 {
    js(
        driver,
        "return navigator.storage.estimate().then(e => e.usage);",
    )
    .await
    .as_f64()
    .unwrap()
}

/// Plays `src` in a new muted `<video>` until `currentTime` passes 0.5 s, then seeks to
/// `seek_to` and returns where it landed.
async fn play_and_seek(driver: &WebDriver, src: &str, seek_to: f64) -> f64 {
    js(
        driver,
        &format!(
            "const v = document.createElement('video'); v.id = 'e2e-video'; v.muted = true; v.src = {src:?}; document.body.appendChild(v); v.play().catch(e => window.__playError = String(e)); return true;"
        ),
    )
    .await;
    wait_for(
        "the local copy to play (currentTime advances)",
        WAIT,
        || async {
            let t = js(
                driver,
                "return document.getElementById('e2e-video').currentTime;",
            )
            .await
            .as_f64()
            .unwrap_or(0.0);
            (t > 0.5).then_some(())
        },
    )
    .await;
    js(
        driver,
        &format!("const v = document.getElementById('e2e-video'); v.__seeked = false; v.addEventListener('seeked', () => v.__seeked = true, {{once: true}}); v.currentTime = {seek_to}; return true;"),
    )
    .await;
    wait_for("the seek to land", WAIT, || async {
        let v = js(
            driver,
            "const v = document.getElementById('e2e-video'); return v.__seeked ? v.currentTime : null;",
        )
        .await;
        v.as_f64()
    })
    .await
}

#[tokio::test]
async fn a_downloaded_movie_plays_from_the_local_copy_with_the_server_stopped_and_seeks() {
    let mut server = start_server("plays");
    let chrome = ChromeDriver::start();
    let driver = logged_in_browser(&chrome, &server).await;
    let base = server.url.clone();
    let (movie, subtitle_index, server_vtt) = movie_with_subtitles(&server).await;
    let library = wait_for("the Movies library on Home", WAIT, || async {
        js(
            &driver,
            "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Movies'); return a && a.getAttribute('href');",
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await;

    download_movie(&driver, &base, &movie).await;
    wait_for_mark(&driver, "ready", WAIT).await;

    // Byte-identical to the server's file.
    let expected = server_file(&server, &movie).await;
    let stored = page_file(&driver, &movie).await;
    assert_eq!(stored["size"], json!(expected.len()), "{stored}");
    assert_eq!(stored["hash"], json!(fnv1a(&expected)), "{stored}");
    let dir = stored["dir"].as_str().unwrap().to_string();
    // Its default subtitle is kept beside it, as the server's WebVTT.
    assert_eq!(
        page_subtitle(&driver, &dir, &movie, subtitle_index).await,
        json!(server_vtt),
        "the subtitle kept beside the file"
    );

    // The server process is gone; a reload still knows the item is offline, and it plays.
    server.stop();
    driver.goto(format!("{base}/movie/{movie}")).await.unwrap();
    wait_for_mark(&driver, "ready", WAIT).await;
    let landed = play_and_seek(&driver, &format!("/__marquee/offline/{dir}/{movie}"), 30.0).await;
    assert!((landed - 30.0).abs() < 1.0, "the seek landed at {landed}");

    // The app's own player plays it too: Play is offered offline for a downloaded item, and the
    // player takes the local copy, not the server's stream.
    driver.goto(format!("{base}/movie/{movie}")).await.unwrap();
    wait_for_mark(&driver, "ready", WAIT).await;
    wait_until(
        &driver,
        "an enabled Play button offline",
        "const b = document.querySelector('main[data-page=movie] button[data-action=play]'); return !!b && !b.disabled;",
    )
    .await;
    js(
        &driver,
        "document.querySelector('main[data-page=movie] button[data-action=play]').click(); return true;",
    )
    .await;
    let playing = wait_for("the player playing the local copy", WAIT, || async {
        let v = js(
            &driver,
            "const v = document.querySelector('main[data-page=player] video'); return v ? {src: v.currentSrc, t: v.currentTime} : null;",
        )
        .await;
        (v["t"].as_f64().unwrap_or(0.0) > 0.5).then_some(v)
    })
    .await;
    assert!(
        playing["src"]
            .as_str()
            .unwrap_or("")
            .contains(&format!("/__marquee/offline/{dir}/{movie}")),
        "the player plays the downloaded copy: {playing}"
    );
    // Its subtitles come from beside it: a cue of the default (English) track becomes active.
    let cue = wait_for("an active subtitle cue offline", WAIT, || async {
        js(
            &driver,
            "const v = document.querySelector('main[data-page=player] video'); if (!v) return null; const t = Array.from(v.textTracks).find(t => t.mode === 'showing'); const c = t && t.activeCues; return c && c.length ? {text: c[0].text, lang: t.language, src: document.getElementById(t.id)?.getAttribute('src')} : null;",
        )
        .await
        .as_object()
        .map(|o| Value::Object(o.clone()))
    })
    .await;
    assert!(
        cue["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("English subtitle number ")),
        "{cue}"
    );
    assert_eq!(cue["lang"], "eng", "{cue}");
    assert_eq!(
        cue["src"],
        json!(format!(
            "/__marquee/offline/{dir}/{movie}/subtitles/{subtitle_index}.vtt"
        )),
        "{cue}"
    );

    // Byte ranges from the service worker are exact.
    let part = js(
        &driver,
        &format!("return fetch('/__marquee/offline/{dir}/{movie}', {{headers: {{Range: 'bytes=100-199'}}}}).then(async r => ({{status: r.status, range: r.headers.get('content-range'), bytes: Array.from(new Uint8Array(await r.arrayBuffer()))}}));"),
    )
    .await;
    assert_eq!(part["status"], 206);
    assert_eq!(
        part["range"],
        json!(format!("bytes 100-199/{}", expected.len()))
    );
    assert_eq!(part["bytes"], json!(expected[100..200].to_vec()));

    // The library's "Downloaded" filter, offline: exactly the downloaded movie.
    driver
        .goto(format!("{base}{library}?downloaded=1"))
        .await
        .unwrap();
    let listed = wait_for("the downloaded movies in the grid", WAIT, || async {
        let ids = js(
            &driver,
            "const checked = document.querySelector('input[name=downloaded]')?.checked; const ids = Array.from(document.querySelectorAll('.virtual-grid [data-item-id]'), e => e.getAttribute('data-item-id')); return checked && ids.length ? ids : null;",
        )
        .await;
        serde_json::from_value::<Vec<String>>(ids).ok()
    })
    .await;
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(
        unique,
        [movie.as_str()],
        "only the downloaded movie: {listed:?}"
    );

    // Deleting the download, offline, deletes its subtitles with the file.
    driver.goto(format!("{base}/downloads")).await.unwrap();
    let delete = wait_for("the Delete button", WAIT, || async {
        driver
            .find(By::Css(format!(
                "[data-page='downloads'] [data-item-id='{movie}'] button[data-action='delete-download']"
            )))
            .await
            .ok()
    })
    .await;
    delete.click().await.unwrap();
    wait_for("the file and its subtitles to go", WAIT, || async {
        let gone = page_file(&driver, &movie).await.is_null()
            && page_subtitle(&driver, &dir, &movie, subtitle_index)
                .await
                .is_null();
        gone.then_some(())
    })
    .await;
    let left = js(
        &driver,
        &format!("return (async () => {{ const root = await navigator.storage.getDirectory(); const mine = await (await root.getDirectoryHandle('downloads')).getDirectoryHandle({dir:?}); const names = []; for await (const [n] of mine.entries()) names.push(n); return names; }})();"),
    )
    .await;
    assert_eq!(left, json!([]), "nothing of the download is left");
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn a_download_cut_by_stopping_the_server_resumes_from_where_it_stopped_and_deleting_frees_the_space(
) {
    let mut server = start_server("resume");
    let chrome = ChromeDriver::start();
    let driver = logged_in_browser(&chrome, &server).await;
    let base = server.url.clone();
    let (large, _) = movies(&server).await;
    server
        .control(
            "POST",
            "/__demo/downloads/throttle",
            json!({"bytes_per_sec": 4_000_000}),
        )
        .await;

    download_movie(&driver, &base, &large).await;
    wait_for_mark(&driver, "downloading", WAIT).await;
    // Some bytes arrive (progress shows on the button), then the server process goes.
    wait_for("a tenth of the file", WAIT, || async {
        let label = js(
            &driver,
            "const b = document.querySelector(\"main button[data-action='download']\"); return b && b.textContent;",
        )
        .await;
        let percent: u32 = label
            .as_str()?
            .split_whitespace()
            .find_map(|w| w.strip_suffix('%')?.parse().ok())?;
        (percent >= 10).then_some(())
    })
    .await;
    server.stop();
    let kept = wait_for("the cut download to keep its bytes", WAIT, || async {
        let f = page_file(&driver, &large).await;
        f["size"].as_u64().filter(|n| *n > 0)
    })
    .await;
    assert_eq!(offline_mark(&driver).await.as_deref(), Some("downloading"));

    server.restart();
    wait_for_mark(&driver, "ready", Duration::from_secs(120)).await;
    let seen = server
        .control("GET", "/__demo/downloads", Value::Null)
        .await;
    let starts: Vec<u64> = seen["Requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ItemId"] == json!(large))
        .filter_map(|r| {
            r["Range"]
                .as_str()?
                .strip_prefix("bytes=")?
                .strip_suffix('-')?
                .parse()
                .ok()
        })
        .collect();
    assert!(
        starts.first().is_some_and(|s| *s > 0 && *s <= kept),
        "after the restart the first Range starts past zero, at most at the {kept} bytes kept: {seen}"
    );
    let expected = server_file(&server, &large).await;
    let stored = page_file(&driver, &large).await;
    assert_eq!(stored["size"], json!(expected.len()));
    assert_eq!(stored["hash"], json!(fnv1a(&expected)), "byte-identical");

    // Deleting it on the downloads page frees its space.
    let before = storage_usage(&driver).await;
    driver.goto(format!("{base}/downloads")).await.unwrap();
    let delete = wait_for("the Delete button", WAIT, || async {
        driver
            .find(By::Css(format!(
                "[data-page='downloads'] [data-item-id='{large}'] button[data-action='delete-download']"
            )))
            .await
            .ok()
    })
    .await;
    delete.click().await.unwrap();
    wait_for("the list to be empty", WAIT, || async {
        driver
            .find(By::Css("[data-empty='downloads']"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    let after = wait_for("estimate() to go down", WAIT, || async {
        let now = storage_usage(&driver).await;
        (now < before - 40_000_000.0).then_some(now)
    })
    .await;
    assert!(
        page_file(&driver, &large).await.is_null(),
        "the file is gone ({before} -> {after} bytes used)"
    );
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn a_download_that_does_not_fit_is_refused_with_a_message() {
    let server = start_server("refused");
    let chrome = ChromeDriver::start();
    let driver = logged_in_browser(&chrome, &server).await;
    let base = server.url.clone();
    let (large, _) = movies(&server).await;
    driver
        .cdp()
        .send_raw(
            "Storage.overrideQuotaForOrigin",
            json!({"origin": base, "quotaSize": 30_000_000}),
        )
        .await
        .expect("override the quota");
    download_movie(&driver, &base, &large).await;
    let note = wait_for("the refusal", WAIT, || async {
        let el = driver.find(By::Css("[data-download-note]")).await.ok()?;
        el.text().await.ok()
    })
    .await;
    // Chromium's estimate() does not show a CDP quota override (Storage.getUsageAndQuota
    // does), so here the refusal comes when the browser refuses to store the bytes, not from
    // the check before the start.
    assert!(note.starts_with("Not enough space"), "{note}");
    assert_eq!(offline_mark(&driver).await, None, "nothing is downloading");
    wait_for("nothing kept", WAIT, || async {
        page_file(&driver, &large).await.is_null().then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn logging_out_says_how_much_goes_and_removes_the_downloads() {
    let server = start_server("logout");
    let chrome = ChromeDriver::start();
    let driver = logged_in_browser(&chrome, &server).await;
    let base = server.url.clone();
    let (_, movie) = movies(&server).await;
    download_movie(&driver, &base, &movie).await;
    wait_for_mark(&driver, "ready", WAIT).await;
    assert!(!page_file(&driver, &movie).await.is_null());

    driver.goto(format!("{base}/settings")).await.unwrap();
    let logout = wait_for("Log out", WAIT, || async {
        driver
            .find(By::Css("button[data-action='logout']"))
            .await
            .ok()
    })
    .await;
    logout.click().await.unwrap();
    let warning = wait_for("the warning", WAIT, || async {
        driver
            .find(By::Css("[data-logout-warning]"))
            .await
            .ok()?
            .text()
            .await
            .ok()
    })
    .await;
    assert!(warning.contains("KB of downloads"), "{warning}");
    logout.click().await.unwrap();
    wait_for("the login page", WAIT, || async {
        driver
            .find(By::Css("[data-page='login']"))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    let folders = js(
        &driver,
        "return (async () => { const root = await navigator.storage.getDirectory(); try { const all = await root.getDirectoryHandle('downloads'); const names = []; for await (const [n] of all.entries()) names.push(n); return names; } catch (_) { return []; } })();",
    )
    .await;
    assert_eq!(folders, json!([]), "no download is left");
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn ten_tabs_download_with_exactly_one() {
    let server = start_server("tabs");
    let chrome = ChromeDriver::start();
    let driver = logged_in_browser(&chrome, &server).await;
    let base = server.url.clone();
    let (large, other) = movies(&server).await;
    server
        .control(
            "POST",
            "/__demo/downloads/throttle",
            json!({"bytes_per_sec": 1_000_000}),
        )
        .await;
    // The first tab (the leader: it took the lock first) stays on one page throughout.
    driver.goto(format!("{base}/downloads")).await.unwrap();
    let first = driver.window().await.unwrap();
    let mut tabs = vec![first.clone()];
    for _ in 0..9 {
        let tab = driver.new_tab().await.unwrap();
        driver.switch_to_window(tab.clone()).await.unwrap();
        driver.goto(format!("{base}/downloads")).await.unwrap();
        tabs.push(tab);
    }
    // Two downloads asked for from two different tabs.
    driver.switch_to_window(tabs[3].clone()).await.unwrap();
    download_movie(&driver, &base, &large).await;
    wait_for_mark(&driver, "downloading", WAIT).await;
    driver.switch_to_window(tabs[7].clone()).await.unwrap();
    download_movie(&driver, &base, &other).await;
    wait_for_mark(&driver, "downloading", WAIT).await;

    // Every tab shows the same single running download; the server saw one request.
    for (n, tab) in tabs.iter().enumerate() {
        if n == 3 || n == 7 {
            continue;
        }
        driver.switch_to_window(tab.clone()).await.unwrap();
        let running = wait_for("both downloads listed", WAIT, || async {
            let rows = js(
                &driver,
                "return Array.from(document.querySelectorAll('[data-page=downloads] [data-item-id]')).map(r => [r.getAttribute('data-item-id'), r.getAttribute('data-state')]);",
            )
            .await;
            let rows = rows.as_array()?.clone();
            (rows.len() == 2).then_some(rows)
        })
        .await;
        let downloading: Vec<&Value> = running
            .iter()
            .filter(|r| r[1] == json!("downloading"))
            .collect();
        assert_eq!(downloading.len(), 1, "{running:?}");
        assert_eq!(downloading[0][0], json!(large), "{running:?}");
    }
    let seen = server
        .control("GET", "/__demo/downloads", Value::Null)
        .await;
    let requests = seen["Requests"].as_array().unwrap();
    assert_eq!(
        requests.len(),
        1,
        "one download request in the whole browser: {seen}"
    );
    assert_eq!(requests[0]["ItemId"], json!(large));
    driver.quit().await.unwrap();
}
