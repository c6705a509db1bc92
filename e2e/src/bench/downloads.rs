//! Downloads: a 1 GiB movie taken offline through the app, against `curl` fetching the same
//! file from the same demo server in the same run; the longest main-thread task while it runs;
//! how much more memory the whole browser (every Chromium process: page, worker, network)
//! holds at its peak than before the download; and the time from a Play click to the first
//! `playing` of the local copy. `./scripts/bench --downloads` runs this section alone.
use std::path::Path;
use std::time::{Duration, Instant};

use e2e::browser::attr;
use e2e::thirtyfour::WebDriver;
use e2e::{js, wait_for, ChromeDriver, DemoServer};
use serde::Serialize;
use serde_json::{json, Value};

use super::playback::{click_to_playing, player_browser};
use super::processes::descendants;
use super::session::WAIT;
use super::stats::Summary;

/// The large download's size (the issue's "memory while downloading a 1 GB file").
const FILE_MIB: usize = 1024;
/// A gigabit LAN, for the second comparison.
const LAN_BYTES_PER_S: u64 = 125_000_000;
/// How long one download of the file may take before the section gives up.
const DOWNLOAD_LIMIT: Duration = Duration::from_secs(900);
const AUTH: &str = r#"MediaBrowser Client="Marquee bench", Device="bench", DeviceId="bench-downloads", Version="0.1.0""#;

#[derive(Serialize)]
pub struct DownloadFigures {
    pub file_bytes: u64,
    /// `curl` of `/Items/{id}/Download` to a file, whole, seconds per run.
    pub curl_s: Summary,
    /// The app: Download click to `data-offline="ready"`, seconds.
    pub app_s: f64,
    /// App throughput / curl's median throughput (target at least 0.8).
    pub throughput_ratio: f64,
    /// Both again with the server sending at a gigabit LAN's speed: curl, then the app.
    pub lan_curl_s: f64,
    pub lan_app_s: f64,
    /// The longest main-thread task while the download ran (long tasks are 50 ms and over;
    /// 0 when there was none).
    pub longest_task_ms: f64,
    /// Peak resident memory of the browser's processes during the download, above what they
    /// held before it.
    pub memory_growth_mb: f64,
    /// The same growth by kind of process (renderer: the page and the download worker;
    /// network: the network service; browser; other), at the peak, in MB.
    pub memory_growth_by_kind_mb: Vec<(String, f64)>,
    /// The peak above the moment of the Download click (the movie page loaded, idle): the
    /// download's own share of the growth.
    pub memory_growth_from_click_mb: f64,
    /// Play click to the first `playing` of the local copy.
    pub play_local: Summary,
}

impl DownloadFigures {
    pub fn markdown(&self) -> String {
        let verdict = |ok: bool| if ok { "met" } else { "not met" };
        let mib = self.file_bytes as f64 / (1024.0 * 1024.0);
        let curl_mbps = mib / self.curl_s.p50;
        let app_mbps = mib / self.app_s;
        format!(
            "### Downloads ({mib:.0} MiB file)\n\n\
             | figure | measured | target |\n|---|---|---|\n\
             | throughput: app {app_mbps:.0} MiB/s ({:.1} s), curl {curl_mbps:.0} MiB/s (median of {} runs) | {:.2}× curl | at least 0.8× ({}) |\n\
             | at a gigabit LAN's speed: app {:.1} s, curl {:.1} s | {:.2}× curl | at least 0.8× ({}) |\n\
             | longest main-thread task while downloading | {} | under 50 ms ({}) |\n\
             | memory while downloading (peak above before, all browser processes; by process: {}; {:.0} MB above the moment of the click) | {:.0} MB | under 100 MB ({}) |\n\
             | Play click to first frame of the local copy (median / p95) | {} | under 300 ms ({}) |\n",
            self.app_s,
            self.curl_s.samples.len(),
            self.throughput_ratio,
            verdict(self.throughput_ratio >= 0.8),
            self.lan_app_s,
            self.lan_curl_s,
            self.lan_curl_s / self.lan_app_s,
            verdict(self.lan_curl_s / self.lan_app_s >= 0.8),
            if self.longest_task_ms == 0.0 {
                "none of 50 ms or more".to_string()
            } else {
                format!("{:.0} ms", self.longest_task_ms)
            },
            verdict(self.longest_task_ms < 50.0),
            self.memory_growth_by_kind_mb
                .iter()
                .map(|(kind, mb)| format!("{kind} {mb:+.0}"))
                .collect::<Vec<_>>()
                .join(", "),
            self.memory_growth_from_click_mb,
            self.memory_growth_mb,
            verdict(self.memory_growth_mb < 100.0),
            self.play_local.ms(),
            verdict(self.play_local.p50 < 300.0),
        )
    }
}

