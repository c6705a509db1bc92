use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use marquee_core::model::{Item, QueryKey};
use marquee_core::refresh::RefreshPriority;

use crate::components::{
    offline_attr, pending_attr, DownloadButton, FreshnessBadge, OfflineMark, PlayButtons, Poster,
    ProgressBar, UserActions,
};
use crate::pages::home::combined_status;
use crate::pages::marks::mark_when_ready;
use crate::pages::movie::{DetailsSkeleton, ItemDetails};
use crate::store::{use_store, ImageUrls};

/// A show: its details, its seasons, and the selected season's episodes. The Next Up episode's
/// season is selected by default, else the first season; `?season=` in the URL overrides.
#[component]
pub fn ShowPage() -> impl IntoView {
    let store = use_store().expect("inside RequireStore");
    let params = use_params_map();
    let query = use_query_map();
    let images = store.images();
    let series_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());

    let next_up = store.watch(QueryKey::NextUp, RefreshPriority::Normal);
    let store = StoredValue::new_local(store);
    let details = Memo::new(move |_| {
        store.with_value(|s| {
            s.watch(
                QueryKey::Item {
                    id: series_id.get(),
                },
                RefreshPriority::High,
            )
        })
    });
    let seasons = Memo::new(move |_| {
        store.with_value(|s| {
            s.watch(
                QueryKey::Seasons {
                    series_id: series_id.get(),
                },
                RefreshPriority::High,
            )
        })
    });

    let selected = Memo::new(move |_| {
        if let Some(season) = query.read().get("season") {
            return Some(season);
        }
        let id = series_id.get();
        let from_next_up = next_up.with(|s| {
            s.items()
                .iter()
                .find(|e| e.series_id.as_deref() == Some(&id))
                .and_then(|e| e.season_id.clone())
        });
        from_next_up.or_else(|| {
            seasons
                .get()
                .with(|s| s.items().first().map(|season| season.id.clone()))
        })
    });
    let episodes = Memo::new(move |_| {
        selected.get().map(|season_id| {
            store.with_value(|s| {
                s.watch(
                    QueryKey::Episodes {
                        series_id: series_id.get(),
                        season_id,
                    },
                    RefreshPriority::High,
                )
            })
        })
    });

    let page_state = Signal::derive(move || {
        let mut parts = vec![details.get(), seasons.get()];
        if let Some(e) = episodes.get() {
            parts.push(e);
        }
        combined_status(&parts)
    });
    mark_when_ready(page_state);
    let series = Memo::new(move |_| details.get().with(|s| s.items().first().cloned()));
    let selected_season = Memo::new(move |_| {
        let id = selected.get()?;
        seasons
            .get()
            .with(|s| s.items().iter().find(|season| season.id == id).cloned())
    });
    let navigate = use_navigate();
    let refresh_keys = Signal::derive(move || {
        let series_id = series_id.get();
        let mut keys = vec![
            QueryKey::Item {
                id: series_id.clone(),
            },
            QueryKey::Seasons {
                series_id: series_id.clone(),
            },
        ];
        if let Some(season_id) = selected.get() {
            keys.push(QueryKey::Episodes {
                series_id,
                season_id,
            });
        }
        keys
    });
    let episode_base_url = images.clone();

    view! {
        <main data-page="show" data-freshness=move || page_state.get().status.as_str() data-item-id=move || series.get().map(|i| i.id) data-pending=pending_attr(move || series.get().map(|i| i.id)) data-offline=offline_attr(move || series.get().map(|i| i.id)) class="page details">
            {
                let images = images.clone();
                move || match series.get() {
                    Some(item) => view! { <ItemDetails item=item images=images.clone()/> }.into_any(),
                    None => view! { <DetailsSkeleton/> }.into_any(),
                }
            }
            <FreshnessBadge state=page_state refresh=refresh_keys/>
            <nav class="seasons" aria-label="Seasons">
                <For each=move || seasons.get().get().items().to_vec() key=|s| (s.id.clone(), s.name.clone()) let:season>
                    {
                        let id = season.id.clone();
                        let id_for_click = id.clone();
                        let navigate = navigate.clone();
                        view! {
                            <button type="button" data-item-id=id.clone() aria-pressed=move || (selected.get().as_deref() == Some(id.as_str())).to_string()
                                on:click=move |_| {
                                    let url = format!("/show/{}?season={}", series_id.get_untracked(), id_for_click);
                                    navigate(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() });
                                }>
                                {season.name.clone()}
                            </button>
                        }
                    }
                </For>
            </nav>
            {move || selected_season.get().map(|season| {
                let id = season.id.clone();
                view! {
                    <div class="season-actions" data-item-id=id.clone() data-pending=pending_attr(move || Some(id.clone()))>
                        <span class="muted">{season.name.clone()}</span>
                        <UserActions item=season.clone()/>
                        <DownloadButton item=season/>
                    </div>
                }
            })}
            <ol class="episodes">
                <For each=move || episodes.get().map(|e| e.get().items().to_vec()).unwrap_or_default() key=|e| (e.id.clone(), e.etag.clone(), e.user_data.clone().map(|u| (u.played, u.position_ticks, u.favorite))) let:episode>
                    <EpisodeRow episode=episode images=episode_base_url.clone()/>
                </For>
            </ol>
        </main>
    }
}

#[component]
fn EpisodeRow(episode: Item, images: ImageUrls) -> impl IntoView {
    let number = episode
        .index_number
        .map(|n| format!("{n}. "))
        .unwrap_or_default();
    let played = episode.is_played();
    let progress = episode.progress();
    let runtime = episode.runtime_minutes().map(|m| format!("{m} min"));
    let picture = episode.episode_picture().cloned();
    view! {
        <li class="episode" data-item-id=episode.id.clone() data-played=played.to_string() data-pending=pending_attr({
            let id = episode.id.clone();
            move || Some(id.clone())
        }) data-offline=offline_attr({
            let id = episode.id.clone();
            move || Some(id.clone())
        })>
            <div class="episode-picture">
                <Poster image=picture images=images alt=episode.name.clone() shape="thumb" width=240/>
                {progress.map(|p| view! {
                    <ProgressBar fraction=p/>
                })}
            </div>
            <div class="episode-body">
                <div class="episode-head">
                    <span class="episode-title">{number}{episode.name.clone()}</span>
                    {runtime.map(|r| view! { <span class="muted">{r}</span> })}
                    {played.then(|| view! { <span class="played-mark inline" role="img" aria-label="Played" title="Played">"✓"</span> })}
                </div>
                {episode.overview.clone().map(|o| view! { <p class="muted overview">{o}</p> })}
                <PlayButtons item=episode.clone()/>
                <UserActions item=episode.clone()/>
                <OfflineMark item_id=episode.id.clone()/>
                <DownloadButton item=episode.clone()/>
            </div>
        </li>
    }
}
