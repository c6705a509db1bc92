//! `/Items` queries: parsing Jellyfin's parameters and running them over the presorted orders.
//! A page is one filtered walk of a ready-made order; no per-request sort except for `Ids`.

use crate::http::query::Query;
use crate::library::dates::parse_iso;
use crate::library::names;
use crate::library::rng::Rng;
use crate::library::{Kind, Library, SortKey};

#[derive(Clone, Debug, Default)]
pub struct ItemQuery {
    pub parent: Option<u32>,
    pub parent_kind: Option<Kind>,
    /// A `ParentId` that names nothing: the result is empty, as in Jellyfin.
    pub parent_unknown: bool,
    pub recursive: bool,
    pub include: Vec<Kind>,
    pub exclude: Vec<Kind>,
    pub sort: Option<SortKey>,
    /// `SortBy=DatePlayed`: per user, so sorted per request (never played first), by name
    /// within equal dates.
    pub by_date_played: bool,
    pub random: bool,
    pub descending: bool,
    pub start: usize,
    pub limit: Option<usize>,
    pub search: Option<String>,
    pub starts_with: Option<String>,
    pub starts_with_or_greater: Option<String>,
    pub less_than: Option<String>,
    pub played: Option<bool>,
    pub favorite: Option<bool>,
    pub resumable: bool,
    pub is_folder: Option<bool>,
    /// `Some(mask)`: any of these genres; `Some(0)` matches nothing (only unknown genres asked).
    pub genres: Option<u16>,
    pub years: Vec<i32>,
    pub ids: Option<Vec<u32>>,
    pub min_saved: Option<i64>,
    pub min_saved_user: Option<i64>,
    /// `MediaTypes=`: `Some(true)` videos only, `Some(false)` nothing we have.
    pub video_only: Option<bool>,
    pub count_total: bool,
    pub user: usize,
}

/// Substring test for short titles: a plain window scan beats `str::contains`' per-call
/// searcher setup when it runs 50,000 times per request.
fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    match n.first() {
        None => true,
        Some(first) => h.windows(n.len()).any(|w| w[0] == *first && w == n),
    }
}

pub struct PageResult {
    pub items: Vec<u32>,
    pub total: usize,
}

fn kinds(list: &[String]) -> Vec<Kind> {
    list.iter().filter_map(|k| Kind::parse(k)).collect()
}

