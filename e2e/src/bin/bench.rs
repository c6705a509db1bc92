//! Marquee's benchmark: real headless Chromium against the demo server, printing figures.
//! It is not a test: it asserts no timings, it prints them (and says which targets were met).
//!
//! `./scripts/bench [options]` builds what it needs (the app with the `bench` feature into
//! dist-bench, the demo server with `--profile native`, this binary) and runs it; `--ab REV`
//! builds another revision into dist-bench-b and interleaves the two (`--dist-b`, `--label-b`).
//!
//! It starts the demo servers (one per library size and client) and chromedriver on free ports,
//! stops them by PID, prints Markdown tables and writes the same figures to
//! `target/bench/latest.json`. Other options: `--shows N` (40), `--write-items N` (10000),
//! `--library-size N` (50000), `--latencies 0,150,1000`, `--player` (only the play click to
//! first `playing` figures, direct play and HLS), `--versus` (only the side by side), `--sync` (only the write path: cache writes, cold sync, revalidation); `MARQUEE_BENCH_DIST` overrides `dist-bench`. The parts live in `e2e/src/bench/`; the hand-written comparator in
//! `e2e/comparator/`.
#[path = "../bench/mod.rs"]
mod bench;

#[tokio::main]
async fn main() {
    bench::run().await;
}
