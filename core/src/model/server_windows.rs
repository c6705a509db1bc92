//! While a library's first sync runs, a grid answers what the cache cannot yet answer from the
//! server: windows past the synced part (`StartIndex`/`Limit`), any other sort, filter or
//! search, and the A–Z jump. Once the library is synced, everything is local again.
//! These are the rules: which windows the cache can answer, which to ask for (only where the
//! user rests, a few pages per request), and which answers still count.
use std::collections::BTreeSet;

use super::{LibrarySort, LibraryView};
use crate::jellyfin::request::{ApiRequest, Endpoints, SortOrder};

/// Pages merged into one server request at most (a screen and its overscan fit in two).
pub const MAX_PAGES_PER_ASK: u32 = 3;

/// How far this library's sync has got, as a grid needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncProgress {
    /// The whole library is cached: every view is answered locally.
    pub complete: bool,
    /// Items written so far by a first sync, in its order (by name, ascending, from the first).
    pub in_order: u32,
}

impl LibraryView {
    /// Whether the cache alone answers this view now. Views of downloads always are; others
    /// once the library is synced.
    pub fn is_answered_locally(&self, progress: SyncProgress) -> bool {
        progress.complete || self.is_local_only()
    }

    /// Whether items `start..end` of this view can be read from the cache's indexes now: the
    /// library is synced, or the view is the sync's own order (plain, by name, ascending) and
    /// the sync has written up to `end`.
    pub fn window_is_cached(&self, progress: SyncProgress, start: u32, end: u32) -> bool {
        if self.is_answered_locally(progress) {
            return true;
        }
        self.is_sync_order() && start <= end && end <= progress.in_order
    }

    /// Whether the view lists the library in the order a sync writes it (plain, by name,
    /// ascending). A window of it past the written part may show what the cache holds there
    /// (a sync interrupted earlier, in another tab) until the server's answer replaces it:
    /// a seen library never waits for the network. Other orders show the server's only.
    pub fn is_sync_order(&self) -> bool {
        self.is_plain() && self.sort == LibrarySort::Name && self.order == SortOrder::Asc
    }

    /// The server's answer for one window of this view: its sort and filters, `StartIndex` and
    /// `Limit`, the grid's fields only, with the total (`TotalRecordCount`).
    pub fn window_request(&self, endpoints: &Endpoints, start: u32, limit: u32) -> ApiRequest {
        let mut query = self.items_query(Some((start, limit)));
        query.enable_total_record_count = Some(true);
        endpoints.items(&query)
    }

    /// Where the A–Z jump lands in this view while the server answers it. By name only: the
    /// offset of a letter is the number of names before it in the view's order, which the
    /// server counts (`NameLessThan` ascending, `NameStartsWithOrGreater` descending, the
    /// parameters jellyfin-web's letter filter uses) with the view's filters and no items.
    pub fn letter_offset_ask(&self, letter: char, endpoints: &Endpoints) -> LetterOffset {
        if self.sort != LibrarySort::Name {
            return LetterOffset::Unknown;
        }
        let letter = super::letter_group(letter).to_ascii_lowercase();
        let (name, value) = match (self.order, letter) {
            (SortOrder::Asc, '#') => return LetterOffset::Known(0),
            (SortOrder::Asc, l) => ("NameLessThan", l.to_string()),
            // Descending, the names of every later letter come first ('#' sorts below 'a').
            (SortOrder::Desc, '#') => ("NameStartsWithOrGreater", "a".to_owned()),
            (SortOrder::Desc, l) => (
                "NameStartsWithOrGreater",
                char::from(l as u8 + 1).to_string(),
            ),
        };
        let mut view = self.clone();
        view.letter = None;
        let mut query = view.items_query(Some((0, 0)));
        query.fields = Vec::new();
        query.enable_images = Some(false);
        query.enable_total_record_count = Some(true);
        LetterOffset::Ask(
            endpoints
                .items(&query)
                .with_query(name, value)
                .with_query("EnableUserData", "false"),
        )
    }
}

/// Where an A–Z jump lands when the server answers the view.
#[derive(Debug, Clone, PartialEq)]
pub enum LetterOffset {
    /// Known without asking (ascending `#`: the top).
    Known(u32),
    /// The answer's `TotalRecordCount` is the offset.
    Ask(ApiRequest),
    /// The view's order is not by name: no jump.
    Unknown,
}

/// Consecutive pages asked of the server in one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageRun {
    /// The first page.
    pub first: u32,
    /// How many pages.
    pub count: u32,
}

impl PageRun {
    /// `StartIndex` for pages of `page_len` items.
    pub fn start(&self, page_len: u32) -> u32 {
        self.first * page_len
    }

    /// `Limit` for pages of `page_len` items.
    pub fn limit(&self, page_len: u32) -> u32 {
        self.count * page_len
    }

    /// The pages it covers.
    pub fn pages(&self) -> std::ops::Range<u32> {
        self.first..self.first + self.count
    }
}