impl ItemQuery {
    pub fn parse(q: &Query, lib: &Library, user: usize) -> ItemQuery {
        let mut iq = ItemQuery {
            user,
            count_total: q.bool("enabletotalrecordcount").unwrap_or(true),
            recursive: q.bool("recursive").unwrap_or(false),
            include: kinds(&q.list("includeitemtypes")),
            exclude: kinds(&q.list("excludeitemtypes")),
            start: q.usize("startindex").unwrap_or(0),
            limit: q.usize("limit"),
            ..ItemQuery::default()
        };
        if let Some(parent) = q.get("parentid") {
            match lib.find(parent) {
                Some(p) => {
                    iq.parent = Some(p);
                    iq.parent_kind = Some(lib.item(p).kind);
                }
                None => iq.parent_unknown = true,
            }
        }
        for key in q.list("sortby") {
            if key.eq_ignore_ascii_case("Random") {
                iq.random = true;
                break;
            }
            if key.trim().eq_ignore_ascii_case("DatePlayed") {
                iq.by_date_played = true;
                break;
            }
            if let Some(k) = SortKey::parse(&key) {
                iq.sort = Some(k);
                break;
            }
        }
        iq.descending = q
            .list("sortorder")
            .first()
            .is_some_and(|o| o.eq_ignore_ascii_case("Descending"));
        iq.search = q
            .get("searchterm")
            .map(names::fold)
            .filter(|s| !s.trim().is_empty());
        iq.starts_with = q.get("namestartswith").map(str::to_lowercase);
        iq.starts_with_or_greater = q.get("namestartswithorgreater").map(str::to_lowercase);
        iq.less_than = q.get("namelessthan").map(str::to_lowercase);
        for filter in q.list("filters") {
            match filter.to_ascii_lowercase().as_str() {
                "isplayed" => iq.played = Some(true),
                "isunplayed" => iq.played = Some(false),
                "isfavorite" => iq.favorite = Some(true),
                "isresumable" => iq.resumable = true,
                "isfolder" => iq.is_folder = Some(true),
                "isnotfolder" => iq.is_folder = Some(false),
                _ => {}
            }
        }
        if let Some(f) = q.bool("isfavorite") {
            iq.favorite = Some(f);
        }
        if let Some(p) = q.bool("isplayed") {
            iq.played = Some(p);
        }
        if let Some(f) = q.bool("isfolder") {
            iq.is_folder = Some(f);
        }
        let genres = q.list_by("genres", &['|', ',']);
        if !genres.is_empty() {
            let mut mask = 0u16;
            for g in &genres {
                if let Some(i) = names::GENRES.iter().position(|n| n.eq_ignore_ascii_case(g)) {
                    mask |= 1 << i;
                }
            }
            iq.genres = Some(mask);
        }
        iq.years = q
            .list("years")
            .iter()
            .filter_map(|y| y.parse().ok())
            .collect();
        let ids = q.list("ids");
        if !ids.is_empty() {
            iq.ids = Some(ids.iter().filter_map(|id| lib.find(id)).collect());
        }
        iq.min_saved = q.get("mindatelastsaved").and_then(parse_iso);
        iq.min_saved_user = q.get("mindatelastsavedforuser").and_then(parse_iso);
        let media: Vec<String> = q
            .list("mediatypes")
            .into_iter()
            .filter(|m| {
                ["Video", "Audio", "Photo", "Book"]
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(m))
            })
            .collect();
        if !media.is_empty() {
            iq.video_only = Some(media.iter().any(|m| m.eq_ignore_ascii_case("Video")));
        }
        iq
    }

    /// Filters that need the full item (strings), not just the compact hot data.
    fn needs_item(&self) -> bool {
        self.search.is_some()
            || self.starts_with.is_some()
            || self.starts_with_or_greater.is_some()
            || self.less_than.is_some()
    }

    /// Nothing to test beyond library + type: the scoped order is the answer as is.
    fn is_plain(&self) -> bool {
        self.exclude.is_empty()
            && self.is_folder.is_none()
            && self.video_only.is_none()
            && !self.needs_item()
            && self.played.is_none()
            && self.favorite.is_none()
            && !self.resumable
            && self.genres.is_none()
            && self.years.is_empty()
            && self.min_saved.is_none()
            && self.min_saved_user.is_none()
    }

    /// The one library + type this query is confined to, if it is the common
    /// `ParentId=<library>&Recursive=true&IncludeItemTypes=<one type>` shape.
    fn scope(&self) -> Option<(u32, Kind)> {
        match (self.parent, self.parent_kind, self.include.as_slice()) {
            (Some(p), Some(Kind::CollectionFolder), [kind]) if self.recursive => Some((p, *kind)),
            _ => None,
        }
    }

    pub fn matches(&self, lib: &Library, idx: u32) -> bool {
        let h = &lib.indexes.hot[idx as usize];
        if h.removed {
            return false;
        }
        let in_scope = match self.parent {
            Some(p) if self.recursive => {
                idx != p
                    && match self.parent_kind {
                        Some(Kind::CollectionFolder) => h.library == p,
                        Some(Kind::Series) => h.series == p,
                        Some(Kind::Season) => h.season == p,
                        _ => false,
                    }
            }
            Some(p) => h.parent == p,
            // `Ids` alone looks anywhere; otherwise the user's root: its views, or
            // everything inside them when recursive.
            None if self.ids.is_some() => true,
            None if self.recursive => h.kind != Kind::CollectionFolder,
            None => h.kind == Kind::CollectionFolder,
        };
        if !in_scope
            || (!self.include.is_empty() && !self.include.contains(&h.kind))
            || self.exclude.contains(&h.kind)
            || self.is_folder.is_some_and(|f| f != h.kind.is_folder())
            || self
                .video_only
                .is_some_and(|video| !video || h.kind.is_folder())
            || self.genres.is_some_and(|mask| h.genres & mask == 0)
            || (!self.years.is_empty() && !self.years.contains(&h.year))
            || self.min_saved.is_some_and(|t| h.last_saved < t)
        {
            return false;
        }
        if self.needs_item() {
            let item = lib.item(idx);
            let name = item.sort_name.as_str();
            if self
                .search
                .as_ref()
                .is_some_and(|s| !contains(&item.search_name, s))
                || self
                    .starts_with
                    .as_ref()
                    .is_some_and(|s| !name.starts_with(s.as_str()))
                || self
                    .starts_with_or_greater
                    .as_ref()
                    .is_some_and(|s| name < s.as_str())
                || self.less_than.as_ref().is_some_and(|s| name >= s.as_str())
            {
                return false;
            }
        }
        let data = lib.data(self.user, idx);
        if self.min_saved_user.is_some_and(|t| data.saved < t)
            || self.favorite.is_some_and(|f| f != data.favorite)
            || (self.resumable && !lib.is_resumable(self.user, idx))
        {
            return false;
        }
        match self.played {
            Some(p) => lib.is_played(self.user, idx) == p,
            None => true,
        }
    }

    pub fn run(&self, lib: &Library, random_seed: u64) -> PageResult {
        if self.parent_unknown {
            return PageResult {
                items: Vec::new(),
                total: 0,
            };
        }
        let key = self.sort.unwrap_or(SortKey::SortName);
        let list: &[u32] = match self.scope() {
            Some((library, kind)) => lib.indexes.scoped(key, library, kind),
            None => lib.order(key),
        };
        let mut all: Vec<u32> = if let Some(ids) = &self.ids {
            let mut all: Vec<u32> = ids
                .iter()
                .copied()
                .filter(|i| self.matches(lib, *i))
                .collect();
            all.dedup();
            if self.by_date_played {
                all.sort_by_key(|i| lib.indexes.rank(SortKey::SortName, *i));
                self.sort_by_date_played(lib, &mut all);
                if self.descending {
                    all.reverse();
                }
            } else if let Some(key) = self.sort {
                all.sort_by_key(|i| lib.indexes.rank(key, *i));
                if self.descending {
                    all.reverse();
                }
            }
            all
        } else if self.random {
            list.iter()
                .copied()
                .filter(|i| self.matches(lib, *i))
                .collect()
        } else if self.by_date_played {
            let mut all: Vec<u32> = list
                .iter()
                .copied()
                .filter(|i| self.matches(lib, *i))
                .collect();
            self.sort_by_date_played(lib, &mut all);
            return self.window(all.len(), |k| all[k]);
        } else if self.scope().is_some() && self.is_plain() {
            // The main path: the scoped order is exactly the result.
            return self.window(list.len(), |k| list[k]);
        } else if self.needs_item() {
            // Name filters read each item's strings: scan in memory order (cache-friendly),
            // then put the (usually few) hits in order by rank.
            let mut hits: Vec<u32> = (0..lib.items.len() as u32)
                .filter(|i| self.matches(lib, *i))
                .collect();
            hits.sort_unstable_by_key(|i| lib.indexes.rank(key, *i));
            hits
        } else {
            return self.walk(lib, list);
        };
        if self.random {
            Rng::new(random_seed).shuffle(&mut all);
        }
        self.window(all.len(), |k| all[k])
    }

    /// A stable sort by the user's last played date, so equal dates keep the name order.
    fn sort_by_date_played(&self, lib: &Library, list: &mut [u32]) {
        list.sort_by_key(|i| lib.data(self.user, *i).last_played);
    }

    /// The requested page of an already filtered list of `len` entries (ascending, and read
    /// backwards for `Descending`; `Ids` and `Random` lists are already in final order).
    fn window(&self, len: usize, at: impl Fn(usize) -> u32) -> PageResult {
        let limit = self.limit.unwrap_or(usize::MAX);
        let end = len.min(self.start.saturating_add(limit));
        let items: Vec<u32> = (self.start.min(end)..end)
            .map(|k| {
                if self.descending && self.ids.is_none() && !self.random {
                    at(len - 1 - k)
                } else {
                    at(k)
                }
            })
            .collect();
        let total = if self.count_total { len } else { items.len() };
        PageResult { items, total }
    }

    /// Walks a presorted order, keeping only the requested window of matches.
    fn walk(&self, lib: &Library, order: &[u32]) -> PageResult {
        let limit = self.limit.unwrap_or(usize::MAX);
        let mut items = Vec::new();
        let mut total = 0;
        let mut visit = |idx: u32| {
            if !self.matches(lib, idx) {
                return true;
            }
            if total >= self.start && items.len() < limit {
                items.push(idx);
            }
            total += 1;
            self.count_total || items.len() < limit
        };
        if self.descending {
            for idx in order.iter().rev() {
                if !visit(*idx) {
                    break;
                }
            }
        } else {
            for idx in order {
                if !visit(*idx) {
                    break;
                }
            }
        }
        let total = if self.count_total { total } else { items.len() };
        PageResult { items, total }
    }
}
