//! The Jellyfin HTTP client: the only place that talks to the server.
mod client;
mod error;
mod socket;

pub use client::{browser_client_info, JellyfinClient};
pub use error::NetError;
pub use socket::LiveSocket;
