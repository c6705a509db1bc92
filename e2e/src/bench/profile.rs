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

/// Keeps the scripts of every long animation frame (what invoked them, for how long).
const RECORD_LONG_FRAMES: &str = "window.__loaf = []; \
    new PerformanceObserver(list => { for (const e of list.getEntries()) { \
      window.__loaf.push({ duration: e.duration, scripts: e.scripts.map(s => ({ \
        invoker: s.invoker, type: s.invokerType, duration: s.duration, \
        source: s.sourceFunctionName + ' ' + (s.sourceURL || '').split('/').pop() + ':' + s.sourceCharPosition })) }); } }) \
      .observe({ type: 'long-animation-frame', buffered: false }); return true;";

pub async fn start(driver: &WebDriver) {
    let _ = driver.execute(RECORD_LONG_FRAMES, Vec::new()).await;
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
    if let Ok(frames) = driver
        .execute("return window.__loaf || []", Vec::new())
        .await
    {
        let frames = frames.json().as_array().cloned().unwrap_or_default();
        let mut by_invoker: HashMap<String, (usize, f64, f64)> = HashMap::new();
        let mut long = 0;
        for frame in frames
            .iter()
            .filter(|f| f["duration"].as_f64().unwrap_or(0.0) > 50.0)
        {
            long += 1;
            for script in frame["scripts"].as_array().into_iter().flatten() {
                let key = format!(
                    "{} [{}] {}",
                    script["invoker"].as_str().unwrap_or("?"),
                    script["type"].as_str().unwrap_or("?"),
                    script["source"].as_str().unwrap_or("?")
                );
                let ms = script["duration"].as_f64().unwrap_or(0.0);
                let entry = by_invoker.entry(key).or_default();
                entry.0 += 1;
                entry.1 += ms;
                entry.2 = entry.2.max(ms);
            }
        }
        let mut top: Vec<_> = by_invoker.into_iter().collect();
        top.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1));
        eprintln!(
            "bench: {long} animation frames over 50 ms; their scripts (count, total, longest):"
        );
        for (script, (count, total, longest)) in top.iter().take(25) {
            eprintln!("  {count:4} {total:8.0} ms {longest:6.0} ms  {script}");
        }
    }
    eprintln!("bench: profile {name}: {total} samples; self time by function:");
    for (function, hits) in top.iter().take(40) {
        eprintln!("  {:5.1}%  {function}", 100.0 * hits / total.max(1.0));
    }
}
