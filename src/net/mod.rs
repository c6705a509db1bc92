//! The Jellyfin HTTP client: the only place that talks to the server.
mod client;
mod error;

pub use client::{browser_client_info, JellyfinClient};
pub use error::NetError;
