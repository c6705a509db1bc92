//! `--sync`: only the write path of a big library. The cache's write figure, then per size the
//! cold first sync (first content, fully cached, its tasks) and a background revalidation of
//! the synced library (its tasks): what a change to the sync or the writes moves, in minutes.
use std::path::Path;
use std::time::Duration;

use e2e::{ChromeDriver, DemoServer};
use serde::Serialize;
use serde_json::{json, Value};

use super::cold_sync::{self, ColdSync};
use super::page::call;
use super::report::thousands;
use super::revalidation::{self, Revalidation};
use super::session::Session;
use super::stats::{fmt_ms, Summary};

/// One build's figures (`--ab`: two, measured in turn).
#[derive(Clone, Debug, Serialize)]
pub struct SyncFigures {
    pub label: String,
    pub write_items: u32,
    /// Writing `write_items` items as a first sync does (ms).
    pub write: Summary,
    /// The same records put from plain JS into the app's schema, and into a store with no
    /// index: what IndexedDB itself costs (ms; NaN for a build without the hook).
    pub floor_app_schema: Summary,
    pub floor_no_index: Summary,
    /// Making the records alone (serializing, search words), in the app's batches (ms).
    pub records: Summary,
    /// Their distinct words put into the words store from plain JS (ms), and how many.
    pub words: Summary,
    pub word_count: u64,
    pub sizes: Vec<SyncAtSize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SyncAtSize {
    pub size: u32,
    pub cold_sync: ColdSync,
    pub revalidation: Revalidation,
}

/// Each build's figures; with two builds every sample alternates between them (the machine's
/// speed drifts too much to compare runs taken apart).
pub async fn measure(
    chrome: &ChromeDriver,
    builds: &[(&Path, &str)],
    sizes: &[u32],
    write_items: u32,
    runs: u32,
    latency_ms: u64,
    shows: u32,
) -> Vec<SyncFigures> {
    let mut writes = vec![Vec::new(); builds.len()];
    for _ in 0..runs.max(3) {
        for (n, (dist, _)) in builds.iter().enumerate() {
            writes[n].push(write_once(chrome, dist, write_items).await);
        }
    }
    let summary = |n: usize, key: &str| {
        Summary::of(
            &writes[n]
                .iter()
                .map(|w| w[key].as_f64().unwrap_or(f64::NAN))
                .collect::<Vec<_>>(),
        )
    };
    let mut at_sizes = vec![Vec::new(); builds.len()];
    for &size in sizes {
        for run in 0..runs {
            for (n, (dist, label)) in builds.iter().enumerate() {
                eprintln!("bench: {label}:");
                at_sizes[n].push(at_size(chrome, dist, size, run, latency_ms, shows).await);
            }
        }
    }
    builds
        .iter()
        .zip(at_sizes)
        .enumerate()
        .map(|(n, ((_, label), sizes))| SyncFigures {
            label: label.to_string(),
            write_items,
            write: summary(n, "ms"),
            floor_app_schema: summary(n, "app_schema_ms"),
            floor_no_index: summary(n, "no_index_ms"),
            records: summary(n, "records_ms"),
            words: summary(n, "words_ms"),
            word_count: writes[n]
                .iter()
                .filter_map(|w| w["words"].as_u64())
                .max()
                .unwrap_or(0),
            sizes,
        })
        .collect()
}

/// Writing `write_items` items as a first sync does, in a page of the build, and the floor
/// under it: `{ms, app_schema_ms, no_index_ms}`.
async fn write_once(chrome: &ChromeDriver, dist: &Path, write_items: u32) -> Value {
    let server = DemoServer::start_with_dist(dist, &["--movies", "10", "--shows", "2"]);
    let driver = chrome.browser().await;
    driver
        .set_script_timeout(Duration::from_secs(900))
        .await
        .expect("script timeout");
    super::open_with_bench_hooks(&driver, &server).await;
    eprintln!("bench: writing {} items", thousands(write_items.into()));
    let r = call(
        &driver,
        &format!("window.wasmBindings.bench_cache_writes({write_items})"),
    )
    .await;
    let floor = call(
        &driver,
        &format!("window.wasmBindings.bench_write_floor ? window.wasmBindings.bench_write_floor({write_items}) : {{}}"),
    )
    .await;
    let _ = driver.quit().await;
    json!({"ms": r["ms"], "records_ms": floor["records_ms"], "app_schema_ms": floor["app_schema_ms"], "no_index_ms": floor["no_index_ms"], "words_ms": floor["words_ms"], "words": floor["words"]})
}

/// A cold first sync of a fresh profile, then a revalidation of the synced library.
async fn at_size(
    chrome: &ChromeDriver,
    dist: &Path,
    size: u32,
    run: u32,
    latency_ms: u64,
    shows: u32,
) -> SyncAtSize {
    let step = |what: &str| {
        eprintln!(
            "bench: {} items, run {}: {what}",
            thousands(size.into()),
            run + 1
        )
    };
    let server = DemoServer::start_with_dist(
        dist,
        &[
            "--movies",
            &size.to_string(),
            "--shows",
            &shows.to_string(),
            "--seed",
            "1",
            "--latency-ms",
            &latency_ms.to_string(),
            "--latency-everywhere",
        ],
    );
    step("log in");
    let session = Session::start(chrome, &server).await;
    step("cold first sync");
    let cold_sync = cold_sync::measure(&session, &server).await;
    step("background revalidation");
    let revalidation = revalidation::measure(&session, &server).await;
    let _ = session.driver.quit().await;
    SyncAtSize {
        size,
        cold_sync,
        revalidation,
    }
}

impl SyncFigures {
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "| write path, {} | figure |\n|---|---|\n| write {} items (median of {}; min–max) | {} ms ({}–{}) |\n",
            self.label,
            thousands(self.write_items.into()),
            self.write.samples.len(),
            fmt_ms(self.write.p50),
            fmt_ms(self.write.min),
            fmt_ms(self.write.max),
        );
        out.push_str(&format!(
            "| of which making the records (serializing, search words; median) | {} ms |\n\
             | the same records put from plain JS: the app's indexes / no index (medians) | {} ms / {} ms |\n\
             | their {} distinct words put from plain JS into the words store (median) | {} ms |\n",
            fmt_ms(self.records.p50),
            fmt_ms(self.floor_app_schema.p50),
            fmt_ms(self.floor_no_index.p50),
            thousands(self.word_count),
            fmt_ms(self.words.p50),
        ));
        for s in &self.sizes {
            let n = thousands(s.size.into());
            let c = &s.cold_sync;
            let r = &s.revalidation;
            out.push_str(&format!(
                "| {n}: first content / fully cached | {} ms / {} ms ({} items, {} requests) |\n\
                 | {n}: first sync longest task (tasks > 50 ms) | {} ms ({}) |\n\
                 | {n}: revalidation, refresh / longest task (tasks > 50 ms) | {} ms / {} ms ({}) |\n",
                fmt_ms(c.first_content_ms),
                fmt_ms(c.fully_cached_ms),
                c.items,
                c.requests,
                fmt_ms(c.jank.longest_task_ms),
                c.jank.tasks_over_50ms,
                fmt_ms(r.refresh_ms),
                fmt_ms(r.jank.longest_task_ms),
                r.jank.tasks_over_50ms,
            ));
        }
        out
    }
}
