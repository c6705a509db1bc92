// Marquee's download worker: fetches one file at a time with `Range` and writes each chunk
// into the Origin Private File System as it arrives. It runs off the main thread, so the page
// stays responsive, and it holds one buffer of the body (BUFFER_BYTES) in memory, whatever
// the size of the file. The rules (what a 206/200/416 means for the bytes kept) are decided
// by the app (marquee_core::downloads::byte_range), which this worker asks once per request.
"use strict";

let current = null; // { id, controller, discard, forget }
const decisions = new Map(); // id -> resolve
const PROGRESS_EVERY_MS = 200;
// What a flush buys is durability against a power cut (the bytes written are the system's
// the moment `write` returns, whatever happens to the browser), and it waits for the disk:
// seldom, so the download is not held up by it.
const FLUSH_EVERY_MS = 5000;
// The body is read into one buffer of this size, reused for the whole download, and written
// a buffer at a time: the memory a download holds stays this, whatever the file's size, and
// no chunk is left for the garbage collector (a default reader hands out a new ArrayBuffer per
// read, about 1 MB each on loopback, and the renderer held 160 MB more of them at the peak of a
// 1 GiB download: docs/performance.md, "Downloads").
const BUFFER_BYTES = 1 << 20;

/**
 * The body's bytes, in views of one reused buffer (a "bytes" stream's BYOB reader); where the
 * body is not a byte stream, the default reader's chunks. A view is valid until the next one.
 */
async function* chunks(body) {
  let reader;
  try {
    reader = body.getReader({ mode: "byob" });
  } catch (_) {
    reader = null;
  }
  if (!reader) {
    const plain = body.getReader();
    for (;;) {
      const { done, value } = await plain.read();
      if (done) return;
      yield value;
    }
  }
  let buffer = new ArrayBuffer(BUFFER_BYTES);
  for (;;) {
    // Whatever has arrived, up to a buffer: on a slow link progress still shows as it comes.
    const { done, value } = await reader.read(new Uint8Array(buffer));
    if (value && value.byteLength > 0) yield value;
    if (done) return;
    buffer = value.buffer;
  }
}

self.onmessage = (event) => {
  const m = event.data || {};
  if (m.type === "start") {
    run(m);
  } else if (m.type === "decision") {
    const resolve = decisions.get(m.id);
    decisions.delete(m.id);
    if (resolve) resolve(m);
  } else if (m.type === "abort") {
    if (current && current.id === m.id) {
      current.discard = current.discard || !!m.discard;
      // Cancelled by the user: the subtitles kept beside the file go with it.
      current.forget = current.forget || !!m.discard;
      current.controller.abort();
    }
  }
};

async function fileIn(dir, id, create) {
  const root = await navigator.storage.getDirectory();
  const all = await root.getDirectoryHandle("downloads", { create });
  const mine = await all.getDirectoryHandle(dir, { create });
  return { folder: mine, file: await mine.getFileHandle(id, { create }) };
}

function ask(id, answer) {
  return new Promise((resolve) => {
    decisions.set(id, resolve);
    self.postMessage(JSON.stringify(Object.assign({ type: "answer", id }, answer)));
  });
}

async function run({ dir, id, url, auth }) {
  const job = { id, controller: new AbortController(), discard: false };
  current = job;
  let handle = null;
  let folder = null;
  let kept = 0;
  const report = (type, extra) =>
    self.postMessage(JSON.stringify(Object.assign({ type, id, bytes: kept }, extra)));
  try {
    const opened = await fileIn(dir, id, true);
    folder = opened.folder;
    handle = await opened.file.createSyncAccessHandle();
    // Every byte in the file was written from an earlier answer: continue after it.
    kept = handle.getSize();
    const response = await fetch(url, {
      headers: { Authorization: auth, Range: "bytes=" + kept + "-" },
      signal: job.controller.signal,
      cache: "no-store",
    });
    const length = response.headers.get("content-length");
    const decision = await ask(id, {
      kept,
      status: response.status,
      content_range: response.headers.get("content-range"),
      content_length: length === null ? null : Number(length),
    });
    if (decision.kind === "complete") {
      report("complete", { total: decision.total });
      return;
    }
    if (decision.kind !== "write") {
      response.body && response.body.cancel().catch(() => {});
      report("failed", { retryable: decision.kind === "retry", reason: "HTTP " + response.status });
      return;
    }
    if (decision.write_at < kept) {
      handle.truncate(decision.write_at);
    }
    kept = decision.write_at;
    const total = decision.total;
    report("progress", { total });
    let reported = Date.now();
    let flushed = reported;
    for await (const bytes of chunks(response.body)) {
      handle.write(bytes, { at: kept });
      kept += bytes.byteLength;
      const now = Date.now();
      if (now - reported >= PROGRESS_EVERY_MS) {
        reported = now;
        if (now - flushed >= FLUSH_EVERY_MS) {
          handle.flush();
          flushed = now;
        }
        report("progress", { total });
      }
    }
    handle.flush();
    if (total !== null && total !== undefined && kept < total) {
      report("failed", { retryable: true, reason: "The connection ended early" });
    } else {
      report("complete", { total: kept });
    }
  } catch (err) {
    if (handle) {
      try {
        handle.flush();
        kept = handle.getSize();
      } catch (_) {}
    }
    const aborted = job.controller.signal.aborted;
    if (err && err.name === "QuotaExceededError") {
      // The browser refused the bytes: what was kept goes, and retrying would not help.
      job.discard = true;
      kept = 0;
      report("failed", {
        retryable: false,
        reason: "Not enough space on this device for this download",
      });
      return;
    }
    report("failed", {
      retryable: true,
      aborted,
      reason: aborted ? "Stopped" : "The server could not be reached",
    });
  } finally {
    if (handle) {
      try {
        handle.close();
      } catch (_) {}
    }
    if (job.discard && folder) {
      await folder.removeEntry(id).catch(() => {});
    }
    if (job.forget && folder) {
      await folder.removeEntry(id + ".subtitles", { recursive: true }).catch(() => {});
    }
    if (current === job) current = null;
  }
}
