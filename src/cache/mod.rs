//! IndexedDB through rexie: the user's item cache and the session record; and what is kept in
//! localStorage, each library's kind and the pages' pictures.
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
#[cfg(feature = "bench")]
pub use idb_cache::WRITE_SLICES;
pub(crate) use next_task::next_task;
pub use schema::{
    build as schema, build_v1 as schema_v1, SCHEMA_VERSION, STORE_ITEMS, STORE_META, STORE_OUTBOX,
    STORE_QUERIES,
};
#[cfg(feature = "bench")]
pub use search_index::to_js_indexed as item_records;
pub use write_tx::error_from_exception;
