//! Download controls of one item: the Download button (`data-action="download"`, default
//! quality Original), a quality menu beside it, the progress while it runs, and the
//! `data-offline` mark the item's element carries. The store runs the download.
use leptos::prelude::*;
use marquee_core::downloads::{DownloadQuality, DownloadState, SMALLER_BITRATE};
use marquee_core::model::Item;

use crate::store::use_store;

/// `data-offline` for an item's element: `downloading` while its file is on its way, `ready`
/// once it is stored. A season or series is `ready` once each of its queued episodes is.
pub fn offline_attr(
    item_id: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl Fn() -> Option<&'static str> {
    let store = StoredValue::new_local(use_store());
    move || {
        let id = item_id()?;
        store.with_value(|s| {
            let s = s.as_ref()?;
            s.downloads()
                .queue
                .with(|q| q.get(&id).and_then(|e| e.state.offline_mark()))
        })
    }
}

/// Progress in percent of an item's download, while it is not complete.
fn percent_of(item_id: &str) -> impl Fn() -> Option<u32> + Send + Sync + 'static {
    let store = StoredValue::new_local(use_store());
    let id = item_id.to_string();
    move || {
        store.with_value(|s| {
            s.as_ref()?.downloads().queue.with(|q| {
                let e = q.get(&id)?;
                (e.state != DownloadState::Complete)
                    .then(|| e.progress_permille().unwrap_or(0) / 10)
            })
        })
    }
}

/// The Download button and its quality menu. Place inside the item's `[data-item-id]`.
#[component]
pub fn DownloadButton(item: Item) -> impl IntoView {
    let store = StoredValue::new_local(use_store());
    let item = StoredValue::new(item);
    let id = item.with_value(|i| i.id.clone());
    let state = {
        let id = id.clone();
        move || {
            store.with_value(|s| {
                s.as_ref()
                    .and_then(|s| s.downloads().queue.with(|q| q.get(&id).map(|e| e.state)))
            })
        }
    };
    let busy = RwSignal::new(false);
    let refused = RwSignal::new(None::<String>);
    let start = move |quality: DownloadQuality| {
        let Some(store) = store.get_value() else {
            return;
        };
        let item = item.get_value();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = store.download(&item, quality).await;
            refused.try_set(result.err());
            busy.try_set(false);
        });
    };
    let percent = percent_of(&id);
    let label = {
        let state = state.clone();
        move || match state() {
            Some(DownloadState::Complete) => "Downloaded".to_string(),
            Some(DownloadState::Paused) => "Paused".to_string(),
            Some(s) if s.is_pending() => match percent() {
                Some(p) => format!("Downloading {p}%"),
                None => "Downloading…".to_string(),
            },
            _ => "Download".to_string(),
        }
    };
    let quality = RwSignal::new(DownloadQuality::Original);
    // Why the download stopped for good (no space, refused by the server).
    let failure = {
        let id = id.clone();
        move || {
            store.with_value(|s| {
                s.as_ref()?.downloads().queue.with(|q| {
                    q.get(&id)
                        .filter(|e| e.state == DownloadState::Failed)
                        .and_then(|e| e.error.clone())
                })
            })
        }
    };
    view! {
        <div class="download-actions">
            <button type="button" class="toggle" data-action="download"
                aria-busy=move || busy.get().to_string()
                disabled=move || busy.get() || state().is_some_and(|s| s != DownloadState::Failed)
                on:click=move |_| start(quality.get_untracked())>
                <span aria-hidden="true">"⤓ "</span>{label}
            </button>
            <select aria-label="Download quality" data-action="download-quality"
                on:change=move |ev| {
                    quality.set(if event_target_value(&ev) == "smaller" {
                        DownloadQuality::Smaller { bitrate: SMALLER_BITRATE }
                    } else {
                        DownloadQuality::Original
                    });
                }>
                <option value="original" selected>"Original"</option>
                <option value="smaller">"Smaller (3 Mbit/s)"</option>
            </select>
            {move || refused.get().or_else(&failure).map(|why| view! { <p class="download-note" role="alert" data-download-note="">{why}</p> })}
        </div>
    }
}

/// The "available offline" mark on a card or a page.
#[component]
pub fn OfflineMark(item_id: String) -> impl IntoView {
    let mark = offline_attr(move || Some(item_id.clone()));
    view! {
        {move || match mark() {
            Some("ready") => Some(view! { <span class="offline-mark" data-offline-mark="ready" title="Available offline">"⤓ Available offline"</span> }.into_any()),
            _ => None,
        }}
    }
}
