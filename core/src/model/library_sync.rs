//! The requests of an incremental library sync: what changed since the last sync, and the
//! server's id list to find deletions (Jellyfin's `MinDateLastSaved*` report no deletions).
use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::{LibrarySort, LibraryView};
use crate::jellyfin::request::{requests_for_ids, ApiRequest, Endpoints, SortOrder};

/// Ids per request of a library's id list: 50,000 ids in one answer are 17 MB of JSON, parsed
/// in one task of a quarter second (an id-only item is about 350 bytes); a page of 5,000 still
/// took 100 ms on a loaded machine, one of these well under a frame's 50 ms.
pub const IDS_PAGE: u32 = 2_500;

impl LibraryView {
    /// The canonical view a whole library is synced under: same library and kind, default
    /// sort, nothing filtered. Every sort order of the grid reads that one sync via the indexes.
    pub fn plain(&self) -> LibraryView {
        LibraryView::new(self.library_id.clone(), self.item_type)
    }

    /// Items of the library whose metadata (`for_user == false`) or the user's data
    /// (`for_user == true`) changed since `since_ms`.
    pub fn changed_since_request(
        &self,
        endpoints: &Endpoints,
        since_ms: i64,
        for_user: bool,
    ) -> ApiRequest {
        let mut query = self.plain().items_query(None);
        if for_user {
            query.min_date_last_saved_for_user = Some(since_ms);
        } else {
            query.min_date_last_saved = Some(since_ms);
        }
        endpoints.items(&query)
    }

    /// Ids `start..start + limit` of the library and nothing else (no fields, no images), in
    /// sync order, with the library's count (to check the pages against each other).
    pub fn ids_request(&self, endpoints: &Endpoints, start: u32, limit: u32) -> ApiRequest {
        let mut query = self.plain().items_query(Some((start, limit)));
        query.fields = Vec::new();
        query.enable_images = Some(false);
        query.enable_total_record_count = Some(true);
        query.sort_by = LibrarySort::Name.sort_by();
        query.sort_order = Some(SortOrder::Asc);
        endpoints
            .items(&query)
            .with_query("EnableUserData", "false")
    }

    /// The list records of these ids (items added since the last sync), as many requests as
    /// it takes to keep each request line short ([`requests_for_ids`]).
    pub fn ids_details_requests(&self, endpoints: &Endpoints, ids: &[String]) -> Vec<ApiRequest> {
        requests_for_ids(ids, |chunk| {
            let mut query = self.plain().items_query(None);
            query.ids = chunk.to_vec();
            endpoints.items(&query)
        })
    }

    /// Asks the server to count the library (`EnableTotalRecordCount=true`, one item, no
    /// fields): the second look a list that emptied or halved needs before it is believed.
    pub fn count_request(&self, endpoints: &Endpoints) -> ApiRequest {
        let mut query = self.plain().items_query(Some((0, 1)));
        query.fields = Vec::new();
        query.enable_images = Some(false);
        query.enable_total_record_count = Some(true);
        endpoints.items(&query)
    }
}

/// One page of a library's id list as sent: only the ids are read (the rest of each item is
/// skipped, not built). `Items` is required and not null: an answer without it is bad data,
/// never an empty library.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdsPage {
    /// The page's items, of which only the ids are read.
    pub items: Vec<IdOnly>,
    /// `None` when the server does not count.
    #[serde(default)]
    pub total_record_count: Option<u32>,
}

/// An item of an id list: its id only.
#[derive(Debug, Deserialize)]
pub struct IdOnly {
    /// The item's id.
    #[serde(rename = "Id")]
    pub id: String,
}

/// A library's id list read in pages of `page` ([`IDS_PAGE`]), several at once. The pages
/// are believed together only if they agree: the same count on each, no gap, no id twice (an
/// item added, deleted or renamed between two requests shifts the others across a page
/// boundary, and a missed id would read as a deletion).
#[derive(Debug)]
pub struct IdListPages {
    page: u32,
    /// Pages received, by start.
    pages: BTreeMap<u32, Vec<String>>,
    totals: Vec<u32>,
    /// The first start not asked yet.
    next: u32,
    /// A page came back short: the list ends there.
    short_end: Option<u32>,
}

impl IdListPages {
    /// The first page (start 0) is asked: `next_starts` gives the others.
    pub fn new(page: u32) -> Self {
        Self {
            page: page.max(1),
            pages: BTreeMap::new(),
            totals: Vec::new(),
            next: page.max(1),
            short_end: None,
        }
    }

    /// The page asked at `start` answered.
    pub fn add(&mut self, start: u32, page: IdsPage) {
        let ids: Vec<String> = page.items.into_iter().map(|i| i.id).collect();
        if (ids.len() as u32) < self.page {
            let end = start + ids.len() as u32;
            self.short_end = Some(self.short_end.map_or(end, |e| e.min(end)));
        }
        self.totals.extend(page.total_record_count);
        self.pages.insert(start, ids);
    }

