//! Performance marks the benchmark and the tests read (`marquee:content`, `marquee:fresh`).
pub const CONTENT_MARK: &str = "marquee:content";
pub const FRESH_MARK: &str = "marquee:fresh";

/// Sets a `performance.mark`; harmless where the Performance API is missing.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
