//! Whether the server answers, said on every page of every tab. A page whose data is within
//! its TTL never asks the server, so it would never find out by itself: a tab probes when it
//! starts, when the leader's socket drops, and after any request fails with a network error.
//! The verdict is shared with the other tabs, and every query on screen shows it (its data
//! stays). While unreachable the tab probes every few seconds and turns back by itself.
use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;

use marquee_core::freshness::Freshness;
use marquee_core::tab_message::TabMessage;

use super::{QueryStatus, Store};

/// A probe is one small request; a server that takes longer than this is as good as gone.
const PROBE_TIMEOUT: Duration = Duration::from_secs(4);
/// How often a paused queue checks whether the server is back.
const OFFLINE_PROBE_EVERY: Duration = Duration::from_secs(3);

/// What this tab knows of the server's reachability.
pub(super) struct Reachability {
    /// Whether the server is reachable, as far as this tab knows (what the views show).
    pub(super) online: RwSignal<bool>,
    /// The server did not answer (a network error, a failed probe) and has not answered since.
    unreachable: Cell<bool>,
    /// A timer is set to retry the server after it could not be reached.
    probe_armed: Cell<bool>,
}

impl Default for Reachability {
    fn default() -> Self {
        Self {
            online: RwSignal::new(browser_online()),
            unreachable: Cell::new(false),
            probe_armed: Cell::new(false),
        }
    }
}

fn browser_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

impl Store {
    /// Whether the server is reachable, as far as this tab knows.
    pub fn online(&self) -> Signal<bool> {
        self.0.reachability.online.into()
    }

    /// The queue pauses while the server can't be reached. The browser's `online` event only
    /// covers this device's network, not a server that went down: probe every few seconds
    /// (a failed probe arms the next one; an answer resumes everything).
    fn arm_offline_probe(&self) {
        self.once_after(
            |s| &s.reachability.probe_armed,
            OFFLINE_PROBE_EVERY,
            |store| {
                let store = store.clone();
                leptos::task::spawn_local(async move {
                    if store.0.reachability.unreachable.get() {
                        store.probe_server().await;
                    }
                });
            },
        );
    }

    /// Asks the server whether it answers; says what it found (here and in other tabs).
    pub async fn probe_server(&self) -> bool {
        let answered = self
            .0
            .client
            .clone()
            .with_timeout(PROBE_TIMEOUT)
            .send_text(&self.0.endpoints.public_info())
            .await;
        // Any answer, even an error status or a body we can't read, means it is reachable.
        let reachable = !matches!(
            answered,
            Err(crate::net::NetError::Offline | crate::net::NetError::Timeout)
        );
        if reachable {
            self.server_reachable(true);
        } else {
            self.server_unreachable(true);
        }
        reachable
    }

    /// The server can't be reached: every query on screen says Offline (its data stays), the
    /// queue pauses, and a probe is armed. `tell_others`: this tab found out, not heard it.
    pub(crate) fn server_unreachable(&self, tell_others: bool) {
        self.0.reachability.unreachable.set(true);
        self.0.reachability.online.try_set(false);
        for signal in self.0.queries.borrow().values() {
            signal.try_update(|s| {
                if !matches!(s.status, QueryStatus::Offline) {
                    s.status = QueryStatus::Offline;
                }
            });
        }
        self.0.runner.queue.borrow_mut().pause();
        self.arm_offline_probe();
        // Said again on every failed probe: a tab opened meanwhile (a reload offline, not the
        // leader, so no socket of its own) learns it within one probe period.
        if tell_others {
            self.announce(&TabMessage::ServerUnreachable);
        }
    }

    /// The server answered: each query on screen says fresh or stale again, from its age, and
    /// what is stale is refreshed.
    pub(crate) fn server_reachable(&self, tell_others: bool) {
        if !self.0.reachability.unreachable.replace(false) {
            return;
        }
        for (key, signal) in self.0.queries.borrow().iter() {
            let fetched_at = signal.with_untracked(|s| s.fetched_at);
            let status = match (fetched_at, self.freshness(key, fetched_at)) {
                (None, _) => QueryStatus::Loading,
                (Some(_), Freshness::Fresh) => QueryStatus::Fresh,
                _ => QueryStatus::Stale,
            };
            signal.try_update(|s| {
                if matches!(s.status, QueryStatus::Offline) {
                    s.status = status;
                }
            });
        }
        if tell_others {
            self.announce(&TabMessage::ServerReachable);
        }
        self.on_online();
    }

    /// The status a query read from the cache shows: its age, unless the server is known to
    /// be unreachable.
    pub(crate) fn cached_status(&self, freshness: Freshness) -> QueryStatus {
        if self.0.reachability.unreachable.get() {
            return QueryStatus::Offline;
        }
        match freshness {
            Freshness::Fresh => QueryStatus::Fresh,
            _ => QueryStatus::Stale,
        }
    }
}
