//! Which tab leads: the leader sweeps stale data in the background, holds the push socket,
//! drains the outbox and runs the downloads. One tab of a user leads at a time (a Web Lock).
use std::cell::{Cell, RefCell};

use super::Store;
use crate::tabs::{elect_leader, Leadership};

/// This tab's part in the election.
#[derive(Default)]
pub(super) struct LeaderState {
    is_leader: Cell<bool>,
    /// This tab's claim to lead (held or waited for); let go when the session ends.
    claim: RefCell<Option<Leadership>>,
}

impl Store {
    /// Becomes the tab that sweeps stale data in the background, holds the push socket and
    /// drains the outbox, when no other tab of this user is (now, or once the leader goes).
    pub fn start_background_sweeps(&self) {
        let claim = elect_leader(
            &format!("marquee:leader:{}", self.0.database_name),
            self.weak_fn(|store| store.start_leading()),
            self.weak_fn(|store| store.stop_leading()),
        );
        *self.0.leader.claim.borrow_mut() = Some(claim);
    }

    pub fn is_leader(&self) -> bool {
        self.0.leader.is_leader.get()
    }

    fn start_leading(&self) {
        if self.0.leader.is_leader.replace(true) {
            return;
        }
        self.schedule_sweeps_once();
        self.start_live_updates();
        self.drain_outbox();
        self.run_downloads();
    }

    /// Leader duties end: the socket closes; sweeps and drains find `is_leader` false; the
    /// download under way stops, keeping its bytes, for the next leader to continue.
    pub(super) fn stop_leading(&self) {
        self.0.leader.is_leader.set(false);
        self.stop_live_updates();
        self.stop_downloads();
    }

    /// The session ended: leadership goes to the next tab now, not when this page unloads.
    pub(super) fn give_up_leadership(&self) {
        if let Some(claim) = self.0.leader.claim.borrow_mut().take() {
            claim.release();
        }
        self.stop_leading();
    }
}
