//! Whether the server answers, said on every page of every tab. A page whose data is within
//! its TTL never asks the server, so it would never find out by itself: a tab probes when it
//! starts, when the leader's socket drops, and after any request fails with a network error.
//! The verdict is shared with the other tabs, and every query on screen shows it (its data
//! stays). While unreachable the tab probes every few seconds and turns back by itself.
use std::time::Duration;

use leptos::prelude::*;

use marquee_core::freshness::Freshness;
use marquee_core::jellyfin::PublicSystemInfo;
use marquee_core::tab_message::TabMessage;

use super::{QueryStatus, Store};

/// A probe is one small request; a server that takes longer than this is as good as gone.
const PROBE_TIMEOUT: Duration = Duration::from_secs(4);

impl Store {
    /// Asks the server whether it answers; says what it found (here and in other tabs).
    pub async fn probe_server(&self) -> bool {
        let answered = self
            .0
            .client
            .clone()
            .with_timeout(PROBE_TIMEOUT)
            .send_json::<PublicSystemInfo>(&self.0.endpoints.public_info())
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
        self.0.unreachable.set(true);
        self.0.online.try_set(false);
        for signal in self.0.queries.borrow().values() {
            signal.try_update(|s| {
                if !matches!(s.status, QueryStatus::Offline) {
                    s.status = QueryStatus::Offline;
                }
            });
        }
        self.0.queue.borrow_mut().pause();
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
        if !self.0.unreachable.replace(false) {
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
        if self.0.unreachable.get() {
            return QueryStatus::Offline;
        }
        match freshness {
            Freshness::Fresh => QueryStatus::Fresh,
            _ => QueryStatus::Stale,
        }
    }
}
