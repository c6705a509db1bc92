//! The page side of the measurements: an instrumentation script installed in every document
//! (long tasks, frames, a simulated scroll), performance marks, the app's `bench_*` hooks and CDP.
use std::time::{Duration, Instant};

use e2e::browser::{cdp, js_with};
use e2e::thirtyfour::WebDriver;
use e2e::{js, wait_for};
use serde::Serialize;
use serde_json::{json, Value};

/// Runs before any of the page's own scripts, in every document of the tab (CDP
/// `Page.addScriptToEvaluateOnNewDocument`): long tasks from the start of the page, the time the
/// first item appears in a page's `<main>`, and frame and scroll helpers.
const INSTRUMENT: &str = r#"
(() => {
  if (window.__bench) return;
  const b = window.__bench = { longTasks: [], firstItemAt: null, frames: null, generation: 0, scroller: null };
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { b.noLongTasks = String(e); }
  // Errors and warnings the app logs (a wasm panic, a cache error), for diagnostics.
  b.errors = [];
  for (const level of ['error', 'warn']) {
    const original = console[level].bind(console);
    console[level] = (...args) => { b.errors.push(level + ': ' + args.map(String).join(' ')); original(...args); };
  }
  addEventListener('error', e => b.errors.push('uncaught: ' + e.message));
  addEventListener('unhandledrejection', e => b.errors.push('unhandled rejection: ' + String(e.reason)));
  const item = 'main[data-page] [data-item-id], main[data-page][data-item-id]';
  const first = new MutationObserver(() => {
    if (document.querySelector(item)) { b.firstItemAt = performance.now(); first.disconnect(); }
  });
  first.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-item-id', 'data-page'] });
  b.startFrames = () => {
    const generation = ++b.generation;
    b.frames = [];
    const tick = t => { if (b.generation === generation && b.frames) { b.frames.push(t); requestAnimationFrame(tick); } };
    requestAnimationFrame(tick);
  };
  b.stopFrames = () => { const f = b.frames || []; b.frames = null; b.generation++; return f; };
  // A user reading the grid: a wheel step every 100 ms, down to the end and back up.
  b.startScrolling = (step, every) => {
    let dir = 1;
    clearInterval(b.scroller);
    b.scroller = setInterval(() => {
      const max = document.documentElement.scrollHeight - innerHeight;
      if (scrollY >= max - 1) dir = -1; else if (scrollY <= 0) dir = 1;
      scrollBy(0, dir * step);
    }, every);
  };
  b.stopScrolling = () => { clearInterval(b.scroller); b.scroller = null; };
})();
"#;

/// Installs the instrumentation in the current tab, for every document it loads from now on.
pub async fn instrument(driver: &WebDriver) {
    cdp(
        driver,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": INSTRUMENT }),
    )
    .await;
}

/// Awaits a promise-returning expression in the page (an async `bench_*` hook) and returns
/// what it resolved to.
pub async fn call(driver: &WebDriver, expr: &str) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1]; Promise.resolve().then(() => {expr}).then(r => done({{ok: r === undefined ? null : r}}), e => done({{error: String(e)}}));"
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

/// Waits for the app's bench hooks and the store (the build has `--features bench`, the user
/// is logged in).
pub async fn wait_for_store(driver: &WebDriver) -> String {
    wait_for("the app's store", Duration::from_secs(60), || async {
        let backend = js(
            driver,
            "return window.wasmBindings && window.wasmBindings.bench_store_backend ? window.wasmBindings.bench_store_backend() : null",
        )
        .await;
        backend
            .as_str()
            .filter(|b| *b != "none")
            .map(str::to_string)
    })
    .await
}