/// The server windows of one grid view: which pages the user rests on, which are being asked.
/// The grid calls [`want`](Self::want) on every scroll, [`due`](Self::due) once the scrolling
/// has rested (a debounce), and [`answered`](Self::answered) with each answer: an answer
/// for pages scrolled away from is not shown, so a fast scroll never paints stale windows.
#[derive(Debug, Default, Clone)]
pub struct ServerWindows {
    wanted: BTreeSet<u32>,
    asked: BTreeSet<u32>,
}

impl ServerWindows {
    /// The pages on screen now, less those already shown. Replaces what was wanted before.
    pub fn want(&mut self, pages: impl IntoIterator<Item = u32>, shown: impl Fn(u32) -> bool) {
        self.wanted = pages.into_iter().filter(|p| !shown(*p)).collect();
    }

    /// Whether anything is waiting to be asked.
    pub fn has_due(&self) -> bool {
        self.wanted.iter().any(|p| !self.asked.contains(p))
    }

    /// The requests to send now: wanted pages not yet asked, consecutive ones merged (at most
    /// [`MAX_PAGES_PER_ASK`] per request). They count as asked until answered.
    pub fn due(&mut self) -> Vec<PageRun> {
        let mut runs: Vec<PageRun> = Vec::new();
        for page in self.wanted.iter().copied() {
            if self.asked.contains(&page) {
                continue;
            }
            match runs.last_mut() {
                Some(run) if run.first + run.count == page && run.count < MAX_PAGES_PER_ASK => {
                    run.count += 1
                }
                _ => runs.push(PageRun {
                    first: page,
                    count: 1,
                }),
            }
        }
        for run in &runs {
            self.asked.extend(run.pages());
        }
        runs
    }

    /// An answer for `run` arrived: the pages of it still wanted, to be shown. The others
    /// were scrolled away from; their answer is dropped.
    pub fn answered(&mut self, run: PageRun) -> Vec<u32> {
        let mut show = Vec::new();
        for page in run.pages() {
            self.asked.remove(&page);
            if self.wanted.remove(&page) {
                show.push(page);
            }
        }
        show
    }

    /// A request for `run` failed: its pages may be asked again.
    pub fn failed(&mut self, run: PageRun) {
        for page in run.pages() {
            self.asked.remove(&page);
        }
    }

    /// Forgets everything (the view's source changed: answers under way no longer count).
    pub fn clear(&mut self) {
        self.wanted.clear();
        self.asked.clear();
    }
}

