//! Drives the refresh queue: starts requests up to the concurrency cap, records their outcome,
//! retries on a timer, pauses offline, and sweeps stale data in the leader tab.
use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;
use marquee_core::cache::ops::{find_stale_items, find_stale_queries};
use marquee_core::cache::CacheStore;
use marquee_core::freshness::{ContentKind, Freshness};
use marquee_core::model::QueryKey;
use marquee_core::refresh::{
    Completion, QueueConfig, RefreshOutcome, RefreshPriority, RefreshQueue,
};
use marquee_core::tab_message::TabMessage;

use super::{now_ms, QueryStatus, Store, StoreInner};
use crate::net::NetError;
use crate::tabs::with_lock;

/// How often the leader tab looks for stale data to refresh in the background.
const SWEEP_EVERY: Duration = Duration::from_secs(5 * 60);
const SWEEP_BATCH: u32 = 25;
const FIRST_SWEEP_AFTER: Duration = Duration::from_secs(3);
/// After the queue gave up on a key the server kept failing (5xx, timeouts, bad data), how
/// long until this tab's stale keys are tried again: a page recovers by itself, gently.
const RECHECK_AFTER_GIVING_UP: Duration = Duration::from_secs(15);

/// The runner's state: the queue, its timers and the browser events that wake it.
pub(super) struct RunnerState {
    pub(super) queue: RefCell<RefreshQueue<QueryKey>>,
    wake_timer: RefCell<Option<TimeoutHandle>>,
    /// The sweep timers are set (once per store; they do nothing while this tab does not lead).
    sweeps_scheduled: Cell<bool>,
    /// A timer is set to try again keys the queue gave up on.
    recheck_armed: Cell<bool>,
    /// The browser events this store listens to, removed when it shuts down.
    browser_listeners: RefCell<Vec<WindowListenerHandle>>,
    /// Keys a settled action made stale: their next refresh asks the server, even when another
    /// tab wrote the key since this tab read it (that write may predate the action).
    pub(super) must_fetch: RefCell<std::collections::HashSet<QueryKey>>,
}

impl Default for RunnerState {
    fn default() -> Self {
        Self {
            queue: RefCell::new(RefreshQueue::new(QueueConfig::default())),
            wake_timer: RefCell::new(None),
            sweeps_scheduled: Cell::new(false),
            recheck_armed: Cell::new(false),
            browser_listeners: RefCell::new(Vec::new()),
            must_fetch: RefCell::new(Default::default()),
        }
    }
}

impl Store {
    /// Queues a refresh of `key` without starting it: the caller pumps once it queued them all.
    pub(super) fn enqueue(&self, key: QueryKey, priority: RefreshPriority) {
        self.0.runner.queue.borrow_mut().enqueue(key, priority);
    }

    /// Starts as many queued refreshes as the cap allows, and arms a timer for the next retry.
    pub(crate) fn pump(&self) {
        loop {
            let next = self.0.runner.queue.borrow_mut().next_ready(now_ms());
            let Some(request) = next else { break };
            let store = self.clone();
            leptos::task::spawn_local(async move {
                store.run_refresh(request.key).await;
            });
        }
        self.arm_wake_timer();
    }

    fn arm_wake_timer(&self) {
        if let Some(old) = self.0.runner.wake_timer.borrow_mut().take() {
            old.clear();
        }
        let Some(at) = self.0.runner.queue.borrow().next_wake(now_ms()) else {
            return;
        };
        let delay = Duration::from_millis((at - now_ms()).max(0) as u64);
        let handle = set_timeout_with_handle(self.weak_fn(|store| store.pump()), delay);
        *self.0.runner.wake_timer.borrow_mut() = handle.ok();
    }

    /// The session ended: nothing more is fetched, and the browser's events no longer reach
    /// this store.
    pub(super) fn stop_runner(&self) {
        self.0.runner.queue.borrow_mut().pause();
        if let Some(timer) = self.0.runner.wake_timer.borrow_mut().take() {
            timer.clear();
        }
        for listener in self.0.runner.browser_listeners.borrow_mut().drain(..) {
            listener.remove();
        }
    }

    async fn run_refresh(&self, key: QueryKey) {
        if let Some(signal) = self.signal_of(&key) {
            signal.try_update(|s| s.status = QueryStatus::Refreshing);
        }
        // What this tab showed when it asked: while it waits on the lock, another tab's result
        // may arrive (its broadcast reloads our signal), and must not be fetched again.
        let shown = self
            .signal_of(&key)
            .and_then(|s| s.with_untracked(|s| s.fetched_at));
        let lock = format!("marquee:refresh:{}:{}", self.0.database_name, key);
        // Every request this refresh makes runs under the key's lock. A tab that finds another
        // tab holding it waits, then finds that tab's result in the cache (no request), or, if
        // that refresh failed, tries itself: either way it reaches a verdict of its own.
        let result = with_lock(&lock, self.refresh_under_lock(&key, shown)).await;
        let outcome = match &result {
            Ok(()) => RefreshOutcome::Success,
            Err(e) => RefreshOutcome::Failed(e.failure_kind()),
        };
        // Retries are scheduled by the queue itself (next_wake); only giving up needs more.
        let mut jitter = js_sys::Math::random;
        let completion =
            self.0
                .runner
                .queue
                .borrow_mut()
                .complete(&key, outcome, now_ms(), &mut jitter);
        if matches!(completion, Completion::GaveUp(kind) if kind.is_retryable()) {
            self.arm_recheck();
        }
        match result {
            Err(error) => self.show_failure(&key, &error),
            Ok(()) => self.server_reachable(true),
        }
        self.pump();
    }

