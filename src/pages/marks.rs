//! The performance marks each page sets once per visit: `marquee:content` at the first real
//! content (cache or network) and `marquee:fresh` once what it shows is fresh.
use leptos::prelude::*;

use crate::perf;
use crate::store::{QueryState, QueryStatus};

pub fn mark_when_ready(state: Signal<QueryState>) {
    Effect::new(move |marked: Option<(bool, bool)>| {
        let (mut content, mut fresh) = marked.unwrap_or((false, false));
        state.with(|s| {
            if !content && s.data.is_some() {
                perf::mark(perf::CONTENT_MARK);
                content = true;
            }
            if content && !fresh && s.status == QueryStatus::Fresh {
                perf::mark(perf::FRESH_MARK);
                fresh = true;
            }
        });
        (content, fresh)
    });
}
