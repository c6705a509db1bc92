//! Memory with the library page open: JS heap used after a full garbage collection (CDP),
//! the wasm module's linear memory, and the DOM's element count.
use std::time::Duration;

use e2e::js;
use e2e::thirtyfour::WebDriver;
use serde::Serialize;
use serde_json::json;

use e2e::browser::cdp;

use super::page::{wait_for_element, wait_for_mark};
use super::session::{Page, Session, WAIT};

#[derive(Clone, Debug, Serialize)]
pub struct Memory {
    pub js_heap_mb: f64,
    /// Linear memory only grows: this is the page's high-water mark.
    pub wasm_mb: f64,
    pub total_mb: f64,
    pub dom_elements: u64,
}

/// The library page opened with a warm cache and scrolled through a few screens.
pub async fn library_open(session: &Session) -> Memory {
    let d = &session.driver;
    let path = session.path(Page::Library);
    d.goto(session.url(&path)).await.expect("open the library");
    wait_for_mark(d, "marquee:content", &path, 0.0, WAIT).await;
    wait_for_element(d, ".virtual-grid a.card[data-item-id]", WAIT).await;
    for _ in 0..10 {
        js(d, "window.scrollBy(0, 900); return true;").await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    measure(d).await
}

pub async fn measure(driver: &WebDriver) -> Memory {
    cdp(driver, "HeapProfiler.enable", json!({})).await;
    cdp(driver, "HeapProfiler.collectGarbage", json!({})).await;
    cdp(driver, "Performance.enable", json!({})).await;
    let metrics = cdp(driver, "Performance.getMetrics", json!({})).await;
    let metric = |name: &str| {
        metrics["metrics"]
            .as_array()
            .and_then(|all| all.iter().find(|m| m["name"] == name))
            .and_then(|m| m["value"].as_f64())
            .unwrap_or(f64::NAN)
    };
    let mb = 1024.0 * 1024.0;
    let js_heap_mb = metric("JSHeapUsedSize") / mb;
    let wasm_mb = js(
        driver,
        "return window.wasmBindings.bench_wasm_memory_bytes()",
    )
    .await
    .as_f64()
    .unwrap_or(f64::NAN)
        / mb;
    let dom_elements = js(driver, "return document.getElementsByTagName('*').length")
        .await
        .as_u64()
        .unwrap_or(0);
    Memory {
        js_heap_mb,
        wasm_mb,
        total_mb: js_heap_mb + wasm_mb,
        dom_elements,
    }
}
