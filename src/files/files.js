// The app's door to downloaded files (src/files/mod.rs): one download worker, and the few
// Origin Private File System operations the main thread needs (size, delete, keeping a
// subtitle). Every file of a user lives in /downloads/<user database>/: the media as
// <item id>, its subtitles as <item id>.subtitles/<stream index>.vtt.
let worker = null;
let listener = null;
/** The folder beside an item's file that holds its subtitles (also in download-worker.js and sw.js). */
const SUBTITLES = ".subtitles";

export function startDownload(scriptUrl, dir, id, url, auth, onEvent) {
  if (!worker) {
    worker = new Worker(scriptUrl);
    worker.onmessage = (event) => listener && listener(event.data);
  }
  listener = onEvent;
  worker.postMessage({ type: "start", dir, id, url, auth });
}

export function answerDownload(id, decisionJson) {
  if (worker) worker.postMessage(Object.assign({ type: "decision", id }, JSON.parse(decisionJson)));
}

export function abortDownload(id, discard) {
  if (worker) worker.postMessage({ type: "abort", id, discard });
}

async function folder(dir) {
  const root = await navigator.storage.getDirectory();
  const all = await root.getDirectoryHandle("downloads");
  return all.getDirectoryHandle(dir);
}

/** Bytes stored for one item, 0 when there is no file. */
export async function storedBytes(dir, id) {
  try {
    const file = await (await (await folder(dir)).getFileHandle(id)).getFile();
    return file.size;
  } catch (_) {
    return 0;
  }
}

async function removeGone(parent, name, options) {
  try {
    await parent.removeEntry(name, options);
    return true;
  } catch (err) {
    return !!err && err.name === "NotFoundError";
  }
}

/** Deletes one item's file and its subtitles; true when they are gone (or were never there). */
export async function deleteFile(dir, id) {
  let mine;
  try {
    mine = await folder(dir);
  } catch (err) {
    return !!err && err.name === "NotFoundError";
  }
  const media = await removeGone(mine, id);
  const subtitles = await removeGone(mine, id + SUBTITLES, { recursive: true });
  return media && subtitles;
}

/** Keeps one subtitle stream of an item (WebVTT text) beside its file; true once written. */
export async function keepSubtitle(dir, id, index, text) {
  try {
    const root = await navigator.storage.getDirectory();
    const all = await root.getDirectoryHandle("downloads", { create: true });
    const mine = await all.getDirectoryHandle(dir, { create: true });
    const subs = await mine.getDirectoryHandle(id + SUBTITLES, { create: true });
    const file = await subs.getFileHandle(index + ".vtt", { create: true });
    const out = await file.createWritable();
    await out.write(text);
    await out.close();
    return true;
  } catch (_) {
    return false;
  }
}

/** Deletes every file of a user. */
export async function deleteFolder(dir) {
  try {
    const root = await navigator.storage.getDirectory();
    const all = await root.getDirectoryHandle("downloads");
    await all.removeEntry(dir, { recursive: true });
    return true;
  } catch (err) {
    return err && err.name === "NotFoundError";
  }
}

/**
 * The items whose images the service worker must never evict (downloaded items, their
 * seasons and shows): kept as one small JSON answer in Cache Storage, where sw.js reads it.
 */
export async function pinImageOwners(ids) {
  try {
    if (ids.length === 0) {
      await caches.delete("marquee-pinned-v1");
      return;
    }
    const cache = await caches.open("marquee-pinned-v1");
    await cache.put("/__marquee/pinned-image-owners", new Response(JSON.stringify(ids)));
  } catch (_) {
    // No Cache Storage (not a secure context): there is no image cache to evict from either.
  }
}
