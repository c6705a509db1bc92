//! IndexedDB through rexie: the user's item cache and the session record; and the one hint
//! kept in localStorage, each library's kind.
mod idb;
mod idb_cache;
pub mod library_kinds;
mod next_task;
pub mod page_snapshots;
mod query_record;
mod schema;
mod search_index;
pub mod session_db;
mod write_tx;

pub use idb_cache::IdbCache;
pub use schema::{
    build as schema, build_v1 as schema_v1, SCHEMA_VERSION, STORE_ITEMS, STORE_META, STORE_OUTBOX,
    STORE_QUERIES,
};
pub use write_tx::error_from_exception;
