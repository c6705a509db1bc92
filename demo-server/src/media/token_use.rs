//! Counts media requests and where their token came from, so a test can prove that no media
//! URL carried it (`GET /__demo/playback` → `media_requests`) whatever the request log
//! prints. Runs outside the auth gate: a refused request with a token in its URL counts too.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::http::auth;
use crate::http::query::Query;
use crate::AppState;

/// `/Videos/...` in any case: streams, HLS playlists and segments, subtitles.
pub fn is_media_path(path: &str) -> bool {
    let p = path.as_bytes();
    p.len() > 8 && p[..8].eq_ignore_ascii_case(b"/videos/")
}

/// Does the query carry `ApiKey` or `api_key` (any case) with a value?
pub fn token_in_query(raw: Option<&str>) -> bool {
    let q = Query::parse(raw);
    q.get("apikey").is_some() || q.get("api_key").is_some()
}

pub async fn count_media_requests(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    if is_media_path(path) {
        let in_url = token_in_query(req.uri().query());
        let in_header = auth::request_auth(req.headers(), &Query::default())
            .token
            .is_some();
        state
            .playback()
            .record_media_request(path, in_url, in_header);
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_in_either_spelling() {
        assert!(token_in_query(Some("MediaSourceId=x&ApiKey=abc")));
        assert!(token_in_query(Some("api_key=abc")));
        assert!(token_in_query(Some("API_KEY=abc&Static=true")));
        assert!(!token_in_query(Some("Static=true&MediaSourceId=x")));
        assert!(!token_in_query(Some("ApiKey=")));
        assert!(!token_in_query(None));
        assert!(is_media_path("/videos/abc/master.m3u8"));
        assert!(is_media_path("/Videos/abc/stream.mp4"));
        assert!(!is_media_path("/Items/abc/PlaybackInfo"));
    }
}
