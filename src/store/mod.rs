//! The reactive store: the only writer of cached data and the only place that spawns refreshes.
//! Pages ask it for a `QueryKey` and read the signal it returns (stale-while-revalidate).
mod actions;
mod backend;
mod downloads;
mod eviction;
mod fetch;
mod first_page;
mod hooks;
mod images;
mod leadership;
mod library;
mod library_windows;
mod live;
mod maintenance;
mod playback;
mod reachability;
mod runner;
mod search;
mod spawn;

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use leptos::prelude::*;
use marquee_core::cache::{CacheError, CacheStore, CachedQuery};
use marquee_core::freshness::{needs_refresh, CacheConfig, Freshness};
use marquee_core::jellyfin::request::Endpoints;
use marquee_core::model::QueryKey;
use marquee_core::refresh::RefreshPriority;
#[cfg(feature = "bench")]
use marquee_core::refresh::RefreshQueue;
use marquee_core::tab_message::TabMessage;

pub use backend::CacheBackend;
pub use downloads::Downloads;
pub use hooks::{
    use_library_grid, use_query, use_query_with_options, UseQueryOptions, UseQueryReturn,
};
pub use images::ImageUrls;
pub use library::{LibraryGrid, GRID_PAGE};
pub use maintenance::StorageStats;
pub use marquee_core::query_state::{QueryData, QueryState, QueryStatus};
pub use playback::MediaAuth;
pub use runner::listen_to_browser;
pub use search::{use_search, SearchState};
pub use spawn::spawn_started;

use actions::OutboxState;
use eviction::UseTracking;
use leadership::LeaderState;
use library::LibraryRevisions;
use live::LiveState;
use reachability::Reachability;
use runner::RunnerState;

use crate::cache::{library_kinds, IdbCache};
use crate::net::JellyfinClient;
use crate::session::Session;
use crate::tabs::TabChannel;

/// Milliseconds since the epoch, the store's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A cheap handle to the store of one logged-in user.
#[derive(Clone)]
pub struct Store(Rc<StoreInner>);

/// A handle that does not keep the store alive, for timers and listeners: `upgrade` gives the
/// store back while it lives.
#[derive(Clone)]
pub(crate) struct WeakStore(Weak<StoreInner>);

impl WeakStore {
    pub(crate) fn upgrade(&self) -> Option<Store> {
        self.0.upgrade().map(Store)
    }
}

/// What a store holds; only the store's own modules reach inside. What every concern shares
/// sits here; each concern's own state is one field, defined in the file that owns it.
pub struct StoreInner {
    database_name: String,
    client: JellyfinClient,
    endpoints: Endpoints,
    cache: CacheBackend,
    config: CacheConfig,
    /// A signal per query key a page asked for.
    queries: RefCell<HashMap<QueryKey, RwSignal<QueryState>>>,
    /// Owns the query signals: they live as long as the store, not as the page that asked first.
    owner: Owner,
    channel: RefCell<Option<TabChannel<TabMessage>>>,
    /// Why the cache is not what it should be (memory only, schema upgraded elsewhere), for a banner.
    storage_note: RwSignal<Option<String>>,
    /// The note above can only be fixed by reloading the tab.
    needs_reload: RwSignal<bool>,
    /// Set when the server says the token is no longer valid: the app goes to login, cache kept.
    unauthorized: RwSignal<bool>,
    runner: RunnerState,
    reachability: Reachability,
    leader: LeaderState,
    live: LiveState,
    outbox: OutboxState,
    use_tracking: UseTracking,
    library_revisions: LibraryRevisions,
    first_syncs: library_windows::FirstSyncs,
    first_pages: first_page::FirstPages,
    /// The download queue as this tab sees it (run by the leader tab).
    downloads: Downloads,
}

impl Drop for StoreInner {
    // A dropped connection is not closed (rexie has no Drop) and, its `versionchange` handler
    // gone with it, would block deleting the database on log out: close it here.
    fn drop(&mut self) {
        let cache = std::mem::replace(&mut self.cache, CacheBackend::Memory(Default::default()));
        if let CacheBackend::Idb(idb) = cache {
            idb.close();
        }
    }
}

