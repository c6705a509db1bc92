//! Marquee's benchmark: real headless Chromium against the demo server, printing figures.
//! It is not a test: it asserts no timings, it prints them (and says which targets were met).
//!
//! It builds nothing itself. Build the app with the `bench` feature (hooks in `src/bench.rs`,
//! and `?nocache=1` for the network-first baseline) and the demo server first:
//!
//! ```sh
//! TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline --features bench --dist dist-bench
//! cargo build --profile native -p demo-server
//! MARQUEE_DEMO_SERVER=$PWD/target/native/demo-server \
//!   cargo run --release -p e2e --bin bench -- --sizes 1000,10000,50000 --runs 7 --latency-ms 150
//! ```
//!
//! It starts the demo server (one per library size) and chromedriver on free ports, stops them
//! by PID, prints a Markdown table and writes the same figures to `target/bench/latest.json`.
//! Other options: `--shows N` (40), `--write-items N` (10000), `--library-size N` (50000);
//! `MARQUEE_BENCH_DIST` overrides `dist-bench`. The parts live in `e2e/src/bench/`.
#[path = "../bench/mod.rs"]
mod bench;

#[tokio::main]
async fn main() {
    bench::run().await;
}
