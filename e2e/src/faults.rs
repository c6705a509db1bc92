//! Helpers for the fault suite (`tests/faults.rs`): a console recorder that survives reloads,
//! snapshots of the user's IndexedDB database, and the summary rows under `target/faults/`.
use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::js;

/// Recorded in every new document of the current tab: `console.error`, uncaught errors and
/// unhandled rejections, kept in `sessionStorage` so they survive reloads. A panic in the wasm
/// app logs "panicked at" (console_error_panic_hook) and then traps ("unreachable").
const RECORDER: &str = r#"
(() => {
  const KEY = '__marquee_console_errors';
  const push = (text) => {
    try {
      const all = JSON.parse(sessionStorage.getItem(KEY) || '[]');
      all.push(String(text).slice(0, 600));
      sessionStorage.setItem(KEY, JSON.stringify(all));
    } catch (e) {}
  };
  const original = console.error;
  console.error = function (...args) {
    push(args.map(a => (a && a.stack) ? a.stack : String(a)).join(' '));
    return original.apply(this, args);
  };
  addEventListener('error', e => push('uncaught: ' + (e.error && e.error.stack ? e.error.stack : e.message)));
  addEventListener('unhandledrejection', e => push('unhandled rejection: ' + (e.reason && e.reason.stack ? e.reason.stack : e.reason)));
})();
"#;

/// Sends a Chrome DevTools Protocol command to the current tab.
pub async fn cdp(driver: &WebDriver, method: &str, params: Value) -> Value {
    driver
        .cdp()
        .send_raw(method, params)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// Installs a script in every new document of the current tab; returns its CDP identifier.
pub async fn on_new_document(driver: &WebDriver, source: &str) -> String {
    let result = cdp(
        driver,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await;
    result["identifier"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Removes a script installed by [`on_new_document`] (documents loaded later go without it).
pub async fn remove_on_new_document(driver: &WebDriver, identifier: &str) {
    cdp(
        driver,
        "Page.removeScriptToEvaluateOnNewDocument",
        json!({ "identifier": identifier }),
    )
    .await;
}

/// Starts recording console errors in the current tab (call before its first `goto`).
pub async fn record_console_errors(driver: &WebDriver) {
    on_new_document(driver, RECORDER).await;
}

/// Everything recorded so far in the current tab.
pub async fn console_errors(driver: &WebDriver) -> Vec<String> {
    serde_json::from_value(
        js(
            driver,
            "return JSON.parse(sessionStorage.getItem('__marquee_console_errors') || '[]')",
        )
        .await,
    )
    .unwrap_or_default()
}

/// Recorded errors that mean the wasm app panicked (and is dead).
pub async fn panics(driver: &WebDriver) -> Vec<String> {
    console_errors(driver)
        .await
        .into_iter()
        .filter(|e| {
            e.contains("panicked at") || e.contains("RuntimeError") || e.contains("unreachable")
        })
        .collect()
}

/// What the user's database holds: keys of `items` and `queries`, the `outbox` entries and
/// the `meta` keys, read through the page's own IndexedDB API (`null` with no database).
pub async fn idb_snapshot(driver: &WebDriver) -> Value {
    js(
        driver,
        r#"
        const names = (await indexedDB.databases()).map(d => d.name)
            .filter(n => n.startsWith('marquee-') && n !== 'marquee-session');
        if (names.length !== 1) return { error: 'user databases: ' + JSON.stringify(names) };
        const db = await new Promise((ok, err) => {
            const r = indexedDB.open(names[0]);
            r.onsuccess = () => ok(r.result);
            r.onerror = () => err(r.error);
        });
        const read = (store, what) => new Promise((ok, err) => {
            const r = db.transaction(store).objectStore(store)[what]();
            r.onsuccess = () => ok(r.result);
            r.onerror = () => err(r.error);
        });
        const out = {
            name: names[0],
            version: db.version,
            items: await read('items', 'getAllKeys'),
            queries: await read('queries', 'getAllKeys'),
            outbox: await read('outbox', 'getAll'),
            meta: await read('meta', 'getAllKeys'),
        };
        db.close();
        return out;
        "#,
    )
    .await
}

fn keys(snapshot: &Value, store: &str) -> Vec<String> {
    snapshot[store]
        .as_array()
        .map(|a| a.iter().map(|k| k.to_string()).collect())
        .unwrap_or_default()
}

/// How many of `before`'s records in `store` are missing from `after`.
pub fn missing(before: &Value, after: &Value, store: &str) -> usize {
    let after = keys(after, store);
    keys(before, store)
        .iter()
        .filter(|k| !after.contains(k))
        .count()
}

/// Adds an outbox entry (a pending favorite), as an action made offline would; returns it.
pub async fn seed_outbox(driver: &WebDriver, item_id: &str, favorite: bool) -> Value {
    js(
        driver,
        &format!(
            r#"
            const name = (await indexedDB.databases()).map(d => d.name)
                .find(n => n.startsWith('marquee-') && n !== 'marquee-session');
            const db = await new Promise((ok, err) => {{
                const r = indexedDB.open(name);
                r.onsuccess = () => ok(r.result);
                r.onerror = () => err(r.error);
            }});
            const entry = {{ item_id: {id}, action: {{ set_favorite: {favorite} }}, created_at: Date.now(), attempts: 0 }};
            const seq = await new Promise((ok, err) => {{
                const tx = db.transaction('outbox', 'readwrite');
                const r = tx.objectStore('outbox').add(entry);
                r.onsuccess = () => ok(r.result);
                tx.onerror = () => err(tx.error);
            }});
            db.close();
            entry.seq = seq;
            return entry;
            "#,
            id = serde_json::to_string(item_id).unwrap(),
        ),
    )
    .await
}

/// One row of the summary table (`scripts/test` prints them after the e2e tests).
pub fn record_row(fault: &str, tried: u32, passed: u32, lost: usize, seconds: f64) {
    let dir = crate::root().join("target/faults");
    let _ = std::fs::create_dir_all(&dir);
    let slug: String = fault
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let _ = std::fs::write(
        dir.join(format!("{slug}.tsv")),
        format!("{fault}\t{tried}\t{passed}\t{lost}\t{seconds:.1}\n"),
    );
}
