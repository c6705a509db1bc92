//! The server's own knobs: latency, injected faults, revoking every token, the request log,
//! and a reset to the generated library.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::http::events::Event;
use crate::http::json_body::JsonBody;
use crate::http::respond::{self, Reject};
use crate::library::generate;
use crate::library::rng::hex;
use crate::AppState;

use super::faults::{self, Mode};
use super::{bad, field, str_field, NOT_AN_OBJECT};

pub(super) async fn get_latency(State(state): State<AppState>) -> Response {
    respond::json(&json!({ "ms": state.latency(), "everywhere": state.latency_everywhere() }))
}

pub(super) async fn set_latency(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty(NOT_AN_OBJECT)?;
    let ms = field(&body, "ms")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("ms must be a non-negative integer"))?;
    // `everywhere` is optional: absent keeps the current scope.
    let everywhere = match field(&body, "everywhere") {
        None | Some(Value::Null) => state.latency_everywhere(),
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad("everywhere must be true or false")),
    };
    state.set_latency(ms);
    state.set_latency_everywhere(everywhere);
    Ok(respond::json(
        &json!({ "ms": ms, "everywhere": everywhere }),
    ))
}

pub(super) async fn list_faults(State(state): State<AppState>) -> Response {
    respond::json(&state.faults().to_json())
}

pub(super) async fn add_fault(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty(NOT_AN_OBJECT)?;
    let prefix = str_field(&body, "prefix")
        .filter(|p| p.starts_with('/'))
        .ok_or_else(|| bad("prefix must be a path starting with /"))?;
    let mode = str_field(&body, "mode")
        .and_then(Mode::parse)
        .ok_or_else(|| bad(&format!("mode must be one of {}", faults::mode_names())))?;
    let status = match field(&body, "status") {
        None => 500,
        Some(v) => v
            .as_u64()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| bad("status must be an HTTP status code"))? as u16,
    };
    let ms = match field(&body, "ms") {
        None => 60_000,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| bad("ms must be a non-negative integer"))?,
    };
    let count = match field(&body, "count") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|c| *c > 0)
                .ok_or_else(|| bad("count must be a positive integer"))?,
        ),
    };
    let retry_after = match field(&body, "retry_after") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| bad("retry_after must be a number of seconds"))?,
        ),
    };
    let fault = state
        .faults()
        .add(prefix.to_string(), mode, status, ms, count, retry_after);
    Ok(respond::json(&fault.to_json()))
}

pub(super) async fn clear_faults(State(state): State<AppState>) -> Response {
    state.faults().clear();
    respond::json(&json!([]))
}

pub(super) async fn revoke_tokens(State(state): State<AppState>) -> Response {
    let revoked = state.sessions().revoke_all();
    respond::json(&json!({ "revoked": revoked }))
}

pub(super) async fn get_requests(State(state): State<AppState>) -> Response {
    respond::json(&state.requests().to_json())
}

pub(super) async fn clear_requests(State(state): State<AppState>) -> Response {
    let mut log = state.requests();
    log.reset();
    respond::json(&log.to_json())
}

/// Back to the generated library with no faults and no latency. Sessions stay valid.
/// Sockets hear about the difference as one LibraryChanged.
pub(super) async fn reset(State(state): State<AppState>) -> Response {
    state.downloads.reset();
    let fresh = generate::generate(&state.config);
    let (added, updated, removed, count) = {
        let mut lib = state.write();
        let before: HashMap<u128, u128> = lib
            .items
            .iter()
            .filter(|i| !i.removed)
            .map(|i| (i.id, i.etag))
            .collect();
        *lib = fresh;
        let mut added = Vec::new();
        let mut updated = Vec::new();
        for item in &lib.items {
            match before.get(&item.id) {
                None => added.push(hex(item.id)),
                Some(etag) if *etag != item.etag => updated.push(hex(item.id)),
                Some(_) => {}
            }
        }
        let removed: Vec<String> = before
            .keys()
            .filter(|id| !lib.index.contains_key(id))
            .map(|id| hex(*id))
            .collect();
        (added, updated, removed, lib.items.len())
    };
    state.faults().clear();
    state.set_latency(0);
    state.set_latency_everywhere(state.config.latency_everywhere);
    *state.playback() = Default::default();
    if !(added.is_empty() && updated.is_empty() && removed.is_empty()) {
        state.emit(Event::LibraryChanged {
            added,
            updated,
            removed,
        });
    }
    respond::json(&json!({ "ok": true, "items": count }))
}
