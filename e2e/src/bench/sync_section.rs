//! `--sync`: only the write path of a big library. The cache's write figure, then per size the
//! cold first sync (first content, fully cached, its tasks) and a background revalidation of
//! the synced library (its tasks): what a change to the sync or the writes moves, in minutes.
use std::path::Path;
use std::time::Duration;

use e2e::{js, wait_for, ChromeDriver, DemoServer};
use serde::Serialize;

use super::cold_sync::{self, ColdSync};
use super::page::call;
use super::report::thousands;
use super::revalidation::{self, Revalidation};
use super::session::Session;
use super::stats::{fmt_ms, Summary};

#[derive(Clone, Debug, Serialize)]
pub struct SyncFigures {
    pub write_items: u32,
    /// Writing `write_items` items as a first sync does (ms).
    pub write: Summary,
    pub sizes: Vec<SyncAtSize>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SyncAtSize {
    pub size: u32,
    pub cold_sync: ColdSync,
    pub revalidation: Revalidation,
}

pub async fn measure(
    chrome: &ChromeDriver,
    dist: &Path,
    sizes: &[u32],
    write_items: u32,
    runs: u32,
    latency_ms: u64,
    shows: u32,
) -> SyncFigures {
    let write = {
        let server = DemoServer::start_with_dist(dist, &["--movies", "10", "--shows", "2"]);
        let driver = chrome.browser().await;
        driver
            .set_script_timeout(Duration::from_secs(900))
            .await
            .expect("script timeout");
        driver
            .goto(format!("{}/login", server.url))
            .await
            .expect("open the app");
        wait_for("the app's bench hooks", Duration::from_secs(30), || async {
            js(
                &driver,
                "return !!(window.wasmBindings && window.wasmBindings.bench_cache_writes)",
            )
            .await
            .as_bool()
            .filter(|b| *b)
        })
        .await;
        eprintln!("bench: writing {} items", thousands(write_items.into()));
        let mut writes = Vec::new();
        for _ in 0..runs.max(3) {
            let r = call(
                &driver,
                &format!("window.wasmBindings.bench_cache_writes({write_items})"),
            )
            .await;
            writes.push(r["ms"].as_f64().unwrap_or(f64::NAN));
        }
        let _ = driver.quit().await;
        Summary::of(&writes)
    };
    let mut at_sizes = Vec::new();
    for &size in sizes {
        for run in 0..runs {
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
            at_sizes.push(SyncAtSize {
                size,
                cold_sync,
                revalidation,
            });
        }
    }
    SyncFigures {
        write_items,
        write,
        sizes: at_sizes,
    }
}

impl SyncFigures {
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "| write path | figure |\n|---|---|\n| write {} items (median of {}; min–max) | {} ms ({}–{}) |\n",
            thousands(self.write_items.into()),
            self.write.samples.len(),
            fmt_ms(self.write.p50),
            fmt_ms(self.write.min),
            fmt_ms(self.write.max),
        );
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
