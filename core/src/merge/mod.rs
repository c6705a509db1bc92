//! How fetched data joins the cache: the cached record type, the item merge, and id-list
//! diffs for detecting deletions.

mod cached_item;
mod id_diff;
mod merge_item;
mod shrink;

pub use cached_item::CachedItem;
pub use id_diff::{diff_ids, IdDiff};
pub use merge_item::{merge_item, Merged};
pub use shrink::{count_confirms, shrink_needs_confirmation};
