// Marquee's download worker: fetches one file at a time with `Range` and writes each chunk
// into the Origin Private File System as it arrives. It runs off the main thread, so the page
// stays responsive, and it holds no more than one network chunk in memory, whatever the size
// of the file. The rules (what a 206/200/416 means for the bytes kept) are decided by the app
// (marquee_core::downloads::byte_range), which this worker asks once per request.
"use strict";

let current = null; // { id, controller, discard, forget }
const decisions = new Map(); // id -> resolve
const PROGRESS_EVERY_MS = 200;

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
    const reader = response.body.getReader();
    let reported = Date.now();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      handle.write(value, { at: kept });
      kept += value.byteLength;
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        handle.flush();
        reported = Date.now();
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
