//! Downloads in the store. The queue (`marquee_core::downloads::DownloadQueue`) is durable in
//! the user's database (meta record `downloads`). Only the leader tab runs it, one file at a
//! time, through the download worker (`crate::files`); every other tab shows the leader's
//! queue, which arrives over a BroadcastChannel, and sends the user's commands to the leader
//! the same way. A reload or a new leader continues each download from the bytes kept.
use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use marquee_core::cache::CacheStore;
use marquee_core::decimal::human_bytes;
use marquee_core::downloads::byte_range::{interpret, RangeAnswer};
use marquee_core::downloads::expand::{episodes_to_download, is_single_file};
use marquee_core::downloads::space::{check_fits, StorageEstimate};
use marquee_core::downloads::subtitles::{is_webvtt, subtitles_to_keep, vtt_path};
use marquee_core::downloads::{DownloadQuality, DownloadQueue, Started};
use marquee_core::jellyfin::request::ApiRequest;
use marquee_core::jellyfin::{MediaStream, PlaybackInfoDto, PlaybackInfoResponse};
use marquee_core::model::{Item, ItemKind, QueryKey};
use serde::{Deserialize, Serialize};

use super::{now_ms, QueryData, QueryState, QueryStatus, Store};
use crate::files::{self, Decision, WorkerEvent};
use crate::net::NetError;
use crate::tabs::TabChannel;

/// The meta record that holds the queue.
const QUEUE_RECORD: &str = "downloads";

/// A change to the queue, made by the leader whichever tab the user clicked in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
enum Command {
    Enqueue {
        item_id: String,
        name: String,
        quality: DownloadQuality,
        size: Option<u64>,
    },
    Pause {
        item_id: String,
    },
    Resume {
        item_id: String,
    },
    /// Cancel a download under way or delete a finished one: the entry and its file go.
    Remove {
        item_id: String,
    },
}

/// What goes over the downloads channel.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Message {
    /// The leader's queue, after each change.
    State { queue: DownloadQueue },
    /// A command for the leader.
    Command(Command),
}

/// The downloads part of a store.
pub struct Downloads {
    /// The queue as this tab knows it: every page reads this.
    pub queue: RwSignal<DownloadQueue>,
    /// Why the last download was refused (no space), in words for the user.
    pub note: RwSignal<Option<String>>,
    channel: RefCell<Option<TabChannel<Message>>>,
    /// This tab runs the queue (it is the leader).
    running: Cell<bool>,
    retry_timer: RefCell<Option<TimeoutHandle>>,
    last_saved: Cell<f64>,
    /// The complete downloads' items, from the cache (Home's "Downloaded" row).
    pub downloaded: RwSignal<QueryState>,
    /// The ids `downloaded` was last read for.
    downloaded_ids: RefCell<Vec<String>>,
}

impl Default for Downloads {
    fn default() -> Self {
        Downloads {
            queue: RwSignal::new(DownloadQueue::default()),
            note: RwSignal::new(None),
            channel: RefCell::new(None),
            running: Cell::new(false),
            retry_timer: RefCell::new(None),
            last_saved: Cell::new(0.0),
            downloaded: RwSignal::new(QueryState::loading()),
            downloaded_ids: RefCell::new(Vec::new()),
        }
    }
}

impl Store {
    /// The folder of this user's files (one per database, so logging out deletes exactly it).
    pub fn downloads_dir(&self) -> &str {
        &self.0.database_name
    }

    /// The items downloaded whole to this browser (not tracked).
    pub(crate) fn downloaded_item_ids_untracked(&self) -> Vec<String> {
        self.0
            .downloads
            .queue
            .with_untracked(|q| q.complete_item_ids())
    }

    /// An item's complete local copy, for the player: its URL and the subtitle streams kept
    /// beside it.
    pub fn local_copy(&self, item_id: &str) -> Option<LocalCopy> {
        let subtitles = self.0.downloads.queue.with_untracked(|q| {
            q.get(item_id)
                .filter(|e| e.state == marquee_core::downloads::DownloadState::Complete)
                .map(|e| e.subtitles.clone().unwrap_or_default())
        })?;
        Some(LocalCopy {
            url: files::local_media_url(self.downloads_dir(), item_id),
            subtitles,
        })
    }

    /// Where a subtitle kept beside an item's local copy is served.
    pub fn local_subtitle_url(&self, item_id: &str, index: i32) -> String {
        files::local_subtitle_url(self.downloads_dir(), item_id, index)
    }

