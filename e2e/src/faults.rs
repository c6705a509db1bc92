//! Helpers for the fault suite (`tests/faults.rs`): a console recorder that survives reloads,
//! snapshots of the user's IndexedDB database, and the summary rows under `target/faults/`.
use std::time::Instant;

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

/// What the user's database holds, by content: every query record and item record (without
/// the times that change on every read or fetch: `fetched_at`, `last_used_at`) and every outbox
/// record as stored, read through the page's own IndexedDB API.
pub async fn idb_contents(driver: &WebDriver) -> Value {
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
        const all = (store) => new Promise((ok, err) => {
            const tx = db.transaction(store);
            const keys = tx.objectStore(store).getAllKeys();
            const values = tx.objectStore(store).getAll();
            tx.oncomplete = () => ok(keys.result.map((k, i) => [k, values.result[i]]));
            tx.onerror = () => err(tx.error);
        });
        const timeless = (v) => {
            if (v && typeof v === 'object' && !Array.isArray(v)) {
                const c = Object.assign({}, v);
                delete c.fetched_at;
                delete c.last_used_at;
                return c;
            }
            return v;
        };
        const byKey = (pairs) => Object.fromEntries(pairs.map(([k, v]) => [String(k), timeless(v)]));
        const out = {
            queries: byKey(await all('queries')),
            items: byKey(await all('items')),
            outbox: (await all('outbox')).map(([k, v]) => Object.assign({ __key: k }, v)),
        };
        db.close();
        return out;
        "#,
    )
    .await
}

/// Asserts a snapshot is whole: it was read, it holds items and query results, and at least
/// `outbox` outbox records. A failed read would make every later comparison find nothing lost.
pub fn assert_whole(snapshot: &Value, outbox: usize) {
    assert!(
        snapshot.get("error").is_none(),
        "snapshot failed: {snapshot}"
    );
    let count = |store: &str| snapshot[store].as_object().map_or(0, |m| m.len());
    assert!(count("items") > 0, "no items in the snapshot");
    assert!(count("queries") > 0, "no query results in the snapshot");
    let entries = snapshot["outbox"].as_array().map_or(0, Vec::len);
    assert!(
        entries >= outbox,
        "{entries} outbox records, want {outbox}: {}",
        snapshot["outbox"]
    );
}

/// What changed or went from `before` to `after`: each query record (its ids, total,
/// completeness), each item record (its data and user data) and each outbox record, compared
/// by content. One line per record that differs or is missing.
pub fn content_differences(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for store in ["queries", "items"] {
        let empty = serde_json::Map::new();
        let now = after[store].as_object().unwrap_or(&empty);
        for (key, was) in before[store].as_object().unwrap_or(&empty) {
            match now.get(key) {
                None => out.push(format!("{store} {key}: missing")),
                Some(is) if is != was => out.push(format!("{store} {key}: {was} -> {is}")),
                Some(_) => {}
            }
        }
    }
    // An entry's count of failed sends is the outbox's own bookkeeping: it grows while a fault
    // lasts. Everything else about the entry must stay as it was written.
    let entries = |v: &Value| -> Vec<Value> {
        let mut list = v["outbox"].as_array().cloned().unwrap_or_default();
        for entry in &mut list {
            if let Some(fields) = entry.as_object_mut() {
                fields.remove("attempts");
            }
        }
        list
    };
    let now = entries(after);
    for entry in entries(before) {
        if !now.contains(&entry) {
            out.push(format!("outbox {entry}: missing or changed"));
        }
    }
    out
}

/// Turns the tab's network off or on (CDP), as a dropped connection would: the page's
/// requests fail at once; the server keeps running.
pub async fn set_offline(driver: &WebDriver, offline: bool) {
    cdp(driver, "Network.enable", json!({})).await;
    cdp(
        driver,
        "Network.emulateNetworkConditions",
        json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    )
    .await;
}

/// Stores `record` in the outbox as it is (any shape: a corrupt record, one of a later
/// format); returns its key.
pub async fn put_outbox_record(driver: &WebDriver, record: &Value) -> Value {
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
            const key = await new Promise((ok, err) => {{
                const tx = db.transaction('outbox', 'readwrite');
                const r = tx.objectStore('outbox').add({record});
                tx.oncomplete = () => ok(r.result);
                tx.onerror = () => err(tx.error);
            }});
            db.close();
            return key;
            "#,
            record = record
        ),
    )
    .await
}

/// One row of the summary, written when dropped: a test that panics records a failure.
pub struct Row {
    fault: &'static str,
    /// When the fault started (tests print their progress against it).
    pub started: Instant,
    /// Set once the fault's checks have all held.
    pub passed: bool,
    /// Records lost (items, query results, outbox entries).
    pub lost: usize,
}

impl Row {
    pub fn new(fault: &'static str) -> Row {
        Row {
            fault,
            started: Instant::now(),
            passed: false,
            lost: 0,
        }
    }
}

impl Drop for Row {
    fn drop(&mut self) {
        let seconds = self.started.elapsed().as_secs_f64();
        record_row(self.fault, 1, u32::from(self.passed), self.lost, seconds);
        println!(
            "fault '{}': {} in {seconds:.1} s, data lost: {}",
            self.fault,
            if self.passed { "passed" } else { "FAILED" },
            self.lost
        );
    }
}
