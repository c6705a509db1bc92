//! Marquee's pure logic, used by the web app and its browser tests (not by the demo server).
//!
//! Nothing here touches a browser, a clock or a thread: every time is passed in as `now`
//! (milliseconds since the Unix epoch), so every decision is deterministic and testable natively.
//!
//! - [`jellyfin`]: the wire types (tolerant serde) and pure request building.
//! - [`model`]: the app's own types (`Item`, `QueryKey`, ...), built from the wire types.
//! - [`grid_layout`]: the windowed library grid's columns, rows and keyboard moves.
//! - [`freshness`]: how long each kind of content stays fresh.
//! - [`refresh`]: the refresh queue (priorities, dedup, concurrency cap, backoff).
//! - [`merge`]: how a fetched item joins the cached one without losing anything.
//! - [`cache`]: the storage contract, an in-memory store and (feature `testing`) the suite
//!   every store must pass.
//! - [`lease`]: one tab at a time without Web Locks (expiry, takeover, tie-break).
//! - [`row_nav`], [`pull_gesture`]: arrow keys among Home's rows; pull to refresh on touch.
//! - [`search`]: folding, matching, one typo forgiven, ranking, the index keys of a title.
//! - [`decimal`]: numbers as text for people (percentages, sizes) without the float formatter.
//! - [`downloads`]: the download queue (states, order, retries, resume offsets, space).
#![warn(missing_docs)]

pub mod actions;
pub mod cache;
mod civil_time;
pub mod decimal;
pub mod downloads;
pub mod freshness;
pub mod grid_layout;
pub mod jellyfin;
pub mod lease;
pub mod live;
pub mod merge;
pub mod model;
pub mod percent;
pub mod player;
pub mod pull_gesture;
pub mod query_state;
pub mod refresh;
pub mod row_nav;
pub mod search;
pub mod tab_message;

#[cfg(test)]
mod test_support;