    /// Reads the queue and listens to the other tabs. Called once when the store opens.
    pub(crate) async fn open_downloads(&self) {
        self.reload_downloads().await;
        let weak = self.downgrade();
        let channel = TabChannel::open(
            &format!("marquee-downloads:{}", self.0.database_name),
            move |message: Message| {
                let Some(store) = weak.upgrade() else {
                    return;
                };
                match message {
                    Message::State { queue } if !store.0.downloads.running.get() => {
                        store.0.downloads.queue.try_set(queue);
                        store.read_downloaded_items();
                    }
                    Message::Command(command) if store.0.downloads.running.get() => {
                        store.apply_download_command(command);
                    }
                    _ => {}
                }
            },
        );
        *self.0.downloads.channel.borrow_mut() = channel.ok();
    }

    async fn reload_downloads(&self) {
        let saved = self.0.cache.get_meta(QUEUE_RECORD).await.ok().flatten();
        // A record that does not parse (another version, damage) is left as it is.
        if let Some(queue) = saved.and_then(|t| serde_json::from_str::<DownloadQueue>(&t).ok()) {
            self.0.downloads.queue.try_set(queue);
        }
        self.read_downloaded_items();
    }

    /// Re-reads the complete downloads' items from the cache when that set changed.
    fn read_downloaded_items(&self) {
        let ids: Vec<String> = self.0.downloads.queue.with_untracked(|q| {
            q.entries()
                .iter()
                .filter(|e| e.state == marquee_core::downloads::DownloadState::Complete)
                .map(|e| e.item_id.clone())
                .collect()
        });
        let loaded = self
            .0
            .downloads
            .downloaded
            .with_untracked(|s| s.data.is_some());
        if loaded && *self.0.downloads.downloaded_ids.borrow() == ids {
            return;
        }
        self.0.downloads.downloaded_ids.replace(ids.clone());
        let store = self.clone();
        leptos::task::spawn_local(async move {
            let items: Vec<Item> = store
                .0
                .cache
                .get_items(&ids)
                .await
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .map(|c| c.item)
                .collect();
            files::pin_image_owners(image_owners(&items)).await;
            store.0.downloads.downloaded.try_set(QueryState {
                data: Some(QueryData {
                    total: items.len() as u32,
                    items,
                }),
                fetched_at: Some(now_ms()),
                status: QueryStatus::Fresh,
            });
        });
    }

    /// The leader starts running the queue: what was downloading continues from its bytes.
    pub(crate) fn run_downloads(&self) {
        let store = self.clone();
        leptos::task::spawn_local(async move {
            store.reload_downloads().await;
            store.0.downloads.running.set(true);
            store.0.downloads.queue.update(|q| q.restore());
            store.queue_changed(true);
        });
    }

    /// This tab is no longer the leader: the download under way stops (its bytes stay, and
    /// the next leader continues it) and the queue is no longer run here.
    pub(crate) fn stop_downloads(&self) {
        if !self.0.downloads.running.replace(false) {
            return;
        }
        if let Some(timer) = self.0.downloads.retry_timer.borrow_mut().take() {
            timer.clear();
        }
        if let Some(active) = self
            .0
            .downloads
            .queue
            .with_untracked(|q| q.active().map(|e| e.item_id.clone()))
        {
            files::abort(&active, false);
        }
    }

    fn post_download_message(&self, message: &Message) {
        if let Some(channel) = self.0.downloads.channel.borrow().as_ref() {
            channel.post(message);
        }
    }

    fn send_command(&self, command: Command) {
        if self.0.downloads.running.get() {
            self.apply_download_command(command);
        } else {
            self.post_download_message(&Message::Command(command));
        }
    }

    /// After every change: tell the other tabs, save (at most every second for progress),
    /// and start what can start.
    fn queue_changed(&self, save_now: bool) {
        self.read_downloaded_items();
        let queue = self.0.downloads.queue.get_untracked();
        self.post_download_message(&Message::State {
            queue: queue.clone(),
        });
        let now = js_sys::Date::now();
        if save_now || now - self.0.downloads.last_saved.get() > 1000.0 {
            self.0.downloads.last_saved.set(now);
            let store = self.clone();
            leptos::task::spawn_local(async move {
                if let Ok(text) = serde_json::to_string(&queue) {
                    let _ = store.0.cache.put_meta(QUEUE_RECORD, &text).await;
                }
            });
        }
        self.pump_downloads();
    }

