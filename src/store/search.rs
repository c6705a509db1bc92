//! Search as the store serves it: local results from the cache's index at once, then the
//! server's answer for what the cache may not hold (libraries not synced, seasons never
//! opened), cached and merged in without moving what is on screen.
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use marquee_core::cache::{CacheError, CacheStore};
use marquee_core::jellyfin::request::ItemsQuery;
use marquee_core::jellyfin::{ItemType, ItemsResult};
use marquee_core::merge::CachedItem;
use marquee_core::model::{FieldLevel, Item};
use marquee_core::search::{keep_shown_order, remember, SearchQuery};
use marquee_core::tab_message::TabMessage;
use send_wrapper::SendWrapper;

use super::fetch::to_items;
use super::{now_ms, QueryStatus, Store};
use crate::net::NetError;
use crate::perf;
use crate::tabs::TabChannel;

/// Results shown (and asked of the server) per search.
const RESULT_LIMIT: u32 = 60;
/// People asked of the server per search.
const PEOPLE_LIMIT: u32 = 12;
/// Result cards built per task: a page of new cards at once is a long task, so the best ones
/// (about a screen of them) are shown first and the rest follow a task later each.
const CARDS_PER_TASK: usize = 12;
/// The server is asked once typing pauses this long.
const SERVER_DELAY: Duration = Duration::from_millis(250);
/// Where the recent searches are kept: the user's own database, gone at log out.
const RECENT_KEY: &str = "search.recent";
/// Set when local results are on screen (the benchmark measures keystroke to this mark).
pub const SEARCH_LOCAL_MARK: &str = "marquee:search-local";

/// One search's results and how they relate to the server.
#[derive(Debug, Clone)]
pub struct SearchState {
    /// What was typed, for the items shown (while a newer search runs, the last one's).
    pub query: String,
    /// Films, shows and episodes, in the order shown.
    pub items: Vec<Item>,
    /// People, as the server answered (not kept offline).
    pub people: Vec<Item>,
    /// `Loading` until the cache answered; `Refreshing` while the server is asked; `Fresh`
    /// once it answered; `Offline` when it cannot be reached (saved results only).
    pub status: QueryStatus,
    /// When the server last answered this search.
    pub fetched_at: Option<i64>,
}

impl SearchState {
    fn empty(query: String) -> Self {
        Self {
            query,
            items: Vec::new(),
            people: Vec::new(),
            status: QueryStatus::Fresh,
            fetched_at: None,
        }
    }
}

/// What a page needs from a search: its results and the recent searches.
#[derive(Clone, Copy)]
pub struct UseSearchReturn {
    pub results: ReadSignal<SearchState>,
    /// `None` until read from the user's database.
    pub recent: ReadSignal<Option<Vec<String>>>,
    /// Keeps `query` among the recent searches (a result was opened).
    pub remember: Callback<String>,
}

/// Searches the cache, then the server, for whatever `typed` holds; follows changes to cached
/// items (this tab's and other tabs') while the page is open.
pub fn use_search(typed: Signal<String>) -> UseSearchReturn {
    let store = super::use_store().expect("inside RequireStore");
    let results = RwSignal::new(SearchState::empty(String::new()));
    let recent = RwSignal::new(None::<Vec<String>>);
    let runner = Rc::new(Runner {
        store: store.clone(),
        results,
        generation: Cell::new(0),
    });
    {
        let store = store.clone();
        leptos::task::spawn_local(async move {
            recent.try_set(Some(read_recent(&store).await));
        });
    }
    let effect_runner = SendWrapper::new(runner.clone());
    Effect::new(move |_| {
        let query = typed.get();
        effect_runner.start(query, true);
    });
    // Items change under a search (a sync, a push, another tab): search the cache again, and
    // for a server push the server too.
    let channel_runner = runner.clone();
    let channel = TabChannel::open(&store.channel_name(), move |event| {
        // What is typed now, not what the results on screen were for: a change that comes
        // while the first results are still being read must not search the page's empty start.
        let Some(query) = typed.try_get_untracked() else {
            return;
        };
        match event {
            TabMessage::ServerChanged { .. } => channel_runner.start(query, true),
            TabMessage::Updated { .. }
            | TabMessage::LibraryRefreshed { .. }
            | TabMessage::LibraryRefreshCompleted { .. }
            | TabMessage::ItemRefreshCompleted { .. }
            | TabMessage::UserDataChanged { .. } => channel_runner.start(query, false),
            _ => {}
        }
    })
    .ok();
    let channel = SendWrapper::new(channel);
    on_cleanup(move || drop(channel));
    let remember_store = SendWrapper::new(store);
    let remember = Callback::new(move |query: String| {
        let store = (*remember_store).clone();
        leptos::task::spawn_local(async move {
            let list = remember(&read_recent(&store).await, &query);
            if let Ok(text) = serde_json::to_string(&list) {
                let _ = store.0.cache.put_meta(RECENT_KEY, &text).await;
            }
            recent.try_set(Some(list));
        });
    });
    UseSearchReturn {
        results: results.read_only(),
        recent: recent.read_only(),
        remember,
    }
}

