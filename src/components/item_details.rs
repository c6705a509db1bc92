//! The header block of a movie's or a show's page, and its skeleton while nothing is read yet.
use leptos::prelude::*;
use marquee_core::decimal::fixed;
use marquee_core::model::{Item, ItemKind};

use super::{Backdrop, DownloadButton, OfflineMark, PlayButtons, Poster, ProgressBar, UserActions};
use crate::store::ImageUrls;

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
        item.community_rating.map(|r| format!("★ {}", fixed(r, 1))),
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
