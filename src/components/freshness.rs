use leptos::prelude::*;
use marquee_core::freshness::relative_age;
use marquee_core::model::QueryKey;

use super::PullToRefresh;
use crate::store::{now_ms, use_store, QueryState, QueryStatus};

/// "Updated 5 min ago", "Refreshing…", "Offline: showing saved data from …",
/// "Couldn't refresh: <reason> · Retry".
///
/// Given the page's `refresh` keys (the page-level badge), it also offers "Refresh now" and
/// pull to refresh on touch screens; both ask the store for exactly those keys at High
/// priority. Retry does the same, or, without keys (a Home row), revalidates what is shown.
#[component]
pub fn FreshnessBadge(
    #[prop(into)] state: Signal<QueryState>,
    #[prop(optional, into)] refresh: Option<Signal<Vec<QueryKey>>>,
) -> impl IntoView {
    let text = move || {
        let s = state.get();
        let age = s.fetched_at().map(|at| relative_age(at, now_ms()));
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
    // Refresh now, for a page that gave its keys, when all is well (Retry covers failures).
    let idle = move || {
        refresh.is_some() && matches!(state.get().status, QueryStatus::Fresh | QueryStatus::Stale)
    };
    // Event handlers run outside the component's owner: take the store now.
    let store = StoredValue::new_local(use_store());
    let refresh_now = move || {
        let Some(store) = store.get_value() else {
            return;
        };
        match refresh {
            Some(keys) => store.refresh_now(keys.get_untracked()),
            None => store.revalidate_visible(true),
        }
    };
    view! {
        <p class="freshness" role="status" aria-live="polite" data-state=move || state.get().status.as_str()>
            <span>{text}</span>
            <Show when=failed>
                " · "
                <button type="button" class="link-button" data-action="retry" on:click=move |_| refresh_now()>"Retry"</button>
            </Show>
            <Show when=idle>
                " · "
                <button type="button" class="link-button" data-action="refresh-now" on:click=move |_| refresh_now()>"Refresh now"</button>
            </Show>
        </p>
        {refresh.map(|_| view! { <PullToRefresh on_refresh=Callback::new(move |()| refresh_now())/> })}
    }
}
