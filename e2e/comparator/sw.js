// The comparator's service worker: what a careful hand-written offline client does. Its two
// files from the cache (the page at every navigation), everything else straight to the network.
"use strict";
const CACHE = "comparator-v1";
const SHELL = ["/", "/comparator.js"];

self.addEventListener("install", (event) => {
  if (event.addRoutes) {
    try {
      event.addRoutes([
        { condition: { urlPattern: new URLPattern({ pathname: "/comparator.js" }) }, source: { cacheName: CACHE } },
        { condition: { not: { requestMode: "navigate" } }, source: "network" },
      ]).catch(() => {});
    } catch (_) {
      // No static routing: the fetch handler below answers.
    }
  }
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.mode === "navigate") {
    event.respondWith(caches.match("/").then((hit) => hit || fetch(event.request)));
  } else if (url.origin === location.origin && url.pathname === "/comparator.js") {
    event.respondWith(caches.match("/comparator.js").then((hit) => hit || fetch(event.request)));
  }
});
