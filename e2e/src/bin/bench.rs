//! Marquee's benchmark: real headless Chromium against the demo server, printing figures.
//!
//! Build first (the benchmark builds nothing itself):
//!   trunk build --release --features bench --dist dist-bench
//!   cargo build --profile native -p demo-server
//! Then: cargo run --release -p e2e --bin bench -- [--runs N] [--write-items N] [--library-size N]
//! Figures go to stdout as a table and to target/bench/latest.json.
use std::path::PathBuf;
use std::time::Duration;

use e2e::{js, root, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

struct Options {
    runs: u32,
    write_items: u32,
    library_size: u32,
}

fn options() -> Options {
    let mut o = Options {
        runs: 7,
        write_items: 10_000,
        library_size: 50_000,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = || {
            args.get(i + 1)
                .and_then(|v| v.parse().ok())
                .expect("a number after the flag")
        };
        match args[i].as_str() {
            "--runs" => o.runs = value(),
            "--write-items" => o.write_items = value(),
            "--library-size" => o.library_size = value(),
            other => panic!("unknown option {other} (--runs, --write-items, --library-size)"),
        }
        i += 2;
    }
    o
}

/// Starts collecting long tasks (PerformanceObserver `longtask`) in the page.
async fn observe_long_tasks(driver: &e2e::thirtyfour::WebDriver) {
    js(
        driver,
        "window.__longTasks = []; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longTasks.push(e.duration) }).observe({type: 'longtask', buffered: false}); return true;",
    )
    .await;
}

async fn long_tasks(driver: &e2e::thirtyfour::WebDriver) -> Vec<f64> {
    serde_json::from_value(js(driver, "return window.__longTasks || []").await).unwrap_or_default()
}

/// Awaits a `bench_*` export of the app in the page and returns its JSON result.
async fn call(driver: &e2e::thirtyfour::WebDriver, expr: &str) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1]; {expr}.then(r => done({{ok: r}}), e => done({{error: String(e)}}));"
    );
    let result = driver
        .execute_async(script, Vec::<Value>::new())
        .await
        .expect("run a bench hook")
        .json()
        .clone();
    if let Some(error) = result.get("error") {
        panic!("{expr} failed: {error}");
    }
    result["ok"].clone()
}

#[tokio::main]
async fn main() {
    let o = options();
    let dist = std::env::var_os("MARQUEE_BENCH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist-bench"));
    assert!(
        dist.join("index.html").exists(),
        "no benchmark build at {} (trunk build --release --features bench --dist dist-bench)",
        dist.display()
    );
    let server = DemoServer::start_with_dist(&dist, &["--movies", "10", "--shows", "2"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    driver
        .set_script_timeout(Duration::from_secs(600))
        .await
        .expect("script timeout");
    driver
        .goto(format!("{}/login", server.url))
        .await
        .expect("open the app");
    wait_for(
        "the app's wasm bindings",
        Duration::from_secs(30),
        || async {
            let ready = js(
                &driver,
                "return !!(window.wasmBindings && window.wasmBindings.bench_cache_writes)",
            )
            .await;
            ready.as_bool().filter(|b| *b).map(|_| ())
        },
    )
    .await;

    // Writing a library into IndexedDB, as a first sync does.
    let mut writes = Vec::new();
    let mut longest_write_task = 0.0f64;
    for _ in 0..o.runs.min(3) {
        observe_long_tasks(&driver).await;
        let r = call(
            &driver,
            &format!("window.wasmBindings.bench_cache_writes({})", o.write_items),
        )
        .await;
        writes.push(r["ms"].as_f64().unwrap_or(f64::NAN));
        let tasks = long_tasks(&driver).await;
        longest_write_task = tasks.iter().copied().fold(longest_write_task, f64::max);
    }
    writes.sort_by(f64::total_cmp);
    let write_ms = writes[writes.len() / 2];
    let tasks_over_50 = long_tasks(&driver)
        .await
        .iter()
        .filter(|d| **d > 50.0)
        .count();

    // Reading the first screen of a big library in every sort.
    let reads = call(
        &driver,
        &format!(
            "window.wasmBindings.bench_library_reads({}, {})",
            o.library_size, o.runs
        ),
    )
    .await;

    println!(
        "Marquee cache benchmark (headless Chromium, {} runs)",
        o.runs
    );
    println!();
    println!("| measure | figure | target |");
    println!("|---|---|---|");
    println!(
        "| write {} items (median of {}) | {:.0} ms | < 1200 ms |",
        o.write_items,
        writes.len(),
        write_ms
    );
    println!(
        "| longest task while writing | {:.0} ms ({} over 50 ms in the last run) | none over 50 ms |",
        longest_write_task, tasks_over_50
    );
    for r in reads.as_array().cloned().unwrap_or_default() {
        println!(
            "| first 60 of {} by {} {} (median / max) | {:.1} / {:.1} ms | < 10 ms |",
            o.library_size,
            r["sort"].as_str().unwrap_or("?"),
            r["order"].as_str().unwrap_or("?"),
            r["median_ms"].as_f64().unwrap_or(f64::NAN),
            r["max_ms"].as_f64().unwrap_or(f64::NAN),
        );
    }

    let report = json!({
        "runs": o.runs,
        "cache": {
            "write_items": o.write_items,
            "write_ms_median": write_ms,
            "write_ms_all": writes,
            "longest_task_ms_while_writing": longest_write_task,
            "library_size": o.library_size,
            "first_page_reads": reads,
        }
    });
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench");
    std::fs::write(
        out.join("latest.json"),
        serde_json::to_string_pretty(&report).unwrap(),
    )
    .expect("write latest.json");
    println!();
    println!("written to target/bench/latest.json");
    let _ = driver.quit().await;
}
