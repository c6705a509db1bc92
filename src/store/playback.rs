//! Playback through the store: asking the server how to play, the reports, and the position,
//! which shows at once in this and every tab (the item's progress, Continue Watching) and is
//! kept in the outbox as one entry per item until the server has it as a stop.
use leptos::prelude::*;
use marquee_core::actions::superseded_positions;
use marquee_core::cache::{CacheStore, CachedQuery, OutboxEntry, PlaybackIds, UserAction};
use marquee_core::jellyfin::request::authorization_header;
use marquee_core::jellyfin::{
    DeviceProfile, MediaSegmentsResult, PlaybackInfoDto, PlaybackInfoResponse,
    PlaybackProgressInfo, PlaybackStopInfo,
};
use marquee_core::model::{Item, QueryKey};
use marquee_core::player::{stop_outcome, ReportKind, Segments, StopOutcome};
use marquee_core::tab_message::TabMessage;

use super::{now_ms, Store};
use crate::net::NetError;

/// What media requests need to authenticate.
pub struct MediaAuth {
    /// The server, without a trailing slash.
    pub base_url: String,
    /// The `Authorization` header value (for hls.js and the service worker only).
    pub authorization: String,
    /// The token, for `ApiKey` in media URLs when no service worker controls the page.
    pub token: String,
    /// This browser's device id.
    pub device_id: String,
}

impl Store {
    /// A key naming this user on this server, for per-user preferences.
    pub fn user_key(&self) -> &str {
        &self.0.database_name
    }

    /// What media requests need (never logged, never stored).
    pub fn media_auth(&self) -> MediaAuth {
        MediaAuth {
            base_url: self.0.client.base_url().to_string(),
            authorization: authorization_header(
                self.0.client.client_info(),
                Some(self.0.live.token.as_str()),
            ),
            token: self.0.live.token.clone(),
            device_id: self.0.live.device_id.clone(),
        }
    }

    /// Asks the server how this browser (`profile`) can play `item_id` from `start_ticks`.
    pub async fn playback_info(
        &self,
        item_id: &str,
        start_ticks: i64,
        audio_stream_index: Option<i32>,
        profile: DeviceProfile,
    ) -> Result<PlaybackInfoResponse, String> {
        let body = PlaybackInfoDto {
            user_id: self.0.endpoints.user_id.clone(),
            start_time_ticks: Some(start_ticks),
            audio_stream_index,
            auto_open_live_stream: true,
            device_profile: profile,
            ..Default::default()
        };
        let request = self.0.endpoints.playback_info(item_id, &body);
        self.0
            .client
            .send_json::<PlaybackInfoResponse>(&request)
            .await
            .map_err(|e| match e {
                NetError::Offline | NetError::Timeout => {
                    self.0.reachability.online.try_set(false);
                    "Playing needs the server, and it can't be reached right now".to_string()
                }
                other => other.to_string(),
            })
    }

    /// The item's intros and credits (none on servers before 10.10, or on any error).
    pub async fn media_segments(&self, item_id: &str) -> Segments {
        match self
            .0
            .client
            .send_json::<MediaSegmentsResult>(&self.0.endpoints.media_segments(item_id))
            .await
        {
            Ok(result) => Segments::from_dtos(&result.items),
            Err(_) => Segments::default(),
        }
    }

    /// Sends a start or progress report; `false` when it did not get through.
    pub async fn report_playing(&self, kind: ReportKind, report: &PlaybackProgressInfo) -> bool {
        let request = match kind {
            ReportKind::Start => self.0.endpoints.playing_started(report),
            _ => self.0.endpoints.playing_progress(report),
        };
        match self.0.client.send_text(&request).await {
            Ok(_) => true,
            Err(e) => {
                if e.is_offline() {
                    self.0.reachability.online.try_set(false);
                }
                false
            }
        }
    }

    /// A stop that must get out as the page goes away (`fetch` with `keepalive`).
    pub fn report_stopped_now(&self, report: &PlaybackStopInfo) {
        let request = self.0.endpoints.playing_stopped(report);
        if let Some(body) = &request.body {
            let auth = self.media_auth();
            crate::media::keepalive::post(
                &request.url(self.0.client.base_url()),
                &auth.authorization,
                body,
            );
        }
    }

    /// Playback of `item` is at `position_ticks`. The cache shows it at once here and in every
    /// tab (progress bar, Continue Watching); with `stopped` (a stop, or a report the server
    /// did not get) it also goes into the outbox, replacing the item's earlier position, and is
    /// delivered as a stop report when the server can be reached.
    pub async fn keep_position(
        &self,
        item: &Item,
        position_ticks: i64,
        runtime_ticks: i64,
        ids: PlaybackIds,
        stopped: bool,
    ) {
        let action = UserAction::ReportPosition {
            position_ticks,
            runtime_ticks,
        };
        let outcome = stop_outcome(position_ticks, Some(runtime_ticks).filter(|r| *r > 0));
        if !stopped {
            // While playing, only the position moves: played comes with the stop.
            if !matches!(outcome, StopOutcome::Resume(_)) {
                return;
            }
            let Ok(Some(mut record)) = self.0.cache.get_item(&item.id).await else {
                return;
            };
            action.apply(record.item.user_data.get_or_insert_with(Default::default));
            if let Err(e) = self.0.cache.put_items(&[record]).await {
                self.note_cache_error(&e);
                return;
            }
            self.position_shown(&item.id, true).await;
            return;
        }
        let earlier = self
            .0
            .cache
            .outbox_list()
            .await
            .map(|entries| superseded_positions(&entries, &item.id))
            .unwrap_or_default();
        let entry = OutboxEntry::new(item.id.clone(), action, now_ms()).with_playback(ids);
        // Through `act`'s path: the item and its season and show change with the entry.
        if let Err(why) = self.act_with_entry(item, entry).await {
            self.note_action_failure(format!("Couldn't save where you stopped: {why}."));
            return;
        }
        if !earlier.is_empty() {
            if let Err(e) = self.0.cache.outbox_remove(&earlier, &[]).await {
                self.note_cache_error(&e);
            }
        }
        self.position_shown(&item.id, outcome != StopOutcome::Played)
            .await;
    }

    /// Continue Watching gains (`in_progress`) or loses the item, here and in every tab.
    async fn position_shown(&self, item_id: &str, in_progress: bool) {
        let ids = vec![item_id.to_owned()];
        self.user_data_changed(&ids).await;
        self.announce(&TabMessage::UserDataChanged {
            item_id: item_id.to_owned(),
        });
        let key = QueryKey::ContinueWatching;
        let query = match self.0.cache.get_query(&key).await {
            Ok(Some(q)) => q,
            Ok(None) => CachedQuery {
                key: key.clone(),
                ids: Vec::new(),
                total: 0,
                fetched_at: 0,
                etag: None,
                last_used_at: now_ms(),
                complete: true,
            },
            Err(_) => return,
        };
        let first = query.ids.first().map(String::as_str) == Some(item_id);
        let listed = query.ids.iter().any(|id| id == item_id);
        if (in_progress && first) || (!in_progress && !listed) {
            return;
        }
        let mut query = query;
        query.ids.retain(|id| id != item_id);
        if in_progress {
            query.ids.insert(0, item_id.to_owned());
        }
        query.total = u32::try_from(query.ids.len()).unwrap_or(u32::MAX);
        if self.0.cache.put_query(&query).await.is_ok() {
            self.reload_from_cache(&key).await;
            if let Some(message) = TabMessage::refreshed(&key, query.fetched_at) {
                self.announce(&message);
            }
        }
    }
}
