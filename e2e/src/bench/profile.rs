//! `MARQUEE_BENCH_PROFILE=1`: a CPU profile of the page's main thread (Chromium's sampling
//! profiler over the DevTools protocol) around a figure, summed by function: where a slow
//! figure's time goes. The whole profile is kept in `target/bench/NAME.cpuprofile` (DevTools
//! opens it).
use std::collections::HashMap;

use e2e::root;
use e2e::thirtyfour::WebDriver;
use serde_json::json;

/// Whether profiles were asked for.
pub fn wanted() -> bool {
    std::env::var_os("MARQUEE_BENCH_PROFILE").is_some()
}

pub async fn start(driver: &WebDriver) {
    let cdp = driver.cdp();
    let _ = cdp.send_raw("Profiler.enable", json!({})).await;
    let _ = cdp
        .send_raw("Profiler.setSamplingInterval", json!({ "interval": 1000 }))
        .await;
    let _ = cdp.send_raw("Profiler.start", json!({})).await;
}

/// Stops the profile, keeps it as `name`, and prints the functions with the most self time.
pub async fn stop(driver: &WebDriver, name: &str) {
    let Ok(answer) = driver.cdp().send_raw("Profiler.stop", json!({})).await else {
        eprintln!("bench: no profile");
        return;
    };
    let profile = &answer["profile"];
    let out = root().join("target/bench");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(
        out.join(format!("{name}.cpuprofile")),
        serde_json::to_string(profile).unwrap_or_default(),
    );
    let empty = Vec::new();
    let nodes = profile["nodes"].as_array().unwrap_or(&empty);
    let total: f64 = nodes.iter().filter_map(|n| n["hitCount"].as_f64()).sum();
    let mut by_function: HashMap<String, f64> = HashMap::new();
    for node in nodes {
        let frame = &node["callFrame"];
        let name = format!(
            "{} {}:{}",
            frame["functionName"].as_str().unwrap_or("?"),
            frame["url"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or(""),
            frame["lineNumber"].as_i64().unwrap_or(-1)
        );
        *by_function.entry(name).or_default() += node["hitCount"].as_f64().unwrap_or(0.0);
    }
    let mut top: Vec<(String, f64)> = by_function.into_iter().collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1));
    eprintln!("bench: profile {name}: {total} samples; self time by function:");
    for (function, hits) in top.iter().take(40) {
        eprintln!("  {:5.1}%  {function}", 100.0 * hits / total.max(1.0));
    }
}
