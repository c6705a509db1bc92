// Marquee's service worker. It owns two things only:
// - the app shell of one build (precached; the list and the build hash are written into this
//   file by scripts/pwa-post-build.py from the real build output), and
// - the Jellyfin server's images (cache-first, capped, least recently used evicted).
// API answers are never cached here (the app keeps its data in IndexedDB), nor the login, nor
// anything sent with a token.
"use strict";

const BUILD = "__MARQUEE_BUILD__";
const PRECACHE = [/* __MARQUEE_PRECACHE__ */];

const SHELL_PREFIX = "marquee-shell-";
const SHELL = SHELL_PREFIX + BUILD;
const IMAGES = "__MARQUEE_IMAGE_CACHE__"; // src/pwa/image-cache-name.txt, by the build hook
const MAX_IMAGES = 2000;
// A navigation's look for a new version waits this long: asked at once, a quick server's answer
// lands in the middle of the page's own start and competes with it for the CPU.
const UPDATE_AFTER_MS = 3000;
// Requests this worker's fetch handlers answer (images, media with its header, downloads);
// the static routes send every other non-navigation request to the network untouched.
// Case variants of Jellyfin's paths go through the handlers too, which pass them on.
const HANDLED = [
  "Items/*/Images/*",
  "items/*/images/*",
  "Videos/*",
  "videos/*",
  "Audio/*",
  "audio/*",
  "__marquee/*",
];
// At the root and under a base-URL prefix.
const HANDLED_PATHS = HANDLED.flatMap((path) => ["/" + path, "/*/" + path]);
// Jellyfin image URLs, also under a base-URL prefix: /Items/{id}/Images/{type}[/{index}]
const IMAGE_PATH = /\/Items\/[^/]+\/Images\/[^/]+(\/\d+)?$/i;
const TOKEN_PARAM = /(^|[?&])(api_?key|x-emby-token|x-mediabrowser-token|token|access_?token)=/i;

const shellIndex = new URL("index.html", self.registration.scope).href;
const shellUrls = new Set(PRECACHE.map((path) => new URL(path, self.location.href).href));

self.addEventListener("install", (event) => {
  // Chromium's static routing decides before this worker's script runs:
  // - the shell's hashed files straight from this build's cache (they arrived 15 ms later
  //   through the fetch handler on a warm start; a miss falls back to the network). The wasm is
  //   answered with the cached Response itself (same URL, `application/wasm`), so V8 can keep
  //   its compiled code for it;
  // - everything that is not a navigation, a shell file, an image or media straight to the
  //   network (the API above all): those requests belong to the page, so leaving the page
  //   cancels them, and none waits for this worker to start.
  if (event.addRoutes) {
    const files = PRECACHE.map((path) => new URL(path, self.location.href))
      .filter((url) => url.href !== shellIndex);
    const handled = [
      { requestMode: "navigate" },
      ...HANDLED_PATHS.map((pathname) => ({ urlPattern: new URLPattern({ pathname }) })),
    ];
    const rules = files.map((url) => ({
      condition: { urlPattern: new URLPattern({ pathname: url.pathname }) },
      source: { cacheName: SHELL },
    }));
    try {
      event.addRoutes(rules.concat([{ condition: { not: { or: handled } }, source: "network" }]))
        .catch(() => event.addRoutes(rules).catch(() => {}));
    } catch (_) {
      // An older static routing API: the fetch handler serves them as before.
    }
  }
  // A new build waits until the user chooses "Reload" (see the message handler).
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  // Sent only when the user clicks "Reload" on the update prompt.
  if (event.data && event.data.type === "SKIP_WAITING") {
    self.skipWaiting();
  }
  // Which build this worker is, answered on the port sent with the question (tests ask it).
  if (event.data && event.data.type === "BUILD" && event.ports[0]) {
    event.ports[0].postMessage(BUILD);
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    if (url.origin === self.location.origin && isAppRoute(url.pathname)) {
      event.respondWith(navigate(event));
    }
    return;
  }
  if (shellUrls.has(url.origin + url.pathname)) {
    event.respondWith(shellAsset(request));
    return;
  }
  if (isServerImage(request, url)) {
    event.respondWith(image(event, request, url));
  }
  // Everything else (the API above all) goes to the network untouched.
});

/** A route of the app: no file extension (`/`, `/library/x`, `/settings`). */
function isAppRoute(pathname) {
  const last = pathname.split("/").pop();
  return !last.includes(".");
}

