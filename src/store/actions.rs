//! Played and favorite, offline first. An action changes the cache at once (with its outbox
//! entry, in one IndexedDB transaction), shows in every tab, and is sent by the leader tab.
//! The leader drains the outbox item by item (`core::actions::OutboxSchedule`): an entry is
//! done only when the server answers with readable user data; a failing item waits with its
//! own backoff while the others go on; nothing is dropped except what the server refuses.
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;
use marquee_core::actions::{
    apply_pending, keys_invalidated_by, local_changes, next_up_after_watching, outbox_note_text,
    pending_item_ids, position_yields, send_verdict, unsent_note_text, OutboxSchedule, PlannedSend,
    SendVerdict,
};
use marquee_core::cache::{CacheStore, OutboxEntry, UserAction};
use marquee_core::jellyfin::request::ApiRequest;
use marquee_core::jellyfin::{BaseItemDto, PlaybackStopInfo};
use marquee_core::model::{Item, ItemKind, QueryKey, UserData};
use marquee_core::refresh::RefreshPriority;
use marquee_core::tab_message::TabMessage;

use super::{now_ms, Store};
use crate::net::NetError;

/// While the server can't be reached, the outbox is retried this often.
const OFFLINE_RETRY: Duration = Duration::from_secs(3);
/// Rounds of sends in one drain before it yields (a cache that cannot remove sent entries
/// must not make it spin).
const MAX_ROUNDS_PER_DRAIN: u32 = 50;

/// The outbox as this tab sees it and sends it.
#[derive(Default)]
pub(super) struct OutboxState {
    /// Items with an action in the outbox (shown as pending until the server confirms).
    pending: RwSignal<BTreeSet<String>>,
    /// An action the server refused, for the user.
    refused_note: RwSignal<Option<String>>,
    draining: Cell<bool>,
    /// Something was added to the outbox while it was being drained: go round once more.
    drain_again: Cell<bool>,
    /// When each outbox entry may be sent next (attempts and backoff per entry).
    schedule: RefCell<OutboxSchedule>,
    drain_timer: RefCell<Option<TimeoutHandle>>,
    /// "N changes waiting to be sent" while the outbox is not empty, for every page.
    waiting_note: RwSignal<Option<String>>,
    /// The outbox records this build cannot read (kept, never sent), for Settings.
    unsent_note: RwSignal<Option<String>>,
}

/// How one send ended for the drain.
enum SendEnd {
    /// Its entries are settled, refused or rescheduled: go on with the others.
    Settled,
    /// Stop draining (offline, logged out); `Some(delay)`: try again after it.
    Stop(Option<Duration>),
}

impl Store {
    /// An action the server refused (undone), until the user dismisses it.
    pub fn action_note(&self) -> Signal<Option<String>> {
        self.0.outbox.refused_note.into()
    }

    pub fn dismiss_action_note(&self) {
        self.0.outbox.refused_note.set(None);
    }

    /// Says why an action could not even be queued.
    pub fn note_action_failure(&self, note: String) {
        self.0.outbox.refused_note.try_set(Some(note));
    }

    /// "N changes waiting to be sent" while the outbox is not empty.
    pub fn outbox_note(&self) -> Signal<Option<String>> {
        self.0.outbox.waiting_note.into()
    }

    /// What Settings says of the outbox records this build cannot read (kept, never sent).
    pub fn outbox_unsent_note(&self) -> Signal<Option<String>> {
        self.0.outbox.unsent_note.into()
    }

    /// Marks `item` played / favorite (or not) for the user: at once here and in other tabs,
    /// durably in the outbox, and on the server as soon as it can be reached.
    pub async fn act(&self, item: &Item, action: UserAction) -> Result<(), String> {
        self.act_with_entry(item, OutboxEntry::new(item.id.clone(), action, now_ms()))
            .await
    }

