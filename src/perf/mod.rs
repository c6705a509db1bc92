//! Performance marks the benchmark and the tests read (`marquee:content`, `marquee:fresh`), and
//! the start-up steps before them, for profiling a warm start: `marquee:boot` (the wasm runs),
//! `marquee:session` (the saved session is read), `marquee:store` (the user's database is open).
mod first_paint;
mod page_marks;

pub use first_paint::{paint_in_order, FIRST_PAINT_WAIT};
pub use page_marks::mark_when_ready;

pub const CONTENT_MARK: &str = "marquee:content";
pub const FRESH_MARK: &str = "marquee:fresh";

/// Sets a `performance.mark`; harmless where the Performance API is missing.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