/**
 * The cached shell at once, whatever the network does (a slow server never slows a start), and
 * a look for a new version in the background once the page has started: a new worker installs
 * and waits, and the update prompt offers it. Without a cached shell (evicted), the network.
 */
async function navigate(event) {
  const cached = await caches.match(shellIndex, { cacheName: SHELL });
  const lookForUpdate = new Promise((resolve) => setTimeout(resolve, UPDATE_AFTER_MS)).then(() =>
    self.registration.update()
  );
  event.waitUntil(lookForUpdate.catch(() => {}));
  return cached || fetch(event.request);
}

async function shellAsset(request) {
  const cached = await caches.match(request, { cacheName: SHELL, ignoreSearch: true });
  return cached || fetch(request);
}

function isServerImage(request, url) {
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    IMAGE_PATH.test(url.pathname) &&
    !TOKEN_PARAM.test(url.search) &&
    !request.headers.has("authorization")
  );
}

/** Cache first; a miss is fetched and kept if it is a plain, readable 200. */
async function image(event, request, url) {
  const cache = await caches.open(IMAGES);
  const key = url.href;
  const hit = await cache.match(key);
  if (hit) {
    event.waitUntil(touch(cache, key, hit.clone()));
    return hit;
  }
  let response;
  if (url.origin === self.location.origin) {
    response = await fetch(request);
  } else {
    // A cross-origin <img> is a no-cors request whose answer is opaque (never stored):
    // ask with CORS, which Jellyfin answers, and fall back to the plain request.
    try {
      response = await fetch(url.href, { mode: "cors", credentials: "omit" });
    } catch (_) {
      return fetch(request);
    }
  }
  if (isStorable(response)) {
    event.waitUntil(keep(cache, key, response.clone()));
  }
  return response;
}

function isStorable(response) {
  const cacheControl = response.headers.get("cache-control") || "";
  // Only an image: a proxy's sign-in page or an error page answered with 200 would otherwise
  // be served as this poster from then on, even offline.
  const contentType = response.headers.get("content-type") || "";
  return (
    response.status === 200 &&
    (response.type === "basic" || response.type === "cors") &&
    /^image\//i.test(contentType.trim()) &&
    !/no-store|private/i.test(cacheControl)
  );
}

// Least recently used: Cache Storage keeps insertion order and a put moves an entry to the end,
// so a hit is put again (once per worker lifetime) and the oldest entries are evicted first.
const touched = new Set();

async function touch(cache, key, response) {
  if (touched.has(key)) {
    return;
  }
  touched.add(key);
  await cache.put(key, response);
}

async function keep(cache, key, response) {
  await cache.put(key, response);
  touched.add(key);
  await trimSoon();
}

let trimming = null;
let trimAgain = false;

/** One trim for a burst of new images (a grid of posters), shortly after it; again if more came meanwhile. */
function trimSoon() {
  if (trimming) {
    trimAgain = true;
    return trimming;
  }
  trimming = (async () => {
    do {
      trimAgain = false;
      await new Promise((resolve) => setTimeout(resolve, 500));
      await trim();
    } while (trimAgain);
  })().finally(() => {
    trimming = null;
  });
  return trimming;
}

async function trim() {
  // Cleared or logged out meanwhile: `open` would bring the cache back.
  if (!(await caches.has(IMAGES))) {
    return;
  }
  const cache = await caches.open(IMAGES);
  const keys = await cache.keys();
  const pinned = await pinnedImageOwners();
  let excess = keys.length - MAX_IMAGES;
  for (let i = 0; i < keys.length && excess > 0; i++) {
    if (isPinnedImage(keys[i].url, pinned)) {
      continue;
    }
    touched.delete(keys[i].url);
    await cache.delete(keys[i]);
    excess--;
  }
}

// ---- Media headers (playback) ------------------------------------------------------------
// A <video> element cannot send headers. The page posts the Authorization header for its
// server (MEDIA_AUTH); this worker keeps it in memory only (never in Cache Storage) and adds it
// to media, HLS and subtitle requests for that server, so no media URL carries the token.
// Requests already carrying a token in the URL are left as they are.
let mediaAuth = null;
const MEDIA_PATH = /\/(Videos\/[^/]+\/(stream|master\.m3u8|main\.m3u8|hls1?\/|live\.m3u8|[^/]+\/Subtitles\/)|Audio\/[^/]+\/(stream|universal))/i;

