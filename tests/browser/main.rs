//! Browser tests: real IndexedDB, BroadcastChannel, Web Locks and a real demo server, in
//! headless Chromium (`cargo test -p marquee --target wasm32-unknown-unknown`).
use wasm_bindgen_test::wasm_bindgen_test_configure;

wasm_bindgen_test_configure!(run_in_browser);

mod cache;
mod components;
mod store;
mod support;
mod tabs;
