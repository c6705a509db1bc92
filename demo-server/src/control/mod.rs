//! `/__demo/`: a control surface for tests and the demo, outside the Jellyfin API (no auth,
//! no latency, no faults, not logged). Library changes here bump Etag and last-saved time
//! and are pushed to sockets like a real server's library scan would be.

pub mod downloads;
pub mod faults;
mod items;
pub mod playback;
mod server;

use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use crate::http::json_body::Object;
use crate::http::respond::{self, Reject};
use crate::http::routes::{self, Endpoint};
use crate::library::Library;
use crate::AppState;

/// Every control endpoint, written once: the router and the README's table read this list.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::at("/__demo/").get(index),
        Endpoint::at("/__demo/items").post(items::add_item),
        Endpoint::at("/__demo/items/{itemId}")
            .get(items::get_item)
            .post(items::update_item)
            .delete(items::delete_item),
        Endpoint::at("/__demo/userdata/{itemId}").post(items::set_user_data),
        Endpoint::at("/__demo/latency")
            .get(server::get_latency)
            .post(server::set_latency),
        Endpoint::at("/__demo/faults")
            .get(server::list_faults)
            .post(server::add_fault)
            .delete(server::clear_faults),
        Endpoint::at("/__demo/tokens/revoke").post(server::revoke_tokens),
        Endpoint::at("/__demo/requests")
            .get(server::get_requests)
            .delete(server::clear_requests),
        Endpoint::at("/__demo/playback")
            .get(playback::show)
            .post(playback::change)
            .delete(playback::clear),
        Endpoint::at("/__demo/downloads")
            .get(downloads::show)
            .delete(downloads::clear),
        Endpoint::at("/__demo/downloads/throttle").post(downloads::set_throttle),
        Endpoint::at("/__demo/downloads/cut").post(downloads::set_cut),
        Endpoint::at("/__demo/reset").post(server::reset),
    ]
}

pub fn router() -> Router<AppState> {
    // `/__demo` without its slash shows the same list.
    routes::router_of(endpoints()).route("/__demo", get(index))
}

pub(super) type Body = Object;

pub(super) const NOT_AN_OBJECT: &str = "body must be a JSON object";

/// Case-insensitive body field.
pub(super) fn field<'a>(body: &'a Body, name: &str) -> Option<&'a Value> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

pub(super) fn str_field<'a>(body: &'a Body, name: &str) -> Option<&'a str> {
    field(body, name).and_then(Value::as_str)
}

pub(super) fn bad(message: &str) -> Reject {
    Reject::bad_request(message)
}

pub(super) fn not_found(what: &str) -> Reject {
    Reject::error(StatusCode::NOT_FOUND, &format!("{what} not found"))
}

/// `User` as a name or id; the main `demo` user when absent.
pub(super) fn user_arg(lib: &Library, name: Option<&str>) -> Option<usize> {
    match name {
        None => Some(0),
        Some(n) => lib.user_by_name(n).or_else(|| lib.user_by_id(n)),
    }
}

async fn index() -> Response {
    respond::json(&json!({
        "endpoints": [
            "GET|POST|DELETE /__demo/items/{itemId}  (POST body: Name, Overview, CommunityRating, ProductionYear; GET ?user=demo)",
            "POST /__demo/items  {Type: Movie|Series|Season|Episode, Name, SeasonId|SeriesId}",
            "POST /__demo/userdata/{itemId}  {User, Played?, IsFavorite?, PlaybackPositionTicks?}",
            "GET|POST /__demo/latency  {ms, everywhere?}",
            "GET|POST|DELETE /__demo/faults  {prefix, mode: status|malformed|truncated|wrong_shape|missing_id|stall|empty_object|empty_array|items_null|empty_body|html|wrong_content_type, status?, ms?, count?, retry_after? (seconds, with status)}",
            "POST /__demo/tokens/revoke",
            "GET|DELETE /__demo/requests",
            "GET|POST|DELETE /__demo/playback  {force_transcoding?, segment_fault?: {mode: status|stall, status?, ms?, segments?, count?} | null}",
            "GET|DELETE /__demo/downloads",
            "POST /__demo/downloads/throttle  {bytes_per_sec}",
            "POST /__demo/downloads/cut  {after_bytes}",
            "POST /__demo/reset",
        ]
    }))
}
