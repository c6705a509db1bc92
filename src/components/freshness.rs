use leptos::prelude::*;
use marquee_core::freshness::relative_age;

use crate::store::{now_ms, use_store, QueryState, QueryStatus};

/// "Updated 5 min ago", "Refreshing…", "Offline: showing saved data from …",
/// "Couldn't refresh: <reason> · Retry".
#[component]
pub fn FreshnessBadge(#[prop(into)] state: Signal<QueryState>) -> impl IntoView {
    let text = move || {
        let s = state.get();
        let age = s.fetched_at.map(|at| relative_age(at, now_ms()));
        match (&s.status, age) {
            (QueryStatus::Loading, _) | (QueryStatus::Refreshing, None) => "Loading…".to_string(),
            (QueryStatus::Refreshing, Some(_)) => "Refreshing…".to_string(),
            (QueryStatus::Fresh | QueryStatus::Stale, Some(age)) => format!("Updated {age}"),
            (QueryStatus::Fresh | QueryStatus::Stale, None) => String::new(),
            (QueryStatus::Offline, Some(age)) => format!("Offline: showing saved data from {age}"),
            (QueryStatus::Offline, None) => "Offline: nothing saved yet".to_string(),
            (QueryStatus::Failed(why), _) => format!("Couldn't refresh: {why}"),
        }
    };
    let failed = move || {
        matches!(
            state.get().status,
            QueryStatus::Failed(_) | QueryStatus::Offline
        )
    };
    let retry = move |_| {
        if let Some(store) = use_store() {
            store.revalidate_visible(true);
        }
    };
    view! {
        <p class="freshness" role="status" aria-live="polite" data-state=move || state.get().status.as_str()>
            <span>{text}</span>
            <Show when=failed>
                " · "
                <button type="button" class="link-button" on:click=retry>"Retry"</button>
            </Show>
        </p>
    }
}
