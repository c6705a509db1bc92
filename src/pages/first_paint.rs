//! When a page paints its sections the first time. Reading the cache takes a few milliseconds:
//! painting skeletons first, for cached rows to replace (and, where a row turns out empty or
//! shorter, to push the rest of the page around), is a flash and a layout shift on every start.
use std::time::Duration;

use leptos::prelude::*;

use crate::store::{QueryState, QueryStatus};

/// Longest a page waits for its first cache reads before it shows skeletons anyway.
pub const FIRST_PAINT_WAIT: Duration = Duration::from_millis(300);

/// True once every one of `states` has been read from the cache (left `Loading`: it has data,
/// or its fetch has started), or after [`FIRST_PAINT_WAIT`]. It never turns false again.
pub fn cache_read_or_deadline(states: Vec<ReadSignal<QueryState>>) -> Signal<bool> {
    let waited = RwSignal::new(false);
    set_timeout(
        move || {
            // The page may be gone by then.
            waited.try_set(true);
        },
        FIRST_PAINT_WAIT,
    );
    Signal::derive(move || {
        waited.get()
            || states
                .iter()
                .all(|s| s.with(|s| s.status != QueryStatus::Loading))
    })
}
