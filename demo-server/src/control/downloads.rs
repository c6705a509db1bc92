//! `/__demo/downloads`: the download controls a test or a demo sets (a bandwidth limit, a
//! cut after so many bytes) and the log of `Range` headers `/Items/{id}/Download` saw
//! (`downloads::controls`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::downloads;
use crate::http::json_body::JsonBody;
use crate::http::respond::{self, Reject};
use crate::AppState;

pub(super) async fn show(State(state): State<AppState>) -> Response {
    let seen: Vec<Value> = state
        .downloads
        .seen()
        .into_iter()
        .map(|s| json!({ "ItemId": s.item_id, "Range": s.range, "Status": s.status }))
        .collect();
    respond::json(&json!({
        "LargeItemId": downloads::large_item_id(&state),
        "LargeBytes": downloads::media::large_len(),
        "ClipBytes": downloads::media::clip().len(),
        "BytesPerSecond": state.downloads.bytes_per_sec(),
        "CutAfterBytes": state.downloads.pending_cut(),
        "Requests": seen,
    }))
}

pub(super) async fn clear(State(state): State<AppState>) -> Response {
    state.downloads.reset();
    respond::empty(StatusCode::NO_CONTENT)
}

fn body_number(body: JsonBody, key: &str) -> Result<Option<u64>, Reject> {
    let refusal = format!("body: {{\"{key}\": n}}");
    let value = body.value(&refusal)?;
    let field = value
        .as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
        .map(|(_, v)| v);
    match field {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .map(Some)
            .ok_or_else(|| Reject::bad_request(&refusal)),
    }
}

pub(super) async fn set_throttle(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let n = body_number(body, "bytes_per_sec")?;
    state.downloads.set_bytes_per_sec(n.unwrap_or(0));
    Ok(show(State(state)).await)
}

pub(super) async fn set_cut(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let n = body_number(body, "after_bytes")?;
    state.downloads.cut_next_after(n);
    Ok(show(State(state)).await)
}
