//! `CachedQuery`: one record of the cache's `queries` store.

use serde::{Deserialize, Serialize};

use crate::model::QueryKey;

/// The answer to one [`QueryKey`]: the ids in server order (the items themselves live in the
/// `items` store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedQuery {
    /// Stored as its string form (`QueryKey::to_string`), the record's key in IndexedDB.
    pub key: QueryKey,
    /// Item ids, in order.
    pub ids: Vec<String>,
    /// How many items match on the server (may exceed `ids` until every page is fetched).
    pub total: u32,
    /// When it was fetched (ms since the Unix epoch).
    pub fetched_at: i64,
    /// The server's `ETag`, where known.
    pub etag: Option<String>,
    /// When a page last showed it (ms since the Unix epoch).
    pub last_used_at: i64,
    /// Whether every page has been fetched.
    pub complete: bool,
}

impl CachedQuery {
    /// A complete answer fetched and used `now`.
    pub fn new(key: QueryKey, ids: Vec<String>, now: i64) -> Self {
        Self {
            key,
            total: u32::try_from(ids.len()).unwrap_or(u32::MAX),
            ids,
            fetched_at: now,
            etag: None,
            last_used_at: now,
            complete: true,
        }
    }
}