    /// [`Store::act`] with the outbox entry made by the caller (a position carries its ids).
    pub(crate) async fn act_with_entry(
        &self,
        item: &Item,
        entry: OutboxEntry,
    ) -> Result<(), String> {
        let action = entry.action;
        let cached = self
            .0
            .cache
            .get_item(&item.id)
            .await
            .map_err(|e| e.to_string())?;
        let Some(mut record) = cached else {
            return Err(format!("{} is not saved on this device yet", item.name));
        };
        let parent_ids: Vec<String> =
            [record.item.season_id.clone(), record.item.series_id.clone()]
                .into_iter()
                .flatten()
                .collect();
        let parents = self
            .0
            .cache
            .get_items(&parent_ids)
            .await
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let parent_items: Vec<Item> = parents.iter().map(|c| c.item.clone()).collect();
        let changed = local_changes(action, &record.item, &parent_items);
        let watched = (!record.item.is_played() && changed[0].is_played())
            .then(|| changed[0].clone())
            .filter(|i| i.kind == ItemKind::Episode);
        let mut records = Vec::with_capacity(changed.len());
        for item in changed {
            if item.id == record.item.id {
                record.item = item;
                records.push(record.clone());
            } else if let Some(mut parent) = parents.iter().find(|p| p.item.id == item.id).cloned()
            {
                parent.item = item;
                records.push(parent);
            }
        }
        self.0
            .cache
            .outbox_push(entry, &records)
            .await
            .map_err(|e| format!("the change could not be saved ({e})"))?;
        let ids: Vec<String> = records.iter().map(|r| r.item.id.clone()).collect();
        self.user_data_changed(&ids).await;
        for id in &ids {
            self.announce(&TabMessage::UserDataChanged {
                item_id: id.clone(),
            });
        }
        if let Some(watched) = watched {
            self.next_up_follows(&watched).await;
        }
        self.drain_outbox();
        Ok(())
    }

    /// An episode was just watched here: Next Up moves on to the episode after it at once,
    /// in this and every tab, from the season the cache holds (the server's answer follows
    /// once the outbox is sent).
    async fn next_up_follows(&self, watched: &Item) {
        let (Some(series_id), Some(season_id)) = (&watched.series_id, &watched.season_id) else {
            return;
        };
        let key = QueryKey::NextUp;
        let Ok(Some(mut query)) = self.0.cache.get_query(&key).await else {
            return;
        };
        let season = QueryKey::Episodes {
            series_id: series_id.clone(),
            season_id: season_id.clone(),
        };
        let Ok(Some((_, episodes))) = self.0.cache.get_query_with_items(&season).await else {
            return;
        };
        let episodes: Vec<Item> = episodes.into_iter().flatten().map(|c| c.item).collect();
        let listed = self.0.cache.get_items(&query.ids).await.unwrap_or_default();
        let shows: Vec<(String, Option<String>)> = query
            .ids
            .iter()
            .zip(listed.into_iter().chain(std::iter::repeat(None)))
            .map(|(id, cached)| (id.clone(), cached.and_then(|c| c.item.series_id)))
            .collect();
        let Some(ids) = next_up_after_watching(&shows, watched, &episodes) else {
            return;
        };
        query.total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        query.ids = ids;
        if self.0.cache.put_query(&query).await.is_ok() {
            self.reload_from_cache(&key).await;
            self.announce(&TabMessage::HomeSectionsRefreshed);
        }
    }

    /// The items with an action the server has not confirmed (reactive).
    pub fn is_pending(&self, item_id: &str) -> bool {
        self.0.outbox.pending.with(|p| p.contains(item_id))
    }

    /// Items changed in the cache (here or in another tab): the pending marks and every query
    /// on screen that shows them are re-read.
    pub(crate) async fn user_data_changed(&self, ids: &[String]) {
        self.refresh_pending().await;
        for key in self.live_keys() {
            let shows_it = match &key {
                QueryKey::Item { id } => ids.contains(id),
                // A grid's windows are read from the indexes, not carried by its signal: it
                // re-reads them (the item may be on screen there).
                QueryKey::Library(view) => {
                    self.library_revision(&view.library_id).update(|r| *r += 1);
                    false
                }
                _ => self.signal_of(&key).is_some_and(|s| {
                    s.with_untracked(|s| s.items().iter().any(|i| ids.contains(&i.id)))
                }),
            };
            if shows_it {
                self.reload_from_cache(&key).await;
            }
        }
    }

    pub(crate) async fn refresh_pending(&self) {
        let Ok(entries) = self.0.cache.outbox_list().await else {
            return;
        };
        let ids: BTreeSet<String> = pending_item_ids(&entries);
        if self.0.outbox.pending.with_untracked(|p| *p != ids) {
            self.0.outbox.pending.try_set(ids);
        }
        let unreadable = self.0.cache.outbox_unreadable().await.unwrap_or_default();
        let note = outbox_note_text(entries.len(), unreadable.len());
        if self.0.outbox.waiting_note.with_untracked(|n| *n != note) {
            self.0.outbox.waiting_note.try_set(note);
        }
        let unsent = unsent_note_text(&unreadable);
        if self.0.outbox.unsent_note.with_untracked(|n| *n != unsent) {
            self.0.outbox.unsent_note.try_set(unsent);
        }
    }

    /// Data fetched from the server, before it is written: what the user did and the server
    /// has not heard yet stays visible.
    pub(crate) async fn keep_pending_actions(&self, items: &mut [Item]) {
        let pending = self.0.outbox.pending.get_untracked();
        if !items.iter().any(|i| pending.contains(&i.id)) {
            return;
        }
        if let Ok(entries) = self.0.cache.outbox_list().await {
            for item in items.iter_mut() {
                apply_pending(item, &entries);
            }
        }
    }

