//! When a page's sections paint the first time. Reading the cache takes a few milliseconds:
//! painting skeletons first, for cached rows to replace (and, where a row turns out empty or
//! shorter, to push the rest of the page around), is a flash and a layout shift on every start.
//! So sections paint top to bottom, each once it and every section above it have been read:
//! a section that appears is always the last one on the page and pushes nothing down.
use std::time::Duration;

use leptos::prelude::*;

use marquee_core::query_state::{QueryState, QueryStatus};

/// Longest a page waits for its first cache reads before it shows skeletons anyway.
pub const FIRST_PAINT_WAIT: Duration = Duration::from_millis(300);

/// One signal per section of `states` (top to bottom): true once that section and every one
/// above it have been read from the cache (left `Loading`: it has data, or its fetch started),
/// or after [`FIRST_PAINT_WAIT`]. None turns false again.
pub fn paint_in_order<const N: usize>(states: [ReadSignal<QueryState>; N]) -> [Signal<bool>; N] {
    let waited = RwSignal::new(false);
    set_timeout(
        move || {
            // The page may be gone by then.
            waited.try_set(true);
        },
        FIRST_PAINT_WAIT,
    );
    std::array::from_fn(|i| {
        Signal::derive(move || {
            waited.get()
                || states[..=i]
                    .iter()
                    .all(|s| s.with(|s| s.status != QueryStatus::Loading))
        })
    })
}
