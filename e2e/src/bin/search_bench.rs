//! Search figures (issue 19), printed, not asserted: keystroke to results painted with a big
//! cache, the longest task while typing, what the title index adds to a sync and in space.
//!
//! ```sh
//! TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline --features bench --dist dist-bench
//! cargo build -p demo-server
//! cargo run --release -p e2e --bin search_bench -- 50000 5000
//! ```
//! Arguments: movies and episodes to cache (50,000 and 5,000), rounds of the upkeep
//! measurement (3). `MARQUEE_BENCH_DIST` overrides
//! `dist-bench`.
use std::path::PathBuf;
use std::time::Duration;

use e2e::{js, log_in, root, wait_for, ChromeDriver, DemoServer};
use serde_json::{json, Value};

/// Rounds of the upkeep measurement (a third argument overrides it; 0 skips it).
const UPKEEP_ROUNDS: u32 = 3;

/// Times the queries are typed (the machine's speed drifts: more samples, steadier figures).
const PASSES: usize = 3;

/// What is typed, one key at a time (a plain prefix search, a place with an accent typed
/// without it, a typo).
const QUERIES: [&str; 3] = ["silent river", "montreal", "lanturn"];

/// Types `text` into the header's field as the next keystroke and resolves, once the results
/// for it are painted (their mark, then the next frame), with the milliseconds it took.
const KEYSTROKE: &str = r#"
const [text, done] = arguments;
const input = document.querySelector(".app-search input[name='q']");
const t0 = performance.now();
const observer = new PerformanceObserver((list) => {
    const mark = list.getEntries().find(e => e.name === 'marquee:search-local' && e.startTime >= t0);
    if (mark) {
        observer.disconnect();
        window.__markAt = mark.startTime - t0;
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0)));
    }
});
observer.observe({ type: 'mark' });
setTimeout(() => { observer.disconnect(); done(-1); }, 10000);
input.value = text;
input.dispatchEvent(new Event('input', { bubbles: true }));
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let movies = args.first().copied().unwrap_or(50_000);
    let episodes = args.get(1).copied().unwrap_or(5_000);
    let rounds = args.get(2).copied().unwrap_or(UPKEEP_ROUNDS);
    let dist = std::env::var_os("MARQUEE_BENCH_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist-bench"));
    let server = DemoServer::start_with_dist(&dist, &["--movies", "10", "--shows", "2"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;
    driver
        .set_script_timeout(Duration::from_secs(900))
        .await
        .expect("script timeout");
    log_in(&driver, &server, "demo", "demo").await;
    wait_for("the store", Duration::from_secs(60), || async {
        let backend = js(
            &driver,
            "return window.wasmBindings && window.wasmBindings.bench_store_backend()",
        )
        .await;
        (backend == json!("indexeddb")).then_some(())
    })
    .await;

    eprintln!("search bench: caching {movies} movies and {episodes} episodes");
    let written = driver
        .execute_async(
            "const [m, e, done] = arguments; window.wasmBindings.bench_search_seed(m, e).then(done, e => done(String(e)));",
            vec![json!(movies), json!(episodes)],
        )
        .await
        .expect("seed")
        .json()
        .clone();
    driver.goto(format!("{}/search", server.url)).await.unwrap();
    wait_for("the search page", Duration::from_secs(30), || async {
        let ready = js(
            &driver,
            "return !!document.querySelector(\"main[data-page='search']\")",
        )
        .await;
        (ready == json!(true)).then_some(())
    })
    .await;
    js(
        &driver,
        "window.__longest = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({ type: 'longtask' }); return true;",
    )
    .await;

    let mut times = Vec::new();
    let mut longest_per_pass = Vec::new();
    for pass in 0..PASSES {
        js(&driver, "window.__longest = 0; return true;").await;
        for query in QUERIES {
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let ms = driver
                    .execute_async(KEYSTROKE, vec![Value::String(typed.clone())])
                    .await
                    .expect("keystroke")
                    .json()
                    .as_f64()
                    .unwrap_or(-1.0);
                if ms >= 0.0 {
                    let mark_at = js(&driver, "return window.__markAt").await;
                    eprintln!(
                        "search bench: {typed:?} {ms:.0} ms (results set at {:.0} ms)",
                        mark_at.as_f64().unwrap_or(f64::NAN)
                    );
                    times.push(ms);
                } else {
                    eprintln!("search bench: no results painted for {typed:?}");
                }
            }
            // The cards after the first screen follow a task later each: count once they stop.
            let mut shown = json!(-1);
            for _ in 0..40 {
                let now = js(
                    &driver,
                    "return document.querySelectorAll(\"main[data-page='search'] a.card\").length",
                )
                .await;
                if now == shown {
                    break;
                }
                shown = now;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            eprintln!("search bench: {query:?} shows {shown} results");
        }
        let longest = js(&driver, "return window.__longest").await;
        eprintln!("search bench: pass {}: longest task {longest} ms", pass + 1);
        longest_per_pass.push(longest.as_f64().unwrap_or(f64::NAN));
    }
    // After the typing: the upkeep writes the movies twice a round into databases it then
    // deletes, and the browser compacts its store for a while after (typing measured then
    // measured that). The machine's speed drifts: each round writes the movies without the
    // index and with it page by page, taking turns (see `bench_search_upkeep`); the rounds'
    // medians are compared.
    let mut upkeeps = Vec::new();
    for round in 0..rounds {
        eprintln!(
            "search bench: index upkeep round {}, {movies} movies written twice",
            round + 1
        );
        let upkeep = driver
            .execute_async(
                "const [n, done] = arguments; window.wasmBindings.bench_search_upkeep(n).then(done, e => done(String(e)));",
                vec![json!(movies)],
            )
            .await
            .expect("upkeep")
            .json()
            .clone();
        eprintln!("search bench: {upkeep}");
        upkeeps.push(upkeep);
    }
    let median_of = |field: &str| {
        let mut values: Vec<f64> = upkeeps.iter().filter_map(|u| u[field].as_f64()).collect();
        values.sort_by(f64::total_cmp);
        percentile(&values, 0.5)
    };
    let without_ms = median_of("without_index_ms");
    let with_ms = median_of("with_index_ms");
    // Each round's own ratio (both halves saw the same machine), and their median.
    let mut ratios: Vec<f64> = upkeeps
        .iter()
        .map(|u| {
            u["with_index_ms"].as_f64().unwrap_or(f64::NAN)
                / u["without_index_ms"].as_f64().unwrap_or(f64::NAN)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let extra_bytes = median_of("with_index_bytes") - median_of("without_index_bytes");
    longest_per_pass.sort_by(f64::total_cmp);
    times.sort_by(f64::total_cmp);
    let ratio = percentile(&ratios, 0.5);
    println!("| search figure | value | target |");
    println!("|---|---|---|");
    println!("| items cached | {written} ({movies} movies + {episodes} episodes) | |");
    println!(
        "| keystroke to results painted, p50 / p95 ({} keystrokes, {PASSES} passes) | {:.0} / {:.0} ms | 50 / 100 ms |",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    println!(
        "| longest task while typing, median of {PASSES} passes (each pass's) | {:.0} ms ({}) | 50 ms |",
        percentile(&longest_per_pass, 0.5),
        longest_per_pass
            .iter()
            .map(|ms| format!("{ms:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "| writing {movies} movies in pages of 500: without / with the index (medians of {rounds} rounds; the rounds' median ratio, each round's) | {:.0} / {:.0} ms (+{:.0}%; {}) | under +20% |",
        without_ms,
        with_ms,
        (ratio - 1.0) * 100.0,
        ratios
            .iter()
            .map(|r| format!("{:+.0}%", (r - 1.0) * 100.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "| extra IndexedDB space for {movies} movies (storage estimate) | {:.1} MB | reported |",
        extra_bytes / 1e6
    );
    if let Some(first) = upkeeps.first() {
        let figure = |field: &str| first[field].as_f64().unwrap_or(f64::NAN);
        println!(
        "| search index keys for {movies} movies: entries, their keys' bytes as IndexedDB encodes them (UTF-16, with each entry's item id; before compression); the words store | {:.0} entries, {:.1} MB; {:.0} words, {:.1} KB | reported |",
        figure("index_entries"),
        figure("index_key_bytes") / 1e6,
        figure("distinct_words"),
        figure("words_store_bytes") / 1e3,
    );
    }
    let _ = driver.quit().await;
}