    /// Sends what the outbox holds, if this tab is the leader (the others leave it to the
    /// leader, which hears of their actions over the BroadcastChannel; when it closes, the next
    /// tab takes the leader lock and drains).
    pub(crate) fn drain_outbox(&self) {
        if !self.is_leader() {
            return;
        }
        if self.0.outbox.draining.replace(true) {
            self.0.outbox.drain_again.set(true);
            return;
        }
        let store = self.clone();
        leptos::task::spawn_local(async move {
            loop {
                store.0.outbox.drain_again.set(false);
                let retry = store.drain_once().await;
                // A change made meanwhile goes now, not when the waiting ones are due.
                if store.0.outbox.drain_again.get() {
                    continue;
                }
                if let Some(delay) = retry {
                    store.retry_drain_in(delay);
                }
                break;
            }
            store.0.outbox.draining.set(false);
        });
    }

    fn retry_drain_in(&self, delay: Duration) {
        let timer = set_timeout_with_handle(self.weak_fn(|store| store.drain_outbox()), delay).ok();
        // One wake-up at a time: the newest knows best when the next entry is due.
        if let Some(old) = self.0.outbox.drain_timer.replace(timer) {
            old.clear();
        }
    }

    /// Sends what is due, round after round (an item's next change goes once the one before
    /// it has settled). `Some(delay)`: entries are waiting; look again after `delay`.
    async fn drain_once(&self) -> Option<Duration> {
        for _ in 0..MAX_ROUNDS_PER_DRAIN {
            let entries = match self.0.cache.outbox_list().await {
                Ok(entries) => entries,
                Err(e) => {
                    self.note_cache_error(&e);
                    return Some(OFFLINE_RETRY);
                }
            };
            let now = now_ms();
            self.0.outbox.schedule.borrow_mut().restore(&entries);
            let due = self.0.outbox.schedule.borrow().due(&entries, now);
            if due.is_empty() {
                let next = self.0.outbox.schedule.borrow().next_due(&entries, now);
                return next.map(|at| Duration::from_millis((at - now).max(0) as u64));
            }
            for send in due {
                match self.send_one(&send, &entries).await {
                    SendEnd::Settled => {}
                    SendEnd::Stop(delay) => return delay,
                }
            }
        }
        Some(Duration::from_secs(1))
    }

    /// Sends one planned request and records what its answer means for its entries.
    async fn send_one(&self, send: &PlannedSend, entries: &[OutboxEntry]) -> SendEnd {
        let result = match send.action {
            UserAction::SetPlayed(played) => {
                self.send_user_data(&self.0.endpoints.set_played(&send.item_id, played))
                    .await
            }
            UserAction::SetFavorite(fav) => {
                self.send_user_data(&self.0.endpoints.set_favorite(&send.item_id, fav))
                    .await
            }
            UserAction::ReportPosition { position_ticks, .. } => {
                let latest = send.seqs.last().copied();
                match entries.iter().find(|e| e.seq == latest) {
                    Some(latest) => self.send_position(latest, position_ticks).await,
                    None => return SendEnd::Settled,
                }
            }
        };
        let error = match result {
            Ok(answer) => {
                self.0.outbox.schedule.borrow_mut().settled(&send.seqs);
                if !self.0.reachability.online.get_untracked() {
                    self.on_online();
                }
                self.settle(send, answer).await;
                return SendEnd::Settled;
            }
            Err(error) => error,
        };
        match send_verdict(&error.failure_kind()) {
            SendVerdict::Refused => {
                self.0.outbox.schedule.borrow_mut().settled(&send.seqs);
                self.revert(send, &error).await;
                SendEnd::Settled
            }
            SendVerdict::PauseForLogin => {
                // Every entry is kept for after the next login.
                self.0.unauthorized.try_set(true);
                SendEnd::Stop(None)
            }
            SendVerdict::Offline => {
                self.0.reachability.online.try_set(false);
                SendEnd::Stop(Some(OFFLINE_RETRY))
            }
            SendVerdict::RetryLater { retry_after_ms } => {
                // This item waits; the others' requests of this round still go.
                self.0.outbox.schedule.borrow_mut().failed(
                    send,
                    now_ms(),
                    retry_after_ms,
                    js_sys::Math::random(),
                );
                // The count is kept with the entries: a reload goes on from it.
                let attempts = send.seqs.first().map_or(0, |seq| {
                    self.0.outbox.schedule.borrow().retry_of(*seq).attempts
                });
                if let Err(e) = self.0.cache.outbox_set_attempts(&send.seqs, attempts).await {
                    self.note_cache_error(&e);
                }
                SendEnd::Settled
            }
        }
    }