/// Runs the section: its own demo server with a 1 GiB large download, no added latency (both
/// the app and `curl` read from this machine).
pub async fn measure(chrome: &ChromeDriver, dist: &Path, runs: u32) -> DownloadFigures {
    let server = DemoServer::start_with_dist(
        dist,
        &[
            "--movies",
            "12",
            "--shows",
            "2",
            "--large-download-mib",
            &FILE_MIB.to_string(),
        ],
    );
    let controls = server
        .control("GET", "/__demo/downloads", Value::Null)
        .await;
    let movie = controls["LargeItemId"]
        .as_str()
        .expect("the large download's item")
        .to_string();
    let file_bytes = controls["LargeBytes"].as_u64().expect("its size");

    let token = log_in_for_curl(&server).await;
    let url = format!("{}/Items/{movie}/Download", server.url);
    let auth = format!(r#"Authorization: {AUTH}, Token="{token}""#);
    let mut curl = Vec::new();
    for run in 0..runs.min(3) {
        eprintln!(
            "bench: curl of the {FILE_MIB} MiB file {}/{}",
            run + 1,
            runs.min(3)
        );
        curl.push(curl_seconds(&url, &auth, file_bytes));
    }
    let curl_s = Summary::of(&curl);

    let driver = player_browser(chrome, &server).await;
    eprintln!("bench: the app downloads the {FILE_MIB} MiB file");
    let browser = chrome.pid();
    let before = rss_by_kind(browser);
    let (app_s, at_click, peak) = app_download(&driver, &server.url, &movie, browser).await;
    let longest_task_ms = js(&driver, "return window.__longest")
        .await
        .as_f64()
        .unwrap_or(f64::NAN);

    let mut play = Vec::new();
    for run in 0..runs {
        eprintln!(
            "bench: play click to playing, local copy {}/{runs}",
            run + 1
        );
        driver
            .goto(format!("{}/movie/{movie}", server.url))
            .await
            .expect("the movie page");
        play.push(click_to_playing(&driver, &movie).await);
    }

    // At the speed of a gigabit LAN (the demo server's throttle), both again.
    eprintln!("bench: curl and the app at {LAN_BYTES_PER_S} bytes/s");
    delete_download(&driver, &server.url, &movie).await;
    server
        .control(
            "POST",
            "/__demo/downloads/throttle",
            json!({"bytes_per_sec": LAN_BYTES_PER_S}),
        )
        .await;
    let lan_curl_s = curl_seconds(&url, &auth, file_bytes);
    let (lan_app_s, _, _) = app_download(&driver, &server.url, &movie, browser).await;
    let _ = driver.quit().await;
    let mib = file_bytes as f64 / (1024.0 * 1024.0);
    DownloadFigures {
        lan_curl_s,
        lan_app_s,
        file_bytes,
        throughput_ratio: (mib / app_s) / (mib / curl_s.p50),
        curl_s,
        app_s,
        longest_task_ms,
        memory_growth_mb: (total(&peak) as f64 - total(&before) as f64) / 1e6,
        memory_growth_from_click_mb: (total(&peak) as f64 - total(&at_click) as f64) / 1e6,
        memory_growth_by_kind_mb: KINDS
            .iter()
            .map(|kind| {
                let of = |m: &[(&'static str, u64)]| {
                    m.iter()
                        .filter(|(k, _)| k == kind)
                        .map(|(_, b)| *b as f64)
                        .sum::<f64>()
                };
                (kind.to_string(), (of(&peak) - of(&before)) / 1e6)
            })
            .collect(),
        play_local: Summary::of(&play),
    }
}

/// Opens the movie's page and clicks Download; returns the seconds to `data-offline="ready"`
/// and the browser's resident memory by kind of process just before the click and at its
/// peak meanwhile. Long tasks are recorded in
/// `window.__longest` from just before the click.
async fn app_download(
    driver: &WebDriver,
    origin: &str,
    movie: &str,
    browser: u32,
) -> (f64, Vec<(&'static str, u64)>, Vec<(&'static str, u64)>) {
    driver
        .goto(format!("{origin}/movie/{movie}"))
        .await
        .expect("the movie page");
    let download = format!("main[data-item-id='{movie}'] button[data-action='download']");
    wait_for("the Download button", WAIT, || async {
        attr(driver, &download, "data-action").await
    })
    .await;
    js(
        driver,
        "window.__longest = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) \
         window.__longest = Math.max(window.__longest, e.duration); }).observe({type: 'longtask'}); return 1;",
    )
    .await;
    let at_click = rss_by_kind(browser);
    let started = Instant::now();
    js(
        driver,
        &format!("document.querySelector(\"{download}\").click(); return 1;"),
    )
    .await;
    let mut peak = Vec::new();
    loop {
        let now = rss_by_kind(browser);
        if total(&now) > total(&peak) {
            peak = now;
        }
        let mark = attr(
            driver,
            &format!("main[data-item-id='{movie}']"),
            "data-offline",
        )
        .await;
        if mark.as_deref() == Some("ready") {
            return (started.elapsed().as_secs_f64(), at_click, peak);
        }
        assert!(
            started.elapsed() < DOWNLOAD_LIMIT,
            "the download did not finish in {DOWNLOAD_LIMIT:?} (mark {mark:?})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Deletes the movie's download from the Downloads page and waits until it is gone.
async fn delete_download(driver: &WebDriver, origin: &str, movie: &str) {
    driver
        .goto(format!("{origin}/downloads"))
        .await
        .expect("the downloads page");
    let delete = format!("[data-item-id='{movie}'] button[data-action='delete-download']");
    wait_for("the Delete button", WAIT, || async {
        attr(driver, &delete, "data-action").await
    })
    .await;
    js(
        driver,
        &format!("document.querySelector(\"{delete}\").click(); return 1;"),
    )
    .await;
    wait_for("the download deleted", WAIT, || async {
        attr(driver, &delete, "data-action")
            .await
            .is_none()
            .then_some(())
    })
    .await;
}

async fn log_in_for_curl(server: &DemoServer) -> String {
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/Users/AuthenticateByName", server.url))
        .header("Authorization", AUTH)
        .json(&json!({"Username": "demo", "Pw": "demo"}))
        .send()
        .await
        .expect("log in")
        .json()
        .await
        .expect("a login answer");
    answer["AccessToken"].as_str().expect("a token").to_string()
}

/// One whole-file `curl` saved to a file on this disk, as the app saves it, in seconds (its own
/// timer), checked to have read every byte.
fn curl_seconds(url: &str, auth: &str, bytes: u64) -> f64 {
    let file = std::env::temp_dir().join(format!("marquee-bench-curl-{}", std::process::id()));
    let out = std::process::Command::new("curl")
        .arg("-sS")
        .arg("-o")
        .arg(&file)
        .args(["-w", "%{time_total} %{size_download}", "-H", auth, url])
        .output()
        .expect("curl (apt install curl)");
    let _ = std::fs::remove_file(&file);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let seconds: f64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .expect("curl's time");
    let size: u64 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .expect("curl's size");
    assert_eq!(size, bytes, "curl read the whole file");
    seconds
}

/// The kinds of process the memory figure is split into.
const KINDS: [&str; 4] = ["renderer", "network", "browser", "other"];

/// Resident memory of every process below `root` (Chromium and its zygote, renderers, the
/// processes of workers, the network service), by kind: Chromium's `--type=` (its process
/// title keeps it), the network service apart from the other utility processes.
fn rss_by_kind(root: u32) -> Vec<(&'static str, u64)> {
    descendants(root)
        .iter()
        .map(|d| {
            let title = std::fs::read(format!("/proc/{}/cmdline", d.pid)).unwrap_or_default();
            let title = String::from_utf8_lossy(&title);
            let kind = if title.contains("--type=renderer") {
                "renderer"
            } else if title.contains("network.mojom.NetworkService") {
                "network"
            } else if title.contains("--type=") || title.contains("chromedriver") {
                "other"
            } else {
                "browser"
            };
            (kind, d.rss_bytes)
        })
        .collect()
}

fn total(by_kind: &[(&'static str, u64)]) -> u64 {
    by_kind.iter().map(|(_, b)| b).sum()
}
