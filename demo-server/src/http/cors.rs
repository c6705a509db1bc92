//! CORS as Jellyfin's defaults: any origin, any method, any header; preflights are answered
//! here, before auth, for every API path. `/__demo/` is the exception: it is for tests, so it
//! sends no CORS headers and refuses a request from a page of another origin (403), unless the
//! server runs with `--control-any-origin` (the wasm browser tests).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::http::gate::is_demo_path;
use crate::http::respond;
use crate::AppState;

const METHODS: &str = "GET, POST, DELETE, PUT, OPTIONS, HEAD";

pub async fn cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_demo_path(req.uri().path()) && !state.config.control_any_origin {
        if is_foreign_origin(req.headers()) {
            return respond::error(
                StatusCode::FORBIDDEN,
                "the demo controls are not for other sites",
            );
        }
        return next.run(req).await;
    }
    if req.method() == Method::OPTIONS {
        let allow_headers = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("*"));
        let mut resp = Response::new(Body::empty());
        *resp.status_mut() = StatusCode::NO_CONTENT;
        let h = resp.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(METHODS),
        );
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
        return resp;
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Content-Length, Content-Type, ETag, X-Response-Time-ms"),
    );
    resp
}

/// Whether the request comes from a page of another origin: it carries an `Origin` that is not
/// this server's own (`http://` or `https://` plus the `Host` it was asked under). `Origin: null`
/// (sandboxed frames, files) is foreign. Non-browser clients send no `Origin`.
pub fn is_foreign_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let origin = origin.to_str().unwrap_or("null");
    let own = |scheme: &str| {
        !host.is_empty() && origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
    };
    !(own("http") || own("https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn foreign_origins() {
        assert!(
            !is_foreign_origin(&headers(&[("host", "127.0.0.1:8096")])),
            "no Origin"
        );
        assert!(!is_foreign_origin(&headers(&[
            ("host", "127.0.0.1:8096"),
            ("origin", "http://127.0.0.1:8096")
        ])));
        for foreign in [
            "http://evil.example",
            "http://127.0.0.1:9000",
            "null",
            "http://127.0.0.1:8096.evil",
        ] {
            let mut h = headers(&[("host", "127.0.0.1:8096")]);
            h.insert("origin", HeaderValue::from_str(foreign).unwrap());
            assert!(is_foreign_origin(&h), "{foreign}");
        }
    }
}
