//! Play click to first frame: from a click on a movie's Start over (or Play) button to the player's
//! first `playing` event (`performance.mark("marquee:playing")`), measured in the page on one
//! clock, at the benchmark's latency, for direct play and for HLS (forced transcoding, native
//! HLS in Chromium). `./scripts/bench --player` runs this section alone.
use std::path::Path;

use e2e::browser::attr;
use e2e::thirtyfour::WebDriver;
use e2e::{js, log_in, wait_for, ChromeDriver, DemoServer};
use serde::Serialize;
use serde_json::json;

use super::session::WAIT;
use super::stats::Summary;

/// The target for direct play (the issue's "under 1 s").
const DIRECT_PLAY_TARGET_MS: f64 = 1_000.0;

/// The section's figures.
#[derive(Serialize)]
pub struct PlaybackFigures {
    pub latency_ms: u64,
    pub direct_play: Summary,
    pub hls: Summary,
}

impl PlaybackFigures {
    pub fn markdown(&self) -> String {
        let met = if self.direct_play.p50 < DIRECT_PLAY_TARGET_MS {
            "met"
        } else {
            "not met"
        };
        format!(
            "### Play click to first `playing` ({} ms latency)\n\n\
             | how it plays | median / p95 | runs |\n|---|---|---|\n\
             | direct play (target under 1 s: {met}) | {} | {} |\n\
             | HLS (forced transcoding, native HLS) | {} | {} |\n",
            self.latency_ms,
            self.direct_play.ms(),
            self.direct_play.samples.len(),
            self.hls.ms(),
            self.hls.samples.len(),
        )
    }
}

/// Clicks `button` and resolves with the milliseconds until the player's first `playing` mark
/// (-1 if none came within 30 s). The click and the mark are on the page's own clock.
const CLICK_TO_PLAYING: &str = r#"
const button = document.querySelector(arguments[0]);
if (!button) return -2;
performance.clearMarks('marquee:playing');
return await new Promise((resolve) => {
  const timer = setTimeout(() => { observer.disconnect(); resolve(-1); }, 30000);
  const observer = new PerformanceObserver((list) => {
    const mark = list.getEntries().find((e) => e.name === 'marquee:playing');
    if (mark) { clearTimeout(timer); observer.disconnect(); resolve(mark.startTime - start); }
  });
  observer.observe({ type: 'mark' });
  const start = performance.now();
  button.click();
});
"#;

/// One sample: the movie's page loaded afresh, then the click.
async fn sample(driver: &e2e::thirtyfour::WebDriver, origin: &str, movie: &str) -> f64 {
    driver
        .goto(format!("{origin}/movie/{movie}"))
        .await
        .expect("the movie page");
    click_to_playing(driver, movie).await
}

/// On the movie's page: clicks Start over (or Play) and returns the milliseconds to the
/// player's first `playing` mark.
pub(super) async fn click_to_playing(driver: &e2e::thirtyfour::WebDriver, movie: &str) -> f64 {
    // From the start either way: Start over where a position is saved, else Play.
    let from_start = format!("[data-item-id='{movie}'] button[data-action='play-from-start']");
    let play = format!("[data-item-id='{movie}'] button[data-action='play']");
    let button = wait_for("the play button", WAIT, || async {
        if attr(driver, &from_start, "data-action").await.is_some() {
            return Some(from_start.clone());
        }
        let label = js(
            driver,
            &format!("const b = document.querySelector(\"{play}\"); return b && b.textContent;"),
        )
        .await;
        label
            .as_str()
            .filter(|l| l.contains("Play"))
            .map(|_| play.clone())
    })
    .await;
    let ms = driver
        .execute(
            &format!("return (async () => {{ {CLICK_TO_PLAYING} }})()"),
            vec![json!(button)],
        )
        .await
        .expect("click to playing")
        .json()
        .clone();
    let ms = ms.as_f64().unwrap_or(-3.0);
    assert!(ms >= 0.0, "no playing mark after the click ({ms})");
    ms
}

/// Runs the section: its own demo server at `latency_ms`, a browser allowed to autoplay.
pub async fn measure(
    chrome: &ChromeDriver,
    dist: &Path,
    latency_ms: u64,
    runs: u32,
) -> PlaybackFigures {
    let server = DemoServer::start_with_dist(
        dist,
        &[
            "--movies",
            "20",
            "--shows",
            "2",
            "--seed",
            "1",
            "--latency-ms",
            &latency_ms.to_string(),
        ],
    );
    let driver = player_browser(chrome, &server).await;
    let origin = server.url.clone();
    let movie = first_movie(&driver, &origin).await;
    let mut direct = Vec::new();
    for run in 0..runs {
        eprintln!(
            "bench: play click to playing, direct play {}/{runs}",
            run + 1
        );
        direct.push(sample(&driver, &origin, &movie).await);
    }
    server
        .control(
            "POST",
            "/__demo/playback",
            json!({"force_transcoding": true}),
        )
        .await;
    let mut hls = Vec::new();
    for run in 0..runs {
        eprintln!("bench: play click to playing, HLS {}/{runs}", run + 1);
        hls.push(sample(&driver, &origin, &movie).await);
    }
    let _ = driver.quit().await;
    PlaybackFigures {
        latency_ms,
        direct_play: Summary::of(&direct),
        hls: Summary::of(&hls),
    }
}

/// A desktop-sized browser that may play without a gesture, logged in as demo, on Home.
pub(super) async fn player_browser(chrome: &ChromeDriver, server: &DemoServer) -> WebDriver {
    let driver = chrome
        .browser_with(&["--autoplay-policy=no-user-gesture-required"])
        .await;
    driver
        .set_window_rect(0, 0, 1280, 900)
        .await
        .expect("window size");
    log_in(&driver, server, "demo", "demo").await;
    wait_for("Home after logging in", WAIT, || async {
        attr(&driver, "main[data-page='home']", "data-page").await
    })
    .await;
    driver
}

/// The first movie of the Movies library, found as a user would.
async fn first_movie(driver: &e2e::thirtyfour::WebDriver, origin: &str) -> String {
    let movies = wait_for("the Movies library on Home", WAIT, || async {
        js(
            driver,
            "const a = Array.from(document.querySelectorAll('.library-list a')).find(a => a.textContent.trim() === 'Movies'); return a && a.getAttribute('href');",
        )
        .await
        .as_str()
        .map(str::to_string)
    })
    .await;
    driver
        .goto(format!("{origin}{movies}"))
        .await
        .expect("the Movies library");
    let href = wait_for("a movie in the grid", WAIT, || async {
        attr(driver, "main a[href^='/movie/']", "href").await
    })
    .await;
    href.trim_start_matches("/movie/").to_string()
}