/// The `startTime` of the first performance mark `name` set at or after `since` for a URL
/// whose path is `path` (the mark's `detail.path`, without its query).
pub async fn wait_for_mark(
    driver: &WebDriver,
    name: &str,
    path: &str,
    since: f64,
    timeout: Duration,
) -> f64 {
    let script = "const [name, path, since] = arguments; \
        const m = performance.getEntriesByName(name).find(e => e.startTime >= since && \
          e.detail && typeof e.detail.path === 'string' && e.detail.path.split('?')[0] === path); \
        return m ? m.startTime : null;";
    let args = vec![json!(name), json!(path), json!(since)];
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(at) = js_with(driver, script, args.clone()).await.as_f64() {
            return at;
        }
        if Instant::now() > deadline {
            let marks = js(
                driver,
                "return { at: location.pathname + location.search, history: history.length, now: performance.now(), \
                 page: (document.querySelector('main[data-page]') || {}).outerHTML?.slice(0, 300), \
                 marks: performance.getEntriesByType('mark').map(m => [m.name, m.startTime, m.detail]) }",
            )
            .await;
            panic!(
                "timed out after {timeout:?} waiting for {name} on {path} after {since}: {marks:#}\n{}",
                diagnostics(driver).await
            );
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// When the first item appeared in the page's `<main>` (ms after navigation start), if yet.
pub async fn first_item_at(driver: &WebDriver) -> Option<f64> {
    js(
        driver,
        "return window.__bench ? window.__bench.firstItemAt : null",
    )
    .await
    .as_f64()
}

/// `history.back()` from inside the page; returns `performance.now()` just before it.
pub async fn back(driver: &WebDriver) -> f64 {
    js(
        driver,
        "const t = performance.now(); history.back(); return t;",
    )
    .await
    .as_f64()
    .unwrap_or(0.0)
}

/// Waits until an element matching `css` exists.
pub async fn wait_for_element(driver: &WebDriver, css: &str, timeout: Duration) {
    let script = "return !!document.querySelector(arguments[0])";
    wait_for(css, timeout, || async {
        js_with(driver, script, vec![json!(css)])
            .await
            .as_bool()
            .filter(|b| *b)
            .map(|_| ())
    })
    .await
}

/// A time window in the page, for long tasks and frames.
pub struct Window {
    pub start: f64,
}

/// What the main thread did during a window.
#[derive(Clone, Debug, Serialize)]
pub struct Jank {
    /// Window length.
    pub ms: f64,
    pub longest_task_ms: f64,
    pub tasks_over_50ms: usize,
    pub frames: usize,
    /// Frames the display would have shown at 60 Hz but the page did not produce.
    pub dropped_frames: usize,
    pub longest_frame_ms: f64,
}

/// Starts counting frames (and, with `scroll`, scrolling like a reader) from now.
pub async fn open_window(driver: &WebDriver, scroll: bool) -> Window {
    let script = if scroll {
        "window.__bench.startFrames(); window.__bench.startScrolling(120, 100); return performance.now();"
    } else {
        "window.__bench.startFrames(); return performance.now();"
    };
    Window {
        start: js(driver, script).await.as_f64().unwrap_or(0.0),
    }
}

/// Stops the window at `end` (page time) and sums up its long tasks and frames.
pub async fn close_window(driver: &WebDriver, window: Window) -> Jank {
    let got = js(
        driver,
        "window.__bench.stopScrolling(); const frames = window.__bench.stopFrames(); \
         return { now: performance.now(), frames, tasks: window.__bench.longTasks };",
    )
    .await;
    let end = got["now"].as_f64().unwrap_or(window.start);
    let frames: Vec<f64> = serde_json::from_value(got["frames"].clone()).unwrap_or_default();
    let tasks: Vec<(f64, f64)> = got["tasks"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|t| {
            (
                t["start"].as_f64().unwrap_or(0.0),
                t["duration"].as_f64().unwrap_or(0.0),
            )
        })
        .filter(|(start, duration)| start + duration >= window.start && *start <= end)
        .collect();
    let frame = 1000.0 / 60.0;
    let gaps: Vec<f64> = frames.windows(2).map(|w| w[1] - w[0]).collect();
    Jank {
        ms: end - window.start,
        longest_task_ms: tasks.iter().map(|t| t.1).fold(0.0, f64::max),
        tasks_over_50ms: tasks.iter().filter(|t| t.1 > 50.0).count(),
        frames: frames.len(),
        dropped_frames: gaps
            .iter()
            .map(|g| ((g / frame).round() as usize).saturating_sub(1))
            .sum(),
        longest_frame_ms: gaps.iter().copied().fold(0.0, f64::max),
    }
}

/// What the page can say about itself when a wait times out: errors it logged, the store's
/// refresh queue and keys, and the Web Locks held.
pub async fn diagnostics(driver: &WebDriver) -> String {
    let state = call(
        driver,
        "(() => { let store; try { store = window.wasmBindings.bench_queue_state(); } catch (e) { store = String(e); } \
         return navigator.locks.query().then(locks => ({ errors: window.__bench && window.__bench.errors, store, locks })); })()",
    )
    .await;
    serde_json::to_string_pretty(&state).unwrap_or_default()
}

/// Whether long tasks reach the instrumentation in this browser: blocks the page for 80 ms and
/// looks for that task. Without it a "longest task: 0 ms" would mean nothing.
pub async fn long_tasks_observable(driver: &WebDriver) -> bool {
    let start = js(
        driver,
        "const t = performance.now(); setTimeout(() => { const s = performance.now(); while (performance.now() - s < 80) {} }, 0); return t;",
    )
    .await
    .as_f64()
    .unwrap_or(0.0);
    tokio::time::sleep(Duration::from_millis(300)).await;
    js_with(
        driver,
        "return (window.__bench.longTasks || []).some(t => t.start + t.duration >= arguments[0] && t.duration >= 75)",
        vec![json!(start)],
    )
    .await
    .as_bool()
    .unwrap_or(false)
}
