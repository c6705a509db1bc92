//! The installable-app side of Marquee: the service worker (`sw.js`, which owns the app shell
//! and the image cache), its update prompt, and the browser's storage (durable storage, usage,
//! the image cache). `manifest.webmanifest`, `sw.js` and `icons/` are copied into the build by
//! index.html; `scripts/pwa-post-build.py` writes the precache list and the CSP.
pub mod media_auth;
mod service_worker;
pub mod snapshot;
pub mod storage;
mod update_prompt;

pub use service_worker::{use_update, UpdateCtx};
pub use update_prompt::UpdatePrompt;

use crate::session::SessionCtx;

/// Registers the service worker (and provides `UpdateCtx`), and asks for durable storage once
/// someone is logged in. Called once by `App`.
pub fn start(session: SessionCtx) {
    service_worker::register();
    storage::persist_after_login(session);
    snapshot::keep_on_leave(session);
}