    /// Holding the key's lock. Another tab may have refreshed the key since this tab asked
    /// (it held the lock while this tab waited, or its write landed just after this tab read):
    /// if the cache is now fresh and newer than what this tab showed when it asked (`shown`),
    /// read it instead of asking the server again. A key this tab already showed at its newest
    /// (a push, a forced refresh) is fetched.
    async fn refresh_under_lock(&self, key: &QueryKey, shown: Option<i64>) -> Result<(), NetError> {
        let cached = match self.0.cache.get_query_summary(key).await {
            Ok(Some(query)) => Some(query.fetched_at),
            _ => None,
        };
        // A key an action made stale is asked of the server whatever another tab stored.
        let must_fetch = self.0.runner.must_fetch.borrow_mut().remove(key);
        if let (Some(shown), Some(cached), false) = (shown, cached, must_fetch) {
            if cached > shown && self.freshness(key, Some(cached)) == Freshness::Fresh {
                self.reload_from_cache(key).await;
                if let Some(signal) = self.signal_of(key) {
                    signal.try_update(|s| s.status = QueryStatus::Fresh);
                }
                return Ok(());
            }
        }
        self.fetch_and_store(key).await
    }

    fn show_failure(&self, key: &QueryKey, error: &NetError) {
        if matches!(error, NetError::Unauthorized) {
            self.0.unauthorized.try_set(true);
        }
        if error.is_offline() {
            self.server_unreachable(true);
        }
        let status = if error.is_offline() {
            QueryStatus::Offline
        } else {
            QueryStatus::Failed(error.to_string())
        };
        // The data stays; the status says what went wrong until a retry succeeds.
        if let Some(signal) = self.signal_of(key) {
            signal.try_update(|s| s.status = status.clone());
        }
        if !error.is_offline() {
            self.announce(&TabMessage::RefreshFailed {
                key: key.clone(),
                reason: error.to_string(),
            });
        }
    }

    /// The server kept failing until the queue gave up: look again a while later, so that a
    /// page in error turns fresh by itself once the server is well.
    fn arm_recheck(&self) {
        self.once_after(
            |s| &s.runner.recheck_armed,
            RECHECK_AFTER_GIVING_UP,
            |store| store.revalidate_visible(false),
        );
    }

    /// Runs `then` after `delay`, unless the timer that `armed` guards is already set: one
    /// timer of each kind per tab.
    pub(super) fn once_after(
        &self,
        armed: fn(&StoreInner) -> &Cell<bool>,
        delay: Duration,
        then: fn(&Store),
    ) {
        if armed(&self.0).replace(true) {
            return;
        }
        let _ = set_timeout_with_handle(
            self.weak_fn(move |store| {
                armed(&store.0).set(false);
                then(store);
            }),
            delay,
        );
    }

    /// Back online (the browser says so, or a request got through): resume and revalidate.
    pub fn on_online(&self) {
        self.0.reachability.online.try_set(true);
        self.0.runner.queue.borrow_mut().resume();
        self.revalidate_visible(false);
        self.drain_outbox();
    }
}

/// Wires the browser's `online` and `visibilitychange` events to the store; the listeners go
/// when the store shuts down (a new one opens at every login).
pub fn listen_to_browser(store: &Store) {
    let weak = store.downgrade();
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        if let Some(store) = weak.upgrade() {
            store.on_online();
        }
    });
    let weak = store.downgrade();
    // `visibilitychange` is fired at the document and reaches the window on its way up.
    let on_visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .map(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
            .unwrap_or(false);
        if let (true, Some(store)) = (visible, weak.upgrade()) {
            store.revalidate_visible(false);
        }
    });
    store
        .0
        .runner
        .browser_listeners
        .borrow_mut()
        .extend([on_online, on_visible]);
}

impl Store {
    /// The leader tab refreshes stale cached queries and items at Low priority, now and
    /// periodically. The timers are set once per store; they do nothing while it does not lead.
    pub(super) fn schedule_sweeps_once(&self) {
        if self.0.runner.sweeps_scheduled.replace(true) {
            return;
        }
        let sweep = self.weak_fn(|store| {
            let store = store.clone();
            leptos::task::spawn_local(async move { sweep_once(&store).await });
        });
        // The first sweep waits until the page that started the app has read what it shows:
        // its scans of the query and item stores would queue ahead of those reads.
        let _ = set_timeout_with_handle(sweep.clone(), FIRST_SWEEP_AFTER);
        let _ = set_interval_with_handle(sweep, SWEEP_EVERY);
    }
}

pub(crate) async fn sweep_once(store: &Store) {
    if !store.is_leader() {
        return;
    }
    let now = now_ms();
    if let Ok(queries) = find_stale_queries(&store.0.cache, &store.0.config, now, SWEEP_BATCH).await
    {
        for query in queries {
            store.enqueue(query.key, RefreshPriority::Low);
        }
    }
    if let Ok(items) = find_stale_items(
        &store.0.cache,
        &store.0.config,
        ContentKind::ItemDetails,
        now,
        SWEEP_BATCH,
    )
    .await
    {
        for cached in items {
            store.enqueue(QueryKey::Item { id: cached.item.id }, RefreshPriority::Low);
        }
    }
    store.pump();
}
