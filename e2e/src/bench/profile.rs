//! `MARQUEE_BENCH_PROFILE=1`: a CPU profile of the page's main thread (Chromium's sampling
//! profiler over the DevTools protocol) around a figure, summed by function: where a slow
//! figure's time goes. The whole profile is kept in `target/bench/NAME.cpuprofile` (DevTools
//! opens it). `MARQUEE_BENCH_PROFILE=frames`: only the long animation frames' scripts, without the
//! profiler's own cost on the page.
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
      window.__loaf.push({ duration: e.duration, blocking: e.blockingDuration, \
        render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0, \
        layout: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0, scripts: e.scripts.map(s => ({ \
        invoker: s.invoker, type: s.invokerType, duration: s.duration, \
        start: s.startTime, source: s.sourceFunctionName + ' ' + (s.sourceURL || '').split('/').pop() + ':' + s.sourceCharPosition })) }); } }) \
      .observe({ type: 'long-animation-frame', buffered: false }); return true;";

/// Whether only the long frames were asked for (no CPU profile).
fn frames_only() -> bool {
    std::env::var("MARQUEE_BENCH_PROFILE").is_ok_and(|v| v == "frames")
}

pub async fn start(driver: &WebDriver) {
    let _ = driver.execute(RECORD_LONG_FRAMES, Vec::new()).await;
    if frames_only() {
        return;
    }
    let cdp = driver.cdp();
    let _ = cdp.send_raw("Profiler.enable", json!({})).await;
    let _ = cdp
        .send_raw("Profiler.setSamplingInterval", json!({ "interval": 1000 }))
        .await;
    let _ = cdp.send_raw("Profiler.start", json!({})).await;
}

/// Stops the profile, keeps it as `name`, and prints the functions with the most self time.
pub async fn stop(driver: &WebDriver, name: &str) {
    if frames_only() {
        long_frames(driver).await;
        return;
    }
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
    long_frames(driver).await;
    eprintln!("bench: profile {name}: {total} samples; self time by function:");
    for (function, hits) in top.iter().take(40) {
        eprintln!("  {:5.1}%  {function}", 100.0 * hits / total.max(1.0));
    }
}

/// Prints the scripts of the long animation frames recorded since `start`, by invoker.
async fn long_frames(driver: &WebDriver) {
    if let Ok(frames) = driver
        .execute("return window.__loaf || []", Vec::new())
        .await
    {
        let frames = frames.json().as_array().cloned().unwrap_or_default();
        let long: Vec<&serde_json::Value> = frames
            .iter()
            .filter(|f| f["duration"].as_f64().unwrap_or(0.0) > 50.0)
            .collect();
        let mut by_invoker: HashMap<String, (usize, f64, f64, usize)> = HashMap::new();
        for frame in &long {
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
                entry.3 += usize::from(ms > 50.0);
            }
        }
        // Where the long frames went besides scripts: the rendering (style, layout, paint).
        let part = |key: &str| -> Vec<f64> {
            let mut v: Vec<f64> = long
                .iter()
                .map(|f| f[key].as_f64().unwrap_or(0.0))
                .collect();
            v.sort_by(f64::total_cmp);
            v
        };
        for key in ["duration", "blocking", "render", "layout"] {
            let v = part(key);
            let at = |q: f64| {
                v.get(((v.len() as f64 - 1.0) * q) as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            eprintln!(
                "bench: long frames' {key}: median {:.0} ms, p90 {:.0} ms, max {:.0} ms, {} over 50 ms",
                at(0.5),
                at(0.9),
                at(1.0),
                v.iter().filter(|&&x| x > 50.0).count()
            );
        }
        // The longest tasks, with the frame scripts that ran in them.
        let tasks = driver
            .execute(
                "return (window.__bench && window.__bench.longTasks) || []",
                Vec::new(),
            )
            .await
            .map(|t| t.json().as_array().cloned().unwrap_or_default())
            .unwrap_or_default();
        let mut tasks: Vec<(f64, f64)> = tasks
            .iter()
            .map(|t| {
                (
                    t["start"].as_f64().unwrap_or(0.0),
                    t["duration"].as_f64().unwrap_or(0.0),
                )
            })
            .collect();
        tasks.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (start, duration) in tasks.iter().take(8) {
            let inside: Vec<String> = frames
                .iter()
                .flat_map(|f| f["scripts"].as_array().cloned().unwrap_or_default())
                .filter(|s| {
                    let at = s["start"].as_f64().unwrap_or(-1.0);
                    at >= *start && at < start + duration
                })
                .map(|s| {
                    format!(
                        "{} {:.0} ms",
                        s["invoker"].as_str().unwrap_or("?"),
                        s["duration"].as_f64().unwrap_or(0.0)
                    )
                })
                .collect();
            eprintln!(
                "bench: long task {duration:.0} ms at {start:.0}: {}",
                inside.join(", ")
            );
        }
        let mut top: Vec<_> = by_invoker.into_iter().collect();
        top.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1));
        eprintln!(
            "bench: {} animation frames over 50 ms; their scripts (count, total, longest, \
             how many over 50 ms):",
            long.len()
        );
        for (script, (count, total, longest, over)) in top.iter().take(25) {
            eprintln!("  {count:4} {total:8.0} ms {longest:6.0} ms {over:4}  {script}");
        }
    }
}
