#!/usr/bin/env python3
"""Trunk post-build hook (Trunk.toml): finishes the PWA from the real build output.

In $TRUNK_STAGING_DIR it
- makes Trunk's module loader wait for the page's picture before it starts the wasm
  (index.html's first script explains why);
- writes the precache list (every file of the build but sw.js and csp.txt) and the build hash
  (sha256 of those files and of sw.js itself) into sw.js, whose cache name carries that hash;
- computes the Content-Security-Policy, with the sha256 of every inline script Trunk wrote
  (its module loader) and of every inline style, puts it into index.html as a <meta> and
  into csp.txt, which the demo server sends as a header (the header adds frame-ancestors,
  which a <meta> cannot carry).

MARQUEE_SERVER_ORIGINS lets the app reach a Jellyfin server on another origin:
  unset or empty        only the app's own origin (the demo server serves both)
  "https://a.example http://b.lan:8096"   those origins (space or comma separated)
  "any"                 any http: or https: server (the build for ./scripts/serve --app-only)

Last, it writes a gzip copy (`<file>.gz`) of every text and wasm file, which the demo server
sends to browsers that accept gzip (the wasm shrinks to about 40%).
"""
import base64
import gzip
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

SKIP = {"sw.js", "csp.txt"}
COMPRESS = (".wasm", ".js", ".css", ".html", ".webmanifest", ".svg")


def fail(message):
    print(f"pwa-post-build: {message}", file=sys.stderr)
    sys.exit(1)


def server_sources(value):
    value = value.strip()
    if not value:
        return []
    if value == "any":
        return ["http:", "https:"]
    sources = []
    for item in re.split(r"[\s,]+", value):
        parts = urlsplit(item)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            fail(f"MARQUEE_SERVER_ORIGINS: not an http(s) origin: {item!r}")
        sources.append(f"{parts.scheme}://{parts.netloc}")
    return sources


def sha256_sources(texts):
    return [
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()
        for t in texts
    ]


def content_security_policy(html, servers):
    hashes = sha256_sources(re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S))
    styles = sha256_sources(re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S))
    extra = "".join(f" {s}" for s in servers)
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
            # The app's styles are inline <style> elements (index.html).
            "style-src " + " ".join(["'self'"] + styles),
            # Leptos writes `style="..."` attributes (grid height, progress bars).
            "style-src-attr 'unsafe-inline'",
            "img-src 'self'" + extra,
            "connect-src 'self'" + extra,
            # Video from the server; hls.js plays through a blob: MediaSource URL.
            "media-src 'self' blob:" + extra,
            "font-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


def main():
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        fail("TRUNK_STAGING_DIR is not set (run by trunk as a post_build hook)")
    staging = Path(staging)
    public_url = os.environ.get("TRUNK_PUBLIC_URL", "/") or "/"
    if not public_url.endswith("/"):
        public_url += "/"
    index = staging / "index.html"
    sw = staging / "sw.js"
    for needed in (index, sw):
        if not needed.is_file():
            fail(f"{needed.name} is missing from the build")

    # 1. The app starts once the page's picture is on screen (index.html, __marqueeFirstPaint).
    html = index.read_text(encoding="utf-8")
    html, count = re.subn(
        r"(\n)(const wasm = await init\()",
        r"\1await window.__marqueeFirstPaint;\n\2",
        html,
        count=1,
    )
    if count != 1 and "await window.__marqueeFirstPaint;" not in html:
        fail("index.html has no Trunk loader line `const wasm = await init(`")

    # 2. The Content-Security-Policy, from the scripts Trunk put into index.html.
    html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    csp = content_security_policy(html, server_sources(os.environ.get("MARQUEE_SERVER_ORIGINS", "")))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}" />'
    html, count = re.subn(r"(<meta charset=[^>]*>)", lambda m: m.group(1) + "\n    " + meta, html, count=1)
    if count != 1:
        fail("index.html has no <meta charset>: the CSP meta goes right after it")
    index.write_text(html, encoding="utf-8")
    (staging / "csp.txt").write_text(csp + "; frame-ancestors 'none'\n", encoding="utf-8")

    # 3. The precache list and the build hash, from the files as built.
    files = sorted(
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file()
        and p.name not in SKIP
        and not p.name.startswith(".")
        and not p.name.endswith((".map", ".gz"))
    )
    # Lazy-loaded libraries (hls.js) are fetched when needed, not precached with the shell.
    lazy = [name for name in files if name.startswith("vendor/")]
    files = [name for name in files if not name.startswith("vendor/")]
    digest = hashlib.sha256()
    # The worker's own code is part of the build: a change to it alone is a new version too.
    digest.update(sw.read_bytes() + b"\0")
    for name in files:
        digest.update(name.encode() + b"\0" + (staging / name).read_bytes() + b"\0")
    build = digest.hexdigest()[:16]
    precache = ", ".join(f'"{public_url}{name}"' for name in files)

    source = sw.read_text(encoding="utf-8")
    image_cache = (Path(__file__).resolve().parent.parent / "src/pwa/image-cache-name.txt").read_text(encoding="utf-8").strip()
    replaced = source.replace('"__MARQUEE_IMAGE_CACHE__"', json.dumps(image_cache), 1)
    replaced = replaced.replace('"__MARQUEE_BUILD__"', f'"{build}"', 1)
    replaced = replaced.replace("[/* __MARQUEE_PRECACHE__ */]", f"[{precache}]", 1)
    if "__MARQUEE_" in replaced or replaced == source:
        fail("sw.js lacks the __MARQUEE_BUILD__ / __MARQUEE_PRECACHE__ / __MARQUEE_IMAGE_CACHE__ placeholders")
    sw.write_text(replaced, encoding="utf-8")

    # 4. Precompressed copies (mtime 0: the same build gives the same bytes).
    for name in files + lazy:
        if name.endswith(COMPRESS):
            data = (staging / name).read_bytes()
            (staging / (name + ".gz")).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"pwa-post-build: build {build}, {len(files)} files precached, CSP and gzip copies written")


if __name__ == "__main__":
    main()