    /// Up to `max` more pages to ask at once: those below the count, or (a server that does
    /// not count) the next one until one comes back short. None: every page is asked.
    pub fn next_starts(&mut self, max: usize) -> Vec<u32> {
        let end = match (self.totals.first(), self.short_end) {
            (_, Some(end)) => end,
            (Some(total), None) => *total,
            // Not counted: one page at a time, until one is short.
            (None, None) if self.pages.contains_key(&(self.next - self.page)) => self.next + 1,
            (None, None) => 0,
        };
        let mut starts = Vec::new();
        while self.next < end && starts.len() < max {
            starts.push(self.next);
            self.next += self.page;
        }
        starts
    }

    /// The whole list in order, or why the pages do not add up.
    pub fn finish(self) -> Result<Vec<String>, String> {
        if let Some(first) = self.totals.first() {
            if self.totals.iter().any(|t| t != first) {
                return Err(format!(
                    "the library's count changed while listed: {:?}",
                    self.totals
                ));
            }
        }
        let mut ids = Vec::new();
        let mut seen = HashSet::new();
        for (start, page) in self.pages {
            if start as usize != ids.len() {
                return Err(format!("the id list has a gap at {}", ids.len()));
            }
            for id in page {
                if !seen.insert(id.clone()) {
                    return Err(format!("the id list has {id} twice"));
                }
                ids.push(id);
            }
        }
        match self.totals.first() {
            Some(total) if *total as usize != ids.len() => Err(format!(
                "the library counts {total} items but listed {}",
                ids.len()
            )),
            _ => Ok(ids),
        }
    }
}

