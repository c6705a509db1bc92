//! The requests of an incremental library sync: what changed since the last sync, and the
//! server's id list to find deletions (Jellyfin's `MinDateLastSaved*` report no deletions).
use super::{LibrarySort, LibraryView};
use crate::jellyfin::request::{ApiRequest, Endpoints, SortOrder};

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

    /// The list records of these ids (items added since the last sync).
    pub fn ids_details_request(&self, endpoints: &Endpoints, ids: &[String]) -> ApiRequest {
        let mut query = self.plain().items_query(None);
        query.ids = ids.to_vec();
        endpoints.items(&query)
    }
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
        let details = view.ids_details_request(&endpoints(), &["a".into(), "b".into()]);
        assert_eq!(details.query_value("Ids"), Some("a,b"));
    }
}