    fn apply_download_command(&self, command: Command) {
        let active = self
            .0
            .downloads
            .queue
            .with_untracked(|q| q.active().map(|e| e.item_id.clone()));
        match command {
            Command::Enqueue {
                item_id,
                name,
                quality,
                size,
            } => self.0.downloads.queue.update(|q| {
                if q.enqueue(&item_id, &name, quality, now_ms()) && size.is_some() {
                    q.record_progress(&item_id, 0, size);
                }
            }),
            Command::Pause { item_id } => {
                self.0.downloads.queue.update(|q| {
                    q.pause(&item_id);
                });
                if active.as_deref() == Some(item_id.as_str()) {
                    files::abort(&item_id, false);
                }
            }
            Command::Resume { item_id } => self.0.downloads.queue.update(|q| {
                q.resume(&item_id);
            }),
            Command::Remove { item_id } => {
                self.0.downloads.queue.update(|q| {
                    q.remove(&item_id);
                });
                if active.as_deref() == Some(item_id.as_str()) {
                    files::abort(&item_id, true);
                } else {
                    let dir = self.downloads_dir().to_string();
                    leptos::task::spawn_local(async move {
                        files::delete(&dir, &item_id).await;
                    });
                }
            }
        }
        self.queue_changed(true);
    }

    /// Starts the next download if none runs; else arms a timer for the next retry.
    fn pump_downloads(&self) {
        if !self.0.downloads.running.get() {
            return;
        }
        let now = now_ms();
        let Some(started) = self
            .0
            .downloads
            .queue
            .try_update(|q| q.start_next(now))
            .flatten()
        else {
            self.arm_download_retry();
            return;
        };
        if started.subtitles_kept {
            self.start_worker(&started);
        } else {
            let store = self.clone();
            leptos::task::spawn_local(
                async move { store.keep_subtitles_then_start(started).await },
            );
        }
        self.queue_changed(true);
    }

    fn start_worker(&self, started: &Started) {
        let url = format!(
            "{}{}",
            self.0.client.base_url(),
            started.quality.request_path(&started.item_id)
        );
        let weak = self.downgrade();
        files::start(
            self.downloads_dir(),
            &started.item_id,
            &url,
            &self.0.client.authorization(),
            move |event| {
                if let Some(inner) = weak.upgrade() {
                    inner.on_worker_event(event);
                }
            },
        );
    }

    /// A download's first step: its subtitles, kept beside the file before the file's first
    /// byte, so a local copy that is complete has them. Then the file, unless the download
    /// was paused or removed meanwhile (removed: what was written goes).
    async fn keep_subtitles_then_start(&self, started: Started) {
        let id = started.item_id.as_str();
        let kept = self.keep_subtitles(id).await;
        let queue = self.0.downloads.queue;
        if queue
            .try_with_untracked(|q| q.get(id).is_none())
            .unwrap_or(true)
        {
            // Deleted meanwhile (or every download, by a log out): what was written goes.
            files::delete(self.downloads_dir(), id).await;
            return;
        }
        if !self.0.downloads.running.get() {
            // No longer the leader: the next one fetches them again.
            return;
        }
        match kept {
            Ok(streams) => {
                if queue
                    .try_update(|q| q.keep_subtitles(id, streams))
                    .unwrap_or(false)
                {
                    self.start_worker(&started);
                }
            }
            Err(reason) => {
                let jitter = js_sys::Math::random();
                queue.update(|q| {
                    q.fail(id, true, &reason, now_ms(), jitter);
                });
            }
        }
        self.queue_changed(true);
    }

    /// Fetches the item's text subtitles as WebVTT and writes each beside its file; the
    /// streams kept. `Err` (to retry) only when the server can't be reached; a server that
    /// can't say or can't convert a stream leaves that stream (or all) out.
    async fn keep_subtitles(&self, item_id: &str) -> Result<Vec<MediaStream>, String> {
        let unreachable = |e: &NetError| {
            matches!(
                e,
                NetError::Offline | NetError::Timeout | NetError::Unauthorized
            )
        };
        let body = PlaybackInfoDto {
            user_id: self.0.endpoints.user_id.clone(),
            auto_open_live_stream: true,
            ..Default::default()
        };
        let request = self.0.endpoints.playback_info(item_id, &body);
        let answer = match self
            .0
            .client
            .send_json::<PlaybackInfoResponse>(&request)
            .await
        {
            Ok(answer) => answer,
            Err(e) if unreachable(&e) => return Err(format!("Couldn't fetch the subtitles: {e}")),
            Err(_) => return Ok(Vec::new()),
        };
        let Some(wanted) = subtitles_to_keep(item_id, &answer) else {
            return Ok(Vec::new());
        };
        let mut kept = Vec::new();
        for stream in wanted.streams {
            let Some(index) = stream.index else { continue };
            let path = vtt_path(item_id, &wanted.media_source_id, index);
            match self.0.client.send_text(&ApiRequest::get(path)).await {
                Ok(text) if is_webvtt(&text) => {
                    if files::keep_subtitle(self.downloads_dir(), item_id, index, &text).await {
                        kept.push(stream);
                    }
                }
                Ok(_) => {}
                Err(e) if unreachable(&e) => {
                    return Err(format!("Couldn't fetch the subtitles: {e}"))
                }
                Err(_) => {}
            }
        }
        Ok(kept)
    }

