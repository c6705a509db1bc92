//! Downloads: `GET /Items/{id}/Download` serves a movie's or an episode's file with byte
//! ranges (206, `Content-Range`, `Accept-Ranges`, `Content-Length`) as Jellyfin does, so an
//! interrupted download resumes. `/__demo/downloads` (`control::downloads`, with its state in
//! `controls`) throttles them, cuts one mid-way and lists the `Range` headers seen (the proof
//! that a resume did not start from zero).

pub mod controls;
pub mod media;
pub mod range;

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::http::ctx::Ctx;
use crate::http::respond::{self, Reject};
use crate::library::Kind;
use crate::AppState;
use controls::RangeSeen;
use range::ByteRange;

/// Bytes per body chunk: small enough for a smooth throttle and a precise cut.
const CHUNK: usize = 64 * 1024;

/// The first movie in the library serves the large file.
pub fn large_item_id(state: &AppState) -> Option<String> {
    let lib = state.read();
    lib.items
        .iter()
        .find(|i| i.kind == Kind::Movie && !i.removed)
        .map(|i| i.id_hex())
}

pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    method: Method,
    headers: HeaderMap,
) -> Result<impl IntoResponse, Reject> {
    if ctx.session.is_none() {
        return Err(Reject::status(StatusCode::UNAUTHORIZED));
    }
    let item_id = ctx.param("itemId").to_ascii_lowercase();
    let name = {
        let lib = state.read();
        match lib.find(&item_id).map(|i| &lib.items[i as usize]) {
            Some(item) if matches!(item.kind, Kind::Movie | Kind::Episode) => item.name.clone(),
            Some(_) => return Err(Reject::bad_request("not a downloadable item")),
            None => return Err(Reject::status(StatusCode::NOT_FOUND)),
        }
    };
    let file = if large_item_id(&state).as_deref() == Some(item_id.as_str()) {
        media::large()
    } else {
        media::clip()
    };
    let len = file.len() as u64;
    let range_header = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (status, start, end) = match range::parse(range_header.as_deref(), len) {
        ByteRange::Whole => (StatusCode::OK, 0, len.saturating_sub(1)),
        ByteRange::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end),
        ByteRange::Unsatisfiable => {
            state.downloads.record(RangeSeen {
                item_id,
                range: range_header,
                status: 416,
            });
            let mut resp = respond::empty(StatusCode::RANGE_NOT_SATISFIABLE);
            insert(&mut resp, header::CONTENT_RANGE, format!("bytes */{len}"));
            insert(&mut resp, header::ACCEPT_RANGES, "bytes".into());
            return Ok(resp);
        }
    };
    // A HEAD (the app asking the size) transfers nothing: only GETs are logged.
    if method != Method::HEAD {
        state.downloads.record(RangeSeen {
            item_id,
            range: range_header,
            status: status.as_u16(),
        });
    }
    let body_len = if len == 0 { 0 } else { end - start + 1 };
    let part = if len == 0 {
        Bytes::new()
    } else {
        file.slice(start as usize..=end as usize)
    };
    let mut resp = Response::new(throttled_body(state.clone(), part));
    *resp.status_mut() = status;
    insert(&mut resp, header::CONTENT_TYPE, "video/mp4".into());
    insert(&mut resp, header::CONTENT_LENGTH, body_len.to_string());
    insert(&mut resp, header::ACCEPT_RANGES, "bytes".into());
    let safe_name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        .collect();
    insert(
        &mut resp,
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{safe_name}.mp4\""),
    );
    if status == StatusCode::PARTIAL_CONTENT {
        insert(
            &mut resp,
            header::CONTENT_RANGE,
            format!("bytes {start}-{end}/{len}"),
        );
    }
    Ok(resp)
}

fn insert(resp: &mut Response, name: header::HeaderName, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        resp.headers_mut().insert(name, v);
    }
}

/// The body in chunks, paced by the bandwidth limit, broken off by a cut or a shutdown
/// (an error mid-body makes the server drop the connection, as a lost network does).
fn throttled_body(state: AppState, part: Bytes) -> Body {
    let cut = state.downloads.take_cut();
    let stream =
        futures_util::stream::unfold((state, part, 0u64), move |(state, rest, sent)| async move {
            if rest.is_empty() {
                return None;
            }
            if *state.shutdown.borrow() || cut.is_some_and(|c| sent >= c) {
                let err = std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "cut");
                return Some((Err(err), (state, Bytes::new(), sent)));
            }
            let mut take = rest.len().min(CHUNK);
            if let Some(c) = cut {
                take = take.min((c - sent).max(1) as usize);
            }
            let bps = state.downloads.bytes_per_sec();
            if bps > 0 {
                let wait = Duration::from_secs_f64(take as f64 / bps as f64);
                let mut stop = state.shutdown.subscribe();
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.wait_for(|s| *s) => {}
                }
            }
            let chunk = rest.slice(..take);
            let rest = rest.slice(take..);
            Some((Ok(chunk), (state, rest, sent + take as u64)))
        });
    Body::from_stream(stream)
}
