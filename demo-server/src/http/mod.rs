//! The HTTP face of the server: Jellyfin's routes, the gate every API request passes
//! (auth, latency, injected faults, the request log), CORS, the app's static files, the
//! socket's push messages, and the small request and response helpers the handlers share.

pub mod auth;
pub mod cors;
pub mod ctx;
pub mod events;
pub mod gate;
pub mod json_body;
pub mod query;
pub mod reqlog;
pub mod respond;
pub mod routes;
pub mod static_files;
