use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use marquee_core::model::QueryKey;
use marquee_core::refresh::RefreshPriority;

use crate::components::{offline_attr, pending_attr, DetailsSkeleton, FreshnessBadge, ItemDetails};
use crate::perf::mark_when_ready;
use crate::store::use_store;

/// A movie: backdrop, poster, facts, overview (as text), cast, played/favorite and progress.
#[component]
pub fn MoviePage() -> impl IntoView {
    let store = use_store().expect("inside RequireStore");
    let params = use_params_map();
    let images = store.images();
    let store = StoredValue::new_local(store);
    let state = Memo::new(move |_| {
        let id = params.read().get("id").unwrap_or_default();
        store.with_value(|s| s.watch(QueryKey::Item { id }, RefreshPriority::High))
    });
    let page_state = Signal::derive(move || state.get().get());
    mark_when_ready(page_state);
    let item = Memo::new(move |_| page_state.with(|s| s.items().first().cloned()));
    let refresh_keys = Signal::derive(move || {
        vec![QueryKey::Item {
            id: params.read().get("id").unwrap_or_default(),
        }]
    });

    view! {
        <main data-page="movie" data-freshness=move || page_state.get().status.as_str() data-item-id=move || item.get().map(|i| i.id) data-pending=pending_attr(move || item.get().map(|i| i.id)) data-offline=offline_attr(move || item.get().map(|i| i.id)) class="page details">
            {move || match item.get() {
                Some(item) => view! { <ItemDetails item=item images=images.clone()/> }.into_any(),
                None => view! { <DetailsSkeleton/> }.into_any(),
            }}
            <FreshnessBadge state=page_state refresh=refresh_keys/>
        </main>
    }
}