impl Store {
    /// The cached items matching `query`, best first, at most `limit`: what a search shows
    /// before the server answers, and all it shows offline.
    pub async fn search_cached(
        &self,
        query: &SearchQuery,
        limit: u32,
    ) -> Result<Vec<CachedItem>, CacheError> {
        self.0.cache.search_items(query, limit).await
    }
}

async fn read_recent(store: &Store) -> Vec<String> {
    let text = store.0.cache.get_meta(RECENT_KEY).await.ok().flatten();
    text.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Runs searches for one page; a newer search makes older ones' answers void.
struct Runner {
    store: Store,
    results: RwSignal<SearchState>,
    generation: Cell<u64>,
}

impl Runner {
    /// Searches `typed` in the cache now and, with `ask_server`, on the server after a pause.
    fn start(self: &Rc<Self>, typed: String, ask_server: bool) {
        let generation = self.generation.get() + 1;
        self.generation.set(generation);
        let query = SearchQuery::parse(&typed);
        let same_query = self.results.try_with_untracked(|s| s.query == typed) == Some(true);
        if query.is_empty() {
            self.results.try_set(SearchState::empty(typed));
            return;
        }
        if !same_query {
            // The results on screen stay until the new ones replace them: cards the two
            // searches share are kept, not torn down and built again at every keystroke.
            self.results.try_update(|state| {
                state.status = QueryStatus::Loading;
                state.people.clear();
                state.fetched_at = None;
            });
        }
        let runner = self.clone();
        leptos::task::spawn_local(async move {
            runner.show_local(generation, &typed, &query, false).await;
            perf::mark(SEARCH_LOCAL_MARK);
            if !ask_server {
                return;
            }
            let delayed = runner.clone();
            set_timeout(
                move || {
                    if delayed.generation.get() == generation {
                        leptos::task::spawn_local(async move {
                            delayed.ask_server(generation, typed, query).await;
                        });
                    }
                },
                SERVER_DELAY,
            );
        });
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.get() == generation
    }

    /// Shows what the cache holds for `query`. Results already on screen for the same search
    /// keep their places; new ones join after them.
    async fn show_local(
        self: &Rc<Self>,
        generation: u64,
        typed: &str,
        query: &SearchQuery,
        settled: bool,
    ) {
        let found = match self.store.search_cached(query, RESULT_LIMIT).await {
            Ok(found) => found,
            Err(e) => {
                self.store.note_cache_error(&e);
                Vec::new()
            }
        };
        if !self.current(generation) {
            return;
        }
        let online = self.store.0.reachability.online.get_untracked();
        let mut items = Vec::new();
        let mut first = CARDS_PER_TASK;
        self.results.try_update(|state| {
            let shown: Vec<String> = if state.query == typed {
                state.items.iter().map(|i| i.id.clone()).collect()
            } else {
                Vec::new()
            };
            let ranked: Vec<String> = found.iter().map(|r| r.item.id.clone()).collect();
            let mut found: Vec<Option<Item>> = found.into_iter().map(|r| Some(r.item)).collect();
            items = keep_shown_order(&shown, &ranked)
                .iter()
                .filter_map(|id| ranked.iter().position(|r| r == id))
                .filter_map(|at| found[at].take())
                .collect();
            // Cards already on screen (a refresh of the same search) stay at once; only new
            // ones are built a few per task.
            first = items
                .iter()
                .take_while(|item| shown.contains(&item.id))
                .count()
                + CARDS_PER_TASK;
            state.query = typed.to_owned();
            state.items = items.iter().take(first).cloned().collect();
            if settled {
                state.status = QueryStatus::Fresh;
            } else if matches!(state.status, QueryStatus::Loading) {
                state.status = if online {
                    QueryStatus::Refreshing
                } else {
                    QueryStatus::Offline
                };
            }
        });
        self.reveal_rest(generation, items, first);
    }

    /// Shows `items` up to `shown` + [`CARDS_PER_TASK`] in a task of its own, then the rest
    /// the same way, while this search is the current one.
    fn reveal_rest(self: &Rc<Self>, generation: u64, items: Vec<Item>, shown: usize) {
        if items.len() <= shown {
            return;
        }
        let runner = self.clone();
        set_timeout(
            move || {
                if !runner.current(generation) {
                    return;
                }
                let next = (shown + CARDS_PER_TASK).min(items.len());
                let mut revealed = false;
                runner.results.try_update(|state| {
                    // Only onto what this search showed (a later answer replaced it otherwise).
                    let ours = state.items.len() == shown
                        && state.items.iter().zip(&items).all(|(a, b)| a.id == b.id);
                    if ours {
                        state.items = items[..next].to_vec();
                        revealed = true;
                    }
                });
                if revealed {
                    runner.reveal_rest(generation, items, next);
                }
            },
            Duration::ZERO,
        );
    }

    /// Asks the server, caches what it found, then shows the cache's answer again.
    async fn ask_server(self: &Rc<Self>, generation: u64, typed: String, query: SearchQuery) {
        self.results.try_update(|s| {
            if !matches!(s.status, QueryStatus::Offline) {
                s.status = QueryStatus::Refreshing;
            }
        });
        let request = self.store.0.endpoints.items(&ItemsQuery {
            search_term: Some(typed.trim().to_owned()),
            recursive: true,
            include_item_types: vec![ItemType::Movie, ItemType::Series, ItemType::Episode],
            limit: Some(RESULT_LIMIT),
            fields: ItemsQuery::list_fields(),
            enable_total_record_count: Some(false),
            ..ItemsQuery::default()
        });
        let people_request = self.store.0.endpoints.persons(typed.trim(), PEOPLE_LIMIT);
        let (answer, people): (Result<ItemsResult, NetError>, Result<ItemsResult, NetError>) =
            futures::future::join(
                self.store.0.client.send_json(&request),
                self.store.0.client.send_json(&people_request),
            )
            .await;
        let items = answer.and_then(|page| to_items(page.items));
        // People are extra: a server without the endpoint, or bad data there, leaves them out.
        let people = people
            .ok()
            .and_then(|page| to_items(page.items).ok())
            .unwrap_or_default();
        match items {
            Ok(items) => {
                let now = now_ms();
                // Library ids are not known here; merging keeps those already cached.
                self.store
                    .merge_into_cache(items, FieldLevel::Thin, None, now)
                    .await;
                if !self.current(generation) {
                    return;
                }
                self.store.0.reachability.online.try_set(true);
                self.show_local(generation, &typed, &query, true).await;
                self.results.try_update(|s| {
                    s.fetched_at = Some(now);
                    s.people = people;
                });
            }
            Err(error) => {
                if !self.current(generation) {
                    return;
                }
                let status = match error {
                    NetError::Offline | NetError::Timeout => QueryStatus::Offline,
                    other => QueryStatus::Failed(other.to_string()),
                };
                self.results.try_update(|s| s.status = status);
            }
        }
    }
}
