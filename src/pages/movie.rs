use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use marquee_core::model::{Item, ItemKind, QueryKey};
use marquee_core::refresh::RefreshPriority;

use crate::components::{
    offline_attr, pending_attr, Backdrop, DownloadButton, FreshnessBadge, OfflineMark, PlayButtons,
    Poster, ProgressBar, UserActions,
};
use crate::pages::marks::mark_when_ready;
use crate::store::{use_store, ImageUrls};
use marquee_core::decimal::fixed;

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

/// The header block shared by movie and show pages.
#[component]
pub fn ItemDetails(item: Item, images: ImageUrls) -> impl IntoView {
    let backdrop = item.backdrop_image.clone();
    let facts: Vec<String> = [
        item.display_year(),
        item.runtime_minutes().map(|m| {
            if m >= 60 {
                format!("{} h {} min", m / 60, m % 60)
            } else {
                format!("{m} min")
            }
        }),
        item.official_rating.clone(),
        item.community_rating.map(|r| format!("★ {r:.1}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let genres = item.genres.clone().unwrap_or_default().join(", ");
    let played = item.is_played();
    let favorite = item.user_data.as_ref().map(|u| u.favorite).unwrap_or(false);
    let progress = item.progress();
    let cast: Vec<(String, Option<String>)> = item
        .people
        .clone()
        .unwrap_or_default()
        .into_iter()
        .take(12)
        .map(|p| (p.name, p.role))
        .collect();
    let name = item.name.clone();
    // Shows and seasons play through their episodes.
    let playable = !matches!(item.kind, ItemKind::Series | ItemKind::Season);
    view! {
        <Backdrop image=backdrop images=images.clone()/>
        <div class="details-head">
            <Poster image=item.primary_image.clone() images=images.clone() alt=name.clone() width=240/>
            <div class="details-text">
                <h1>{name.clone()}</h1>
                <p class="facts">{facts.join(" · ")}</p>
                {(!genres.is_empty()).then(|| view! { <p class="genres muted">{genres}</p> })}
                <p class="user-state">
                    <span data-state="played">{if played { "Played" } else { "Not played" }}</span>
                    {favorite.then(|| view! { <span data-state="favorite">" · ♥ Favorite"</span> })}
                </p>
                {playable.then(|| view! { <PlayButtons item=item.clone()/> })}
                <UserActions item=item.clone()/>
                <OfflineMark item_id=item.id.clone()/>
                <DownloadButton item=item.clone()/>
                {progress.map(|p| view! {
                    <div class="resume">
                        <ProgressBar fraction=p/>
                        <span class="muted">{format!("{}% watched", fixed(p * 100.0, 0))}</span>
                    </div>
                })}
                {item.overview.clone().map(|o| view! { <p class="overview">{o}</p> })}
            </div>
        </div>
        {(!cast.is_empty()).then(|| view! {
            <section aria-labelledby="cast-heading" class="cast">
                <h2 id="cast-heading">"Cast & crew"</h2>
                <ul>
                    {cast.into_iter().map(|(n, role)| view! { <li><strong>{n}</strong>{role.map(|r| view! { <span class="muted">" · " {r}</span> })}</li> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
pub fn DetailsSkeleton() -> impl IntoView {
    view! {
        <div class="details-head skeleton" aria-hidden="true">
            <div class="poster"></div>
            <div class="details-text"><div class="line wide"></div><div class="line"></div><div class="line"></div></div>
        </div>
    }
}
