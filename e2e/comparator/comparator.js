// The benchmark's reference: a hand-written client of the same demo server, no framework, no
// wasm, no libraries. It logs in, lists the libraries, and shows a library's first page of
// posters, kept in IndexedDB: a warm start paints the first 60 from IndexedDB, then looks for
// changes in the background. It sets `marquee:content` the way Marquee does
// (`performance.mark(name, { detail: { path } })`), at the first content on screen.
"use strict";

const PAGE = 100; // the first page asked for; 60 are painted
const PAINTED = 60;
const FIELDS = "SortName,PrimaryImageAspectRatio";
const DEVICE = "comparator-" + Math.random().toString(16).slice(2);
const root = document.getElementById("root");

// ---- IndexedDB: one object store of key/value pairs ----
const db = new Promise((resolve, reject) => {
  const open = indexedDB.open("comparator", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("kv");
  open.onsuccess = () => resolve(open.result);
  open.onerror = () => reject(open.error);
});

function get(key) {
  return db.then((d) => new Promise((resolve, reject) => {
    const r = d.transaction("kv").objectStore("kv").get(key);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  }));
}

function put(key, value) {
  return db.then((d) => new Promise((resolve, reject) => {
    const tx = d.transaction("kv", "readwrite");
    tx.objectStore("kv").put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  }));
}

// ---- The server ----
function authorization(token) {
  let value = `MediaBrowser Client="Comparator", Device="bench", DeviceId="${DEVICE}", Version="1.0"`;
  if (token) value += `, Token="${token}"`;
  return value;
}

async function api(session, path) {
  const response = await fetch(path, { headers: { Authorization: authorization(session.token) } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function itemsPath(session, library) {
  return `/Items?userId=${session.userId}&ParentId=${library}&Recursive=true&IncludeItemTypes=Movie,Series` +
    `&SortBy=SortName&SortOrder=Ascending&StartIndex=0&Limit=${PAGE}&Fields=${FIELDS}&EnableTotalRecordCount=true`;
}

// ---- Rendering: text as text, never HTML ----
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function markContent() {
  performance.mark("marquee:content", { detail: { path: location.pathname } });
}

function go(path) {
  history.pushState(null, "", path);
  route();
}

function showLogin() {
  const user = el("input", { name: "username", autocomplete: "username" });
  const pw = el("input", { name: "password", type: "password" });
  const form = el("form", {}, el("h1", {}, "Log in"), user, pw, el("button", { type: "submit" }, "Log in"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const response = await fetch("/Users/AuthenticateByName", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: authorization() },
      body: JSON.stringify({ Username: user.value, Pw: pw.value }),
    });
    if (!response.ok) return form.append(el("p", { role: "alert" }, "Login failed"));
    const auth = await response.json();
    currentSession = { token: auth.AccessToken, userId: auth.User.Id };
    await put("session", currentSession);
    go("/");
  });
  root.replaceChildren(el("main", { "data-page": "login" }, form));
}

async function showHome(session) {
  const views = await api(session, `/UserViews?userId=${session.userId}`);
  const list = el("nav", { class: "library-list" });
  for (const view of views.Items || []) {
    const a = el("a", { href: `/library/${view.Id}`, "data-item-id": view.Id }, view.Name || "");
    a.addEventListener("click", (e) => { e.preventDefault(); go(a.getAttribute("href")); });
    list.append(a, " ");
  }
  root.replaceChildren(el("main", { "data-page": "home" }, el("h1", {}, "Home"), list));
  markContent();
}

function paintGrid(library, page) {
  const grid = el("div", { class: "grid virtual-grid", "data-total": String(page.TotalRecordCount || 0) });
  (page.Items || []).slice(0, PAINTED).forEach((item, i) => {
    const tag = item.ImageTags && item.ImageTags.Primary;
    const poster = el("div", { class: "poster" });
    if (tag) {
      poster.append(el("img", {
        src: `/Items/${item.Id}/Images/Primary?tag=${encodeURIComponent(tag)}&fillWidth=200`,
        alt: "", loading: "lazy", decoding: "async",
      }));
    }
    const card = el("a", { class: "card", href: `/movie/${item.Id}`, "data-item-id": item.Id },
      poster, el("div", { class: "title" }, item.Name || ""));
    grid.append(el("div", { class: "grid-cell", "data-index": String(i) }, card));
  });
  root.replaceChildren(el("main", { "data-page": "library", "data-library": library }, grid));
}

// Which libraries have a first page in IndexedDB, known without reading it: a first visit
// asks the server at once instead of after a cache read.
function seenKey(library) {
  return "comparator:seen:" + library;
}

async function showLibrary(session, library) {
  const key = "items:" + library;
  const seen = localStorage.getItem(seenKey(library)) === "1";
  // First visit: the first page from the server, asked first and painted before it is kept;
  // warm: the cached page, then the same request in the background.
  const cached = seen ? await get(key) : undefined;
  if (cached) {
    paintGrid(library, cached);
    markContent();
  }
  const page = await api(session, itemsPath(session, library));
  if (!cached) {
    paintGrid(library, page);
    markContent();
  }
  await put(key, page);
  localStorage.setItem(seenKey(library), "1");
  performance.mark("marquee:fresh", { detail: { path: location.pathname } });
}

// The session, read once per page load (it changes only at login).
let currentSession;

async function route() {
  const session = currentSession || (currentSession = await get("session"));
  const path = location.pathname;
  if (!session || path === "/login") return showLogin();
  const library = /^\/library\/([^/]+)$/.exec(path);
  if (library) return showLibrary(session, library[1]);
  return showHome(session);
}

addEventListener("popstate", route);
if (navigator.serviceWorker) navigator.serviceWorker.register("/sw.js").catch(() => {});
route().catch((e) => console.error(e));
