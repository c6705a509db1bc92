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
const NAVIGATION_TIMEOUT_MS = 3000;
// Jellyfin image URLs, also under a base-URL prefix: /Items/{id}/Images/{type}[/{index}]
const IMAGE_PATH = /\/Items\/[^/]+\/Images\/[^/]+(\/\d+)?$/i;
const TOKEN_PARAM = /(^|[?&])(api_?key|x-emby-token|x-mediabrowser-token|token|access_?token)=/i;

const shellIndex = new URL("index.html", self.registration.scope).href;
const shellUrls = new Set(PRECACHE.map((path) => new URL(path, self.location.href).href));

self.addEventListener("install", (event) => {
  // The shell's hashed files straight from this build's cache, without starting this worker's
  // script for each (Chromium's static routing): they arrived 15 ms later through the fetch
  // handler on a warm start. A miss falls back to the network.
  if (event.addRoutes) {
    const files = PRECACHE.map((path) => new URL(path, self.location.href))
      .filter((url) => url.href !== shellIndex);
    try {
      event.addRoutes(
        files.map((url) => ({
          condition: { urlPattern: new URLPattern({ pathname: url.pathname }) },
          source: { cacheName: SHELL },
        })),
      ).catch(() => {});
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
      event.respondWith(navigate(request));
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

/** Network first, so a new build's index.html arrives at once; the cached one when the server is slow or gone. */
async function navigate(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
  try {
    const response = await fetch(request, { signal: controller.signal });
    if (response.status < 500) {
      return response;
    }
  } catch (_) {
    // Unreachable, refused or too slow: the cached shell below.
  } finally {
    clearTimeout(timer);
  }
  const cached = await caches.match(shellIndex, { cacheName: SHELL });
  return cached || Response.error();
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
  return (
    response.status === 200 &&
    (response.type === "basic" || response.type === "cors") &&
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
  for (let i = 0; i < keys.length - MAX_IMAGES; i++) {
    touched.delete(keys[i].url);
    await cache.delete(keys[i]);
  }
}