    fn arm_download_retry(&self) {
        let Some(at) = self.0.downloads.queue.with_untracked(|q| q.next_retry_at()) else {
            return;
        };
        let wait = (at - now_ms()).max(0) as u64;
        let handle = set_timeout_with_handle(
            self.weak_fn(|store| store.pump_downloads()),
            std::time::Duration::from_millis(wait),
        )
        .ok();
        if let Some(old) = self.0.downloads.retry_timer.replace(handle) {
            old.clear();
        }
    }

    fn on_worker_event(&self, event: WorkerEvent) {
        let queue = self.0.downloads.queue;
        match event {
            WorkerEvent::Answer {
                id,
                kept,
                status,
                content_range,
                content_length,
            } => {
                let decision =
                    match interpret(kept, status, content_range.as_deref(), content_length) {
                        RangeAnswer::Write { write_at, total } => {
                            Decision::Write { write_at, total }
                        }
                        RangeAnswer::AlreadyComplete { total } => Decision::Complete { total },
                        RangeAnswer::Retry => Decision::Retry,
                        RangeAnswer::Refused { .. } => Decision::Refuse,
                    };
                files::answer(&id, decision);
            }
            WorkerEvent::Progress { id, bytes, total } => {
                queue.update(|q| q.record_progress(&id, bytes, total));
                self.queue_changed(false);
            }
            WorkerEvent::Complete { id, total } => {
                queue.update(|q| q.complete(&id, total));
                self.queue_changed(true);
            }
            WorkerEvent::Failed {
                id,
                bytes,
                retryable,
                reason,
                ..
            } => {
                let jitter = js_sys::Math::random();
                queue.update(|q| {
                    q.record_progress(&id, bytes, None);
                    q.fail(&id, retryable, &reason, now_ms(), jitter);
                });
                self.queue_changed(true);
            }
        }
    }

    /// Takes `item` offline (a movie or an episode; a season or a series stands for its
    /// episodes). Asks for persistent storage first, and refuses plainly, starting nothing,
    /// when the files do not fit in the space the browser reports.
    pub async fn download(&self, item: &Item, quality: DownloadQuality) -> Result<(), String> {
        let targets: Vec<Item> = if is_single_file(item.kind) {
            vec![item.clone()]
        } else {
            self.episodes_of(item).await
        };
        if targets.is_empty() {
            return Err("Nothing to download here yet.".to_string());
        }
        if !crate::pwa::storage::is_persisted().await {
            crate::pwa::storage::persist().await;
        }
        let mut sizes = Vec::with_capacity(targets.len());
        for target in &targets {
            let size = match quality.estimated_bytes(target.run_time_ticks) {
                Some(bytes) => Some(bytes),
                None => self
                    .0
                    .client
                    .content_length(&quality.request_path(&target.id))
                    .await
                    .map_err(|e| format!("Can't download: {e}"))?,
            };
            sizes.push(size);
        }
        let needed: u64 = sizes.iter().flatten().sum();
        if let Some(estimate) = crate::pwa::storage::estimate().await {
            let claimed = self.0.downloads.queue.with_untracked(|q| q.claimed_bytes());
            let estimate = StorageEstimate {
                usage: estimate.used as u64,
                quota: estimate.quota as u64,
            };
            if let Err(short) = check_fits(needed, claimed, estimate) {
                let message = format!(
                    "Not enough space to download: it needs {}, and {} is free.",
                    human_bytes(short.needed as f64),
                    human_bytes(short.available as f64)
                );
                self.0.downloads.note.set(Some(message.clone()));
                return Err(message);
            }
        }
        self.0.downloads.note.set(None);
        for (target, size) in targets.into_iter().zip(sizes) {
            self.send_command(Command::Enqueue {
                item_id: target.id,
                name: target.name,
                quality,
                size,
            });
        }
        Ok(())
    }

