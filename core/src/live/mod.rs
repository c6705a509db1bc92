//! Live updates from the server: Jellyfin's WebSocket messages, and which cached query keys a
//! change invalidates. Plain data and functions, so the rules are tested natively.
mod invalidation;
mod message;

pub use invalidation::{keys_to_refresh, ServerChange};
pub use message::{parse_server_message, ServerMessage};
