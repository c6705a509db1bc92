//! The requests of an incremental library sync: what changed since the last sync, and the
//! server's id list to find deletions (Jellyfin's `MinDateLastSaved*` report no deletions).
use super::{LibrarySort, LibraryView};
use crate::jellyfin::request::{requests_for_ids, ApiRequest, Endpoints, SortOrder};

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

    /// Every id of the library and nothing else (no fields, no images), in sync order.
    pub fn ids_request(&self, endpoints: &Endpoints) -> ApiRequest {
        let mut query = self.plain().items_query(None);
        query.fields = Vec::new();
        query.enable_images = Some(false);
        query.enable_total_record_count = Some(false);
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
        let request = view.ids_request(&endpoints());
        assert_eq!(request.query_value("EnableImages"), Some("false"));
        assert_eq!(request.query_value("EnableUserData"), Some("false"));
        assert_eq!(request.query_value("Fields"), None);
        assert_eq!(request.query_value("IncludeItemTypes"), Some("Series"));
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