self.addEventListener("message", (event) => {
  const data = event.data;
  if (data && data.type === "MEDIA_AUTH" && typeof data.server === "string" && typeof data.authorization === "string") {
    mediaAuth = { server: data.server.replace(/\/+$/, ""), authorization: data.authorization };
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!mediaAuth || request.method !== "GET" || request.headers.has("Authorization")) {
    return;
  }
  const url = new URL(request.url);
  const href = url.origin + url.pathname;
  if (!href.startsWith(mediaAuth.server + "/") || !MEDIA_PATH.test(url.pathname) || TOKEN_PARAM.test(url.search)) {
    return;
  }
  const headers = new Headers(request.headers);
  headers.set("Authorization", mediaAuth.authorization);
  event.respondWith(
    fetch(request.url, { method: "GET", headers, mode: "cors", credentials: "omit", cache: "no-store", redirect: "follow" }),
  );
});
// ---- end of media headers ------------------------------------------------------------------
// ---- Downloads: local copies served from the Origin Private File System (src/files/) ----
// `<video>` asks for byte ranges; each is answered with a slice of the stored file (a Blob
// slice, never read whole into memory), so playback and seeking need no network. Only the
// app's own origin, and only this path: nothing else is touched by this block.
const OFFLINE_MEDIA = "/__marquee/offline/";

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" && request.method !== "HEAD") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin === self.location.origin && url.pathname.startsWith(OFFLINE_MEDIA)) {
    event.respondWith(offlineMedia(request, url));
  }
});

/** Ids of the items whose images are never evicted (downloads; written by src/files/files.js). */
async function pinnedImageOwners() {
  try {
    const hit = await caches.match("/__marquee/pinned-image-owners", { cacheName: "marquee-pinned-v1" });
    return new Set(hit ? await hit.json() : []);
  } catch (_) {
    return new Set();
  }
}

function isPinnedImage(url, pinned) {
  const m = /\/Items\/([^/]+)\/Images\//i.exec(new URL(url).pathname);
  return !!m && pinned.has(decodeURIComponent(m[1]));
}

// `<dir>/<id>`: the media file; `<dir>/<id>/subtitles/<index>.vtt`: a subtitle kept beside it
// (in the folder `<id>.subtitles`, see src/files/files.js).
async function offlineMedia(request, url) {
  const parts = url.pathname.slice(OFFLINE_MEDIA.length).split("/").map(decodeURIComponent);
  const subtitle = parts.length === 4 && parts[2] === "subtitles" && /^\d+\.vtt$/.test(parts[3]);
  if ((parts.length !== 2 && !subtitle) || !parts[0] || !parts[1]) {
    return new Response(null, { status: 404 });
  }
  let file;
  try {
    const root = await navigator.storage.getDirectory();
    const all = await root.getDirectoryHandle("downloads");
    const mine = await all.getDirectoryHandle(parts[0]);
    file = subtitle
      ? await (await (await mine.getDirectoryHandle(parts[1] + ".subtitles")).getFileHandle(parts[3])).getFile()
      : await (await mine.getFileHandle(parts[1])).getFile();
  } catch (_) {
    return new Response(null, { status: 404 });
  }
  if (subtitle) {
    const headers = { "Content-Type": "text/vtt; charset=utf-8", "Cache-Control": "no-store" };
    return new Response(request.method === "HEAD" ? null : file, { status: 200, headers });
  }
  const size = file.size;
  const headers = {
    "Content-Type": "video/mp4",
    "Accept-Ranges": "bytes",
    "Cache-Control": "no-store",
  };
  const range = byteRange(request.headers.get("range"), size);
  if (range === null) {
    headers["Content-Length"] = String(size);
    return new Response(request.method === "HEAD" ? null : file, { status: 200, headers });
  }
  if (range === "unsatisfiable") {
    headers["Content-Range"] = "bytes */" + size;
    return new Response(null, { status: 416, headers });
  }
  headers["Content-Range"] = "bytes " + range.start + "-" + range.end + "/" + size;
  headers["Content-Length"] = String(range.end - range.start + 1);
  const body = request.method === "HEAD" ? null : file.slice(range.start, range.end + 1);
  return new Response(body, { status: 206, headers });
}

/** One `bytes=` range against `size`: {start, end}, "unsatisfiable", or null for the whole file. */
function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)/.exec((header || "").trim());
  if (!m || (m[1] === "" && m[2] === "")) {
    return null;
  }
  if (m[1] === "") {
    const n = Number(m[2]);
    return n === 0 || size === 0 ? "unsatisfiable" : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  if (start >= size) {
    return "unsatisfiable";
  }
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? null : { start, end };
}
