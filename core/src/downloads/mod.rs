//! Downloads for offline viewing: the queue's rules, with no browser in sight.
//!
//! - [`DownloadState`]: where one download stands.
//! - [`DownloadQuality`]: Original (the server's file) or Smaller (a transcode at a bitrate),
//!   and the request path for each.
//! - [`byte_range`]: the `Range` to resume from and what a `206`/`200` answer means for the
//!   bytes already kept.
//! - [`DownloadQueue`]: ordering, one active download, pause/resume/cancel, retries with
//!   backoff, restoring after a reload.
//! - [`space`]: does a file fit in what the browser says is left.
//! - [`expand`]: which episodes a season or series download stands for.
//! - [`subtitles`]: which subtitle streams are kept beside a file, and from where.
//! - [`downloaded_in_view`]: which downloads a library's "Downloaded" filter lists.

pub mod byte_range;
mod entry;
pub mod expand;
mod in_view;
mod quality;
mod queue;
pub mod space;
mod state;
pub mod subtitles;

pub use entry::DownloadEntry;
pub use in_view::downloaded_in_view;
pub use quality::{DownloadQuality, SMALLER_BITRATE};
pub use queue::{DownloadQueue, RetryPolicy, Started};
pub use state::DownloadState;
