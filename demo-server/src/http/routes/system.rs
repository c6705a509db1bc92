//! `/System/Info/Public` (discovery, no auth), `/System/Info`, `/System/Ping`.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use serde_json::{json, Value};

use crate::http::respond;
use crate::AppState;

pub const VERSION: &str = "10.10.7";
pub const PRODUCT: &str = "Jellyfin Server";

fn local_address(state: &AppState, headers: &HeaderMap) -> String {
    // The address the client reached us at is the most useful one to report.
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("http://{host}"),
        None => format!("http://{}:{}", state.config.host, state.config.port),
    }
}

fn public_info(state: &AppState, headers: &HeaderMap) -> Value {
    json!({
        "LocalAddress": local_address(state, headers),
        "ServerName": state.config.server_name,
        "Version": VERSION,
        "ProductName": PRODUCT,
        "OperatingSystem": "",
        "Id": state.server_id,
        "StartupWizardCompleted": true,
    })
}

pub async fn info_public(State(state): State<AppState>, headers: HeaderMap) -> Response {
    respond::json(&public_info(&state, &headers))
}

pub async fn info(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let mut info = public_info(&state, &headers);
    info["OperatingSystemDisplayName"] = json!("");
    info["HasPendingRestart"] = json!(false);
    info["IsShuttingDown"] = json!(false);
    info["SupportsLibraryMonitor"] = json!(true);
    info["WebSocketPortNumber"] = json!(state.config.port);
    info["CanSelfRestart"] = json!(false);
    info["CanLaunchWebBrowser"] = json!(false);
    info["HasUpdateAvailable"] = json!(false);
    respond::json(&info)
}

pub async fn ping(State(state): State<AppState>) -> Response {
    respond::json(&json!(state.config.server_name))
}
