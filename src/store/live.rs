//! Live updates: the leader tab keeps Jellyfin's push socket open, relays what the server says
//! to the other tabs, and every tab refreshes exactly the keys a change touches.
use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;
use marquee_core::cache::CacheStore;
use marquee_core::live::{keys_to_refresh, ServerChange, ServerMessage};
use marquee_core::model::QueryKey;
use marquee_core::refresh::RefreshPriority;
use marquee_core::tab_message::TabMessage;

use super::Store;
use crate::net::LiveSocket;
use crate::session::Session;

/// Reconnect delays: 1 s doubling to a minute, with jitter so tabs and devices spread out.
const RECONNECT_BASE_MS: f64 = 1_000.0;
const RECONNECT_MAX_MS: f64 = 60_000.0;

fn reconnect_delay(attempt: u32) -> Duration {
    let cap = (RECONNECT_BASE_MS * 2f64.powi(attempt.min(10) as i32)).min(RECONNECT_MAX_MS);
    Duration::from_millis((cap * (0.5 + js_sys::Math::random() / 2.0)) as u64)
}

/// The push socket and what it needs to connect.
pub(super) struct LiveState {
    /// The socket, held by the leader tab only.
    socket: RefCell<Option<LiveSocket>>,
    attempt: Cell<u32>,
    /// What the socket URL needs (a WebSocket cannot send the Authorization header); media
    /// requests need them too.
    pub(super) token: String,
    pub(super) device_id: String,
}

impl LiveState {
    pub(super) fn new(session: &Session) -> Self {
        Self {
            socket: RefCell::new(None),
            attempt: Cell::new(0),
            token: session.token.clone(),
            device_id: session.device_id.clone(),
        }
    }
}

/// What a push message changes, in the form tabs pass around.
fn change_of(message: ServerMessage) -> Option<ServerChange> {
    match message {
        ServerMessage::LibraryChanged {
            added,
            updated,
            removed,
        } => Some(ServerChange {
            updated,
            added,
            removed,
            user_data: Vec::new(),
        }),
        ServerMessage::UserDataChanged { items } => Some(ServerChange {
            user_data: items.into_iter().map(|(id, _)| id).collect(),
            ..Default::default()
        }),
        _ => None,
    }
}

impl Store {
    /// Leader tab only: opens the socket and keeps it open.
    pub(crate) fn start_live_updates(&self) {
        self.connect_socket(0);
    }

    /// Leadership ended: the socket closes (a reconnect under way finds this tab no leader).
    pub(super) fn stop_live_updates(&self) {
        self.0.live.socket.borrow_mut().take();
    }

    fn connect_socket(&self, attempt: u32) {
        // Leadership may have moved (log out, another tab took over) while a reconnect waited.
        if !self.is_leader() {
            return;
        }
        let on_message = {
            let weak = self.downgrade();
            move |message: ServerMessage| {
                if let (Some(store), Some(change)) = (weak.upgrade(), change_of(message)) {
                    store.announce(&TabMessage::ServerChanged {
                        change: change.clone(),
                    });
                    leptos::task::spawn_local(
                        async move { store.apply_server_change(change).await },
                    );
                }
            }
        };
        let on_open = self.weak_fn(|store| {
            store.0.live.attempt.set(0);
            store.server_reachable(true);
            let store = store.clone();
            leptos::task::spawn_local(async move { store.catch_up_after_gap().await });
        });
        let on_closed = self.weak_fn(|store| {
            let next = store.0.live.attempt.get() + 1;
            store.0.live.attempt.set(next);
            // Without a socket (old server, blocked, down) TTLs and focus still refresh.
            let _ = set_timeout_with_handle(
                store.weak_fn(move |store| store.connect_socket(next)),
                reconnect_delay(next),
            );
            // A dropped socket may be a server gone: find out now, so every tab can say so
            // (a page within its TTL would never ask the server by itself).
            let store = store.clone();
            leptos::task::spawn_local(async move {
                store.probe_server().await;
            });
        });
        let socket = LiveSocket::connect(
            self.0.client.base_url(),
            &self.0.live.token,
            &self.0.live.device_id,
            on_message,
            on_open,
            on_closed,
        );
        self.0.live.attempt.set(attempt);
        *self.0.live.socket.borrow_mut() = socket.ok();
    }

    /// Refreshes the keys `change` touches: those on screen at High priority; cached item
    /// details not on screen are marked stale so their next visit revalidates.
    pub async fn apply_server_change(&self, change: ServerChange) {
        if change.is_empty() {
            return;
        }
        let mut changed_ids: Vec<String> = change.updated.clone();
        changed_ids.extend(change.user_data.iter().cloned());
        changed_ids.extend(change.removed.iter().cloned());
        // Library grids hold only a preview in memory: find the changed items' libraries.
        let cached = self
            .0
            .cache
            .get_items(&changed_ids)
            .await
            .unwrap_or_default();
        let live: Vec<(QueryKey, Vec<String>)> = self
            .live_keys()
            .into_iter()
            .map(|key| {
                let mut ids: Vec<String> = self
                    .signal_of(&key)
                    .map(|s| s.with_untracked(|s| s.items().iter().map(|i| i.id.clone()).collect()))
                    .unwrap_or_default();
                if let QueryKey::Library(view) = &key {
                    ids.extend(
                        cached
                            .iter()
                            .flatten()
                            .filter(|c| c.library_id.as_deref() == Some(view.library_id.as_str()))
                            .map(|c| c.item.id.clone()),
                    );
                }
                (key, ids)
            })
            .collect();
        for key in keys_to_refresh(&change, &live) {
            // Grids sync the whole library under its plain key.
            let key = match key {
                QueryKey::Library(view) if view.is_plain() => QueryKey::Library(view.plain()),
                other => other,
            };
            self.enqueue(key, RefreshPriority::High);
        }
        // Not on screen: marked stale, so their next visit revalidates at once.
        let mut off_screen: Vec<QueryKey> = changed_ids
            .iter()
            .map(|id| QueryKey::Item { id: id.clone() })
            .collect();
        if !change.user_data.is_empty() {
            off_screen.extend([QueryKey::ContinueWatching, QueryKey::NextUp]);
        }
        for key in off_screen {
            if self.signal_of(&key).is_none() {
                self.mark_stale(&key).await;
            }
        }
        self.pump();
    }

    /// Nothing is pushed while no socket is open (before a page's socket connects, between
    /// reconnects): what another device played in that gap is unknown. The views that change
    /// most with it are revalidated: those this tab holds now, the others marked stale.
    async fn catch_up_after_gap(&self) {
        for key in [QueryKey::ContinueWatching, QueryKey::NextUp] {
            if self.signal_of(&key).is_some() {
                self.enqueue(key, RefreshPriority::Normal);
            } else {
                self.mark_stale(&key).await;
            }
        }
        self.pump();
    }

    async fn mark_stale(&self, key: &QueryKey) {
        if let Ok(Some(mut query)) = self.0.cache.get_query(key).await {
            query.fetched_at = 0;
            let _ = self.0.cache.put_query(&query).await;
        }
    }
}
