//! Downloaded media files, kept in the Origin Private File System (OPFS).
//!
//! Why OPFS: it holds multi-gigabyte files without ever reading them into memory (IndexedDB
//! and Cache Storage want a whole Blob or Response per value); a dedicated worker can write it
//! in place, chunk by chunk, at any offset through a synchronous access handle (so a resumed
//! download appends after the bytes kept); and the service worker can open the same file and
//! answer `<video>`'s byte-range requests with slices of it, so seeking a local copy is
//! instant. Its bytes count in `navigator.storage.estimate()` and go with persistent storage.
//!
//! A download's subtitles (WebVTT, a few KB each) are kept in the same folder rather than in
//! IndexedDB: they live and die with the file (one delete, one *Delete all*, one folder per
//! user that logging out removes), nothing the cache evicts can reach them, and the service
//! worker serves them under the same local URL scheme as the media (`local_subtitle_url`).
//!
//! The download loop runs in `download-worker.js`, not in the wasm: the main thread stays free
//! (no task over 50 ms while a download runs), the wasm stays small, and OPFS's synchronous
//! writes are only offered to dedicated workers. This module starts and stops that worker
//! and passes its events on; the rules stay in `marquee_core::downloads`.
use js_sys::{Function, Promise};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The worker script, copied into the build by index.html.
const WORKER_URL: &str = "/download-worker.js";

/// Where the service worker serves a downloaded file (sw.js, `OFFLINE_MEDIA`).
pub const LOCAL_MEDIA_PREFIX: &str = "/__marquee/offline/";

#[wasm_bindgen(module = "/src/files/files.js")]
extern "C" {
    #[wasm_bindgen(js_name = startDownload)]
    fn start_download(
        script_url: &str,
        dir: &str,
        id: &str,
        url: &str,
        auth: &str,
        on_event: &Function,
    );
    #[wasm_bindgen(js_name = answerDownload)]
    fn answer_download(id: &str, decision_json: &str);
    #[wasm_bindgen(js_name = abortDownload)]
    fn abort_download(id: &str, discard: bool);
    #[wasm_bindgen(js_name = storedBytes)]
    fn stored_bytes_promise(dir: &str, id: &str) -> Promise;
    #[wasm_bindgen(js_name = deleteFile)]
    fn delete_file_promise(dir: &str, id: &str) -> Promise;
    #[wasm_bindgen(js_name = keepSubtitle)]
    fn keep_subtitle_promise(dir: &str, id: &str, index: i32, text: &str) -> Promise;
    #[wasm_bindgen(js_name = deleteFolder)]
    fn delete_folder_promise(dir: &str) -> Promise;
    #[wasm_bindgen(js_name = pinImageOwners)]
    fn pin_image_owners_promise(ids: Vec<String>) -> Promise;
}

/// Tells the service worker whose images to keep whatever its cap (downloaded items and
/// their seasons and shows).
pub async fn pin_image_owners(ids: Vec<String>) {
    let _ = JsFuture::from(pin_image_owners_promise(ids)).await;
}

/// What the worker says about the running download.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkerEvent {
    /// The server answered: the app decides what the answer means (`answer`).
    Answer {
        id: String,
        kept: u64,
        status: u16,
        content_range: Option<String>,
        content_length: Option<u64>,
    },
    Progress {
        id: String,
        bytes: u64,
        total: Option<u64>,
    },
    Complete {
        id: String,
        total: u64,
    },
    Failed {
        id: String,
        bytes: u64,
        retryable: bool,
        #[serde(default)]
        aborted: bool,
        reason: String,
    },
}

/// The app's answer to [`WorkerEvent::Answer`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    Write { write_at: u64, total: Option<u64> },
    Complete { total: u64 },
    Retry,
    Refuse,
}

/// Starts fetching `url` into `dir/id`, from the bytes the file already holds. Events arrive
/// through `on_event` until `Complete` or `Failed`. The token goes only into the header.
pub fn start(
    dir: &str,
    id: &str,
    url: &str,
    authorization: &str,
    on_event: impl Fn(WorkerEvent) + 'static,
) {
    let callback = Closure::<dyn Fn(JsValue)>::new(move |data: JsValue| {
        if let Some(event) = data
            .as_string()
            .and_then(|text| serde_json::from_str::<WorkerEvent>(&text).ok())
        {
            on_event(event);
        }
    });
    start_download(
        WORKER_URL,
        dir,
        id,
        url,
        authorization,
        callback.as_ref().unchecked_ref(),
    );
    // One listener per download, replaced by the next: leaking it is bounded by the queue.
    callback.forget();
}

pub fn answer(id: &str, decision: Decision) {
    let json = match decision {
        Decision::Write { write_at, total } => serde_json::json!({
            "kind": "write", "write_at": write_at, "total": total,
        }),
        Decision::Complete { total } => serde_json::json!({ "kind": "complete", "total": total }),
        Decision::Retry => serde_json::json!({ "kind": "retry" }),
        Decision::Refuse => serde_json::json!({ "kind": "refuse" }),
    };
    answer_download(id, &json.to_string());
}

/// Stops the running download of `id`; with `discard` its file is deleted once closed.
pub fn abort(id: &str, discard: bool) {
    abort_download(id, discard);
}

pub async fn stored_bytes(dir: &str, id: &str) -> u64 {
    JsFuture::from(stored_bytes_promise(dir, id))
        .await
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u64
}

/// Keeps subtitle stream `index` of `id` (WebVTT text) beside its file; `true` once written.
pub async fn keep_subtitle(dir: &str, id: &str, index: i32, text: &str) -> bool {
    JsFuture::from(keep_subtitle_promise(dir, id, index, text))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Deletes one item's file and its subtitles; `true` once they are gone.
pub async fn delete(dir: &str, id: &str) -> bool {
    JsFuture::from(delete_file_promise(dir, id))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Deletes all of a user's files; `true` once they are gone.
pub async fn delete_all(dir: &str) -> bool {
    JsFuture::from(delete_folder_promise(dir))
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The same-origin URL the service worker answers from the local copy, with byte ranges.
pub fn local_media_url(dir: &str, id: &str) -> String {
    format!(
        "{LOCAL_MEDIA_PREFIX}{}/{}",
        marquee_core::percent::encode(dir),
        marquee_core::percent::encode(id)
    )
}

/// Where the service worker serves subtitle stream `index` kept beside a local copy (sw.js).
pub fn local_subtitle_url(dir: &str, id: &str, index: i32) -> String {
    format!("{}/subtitles/{index}.vtt", local_media_url(dir, id))
}

/// Deletes all of a user's files, waiting (up to 5 s) for a download the worker is closing.
pub async fn delete_all_when_closed(dir: &str) -> bool {
    let deadline = js_sys::Date::now() + 5_000.0;
    loop {
        if delete_all(dir).await {
            return true;
        }
        if js_sys::Date::now() > deadline {
            return false;
        }
        sleep_ms(100).await;
    }
}

async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
