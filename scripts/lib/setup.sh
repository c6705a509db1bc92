# Installs what Marquee's build and tests need, skipping whatever is already there.
# Sourced by scripts/serve and scripts/test. Versions come from Cargo.lock and TOOLCHAIN facts.
# shellcheck shell=bash

TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
MIN_WASM_OPT_VERSION=116 # Debian's binaryen 108 builds pages that die at start-up

export TRUNK_SKIP_VERSION_CHECK=true
unset RUST_BACKTRACE
# The scripts, the e2e tests and the benchmark find what they built under the checkout's target/.
unset CARGO_TARGET_DIR
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm-bindgen version the lock file needs: wasm-bindgen-cli must match it exactly.
locked_version() {
  awk -v name="$1" '$1 == "name" && $3 == "\"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    say "installing trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install --locked "trunk@$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  local want
  want=$(locked_version wasm-bindgen)
  if [ -z "$want" ]; then
    say "Cargo.lock has no wasm-bindgen entry: resolving it"
    (cd "$ROOT" && cargo generate-lockfile)
    want=$(locked_version wasm-bindgen)
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$\| $want "; then
    say "installing wasm-bindgen-cli $want (matches Cargo.lock)"
    # --locked fails for this crate on the registry mirror (TOOLCHAIN.md)
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_wasm_opt() {
  local have
  # `|| true`: with no wasm-opt yet the pipeline fails, which must not end a `set -e` caller.
  have=$(wasm-opt --version 2>/dev/null | grep -o 'version [0-9]*' | grep -o '[0-9]*' || true)
  if [ -z "$have" ] || [ "$have" -lt "$MIN_WASM_OPT_VERSION" ]; then
    say "installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
    if [ "$(id -u)" = 0 ]; then
      npm install -g "binaryen@$BINARYEN_VERSION"
    else
      npm install --prefix "$HOME/.local" -g "binaryen@$BINARYEN_VERSION"
      export PATH="$HOME/.local/bin:$PATH"
    fi
    hash -r
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium and chromium-driver (Debian packages)"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium chromium-driver
  fi
}

# The PWA post-build hook (scripts/pwa-post-build.py) needs python3.
ensure_python3() {
  if ! command -v python3 >/dev/null; then
    say "installing python3 (Debian package) for the build's PWA hook"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q python3
  fi
}

# Trunk builds with cargo --offline: everything must be fetched before.
fetch_crates() {
  (cd "$ROOT" && cargo fetch -q)
}

ensure_build_tools() {
  ensure_python3
  ensure_npm_packages
  ensure_wasm_target
  fetch_crates
  ensure_wasm_bindgen
  ensure_trunk
  ensure_wasm_opt
}

build_app() {
  say "building the app (trunk build --release)"
  (cd "$ROOT" && trunk build --release --offline "$@")
}

build_demo_server() {
  say "building the demo server"
  (cd "$ROOT" && cargo build -q --profile native -p demo-server)
}

# npm packages, pinned in package.json and package-lock.json: hls.js, which Trunk copies into
# dist/vendor/ with its license (the player loads it only where the browser has no native HLS),
# and axe-core for the look test (injected by the test, never in dist/).
# `npm ci` when node_modules is missing or older than the lock file.
ensure_npm_packages() {
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$ROOT/package-lock.json" -nt "$stamp" ] || [ "$ROOT/package.json" -nt "$stamp" ]; then
    say "installing the npm packages (npm ci: hls.js, axe-core)"
    (cd "$ROOT" && npm ci --ignore-scripts --no-audit --no-fund)
  fi
}

# The benchmark reports brotli sizes through python3's brotli module (Debian's python3-brotli);
# without it the brotli column says n/a.
ensure_brotli() {
  if ! python3 -c 'import brotli' 2>/dev/null && ! /usr/bin/python3 -c 'import brotli' 2>/dev/null; then
    say "installing python3-brotli (Debian package) for the benchmark's brotli sizes"
    as_root apt-get update -q || true
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q python3-brotli || say "no python3-brotli: brotli sizes skipped"
  fi
}
