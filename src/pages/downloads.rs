//! `/downloads`: every download of this user with its size, state and progress, and pause,
//! resume, cancel and delete. It reads the store's queue signal, which the leader tab keeps
//! current in every tab.
use leptos::prelude::*;
use marquee_core::decimal::human_bytes;
use marquee_core::downloads::{DownloadEntry, DownloadState};

use crate::components::ProgressBar;
use crate::store::use_store;

#[component]
pub fn DownloadsPage() -> impl IntoView {
    let store = use_store().expect("inside RequireStore");
    let queue = store.downloads().queue;
    let note = store.downloads().note;
    let stored = move || queue.with(|q| human_bytes(q.stored_bytes() as f64));
    view! {
        <main data-page="downloads" data-freshness="fresh" class="page narrow downloads">
            <h1>"Downloads"</h1>
            <p class="muted">"Stored in this browser: " <span data-stat="downloads-used">{stored}</span></p>
            {move || note.get().map(|n| view! { <p class="download-note" role="alert">{n}</p> })}
            <Show when=move || queue.with(|q| !q.entries().is_empty())
                fallback=|| view! { <p class="muted" data-empty="downloads">"Nothing downloaded yet. Use Download on a movie, an episode, a season or a show."</p> }>
                <ul class="download-list">
                    <For each=move || queue.with(|q| q.entries().to_vec()) key=|e| (e.item_id.clone(), e.state, e.bytes_done, e.total_bytes) let:entry>
                        <DownloadRow entry=entry/>
                    </For>
                </ul>
            </Show>
        </main>
    }
}

fn state_text(entry: &DownloadEntry) -> String {
    match entry.state {
        DownloadState::Queued => "Waiting".into(),
        DownloadState::Downloading => "Downloading".into(),
        DownloadState::Paused => "Paused".into(),
        DownloadState::Retrying { attempt, .. } => format!("Retrying (attempt {})", attempt + 1),
        DownloadState::Failed => match &entry.error {
            Some(why) => format!("Failed: {why}"),
            None => "Failed".into(),
        },
        DownloadState::Complete => "Available offline".into(),
        DownloadState::Cancelled => "Cancelled".into(),
    }
}

#[component]
fn DownloadRow(entry: DownloadEntry) -> impl IntoView {
    let store = StoredValue::new_local(use_store());
    let id = StoredValue::new(entry.item_id.clone());
    let act = move |what: fn(&crate::store::Store, &str)| {
        move |_| {
            if let Some(store) = store.get_value() {
                what(&store, &id.get_value());
            }
        }
    };
    let size = match (entry.total_bytes, entry.state) {
        (Some(total), DownloadState::Complete) => human_bytes(total as f64),
        (Some(total), _) => format!(
            "{} of {}",
            human_bytes(entry.bytes_done as f64),
            human_bytes(total as f64)
        ),
        (None, _) => human_bytes(entry.bytes_done as f64),
    };
    let fraction = entry.progress_permille().unwrap_or(0) as f64 / 1000.0;
    let state = entry.state;
    let can_pause = state.is_pending();
    let can_resume = matches!(state, DownloadState::Paused | DownloadState::Failed);
    let complete = state == DownloadState::Complete;
    view! {
        <li class="download-row" data-item-id=entry.item_id.clone() data-state=state.as_str() data-offline=state.offline_mark()>
            <div class="download-head">
                <strong class="download-name">{entry.name.clone()}</strong>
                <span class="muted" data-stat="size">{size}</span>
            </div>
            <ProgressBar fraction=fraction/>
            <span class="muted" data-stat="state">{state_text(&entry)}</span>
            <div class="download-row-actions">
                {can_pause.then(|| view! { <button type="button" data-action="pause-download" on:click=act(|s, id| s.pause_download(id))>"Pause"</button> })}
                {can_resume.then(|| view! { <button type="button" data-action="resume-download" on:click=act(|s, id| s.resume_download(id))>"Resume"</button> })}
                {(!complete).then(|| view! { <button type="button" data-action="cancel-download" on:click=act(|s, id| s.remove_download(id))>"Cancel"</button> })}
                {complete.then(|| view! { <button type="button" class="danger" data-action="delete-download" on:click=act(|s, id| s.remove_download(id))>"Delete"</button> })}
            </div>
        </li>
    }
}