/// Where an incremental sync starts: the server's clock at the last sync (its `Date` header)
/// when known, else the browser's, less a margin either way. A browser clock running ahead
/// would otherwise ask for changes "since" a time the server has not reached and miss them.
pub fn changes_since(last_server_time: Option<i64>, last_fetched_at: i64, margin_ms: i64) -> i64 {
    last_server_time.unwrap_or(last_fetched_at) - margin_ms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::request::PathStyle;
    use crate::model::LibraryItemType;

    fn endpoints() -> Endpoints {
        Endpoints::new(PathStyle::Modern, "u1")
    }

    #[test]
    fn the_plain_view_drops_sort_filters_and_search() {
        let mut view = LibraryView::new("lib", LibraryItemType::Movie);
        view.sort = LibrarySort::Year;
        view.filter.favorite = true;
        view.search = Some("x".into());
        let plain = view.plain();
        assert_eq!(plain, LibraryView::new("lib", LibraryItemType::Movie));
        assert!(plain.is_plain());
    }

    #[test]
    fn changed_since_asks_for_metadata_or_user_data_changes() {
        let view = LibraryView::new("lib", LibraryItemType::Movie);
        let meta = view.changed_since_request(&endpoints(), 0, false);
        assert_eq!(
            meta.query_value("MinDateLastSaved"),
            Some("1970-01-01T00:00:00.0000000Z")
        );
        assert_eq!(meta.query_value("MinDateLastSavedForUser"), None);
        assert_eq!(meta.query_value("ParentId"), Some("lib"));
        let user = view.changed_since_request(&endpoints(), 0, true);
        assert!(user.query_value("MinDateLastSavedForUser").is_some());
        assert_eq!(user.query_value("MinDateLastSaved"), None);
    }

    #[test]
    fn the_id_list_asks_for_no_fields_and_no_images() {
        let view = LibraryView::new("lib", LibraryItemType::Series);
        let request = view.ids_request(&endpoints(), 5000, 2500);
        assert_eq!(request.query_value("EnableImages"), Some("false"));
        assert_eq!(request.query_value("EnableUserData"), Some("false"));
        assert_eq!(request.query_value("Fields"), None);
        assert_eq!(request.query_value("IncludeItemTypes"), Some("Series"));
        assert_eq!(request.query_value("StartIndex"), Some("5000"));
        assert_eq!(request.query_value("Limit"), Some("2500"));
        assert_eq!(request.query_value("EnableTotalRecordCount"), Some("true"));
        let details = view.ids_details_requests(&endpoints(), &["a".into(), "b".into()]);
        assert_eq!(details.len(), 1);
        assert_eq!(details[0].query_value("Ids"), Some("a,b"));
    }

    #[test]
    fn new_ids_by_the_thousand_fit_in_request_lines() {
        let view = LibraryView::new("0123456789abcdef0123456789abcdef", LibraryItemType::Movie);
        let ids: Vec<String> = (0..2000).map(|n| format!("{n:032x}")).collect();
        let requests = view.ids_details_requests(&endpoints(), &ids);
        assert!(requests.len() > 10);
        let mut seen = Vec::new();
        for request in &requests {
            assert!(crate::jellyfin::request::request_line_len(request) <= 4096);
            assert_eq!(
                request.query_value("ParentId"),
                Some(view.library_id.as_str())
            );
            seen.extend(
                request
                    .query_value("Ids")
                    .unwrap()
                    .split(',')
                    .map(String::from),
            );
        }
        assert_eq!(seen, ids);
    }

    #[test]
    fn the_count_request_counts() {
        let view = LibraryView::new("lib", LibraryItemType::Movie);
        let request = view.count_request(&endpoints());
        assert_eq!(request.query_value("EnableTotalRecordCount"), Some("true"));
        assert_eq!(request.query_value("Limit"), Some("1"));
        assert_eq!(request.query_value("ParentId"), Some("lib"));
    }

    fn page(ids: std::ops::Range<u32>, total: Option<u32>) -> IdsPage {
        IdsPage {
            items: ids
                .map(|n| IdOnly {
                    id: format!("i{n}"),
                })
                .collect(),
            total_record_count: total,
        }
    }

    fn names(ids: std::ops::Range<u32>) -> Vec<String> {
        ids.map(|n| format!("i{n}")).collect()
    }

    #[test]
    fn the_id_list_comes_in_pages_below_the_count() {
        let mut list = IdListPages::new(10);
        list.add(0, page(0..10, Some(35)));
        assert_eq!(list.next_starts(2), [10, 20]);
        assert_eq!(list.next_starts(2), [30]);
        assert_eq!(list.next_starts(2), Vec::<u32>::new());
        // Pages land in any order.
        list.add(30, page(30..35, Some(35)));
        list.add(10, page(10..20, Some(35)));
        list.add(20, page(20..30, Some(35)));
        assert_eq!(list.finish().unwrap(), names(0..35));
    }

    #[test]
    fn a_library_of_one_page_is_asked_once() {
        let mut list = IdListPages::new(10);
        list.add(0, page(0..4, Some(4)));
        assert!(list.next_starts(3).is_empty());
        assert_eq!(list.finish().unwrap(), names(0..4));
        let mut empty = IdListPages::new(10);
        empty.add(0, page(0..0, Some(0)));
        assert!(empty.next_starts(3).is_empty());
        assert_eq!(empty.finish().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_server_that_does_not_count_is_asked_until_a_page_is_short() {
        let mut list = IdListPages::new(10);
        list.add(0, page(0..10, None));
        assert_eq!(list.next_starts(3), [10]);
        assert!(list.next_starts(3).is_empty(), "one at a time");
        list.add(10, page(10..20, None));
        assert_eq!(list.next_starts(3), [20]);
        list.add(20, page(20..23, None));
        assert!(list.next_starts(3).is_empty());
        assert_eq!(list.finish().unwrap(), names(0..23));
    }

    #[test]
    fn pages_that_disagree_are_not_believed() {
        // An item renamed between two requests moved across the boundary: one id twice, and
        // another one missing (it would read as deleted).
        let mut shifted = IdListPages::new(10);
        shifted.add(0, page(0..10, Some(20)));
        shifted.next_starts(3);
        let mut second = page(9..19, Some(20));
        second.items[0].id = "i9".into();
        shifted.add(10, second);
        assert!(shifted.finish().unwrap_err().contains("twice"));
        // An item added meanwhile: the counts differ.
        let mut grew = IdListPages::new(10);
        grew.add(0, page(0..10, Some(20)));
        grew.next_starts(3);
        grew.add(10, page(10..20, Some(21)));
        assert!(grew.finish().unwrap_err().contains("count"));
        // A page missing, or fewer ids than counted.
        let mut gap = IdListPages::new(10);
        gap.add(0, page(0..10, Some(30)));
        gap.next_starts(3);
        gap.add(20, page(20..30, Some(30)));
        assert!(gap.finish().unwrap_err().contains("gap"));
        let mut fewer = IdListPages::new(10);
        fewer.add(0, page(0..10, Some(20)));
        fewer.next_starts(3);
        fewer.add(10, page(10..15, Some(20)));
        assert!(fewer.finish().unwrap_err().contains("counts 20"));
    }

    #[test]
    fn an_ids_page_needs_its_items() {
        let parse = |text: &str| serde_json::from_str::<IdsPage>(text);
        assert!(parse("{}").is_err());
        assert!(parse(r#"{"Items": null, "TotalRecordCount": 0}"#).is_err());
        let ok = parse(
            r#"{"Items": [{"Id": "a", "Name": "A", "Type": "Movie"}], "TotalRecordCount": 1}"#,
        )
        .unwrap();
        assert_eq!(ok.items[0].id, "a");
        assert_eq!(ok.total_record_count, Some(1));
    }

    #[test]
    fn the_sync_window_follows_the_server_clock() {
        let minute = 60_000;
        // The browser runs 10 minutes fast: its fetched_at is ahead of the server's Date.
        let server = 1_000_000 * minute;
        let browser = server + 10 * minute;
        assert_eq!(
            changes_since(Some(server), browser, 5 * minute),
            server - 5 * minute
        );
        assert_eq!(
            changes_since(None, browser, 5 * minute),
            browser - 5 * minute
        );
    }
}
