//! What a page reads of a query key: the data and how fresh it is (the store keeps one signal
//! of it per key).
use crate::model::Item;

/// The data behind a query key: the items in order and the server's total count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryData {
    /// The items, in the query's order.
    pub items: Vec<Item>,
    /// How many the server has in all (a library's windows read the rest).
    pub total: u32,
}

/// How the data on screen relates to the server.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryStatus {
    /// Nothing read yet from memory or IndexedDB.
    Loading,
    /// Within its TTL.
    Fresh,
    /// Past its TTL; a refresh is queued.
    Stale,
    /// A refresh is under way.
    Refreshing,
    /// The server can't be reached; whatever is cached stays on screen.
    Offline,
    /// The last refresh failed for this user-readable reason; cached data stays on screen.
    Failed(String),
}

impl QueryStatus {
    /// The `data-freshness` attribute value pages expose.
    pub fn as_str(&self) -> &'static str {
        match self {
            QueryStatus::Fresh => "fresh",
            QueryStatus::Stale => "stale",
            QueryStatus::Loading | QueryStatus::Refreshing => "refreshing",
            QueryStatus::Offline => "offline",
            QueryStatus::Failed(_) => "error",
        }
    }
}

/// One query key's state: `data` stays whatever was last good, whatever `status` says.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryState {
    /// The last good data, if any was ever read or fetched.
    pub data: Option<QueryData>,
    /// When that data was fetched (ms since the Unix epoch). A list made here before the
    /// server was ever asked (a local effect) says 0: stale at once, and no age to show.
    pub fetched_at: Option<i64>,
    /// How it relates to the server now.
    pub status: QueryStatus,
}

impl QueryState {
    /// Nothing read yet.
    pub fn loading() -> Self {
        Self {
            data: None,
            fetched_at: None,
            status: QueryStatus::Loading,
        }
    }

    /// The items, none while there is no data.
    pub fn items(&self) -> &[Item] {
        self.data
            .as_ref()
            .map(|d| d.items.as_slice())
            .unwrap_or(&[])
    }

    /// Nothing to show yet and nothing known to be empty: the page shows a skeleton.
    pub fn is_empty_loading(&self) -> bool {
        self.data.is_none()
            && matches!(
                self.status,
                QueryStatus::Loading | QueryStatus::Refreshing | QueryStatus::Stale
            )
    }
}

impl QueryState {
    /// When the data was fetched from the server (`None` if it never was).
    pub fn fetched_at(&self) -> Option<i64> {
        self.fetched_at.filter(|at| *at > 0)
    }

    /// One state for a page made of several queries: its data is there when any section's is;
    /// it is as fresh as its least fresh section.
    pub fn combined(states: &[QueryState]) -> QueryState {
        let rank = |s: &QueryStatus| match s {
            QueryStatus::Failed(_) => 5,
            QueryStatus::Offline => 4,
            QueryStatus::Loading => 3,
            QueryStatus::Refreshing => 2,
            QueryStatus::Stale => 1,
            QueryStatus::Fresh => 0,
        };
        QueryState {
            data: states.iter().find_map(|s| s.data.clone()),
            fetched_at: states.iter().filter_map(|s| s.fetched_at()).min(),
            status: states
                .iter()
                .map(|s| &s.status)
                .max_by_key(|s| rank(s))
                .cloned()
                .unwrap_or(QueryStatus::Loading),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: QueryStatus, fetched_at: Option<i64>, total: Option<u32>) -> QueryState {
        QueryState {
            data: total.map(|total| QueryData {
                items: Vec::new(),
                total,
            }),
            fetched_at,
            status,
        }
    }

    #[test]
    fn a_list_made_here_and_never_fetched_has_no_age() {
        let page = QueryState::combined(&[
            state(QueryStatus::Offline, Some(30), Some(3)),
            state(QueryStatus::Stale, Some(0), Some(1)),
        ]);
        assert_eq!(page.fetched_at, Some(30), "the age of what was fetched");
        assert_eq!(state(QueryStatus::Stale, Some(0), None).fetched_at(), None);
    }

    #[test]
    fn a_page_of_sections_is_as_fresh_as_its_least_fresh_one() {
        let page = QueryState::combined(&[
            state(QueryStatus::Fresh, Some(30), Some(3)),
            state(QueryStatus::Stale, Some(10), None),
            state(QueryStatus::Refreshing, None, Some(7)),
        ]);
        assert_eq!(page.status, QueryStatus::Refreshing);
        assert_eq!(page.fetched_at, Some(10), "its oldest section's age");
        assert_eq!(
            page.data.map(|d| d.total),
            Some(3),
            "the first section with data"
        );
        let failed = QueryState::combined(&[
            state(QueryStatus::Offline, None, None),
            state(QueryStatus::Failed("x".into()), None, None),
        ]);
        assert_eq!(failed.status, QueryStatus::Failed("x".into()));
        assert_eq!(QueryState::combined(&[]).status, QueryStatus::Loading);
    }
}