    pub fn pause_download(&self, item_id: &str) {
        self.send_command(Command::Pause {
            item_id: item_id.to_string(),
        });
    }

    pub fn resume_download(&self, item_id: &str) {
        self.send_command(Command::Resume {
            item_id: item_id.to_string(),
        });
    }

    /// Cancels a download under way, or deletes a finished one, with its file.
    pub fn remove_download(&self, item_id: &str) {
        self.send_command(Command::Remove {
            item_id: item_id.to_string(),
        });
    }

    /// Deletes every download of this user (Settings, log out).
    pub async fn remove_all_downloads(&self) {
        let ids: Vec<String> = self
            .0
            .downloads
            .queue
            .with_untracked(|q| q.entries().iter().map(|e| e.item_id.clone()).collect());
        for id in ids {
            self.remove_download(&id);
        }
        files::delete_all(self.downloads_dir()).await;
    }

    /// The episodes a season or series download stands for: from the cache, fetching the
    /// seasons and episodes lists first when online.
    async fn episodes_of(&self, item: &Item) -> Vec<Item> {
        let series_id = match item.kind {
            ItemKind::Series => item.id.clone(),
            ItemKind::Season => match item.series_id.clone().or_else(|| item.parent_id.clone()) {
                Some(id) => id,
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let season_ids: Vec<String> = if item.kind == ItemKind::Season {
            vec![item.id.clone()]
        } else {
            let key = QueryKey::Seasons {
                series_id: series_id.clone(),
            };
            let _ = self.fetch_and_store(&key).await;
            self.cached_items(&key)
                .await
                .into_iter()
                .map(|s| s.id)
                .collect()
        };
        let mut episodes = Vec::new();
        for season_id in season_ids {
            let key = QueryKey::Episodes {
                series_id: series_id.clone(),
                season_id,
            };
            let mut cached = self.cached_items(&key).await;
            if cached.is_empty() {
                let _ = self.fetch_and_store(&key).await;
                cached = self.cached_items(&key).await;
            }
            episodes.extend(cached);
        }
        let chosen: Vec<String> = episodes_to_download(item, &episodes)
            .into_iter()
            .map(str::to_string)
            .collect();
        chosen
            .iter()
            .filter_map(|id| episodes.iter().find(|e| &e.id == id).cloned())
            .collect()
    }

    /// Clear cache, except what downloads need offline: the downloaded items' records and
    /// those of their seasons and shows are written back after the clear.
    pub async fn clear_cache_keeping_downloads(
        &self,
    ) -> Result<(), marquee_core::cache::CacheError> {
        let ids = self
            .0
            .downloads
            .downloaded
            .with_untracked(|s| image_owners(s.items()));
        let keep: Vec<_> = self
            .0
            .cache
            .get_items(&ids)
            .await
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        self.0.cache.clear().await?;
        if !keep.is_empty() {
            self.0.cache.put_items(&keep).await?;
        }
        Ok(())
    }

    async fn cached_items(&self, key: &QueryKey) -> Vec<Item> {
        match self.0.cache.get_query_with_items(key).await {
            Ok(Some((_, items))) => items.into_iter().flatten().map(|c| c.item).collect(),
            _ => Vec::new(),
        }
    }
}

/// A complete download, as the player plays it.
pub struct LocalCopy {
    /// The same-origin URL the service worker serves the file at, with byte ranges.
    pub url: String,
    /// The subtitle streams kept beside it.
    pub subtitles: Vec<MediaStream>,
}

/// The items whose images a downloaded item shows: itself, its season and show, and whoever
/// lends it a poster or backdrop.
fn image_owners(items: &[Item]) -> Vec<String> {
    let mut owners: Vec<String> = items
        .iter()
        .flat_map(|i| {
            [
                Some(i.id.clone()),
                i.season_id.clone(),
                i.series_id.clone(),
                i.primary_image.as_ref().map(|r| r.item_id.clone()),
                i.backdrop_image.as_ref().map(|r| r.item_id.clone()),
                i.series_primary_image.as_ref().map(|r| r.item_id.clone()),
            ]
        })
        .flatten()
        .collect();
    owners.sort();
    owners.dedup();
    owners
}
