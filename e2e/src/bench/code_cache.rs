//! Whether V8's compiled-code cache served the wasm on a warm start, and how long the main
//! thread spent compiling wasm. Chromedriver traces the browser for its performance log
//! (`perfLoggingPrefs.traceCategories`); reading the log drains the events so far, so a load's
//! events are those read after it minus those drained before it.
use e2e::thirtyfour::{self, WebDriver};
use e2e::{root, ChromeDriver};
use serde::Serialize;
use serde_json::{json, Value};

/// The trace categories: the timeline's wasm cache events and V8's wasm compile slices.
const CATEGORIES: &str = "devtools.timeline,disabled-by-default-devtools.timeline,v8.wasm,v8";

/// What one load's trace says.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CodeCache {
    /// `v8.wasm.moduleCacheHit`, `v8.wasm.cachedModule` or `v8.wasm.compileConsumeDone` was
    /// seen: the compiled module came from V8's cache.
    pub hit: bool,
    /// The wasm events seen, by name, with their counts.
    pub events: Vec<(String, u32)>,
    /// Wasm compile slices on the renderer's main thread, summed.
    pub main_thread_compile_ms: f64,
}

/// A traced load in progress: where to read the log.
pub struct Trace {
    log_url: String,
}

/// A browser like `ChromeDriver::browser` whose trace goes to the performance log.
pub async fn traced_browser(chrome: &ChromeDriver) -> WebDriver {
    let flags: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("webdriver.json")).expect("webdriver.json"),
    )
    .expect("webdriver.json is JSON");
    let mut options = flags["goog:chromeOptions"].clone();
    options["perfLoggingPrefs"] = json!({
        "enableNetwork": false,
        "enablePage": false,
        "traceCategories": CATEGORIES,
    });
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert("goog:chromeOptions".into(), options);
    caps.insert(
        "goog:loggingPrefs".into(),
        json!({"browser": "ALL", "performance": "ALL"}),
    );
    WebDriver::new(chrome.url.clone(), thirtyfour::Capabilities::from(caps))
        .await
        .expect("start a traced Chromium session")
}

async fn read_log(url: &str) -> Vec<Value> {
    let response = reqwest::Client::new()
        .post(url)
        .json(&json!({"type": "performance"}))
        .send()
        .await;
    let Ok(response) = response else {
        return Vec::new();
    };
    let body: Value = response.json().await.unwrap_or(Value::Null);
    body["value"].as_array().cloned().unwrap_or_default()
}

/// Drains the log so far; `None` when this chromedriver keeps no performance log.
pub async fn start(driver: &WebDriver, chrome_url: &str) -> Option<Trace> {
    let log_url = format!("{chrome_url}/session/{}/se/log", driver.session_id());
    let response = reqwest::Client::new()
        .post(&log_url)
        .json(&json!({"type": "performance"}))
        .send()
        .await
        .ok()?;
    response.status().is_success().then_some(Trace { log_url })
}

/// The trace events of the log entries since `start`.
fn trace_events(entries: &[Value]) -> Vec<Value> {
    let mut events = Vec::new();
    for entry in entries {
        let Some(text) = entry["message"].as_str() else {
            continue;
        };
        let Ok(message) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let message = &message["message"];
        if message["method"] != "Tracing.dataCollected" {
            continue;
        }
        match message["params"]["value"].as_array() {
            Some(many) => events.extend(many.iter().cloned()),
            None => events.push(message["params"].clone()),
        }
    }
    events
}

/// Reads the load's events and sums them up.
pub async fn finish(trace: Trace) -> CodeCache {
    // The trace reaches the log with a delay: read until it has the load's wasm events.
    let mut events = Vec::new();
    for _ in 0..10 {
        events.extend(trace_events(&read_log(&trace.log_url).await));
        if events
            .iter()
            .any(|e| e["name"].as_str().is_some_and(|n| n.contains("wasm")))
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    summarize(&events)
}

fn summarize(events: &[Value]) -> CodeCache {
    // The renderer's main thread, by its name in the trace's metadata.
    let main: Vec<(u64, u64)> = events
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == "thread_name")
        .filter(|e| e["args"]["name"] == "CrRendererMain")
        .filter_map(|e| Some((e["pid"].as_u64()?, e["tid"].as_u64()?)))
        .collect();
    let on_main = |e: &Value| {
        let at = (
            e["pid"].as_u64().unwrap_or(0),
            e["tid"].as_u64().unwrap_or(0),
        );
        main.is_empty() || main.contains(&at)
    };
    let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
    let mut compile_us = 0.0;
    for e in events {
        let name = e["name"].as_str().unwrap_or("");
        if !name.to_ascii_lowercase().contains("wasm") {
            continue;
        }
        *counts.entry(name.to_string()).or_default() += 1;
        let compiling = name.to_ascii_lowercase().contains("compile");
        if compiling && e["ph"] == "X" && on_main(e) {
            compile_us += e["dur"].as_f64().unwrap_or(0.0);
        }
    }
    CodeCache {
        // Chromium 156 names the timeline's events `v8.wasm.compileConsume` and
        // `...Done` (compiled code read back from the cache) rather than the older names.
        hit: [
            "v8.wasm.moduleCacheHit",
            "v8.wasm.cachedModule",
            "v8.wasm.compileConsumeDone",
        ]
        .iter()
        .any(|name| counts.contains_key(*name)),
        events: counts.into_iter().collect(),
        main_thread_compile_ms: compile_us / 1000.0,
    }
}
