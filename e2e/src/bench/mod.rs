//! The benchmark's parts, one concept per file; `run` puts them together (see `bin/bench.rs`).
mod cache;
mod code_cache;
mod cold_sync;
mod cross_tab;
mod downloads;
mod latency_report;
mod machine;
mod memory;
mod navigation;
mod options;
mod page;
mod playback;
mod processes;
mod profile;
mod reap;
mod report;
mod revalidation;
mod session;
mod size;
mod stats;
mod sync_section;
mod versus;
mod versus_report;
mod warm_start;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use e2e::{dist_dir, js, root, wait_for, ChromeDriver, DemoServer};

use machine::Machine;
use report::{thousands, Report, SizeFigures};
use session::Session;

pub async fn run() {
    reap::on_panic();
    tokio::select! {
        _ = measure_all() => {}
        _ = reap::on_signal() => {}
    }
}

/// Prints a section run alone (`--player`, `--downloads`) and keeps its figures in
/// `target/bench/NAME.json`.
fn write_section(name: &str, markdown: &str, figures: &impl serde::Serialize, started: Instant) {
    println!("{markdown}");
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench");
    std::fs::write(
        out.join(format!("{name}.json")),
        serde_json::to_string_pretty(figures).expect("figures as JSON"),
    )
    .expect("write the figures");
    println!(
        "written to target/bench/{name}.json ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
}

async fn measure_all() {
    let o = options::parse();
    let dist = std::env::var_os("MARQUEE_BENCH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist-bench"));
    assert!(
        dist.join("index.html").exists(),
        "no benchmark build at {} (./scripts/bench builds it and runs this)",
        dist.display()
    );
    let started = Instant::now();
    let chrome = ChromeDriver::start();
    if o.player {
        let figures = playback::measure(&chrome, &dist, o.latency_ms, o.runs).await;
        write_section("player", &figures.markdown(), &figures, started);
        return;
    }
    if o.downloads {
        let figures = downloads::measure(&chrome, &dist, o.runs).await;
        write_section("downloads", &figures.markdown(), &figures, started);
        return;
    }
    if o.sync {
        let mut builds = vec![(dist.as_path(), "A")];
        if let Some(b) = &o.dist_b {
            builds.push((b.as_path(), o.label_b.as_str()));
        }
        let figures = sync_section::measure(
            &chrome,
            &builds,
            &o.sizes,
            o.write_items,
            o.runs,
            o.latency_ms,
            o.shows,
        )
        .await;
        let markdown: Vec<String> = figures.iter().map(|f| f.markdown()).collect();
        write_section("sync", &markdown.join("\n"), &figures, started);
        return;
    }
    if o.versus {
        let mut all = Vec::new();
        let mut markdown = String::new();
        for &size in &o.sizes {
            eprintln!("bench: {} items: side by side", thousands(size.into()));
            let versus = versus::measure(
                &chrome,
                &dist,
                o.dist_b.as_deref().map(|d| (d, o.label_b.as_str())),
                size,
                o.shows,
                o.runs,
                o.latency_ms,
                &o.latencies,
            )
            .await;
            markdown.push_str(&versus.markdown(size));
            all.push(versus);
        }
        markdown.push_str(&versus_report::first_visits(&all));
        write_section("versus", &markdown, &all, started);
        return;
    }

    // The cache on its own, in a page of the bench build with a tiny library.
    let (machine, cache) = {
        let server = DemoServer::start_with_dist(&dist, &["--movies", "10", "--shows", "2"]);
        let driver = chrome.browser().await;
        driver
            .set_script_timeout(Duration::from_secs(900))
            .await
            .expect("script timeout");
        let machine = Machine::describe(&driver).await;
        eprintln!("bench: {}", machine.line());
        open_with_bench_hooks(&driver, &server).await;
        eprintln!("bench: IndexedDB write and read figures");
        let cache = cache::measure(&driver, o.write_items, o.library_size, o.runs).await;
        let _ = driver.quit().await;
        (machine, cache)
    };

    let mut sizes = Vec::new();
    for &size in &o.sizes {
        sizes.push(measure_size(&chrome, &dist, size, &o).await);
    }

    let mut assets = Vec::new();
    let app_dist = dist_dir();
    if app_dist.join("index.html").exists() && app_dist != dist {
        assets.push(size::measure(&relative(&app_dist)));
    }
    assets.push(size::measure(&relative(&dist)));
    if let Some(b) = &o.dist_b {
        assets.push(size::measure(&relative(b)));
    }

    let report = Report {
        machine,
        runs: o.runs,
        latency_ms: o.latency_ms,
        shows: o.shows,
        sizes,
        assets,
        cache,
    };
    println!("{}", report.markdown());
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench");
    std::fs::write(
        out.join("latest.json"),
        serde_json::to_string_pretty(&report).expect("report as JSON"),
    )
    .expect("write latest.json");
    println!(
        "written to target/bench/latest.json ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
}

/// Every figure for one library size: its own demo server and a fresh browser profile.
async fn measure_size(
    chrome: &ChromeDriver,
    dist: &Path,
    size: u32,
    o: &options::Options,
) -> SizeFigures {
    let step = |what: &str| eprintln!("bench: {} items: {what}", thousands(size.into()));
    let server = DemoServer::start_with_dist(
        dist,
        &[
            "--movies",
            &size.to_string(),
            "--shows",
            &o.shows.to_string(),
            "--seed",
            "1",
            "--latency-ms",
            &o.latency_ms.to_string(),
            "--latency-everywhere",
        ],
    );
    step("log in");
    let mut session = Session::start(chrome, &server).await;
    step("cold first sync");
    let cold_sync = cold_sync::measure(&session, &server).await;
    // Forget where the cold sync's scrolling left the grid (going back restores it).
    js(
        &session.driver,
        "window.scrollTo(0, 0); sessionStorage.clear(); return true;",
    )
    .await;
    session.visit_detail_pages().await;
    step("warm starts");
    let warm_start = warm_start::measure(&session, &server, o.runs, true).await;
    let movie_after_library = warm_start::movie_after_library(&session, o.runs).await;
    step("network-first baseline");
    let network_first = warm_start::measure(&session, &server, o.runs, false).await;
    step("in-app navigation");
    // Chromium keeps 50 history entries; the warm starts filled them, and `history.back()`
    // at the cap has skipped entries: go back within a fresh tab.
    session.fresh_tab().await;
    let navigation = navigation::measure(&session, o.runs).await;
    step("background revalidation");
    let revalidation = revalidation::measure(&session, &server).await;
    step("cross-tab");
    let cross_tab = cross_tab::measure(&session, &server, o.runs).await;
    step("memory");
    let memory = memory::library_open(&session).await;
    let _ = session.driver.quit().await;
    drop(server);
    step("side by side (the comparator, and B with --ab)");
    let versus = versus::measure(
        chrome,
        dist,
        o.dist_b.as_deref().map(|d| (d, o.label_b.as_str())),
        size,
        o.shows,
        o.runs,
        o.latency_ms,
        &o.latencies,
    )
    .await;
    SizeFigures {
        size,
        cold_sync,
        warm_start,
        movie_after_library,
        network_first,
        navigation,
        revalidation,
        cross_tab,
        memory,
        versus,
    }
}

/// A path relative to the workspace root where it is inside it (for the report).
fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(root())
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Opens the bench build of the app on `server` and waits until its `bench_*` hooks are there.
pub async fn open_with_bench_hooks(driver: &e2e::thirtyfour::WebDriver, server: &DemoServer) {
    driver
        .goto(format!("{}/login", server.url))
        .await
        .expect("open the app");
    wait_for("the app's bench hooks", Duration::from_secs(30), || async {
        js(
            driver,
            "return !!(window.wasmBindings && window.wasmBindings.bench_cache_writes)",
        )
        .await
        .as_bool()
        .filter(|b| *b)
    })
    .await;
}
