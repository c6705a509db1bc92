//! The IndexedDB cache on its own, through the app's `bench_*` hooks: writing a library as a
//! first sync does, reading the first screen of a big library in every sort, counting it and
//! reading all of it.
use e2e::thirtyfour::WebDriver;
use serde::Serialize;
use serde_json::Value;

use super::page::call;
use super::stats::Summary;

#[derive(Clone, Debug, Serialize)]
pub struct CacheFigures {
    pub write_items: u32,
    pub write: Summary,
    pub library_size: u32,
    /// Per sort and order: median and max of `runs` reads of the first 60.
    pub first_page_reads: Value,
    /// The same library counted (a grid's total) and read in full by id (a whole-library
    /// query read from the cache).
    pub scans: Value,
}

pub async fn measure(
    driver: &WebDriver,
    write_items: u32,
    library_size: u32,
    runs: u32,
) -> CacheFigures {
    let mut writes = Vec::new();
    for _ in 0..runs.min(3) {
        let r = call(
            driver,
            &format!("window.wasmBindings.bench_cache_writes({write_items})"),
        )
        .await;
        writes.push(r["ms"].as_f64().unwrap_or(f64::NAN));
    }
    let first_page_reads = call(
        driver,
        &format!("window.wasmBindings.bench_library_reads({library_size}, {runs})"),
    )
    .await;
    let scans = call(
        driver,
        &format!(
            "window.wasmBindings.bench_library_scans({library_size}, {})",
            runs.min(3)
        ),
    )
    .await;
    CacheFigures {
        scans,
        write_items,
        write: Summary::of(&writes),
        library_size,
        first_page_reads,
    }
}
