//! The front door for API requests: artificial latency, injected faults, authentication,
//! and the request log. `/__demo/` bypasses all of it; the app's static files bypass all but the
//! latency, and that only with `--latency-everywhere`.

use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::control::faults::{self, Mode};
use crate::http::auth;
use crate::http::query::Query;
use crate::http::reqlog::Entry;
use crate::http::respond;
use crate::AppState;

/// First path segments that belong to the Jellyfin API, in Jellyfin's casing. Matched
/// case-sensitively: the API router is case-sensitive too, and the web app's own routes are
/// lowercase (`/library/abc`, `/shows`), so they fall through to `index.html`.
const API_ROOTS: [&str; 22] = [
    "System",
    "Users",
    "UserViews",
    "Items",
    "UserItems",
    "Shows",
    "UserPlayedItems",
    "UserFavoriteItems",
    "socket",
    "Sessions",
    "Branding",
    "QuickConnect",
    "DisplayPreferences",
    "Videos",
    // A `TranscodingUrl` says `/videos/...`, as Jellyfin writes it.
    "videos",
    "MediaSegments",
    "Audio",
    "Persons",
    "Genres",
    "Studios",
    "Library",
    "Playback",
];

/// Kestrel's default `MaxRequestLineSize`: a longer request line is answered 414.
pub const MAX_REQUEST_LINE: usize = 8192;

/// The request line's length: `GET /path?query HTTP/1.1`.
pub fn request_line_len(method: &Method, uri: &axum::http::Uri) -> usize {
    let target = uri
        .path_and_query()
        .map_or(uri.path().len(), |pq| pq.as_str().len());
    method.as_str().len() + 1 + target + " HTTP/1.1".len()
}

/// Refuses a request line over [`MAX_REQUEST_LINE`] with 414 and an empty body, before
/// anything else runs, as Jellyfin's Kestrel does.
pub async fn request_line_limit(req: Request, next: Next) -> Response {
    if request_line_len(req.method(), req.uri()) > MAX_REQUEST_LINE {
        return respond::empty(StatusCode::URI_TOO_LONG);
    }
    next.run(req).await
}

pub fn is_demo_path(path: &str) -> bool {
    let p = path.as_bytes();
    p.len() >= 7 && p[..7].eq_ignore_ascii_case(b"/__demo") && (p.len() == 7 || p[7] == b'/')
}

pub fn is_api_path(path: &str) -> bool {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    API_ROOTS.contains(&first)
}

/// Endpoints Jellyfin serves without a token.
fn is_public(method: &Method, path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let segments: Vec<&str> = lower.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        ["system", "info", "public"] | ["system", "ping"] => true,
        ["users", "authenticatebyname"] => *method == Method::POST,
        ["branding", ..] => true,
        ["items", _, "images", ..] => true,
        _ => false,
    }
}

pub async fn api_gate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_demo_path(&path) {
        return next.run(req).await;
    }
    if !is_api_path(&path) {
        // The app's own files: slow too when the whole server is (`--latency-everywhere`).
        let latency = state.latency();
        if latency > 0 && state.latency_everywhere() {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
        return next.run(req).await;
    }
    let started = Instant::now();
    let method = req.method().clone();
    let raw_query = req.uri().query().unwrap_or("").to_string();
    let resp = gated(&state, &mut req, next, &path, &method, &raw_query).await;
    state.requests().record(Entry {
        method: method.to_string(),
        path,
        query: raw_query,
        status: resp.status().as_u16(),
        ms: (started.elapsed().as_secs_f64() * 100_000.0).round() / 100.0,
    });
    resp
}

async fn gated(
    state: &AppState,
    req: &mut Request,
    next: Next,
    path: &str,
    method: &Method,
    raw_query: &str,
) -> Response {
    // Latency models a slow server's queries. Images are exempt: they are cached by tag and
    // served from disk, and a browser's six connections per host held by slow images (a
    // service worker's fetches outlive the page) would stall everything after them.
    let latency = state.latency();
    if latency > 0 && !is_image_path(path) {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }

    // Body faults leave images alone: they test the API's answers, and a poster is no answer.
    let fault = state
        .faults()
        .find(path)
        .filter(|f| !(f.mode.rewrites_body() && is_image_path(path)));
    if let Some(f) = &fault {
        match f.mode {
            Mode::Status => {
                state.faults().consume(f.id);
                let status =
                    StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let mut resp =
                    respond::error(status, &format!("injected fault: status {}", f.status));
                if let Some(seconds) = f.retry_after {
                    resp.headers_mut()
                        .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
                }
                return resp;
            }
            Mode::Stall => {
                state.faults().consume(f.id);
                let mut stop = state.shutdown.subscribe();
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(f.ms)) => {}
                    _ = async { stop.wait_for(|s| *s).await.is_ok() } => {}
                }
                return respond::error(StatusCode::GATEWAY_TIMEOUT, "injected fault: stalled");
            }
            _ => {}
        }
    }

    if !is_public(method, path) {
        let query = Query::parse(Some(raw_query));
        let info = auth::request_auth(req.headers(), &query);
        let session = info.token.and_then(|t| state.sessions().get(&t));
        match session {
            Some(session) => {
                req.extensions_mut().insert(session);
            }
            None => return respond::empty(StatusCode::UNAUTHORIZED),
        }
    }

    let req = std::mem::replace(req, Request::new(Body::empty()));
    let resp = next.run(req).await;
    match fault {
        Some(f) if f.mode.rewrites_body() && resp.status().is_success() => {
            state.faults().consume(f.id);
            let (mut parts, body) = resp.into_parts();
            let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
            let body = faults::rewrite(f.mode, &bytes);
            parts.status = StatusCode::OK;
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::ETAG);
            if let Some(content_type) = faults::content_type(f.mode) {
                parts.headers.insert(
                    header::CONTENT_TYPE,
                    header::HeaderValue::from_static(content_type),
                );
            }
            Response::from_parts(parts, Body::from(body))
        }
        _ => resp,
    }
}

/// `/Items/{id}/Images/...`: the image endpoints.
fn is_image_path(path: &str) -> bool {
    let mut parts = path.trim_start_matches('/').split('/');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some("Items"), Some(_), Some("Images"))
    )
}
