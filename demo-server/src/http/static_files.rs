//! Serves a built web app from `--dist`, re-reading files on every request (the app may be
//! rebuilt while the server runs). Unknown non-API paths without an extension get
//! `index.html` (SPA routes); API paths never do. A build's gzip copies (`<file>.gz`) go to
//! browsers that accept gzip.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;

use crate::http::gate::{is_api_path, is_demo_path};
use crate::http::query::percent_decode;
use crate::http::respond::Reject;
use crate::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A build-hashed name such as `marquee-3f9a1c0b7d2e4f60.js` or `app-<hash>_bg.wasm`:
/// a `-` followed by 12 to 16 hex digits (Trunk writes its 64-bit hash without leading zeros),
/// ending the stem or followed by `_`.
pub fn is_hashed(name: &str) -> bool {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    stem.split('-').skip(1).any(|part| {
        let hex_len = part.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        (12..=16).contains(&hex_len) && (hex_len == part.len() || part[hex_len..].starts_with('_'))
    })
}

fn cache_control(name: &str) -> &'static str {
    let always_fresh = name == "index.html"
        || name == "sw.js"
        || name.ends_with(".webmanifest")
        || name == "manifest.json";
    if !always_fresh && is_hashed(name) {
        IMMUTABLE
    } else {
        "no-cache"
    }
}

/// The build's gzip copy of `file` (`<file>.gz`, written by the app's post-build hook), unless
/// the file was changed after it.
async fn gzipped(file: &Path) -> Option<Vec<u8>> {
    let mut name = file.as_os_str().to_owned();
    name.push(".gz");
    let gz = PathBuf::from(name);
    let (plain, packed) = (
        tokio::fs::metadata(file).await.ok()?,
        tokio::fs::metadata(&gz).await.ok()?,
    );
    if packed.modified().ok()? < plain.modified().ok()? {
        return None;
    }
    tokio::fs::read(gz).await.ok()
}

fn accepts_gzip(req: &Request) -> bool {
    req.headers()
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

fn not_found() -> Reject {
    Reject::status(StatusCode::NOT_FOUND)
}

async fn serve_file(
    dist: &Path,
    file: &Path,
    head: bool,
    gzip_ok: bool,
) -> Result<Response, Reject> {
    let packed = if gzip_ok { gzipped(file).await } else { None };
    let gzip = packed.is_some();
    let bytes = match packed {
        Some(bytes) => bytes,
        None => tokio::fs::read(file).await.map_err(|_| not_found())?,
    };
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let len = bytes.len();
    let mut resp = Response::new(if head {
        Body::empty()
    } else {
        Body::from(bytes)
    });
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(name)),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if name == "index.html" {
        // The app build writes its Content-Security-Policy next to index.html.
        if let Ok(csp) = tokio::fs::read_to_string(dist.join("csp.txt")).await {
            if let Ok(v) = HeaderValue::from_str(csp.trim()) {
                h.insert(header::CONTENT_SECURITY_POLICY, v);
            }
        }
    }
    Ok(resp)
}

pub async fn fallback(State(state): State<AppState>, req: Request) -> Result<Response, Reject> {
    let path = req.uri().path();
    let head = req.method() == Method::HEAD;
    let gzip_ok = accepts_gzip(&req);
    if is_api_path(path) || is_demo_path(path) || !(head || req.method() == Method::GET) {
        return Err(not_found());
    }
    let dist = state.config.dist.clone().ok_or_else(not_found)?;
    let decoded = percent_decode(path, false);
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || s.contains('\\') || s.contains('\0'))
    {
        return Err(not_found());
    }
    let index = dist.join("index.html");
    if segments.is_empty() {
        return serve_file(&dist, &index, head, gzip_ok).await;
    }
    let file: PathBuf = segments.iter().fold(dist.clone(), |p, s| p.join(s));
    match tokio::fs::metadata(&file).await {
        Ok(m) if m.is_file() => serve_file(&dist, &file, head, gzip_ok).await,
        _ => {
            let last = segments.last().copied().unwrap_or("");
            if last.contains('.') {
                // A missing asset must not turn into HTML.
                Err(not_found())
            } else {
                serve_file(&dist, &index, head, gzip_ok).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("marquee-3f9a1c0b7d2e4f60.js"));
        assert!(is_hashed("marquee-3f9a1c0b7d2e4f60_bg.wasm"));
        // Trunk drops leading zeros of its hash.
        assert!(is_hashed("settings-fe87955be46c1a2.css"));
        assert!(!is_hashed("sw.js"));
        assert!(!is_hashed("icon-192.png"));
        assert!(!is_hashed("style-abc.css"));
    }
}