/// The items of page `page` (of `page_len`) within an answer for `run`: the answer's items
/// are in the run's order from its start; a short answer (the end of the list, or a library
/// that shrank meanwhile) gives the pages past it fewer or no items.
pub fn page_of_answer<T: Clone>(answer: &[T], run: PageRun, page: u32, page_len: u32) -> Vec<T> {
    if !run.pages().contains(&page) {
        return Vec::new();
    }
    let from = ((page - run.first) * page_len) as usize;
    let to = (from + page_len as usize).min(answer.len());
    answer.get(from..to).map(<[T]>::to_vec).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::request::PathStyle;
    use crate::model::LibraryItemType;

    fn view() -> LibraryView {
        LibraryView::new("lib", LibraryItemType::Movie)
    }

    fn endpoints() -> Endpoints {
        Endpoints::new(PathStyle::Modern, "u1")
    }

    fn syncing(in_order: u32) -> SyncProgress {
        SyncProgress {
            complete: false,
            in_order,
        }
    }

    #[test]
    fn during_the_sync_only_its_written_part_of_its_own_order_is_cached() {
        let plain = view();
        assert!(plain.window_is_cached(syncing(600), 0, 60));
        assert!(plain.window_is_cached(syncing(600), 540, 600));
        assert!(!plain.window_is_cached(syncing(600), 600, 660));
        assert!(!plain.window_is_cached(syncing(600), 580, 640), "straddles");
        assert!(!plain.window_is_cached(syncing(0), 0, 60));
        let mut by_year = view();
        by_year.sort = LibrarySort::Year;
        assert!(!by_year.window_is_cached(syncing(600), 0, 60));
        let mut desc = view();
        desc.order = SortOrder::Desc;
        assert!(!desc.window_is_cached(syncing(600), 0, 60));
        let mut favorites = view();
        favorites.filter.favorite = true;
        assert!(!favorites.window_is_cached(syncing(600), 0, 60));
        assert!(!favorites.is_answered_locally(syncing(600)));
        assert!(plain.is_sync_order());
        assert!(!by_year.is_sync_order() && !desc.is_sync_order() && !favorites.is_sync_order());
    }

    #[test]
    fn once_synced_everything_is_local_and_downloads_always_are() {
        let done = SyncProgress {
            complete: true,
            in_order: 0,
        };
        let mut by_year = view();
        by_year.sort = LibrarySort::Year;
        by_year.filter.genre = Some("Drama".into());
        assert!(by_year.is_answered_locally(done));
        assert!(by_year.window_is_cached(done, 9000, 9060));
        let mut downloads = view();
        downloads.filter.downloaded = true;
        assert!(downloads.is_answered_locally(syncing(0)));
    }

    #[test]
    fn a_window_request_carries_the_views_sort_filters_and_place() {
        let mut v = view();
        v.sort = LibrarySort::DateAdded;
        v.order = SortOrder::Desc;
        v.filter.played = Some(false);
        v.filter.genre = Some("Drama".into());
        let request = v.window_request(&endpoints(), 4800, 120);
        assert_eq!(request.query_value("StartIndex"), Some("4800"));
        assert_eq!(request.query_value("Limit"), Some("120"));
        assert_eq!(request.query_value("SortBy"), Some("DateCreated,SortName"));
        assert_eq!(request.query_value("SortOrder"), Some("Descending"));
        assert_eq!(request.query_value("Genres"), Some("Drama"));
        assert_eq!(request.query_value("EnableTotalRecordCount"), Some("true"));
        assert_eq!(request.query_value("ParentId"), Some("lib"));
        let fields = request.query_value("Fields").unwrap_or_default();
        assert!(!fields.contains("Overview"), "grid fields only: {fields}");
    }

    #[test]
    fn letter_offsets_are_counted_by_the_server_by_name_only() {
        let e = endpoints();
        assert_eq!(view().letter_offset_ask('#', &e), LetterOffset::Known(0));
        let LetterOffset::Ask(m) = view().letter_offset_ask('M', &e) else {
            panic!("ascending M is asked");
        };
        assert_eq!(m.query_value("NameLessThan"), Some("m"));
        assert_eq!(m.query_value("Limit"), Some("0"));
        assert_eq!(m.query_value("EnableTotalRecordCount"), Some("true"));
        assert_eq!(m.query_value("NameStartsWith"), None);
        let mut desc = view();
        desc.order = SortOrder::Desc;
        desc.filter.favorite = true;
        desc.letter = Some('Q');
        let LetterOffset::Ask(m) = desc.letter_offset_ask('m', &e) else {
            panic!("descending M is asked");
        };
        assert_eq!(m.query_value("NameStartsWithOrGreater"), Some("n"));
        assert_eq!(m.query_value("IsFavorite"), Some("true"), "in the view");
        assert_eq!(m.query_value("NameStartsWith"), None, "not the URL letter");
        let LetterOffset::Ask(hash) = desc.letter_offset_ask('#', &e) else {
            panic!("descending # is asked");
        };
        assert_eq!(hash.query_value("NameStartsWithOrGreater"), Some("a"));
        let mut by_year = view();
        by_year.sort = LibrarySort::Year;
        assert_eq!(by_year.letter_offset_ask('M', &e), LetterOffset::Unknown);
    }

    #[test]
    fn only_the_window_rested_on_is_asked_in_merged_runs() {
        let mut w = ServerWindows::default();
        // A fast scroll: each position replaces the last; nothing is asked until it rests.
        w.want(10..12, |_| false);
        w.want(40..42, |_| false);
        w.want(80..82, |_| false);
        assert!(w.has_due());
        assert_eq!(
            w.due(),
            vec![PageRun {
                first: 80,
                count: 2
            }]
        );
        assert!(!w.has_due(), "asked once");
        assert!(w.due().is_empty());
        // Shown pages are not asked; gaps split runs; runs are capped.
        w.want([1, 2, 3, 4, 5, 7, 9], |p| p == 2);
        assert_eq!(
            w.due(),
            vec![
                PageRun { first: 1, count: 1 },
                PageRun { first: 3, count: 3 },
                PageRun { first: 7, count: 1 },
                PageRun { first: 9, count: 1 },
            ]
        );
    }

    #[test]
    fn answers_for_windows_scrolled_away_from_are_dropped() {
        let mut w = ServerWindows::default();
        w.want(80..82, |_| false);
        let far = w.due()[0];
        w.want(81..83, |_| false);
        assert_eq!(
            w.due(),
            vec![PageRun {
                first: 82,
                count: 1
            }]
        );
        // Page 80 was left; 81 is still on screen.
        assert_eq!(w.answered(far), vec![81]);
        w.want(0..1, |_| false);
        assert_eq!(
            w.answered(PageRun {
                first: 82,
                count: 1
            }),
            Vec::<u32>::new()
        );
        // A failed ask may be asked again.
        let run = w.due()[0];
        w.failed(run);
        assert_eq!(w.due(), vec![run]);
        w.clear();
        assert!(!w.has_due());
        assert!(w.answered(run).is_empty());
    }

    #[test]
    fn an_answer_is_cut_into_its_pages() {
        let answer: Vec<u32> = (600..720).collect();
        let run = PageRun {
            first: 10,
            count: 2,
        };
        assert_eq!((run.start(60), run.limit(60)), (600, 120));
        assert_eq!(
            page_of_answer(&answer, run, 10, 60),
            (600..660).collect::<Vec<_>>()
        );
        assert_eq!(
            page_of_answer(&answer, run, 11, 60),
            (660..720).collect::<Vec<_>>()
        );
        assert!(page_of_answer(&answer, run, 12, 60).is_empty());
        let short: Vec<u32> = (600..630).collect();
        assert_eq!(page_of_answer(&short, run, 10, 60), short);
        assert!(page_of_answer(&short, run, 11, 60).is_empty());
    }
}