impl Store {
    /// Opens the user's database (or falls back to memory) and starts listening to other tabs.
    pub async fn open(session: &Session, options: StoreOptions) -> Store {
        Self::open_with(session, options, JellyfinClient::for_session(session)).await
    }

    pub async fn open_with(
        session: &Session,
        options: StoreOptions,
        client: JellyfinClient,
    ) -> Store {
        let StoreOptions { config, keep_cache } = options;
        let database_name = session.database_name();
        let (cache, note) = if !keep_cache {
            (CacheBackend::Memory(Default::default()), None)
        } else {
            match IdbCache::open(&database_name).await {
                Ok(idb) => (CacheBackend::Idb(idb), None),
                Err(e) => (
                    CacheBackend::Memory(Default::default()),
                    Some(format!("Saved data is unavailable ({e}): Marquee works, but nothing will be kept after you close it.")),
                ),
            }
        };
        let store = Store(Rc::new(StoreInner {
            database_name: database_name.clone(),
            client,
            endpoints: session.endpoints(),
            cache,
            config,
            queries: RefCell::new(HashMap::new()),
            owner: Owner::new_root(None),
            channel: RefCell::new(None),
            storage_note: RwSignal::new(note),
            needs_reload: RwSignal::new(false),
            unauthorized: RwSignal::new(false),
            runner: RunnerState::default(),
            reachability: Reachability::default(),
            leader: LeaderState::default(),
            live: LiveState::new(session),
            outbox: OutboxState::default(),
            use_tracking: UseTracking::default(),
            library_revisions: LibraryRevisions::default(),
            first_syncs: Default::default(),
            first_pages: Default::default(),
            downloads: Downloads::default(),
        }));
        store.listen_to_other_tabs();
        store.open_downloads().await;
        store.refresh_pending().await;
        store
    }

    pub(crate) fn downgrade(&self) -> WeakStore {
        WeakStore(Rc::downgrade(&self.0))
    }