    /// A played or favorite request; done only when the server answers with readable user data.
    async fn send_user_data(&self, request: &ApiRequest) -> Result<Option<UserData>, NetError> {
        let answer = self.0.client.send_user_data(request).await?;
        Ok(Some(UserData::from_dto(&answer)))
    }

    /// A queued position as a stop report, unless the server saw a later playback of the
    /// item elsewhere: then the server's state wins (returned, to replace the local one).
    async fn send_position(
        &self,
        latest: &OutboxEntry,
        position_ticks: i64,
    ) -> Result<Option<UserData>, NetError> {
        let server = self
            .0
            .client
            .send_json::<BaseItemDto>(&self.0.endpoints.item(&latest.item_id))
            .await;
        let server_data = match server {
            Ok(item) => item.user_data,
            // Unreadable: the stop still goes; the server decides.
            Err(NetError::BadData(_)) => None,
            Err(error) => return Err(error),
        };
        let last_played = server_data.as_ref().and_then(|d| d.last_played_date);
        if position_yields(last_played, latest.created_at) {
            return Ok(server_data.as_ref().map(UserData::from_dto));
        }
        let ids = latest.playback.clone();
        let report = PlaybackStopInfo {
            item_id: latest.item_id.clone(),
            media_source_id: ids
                .as_ref()
                .map(|i| i.media_source_id.clone())
                .unwrap_or_else(|| latest.item_id.clone()),
            play_session_id: ids.map(|i| i.play_session_id).unwrap_or_default(),
            position_ticks,
        };
        self.0
            .client
            .send_text(&self.0.endpoints.playing_stopped(&report))
            .await?;
        Ok(None)
    }

    /// The server has the action: its answer replaces the optimistic state (with any newer
    /// action still waiting re-applied), the entries go, and what depends on it is refreshed.
    /// A position report has no answer of its own (`None`): the local state stays.
    async fn settle(&self, send: &PlannedSend, answer: Option<UserData>) {
        let mut records = Vec::new();
        let record = match answer {
            Some(_) => self.0.cache.get_item(&send.item_id).await.ok().flatten(),
            None => None,
        };
        if let (Some(answer), Some(mut record)) = (answer, record) {
            record.item.user_data = Some(answer);
            let rest: Vec<OutboxEntry> = self
                .0
                .cache
                .outbox_list()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.seq.is_some_and(|s| !send.seqs.contains(&s)))
                .collect();
            apply_pending(&mut record.item, &rest);
            records.push(record);
        }
        if let Err(e) = self.0.cache.outbox_remove(&send.seqs, &records).await {
            self.note_cache_error(&e);
        }
        self.after_send(send).await;
    }

    /// The server refused the action for good (4xx): it leaves the outbox, the item goes back
    /// to the server's state, and the user is told.
    async fn revert(&self, send: &PlannedSend, error: &NetError) {
        if let Err(e) = self.0.cache.outbox_remove(&send.seqs, &[]).await {
            self.note_cache_error(&e);
        }
        let name = self
            .0
            .cache
            .get_item(&send.item_id)
            .await
            .ok()
            .flatten()
            .map(|c| c.item.name)
            .unwrap_or_else(|| "an item".into());
        let what = match send.action {
            UserAction::SetPlayed(true) => "mark as watched",
            UserAction::SetPlayed(false) => "mark as unwatched",
            UserAction::SetFavorite(true) => "add to favorites",
            UserAction::SetFavorite(false) => "remove from favorites",
            UserAction::ReportPosition { .. } => "save where you stopped",
        };
        self.0.outbox.refused_note.try_set(Some(format!(
            "Couldn't {what} \u{201c}{name}\u{201d}: {error}."
        )));
        self.after_send(send).await;
    }

    /// Shows the settled state here and in other tabs, and refreshes what the action changes.
    async fn after_send(&self, send: &PlannedSend) {
        let ids = vec![send.item_id.clone()];
        self.user_data_changed(&ids).await;
        self.announce(&TabMessage::UserDataChanged {
            item_id: send.item_id.clone(),
        });
        let item = self.0.cache.get_item(&send.item_id).await.ok().flatten();
        if let Some(cached) = item {
            let known = self.live_keys();
            for key in keys_invalidated_by(send.action, &cached.item, &known) {
                // Another tab's refresh of the key may have started before the server had
                // the action: that one's result will not do.
                self.0.runner.must_fetch.borrow_mut().insert(key.clone());
                self.enqueue(key, RefreshPriority::High);
            }
            self.pump();
        }
    }
}
