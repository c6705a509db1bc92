//! What a page reads: one signal per query key, holding the data and how fresh it is.
use marquee_core::model::Item;

/// The data behind a query key: the items in order and the server's total count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryData {
    pub items: Vec<Item>,
    pub total: u32,
}

/// How the data on screen relates to the server.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryStatus {
    /// Nothing read yet from memory or IndexedDB.
    Loading,
    Fresh,
    Stale,
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
    pub data: Option<QueryData>,
    pub fetched_at: Option<i64>,
    pub status: QueryStatus,
}

impl QueryState {
    pub fn loading() -> Self {
        Self {
            data: None,
            fetched_at: None,
            status: QueryStatus::Loading,
        }
    }

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