    /// A callback for a timer, a listener or a lock that runs `then` on this store while it
    /// lives, without keeping it alive.
    pub(crate) fn weak_fn(
        &self,
        then: impl Fn(&Store) + Clone + 'static,
    ) -> impl Fn() + Clone + 'static {
        let weak = self.downgrade();
        move || {
            if let Some(store) = weak.upgrade() {
                then(&store);
            }
        }
    }

    /// The name other tabs of the same user share for events and locks.
    pub fn channel_name(&self) -> String {
        format!("marquee:{}", self.0.database_name)
    }

    fn listen_to_other_tabs(&self) {
        let weak = self.downgrade();
        let channel = TabChannel::open(&self.channel_name(), move |event| {
            if let Some(inner) = weak.upgrade() {
                inner.on_event_from_other_tab(event);
            }
        });
        *self.0.channel.borrow_mut() = channel.ok();
    }

    /// Tells other tabs about a change this tab made.
    pub(crate) fn announce(&self, event: &TabMessage) {
        if let Some(channel) = self.0.channel.borrow().as_ref() {
            channel.post(event);
        }
    }

    fn on_event_from_other_tab(&self, event: TabMessage) {
        if event.may_change_items() {
            self.0.cache.forget_search_memo();
        }
        match event {
            TabMessage::RefreshFailed { key, reason } => {
                if let Some(signal) = self.signal_of(&key) {
                    signal.try_update(|s| s.status = QueryStatus::Failed(reason));
                }
            }
            TabMessage::ServerChanged { change } => {
                let store = self.clone();
                leptos::task::spawn_local(async move { store.apply_server_change(change).await });
            }
            // Another tab acted (or its action was settled): show it, and send it if we lead.
            TabMessage::UserDataChanged { item_id } => {
                let store = self.clone();
                leptos::task::spawn_local(async move {
                    store.user_data_changed(&[item_id]).await;
                    store.drain_outbox();
                });
            }
            TabMessage::SchemaUpgraded { .. } => self.ask_for_reload(),
            TabMessage::ServerUnreachable => self.server_unreachable(false),
            TabMessage::ServerReachable => self.server_reachable(false),
            TabMessage::OutboxSendRequested => self.drain_outbox(),
            // The user logged out in another tab: the session and the data are going, and this
            // tab goes to the login page the way an expired token does.
            TabMessage::LoggedOut => {
                self.0.unauthorized.try_set(true);
            }
            TabMessage::Updated { .. }
            | TabMessage::HomeSectionsRefreshed
            | TabMessage::LibraryRefreshed { .. }
            | TabMessage::LibraryRefreshCompleted { .. }
            | TabMessage::ItemRefreshCompleted { .. } => self.apply_refresh_message(&event),
        }
    }

    /// Another tab (or this tab's own library sync) wrote fresh data: the keys the message is
    /// about re-read it, each settling its status, and a changed library's grid re-reads its
    /// windows. No refetch: another tab's refresh is as good as ours.
    pub(crate) fn apply_refresh_message(&self, message: &TabMessage) {
        if let Some(library_id) = message.library_changed() {
            self.library_revision(library_id).update(|r| *r += 1);
        }
        let keys: Vec<QueryKey> = self
            .0
            .queries
            .borrow()
            .keys()
            .filter(|key| message.rereads(key))
            .cloned()
            .collect();
        for key in keys {
            let store = self.clone();
            leptos::task::spawn_local(async move {
                let fetched_at = store.reload_from_cache(&key).await;
                if let Some(signal) = store.signal_of(&key) {
                    let status = match store.freshness(&key, fetched_at) {
                        Freshness::Fresh => QueryStatus::Fresh,
                        _ => QueryStatus::Stale,
                    };
                    signal.try_update(|s| s.status = status);
                }
            });
        }
    }

    pub(crate) fn signal_of(&self, key: &QueryKey) -> Option<RwSignal<QueryState>> {
        self.0.queries.borrow().get(key).copied()
    }

    /// The signal for `key`: memory first, then IndexedDB, never waiting on the network.
    /// A stale or missing key is queued for refresh at `priority`.
    pub fn watch(&self, key: QueryKey, priority: RefreshPriority) -> ReadSignal<QueryState> {
        if let Some(signal) = self.signal_of(&key) {
            let state = signal.get_untracked();
            if self.freshness(&key, state.fetched_at) != Freshness::Fresh {
                self.refresh_stale(key, priority);
            }
            return signal.read_only();
        }
        let signal = self.0.owner.with(|| RwSignal::new(QueryState::loading()));
        self.0.queries.borrow_mut().insert(key.clone(), signal);
        let store = self.clone();
        self.note_used(&key);
        spawn::spawn_started(async move {
            let fetched_at = store.reload_from_cache(&key).await;
            if store.freshness(&key, fetched_at) != Freshness::Fresh {
                store.refresh_stale(key, priority);
            }
        });
        signal.read_only()
    }

    pub(crate) fn freshness(&self, key: &QueryKey, fetched_at: Option<i64>) -> Freshness {
        needs_refresh(&self.0.config, key.content_kind(), fetched_at, now_ms())
    }

    /// Reads `key` from the cache into its signal; returns the cached `fetched_at`.
    pub(crate) async fn reload_from_cache(&self, key: &QueryKey) -> Option<i64> {
        let signal = self.signal_of(key)?;
        let cached = self.read_cached(key).await;
        match cached {
            Ok(Some((data, fetched_at))) => {
                self.remember_library_kinds(key, &data);
                self.learn_library_syncs(key, &data);
                let status = self.cached_status(self.freshness(key, Some(fetched_at)));
                signal.try_update(|s| {
                    s.data = Some(data);
                    s.fetched_at = Some(fetched_at);
                    // Keep "Refreshing"/"Offline" if a refresh is under way or failed here.
                    if matches!(
                        s.status,
                        QueryStatus::Loading | QueryStatus::Fresh | QueryStatus::Stale
                    ) || status == QueryStatus::Offline
                    {
                        s.status = status;
                    }
                });
                Some(fetched_at)
            }
            Ok(None) => None,
            Err(e) => {
                self.note_cache_error(&e);
                None
            }
        }
    }

    /// The cached result of `key`: its query record and the items it lists, in order.
    pub(crate) async fn read_cached(
        &self,
        key: &QueryKey,
    ) -> Result<Option<(QueryData, i64)>, CacheError> {
        // A library's record lists every id (50,000 at most sizes people have); its grid reads
        // its windows through the indexes, so the signal carries the count alone and the first
        // screen waits neither for the ids nor for items it will not show.
        let read = if matches!(key, QueryKey::Library(_)) {
            let query = self.0.cache.get_query_summary(key).await?;
            query.map(|q| (q, Vec::new()))
        } else {
            // The record and its items in one go (one transaction).
            let read = self.0.cache.get_query_with_items(key).await?;
            read.map(|(q, items)| (q, items.into_iter().flatten().map(|c| c.item).collect()))
        };
        let Some((query, items)) = read else {
            return Ok(None);
        };
        Ok(Some((
            QueryData {
                items,
                total: query.total,
            },
            query.fetched_at,
        )))
    }

    /// Another tab opened a newer database: this tab's connection is closed and it must reload.
    fn ask_for_reload(&self) {
        self.0.needs_reload.try_set(true);
        self.0.storage_note.try_set(Some(
            "Marquee was updated in another tab. Reload this tab to keep going.".into(),
        ));
    }

    pub(crate) fn note_cache_error(&self, error: &CacheError) {
        if matches!(error, CacheError::VersionChanged) {
            self.ask_for_reload();
        }
        web_sys::console::warn_1(&format!("cache: {error}").into());
    }

    /// Queues a refresh of `key` because it is stale, unless one is under way: that one makes
    /// it fresh (queuing it again would fetch it a second time right after).
    fn refresh_stale(&self, key: QueryKey, priority: RefreshPriority) {
        if !self.0.runner.queue.borrow().is_in_flight(&key) {
            self.request_refresh(key, priority);
        }
    }

    /// Queues a refresh of `key` and starts it if a slot is free.
    pub fn request_refresh(&self, key: QueryKey, priority: RefreshPriority) {
        self.enqueue(key, priority);
        self.pump();
    }

    /// The user asked for these keys now ("Refresh now", pull to refresh): each is queued at
    /// High priority, fetched even if fresh.
    pub fn refresh_now(&self, keys: impl IntoIterator<Item = QueryKey>) {
        for key in keys {
            self.enqueue(key, RefreshPriority::High);
        }
        self.pump();
    }

    /// Refreshes every key a page is showing (the "Retry" button, coming back online or visible).
    pub fn revalidate_visible(&self, force: bool) {
        let keys: Vec<(QueryKey, Option<i64>)> = self
            .0
            .queries
            .borrow()
            .iter()
            .map(|(k, s)| (k.clone(), s.get_untracked().fetched_at))
            .collect();
        for (key, fetched_at) in keys {
            if force {
                self.enqueue(key, RefreshPriority::High);
            } else if self.freshness(&key, fetched_at) != Freshness::Fresh {
                self.refresh_stale(key, RefreshPriority::High);
            }
        }
        self.pump();
    }

    /// Records a refresh result in memory, IndexedDB and other tabs. The page shows what the
    /// server sent even when it could not be written (a full disk): the refresh has its verdict,
    /// and only tabs that can re-read it from the cache are told.
    pub(crate) async fn store_result(
        &self,
        key: &QueryKey,
        query: CachedQuery,
        data: QueryData,
    ) -> Result<(), CacheError> {
        let written = self
            .write_with_eviction(|| self.0.cache.put_query(&query))
            .await;
        if written.is_ok() {
            self.remember_library_kinds(key, &data);
            self.learn_library_syncs(key, &data);
        }
        if let Some(signal) = self.signal_of(key) {
            signal.try_update(|s| {
                s.data = Some(data);
                s.fetched_at = Some(query.fetched_at);
                s.status = QueryStatus::Fresh;
            });
        }
        if written.is_ok() {
            if let Some(message) = TabMessage::refreshed(key, query.fetched_at) {
                self.announce(&message);
            }
        }
        written
    }

    /// Notes each library's kind from the library list, for `remembered_library_kind`.
    fn remember_library_kinds(&self, key: &QueryKey, data: &QueryData) {
        if *key != QueryKey::Libraries || matches!(self.0.cache, CacheBackend::Memory(_)) {
            return;
        }
        for library in &data.items {
            if let Some(kind) = &library.collection_type {
                library_kinds::remember(&self.0.database_name, &library.id, kind);
            }
        }
    }

    /// A library's kind as last seen in the library list, without reading it: a library page
    /// started by a reload names its records at once.
    pub fn remembered_library_kind(&self, library_id: &str) -> Option<String> {
        if matches!(self.0.cache, CacheBackend::Memory(_)) {
            return None;
        }
        library_kinds::remembered(&self.0.database_name, library_id)
    }

    /// The session this store belongs to ended (log out, an expired token, another login):
    /// leadership goes to the next tab now, not when this page unloads, and this store stops
    /// talking to the server and to other tabs.
    pub fn shut_down(&self) {
        self.give_up_leadership();
        self.0.channel.borrow_mut().take();
        self.stop_runner();
    }

    /// How many changes wait in the outbox (0 if it can't be read: nothing to warn about
    /// that the user could act on).
    pub async fn outbox_len(&self) -> usize {
        self.0
            .cache
            .outbox_list()
            .await
            .map(|e| e.len())
            .unwrap_or(0)
    }

    /// Sends the outbox now (the leader sends; another tab asks it to) and waits up to
    /// `within` for it to empty. Returns how many changes are still waiting.
    pub async fn send_outbox_now(&self, within: std::time::Duration) -> usize {
        if self.is_leader() {
            self.0.runner.queue.borrow_mut().resume();
            self.drain_outbox();
        } else {
            self.announce(&TabMessage::OutboxSendRequested);
        }
        let deadline = now_ms() + within.as_millis() as i64;
        loop {
            let left = self.outbox_len().await;
            if left == 0 || now_ms() >= deadline {
                return left;
            }
            crate::tabs::sleep_ms(200).await;
        }
    }

    /// Whether what this store saves outlives the tab (IndexedDB), or only this visit (memory).
    pub fn keeps_data(&self) -> bool {
        self.0.cache.is_persistent()
    }

    /// Builds the URLs of the server's images for the views.
    pub fn images(&self) -> ImageUrls {
        ImageUrls::new(self.0.client.base_url())
    }

    /// The server no longer accepts the token: the app goes to login, the cache is kept.
    pub fn unauthorized(&self) -> Signal<bool> {
        self.0.unauthorized.into()
    }

    /// Why the cache is not what it should be, for a banner; `needs_reload`: only a reload fixes it.
    pub fn storage_note(&self) -> Signal<Option<String>> {
        self.0.storage_note.into()
    }

    pub fn needs_reload(&self) -> Signal<bool> {
        self.0.needs_reload.into()
    }

    /// The download queue as this tab sees it.
    pub fn downloads(&self) -> &Downloads {
        &self.0.downloads
    }
}

/// How a store opens: its freshness rules, and whether it keeps its data in IndexedDB (the
/// benchmark's network-first baseline runs from memory alone).
pub struct StoreOptions {
    pub config: CacheConfig,
    pub keep_cache: bool,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            config: CacheConfig::default(),
            keep_cache: true,
        }
    }
}

/// The store of the logged-in user, provided by `App`.
#[derive(Clone, Copy)]
pub struct StoreCtx(pub RwSignal<Option<Store>, LocalStorage>);

pub fn use_store() -> Option<Store> {
    use_context::<StoreCtx>().and_then(|ctx| ctx.0.get())
}

/// Bench builds only: the benchmark's hooks measure the cache and the queue themselves.
#[cfg(feature = "bench")]
impl Store {
    pub fn cache(&self) -> &CacheBackend {
        &self.0.cache
    }

    pub fn queue(&self) -> std::cell::Ref<'_, RefreshQueue<QueryKey>> {
        self.0.runner.queue.borrow()
    }
}
