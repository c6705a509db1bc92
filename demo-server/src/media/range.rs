//! Byte-range serving (RFC 9110 §14) for media held in memory: `Range: bytes=a-b`, `a-` and
//! `-n` answer 206 with `Content-Range`; an unsatisfiable range answers 416 with
//! `Content-Range: bytes */len`; no (or an unparsable, or a multi-) range answers 200 with the
//! whole body. Every answer says `Accept-Ranges: bytes`. Shared by the stream and download
//! endpoints.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

/// What a `Range` header asks of a body of `len` bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// No usable range: send everything with 200.
    Whole,
    /// Inclusive byte positions, both within the body.
    Part { start: u64, end: u64 },
    /// A syntactically valid range that lies outside the body.
    Unsatisfiable,
}

/// Reads one `bytes=` range. Several ranges (`bytes=0-1,5-6`) are answered whole, which a
/// server may do; other units and garbage are ignored, as the RFC asks.
pub fn parse_range(value: Option<&str>, len: u64) -> RangeRequest {
    let Some(spec) = value
        .map(str::trim)
        .and_then(|v| v.strip_prefix("bytes="))
        .map(str::trim)
    else {
        return RangeRequest::Whole;
    };
    if spec.contains(',') {
        return RangeRequest::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return RangeRequest::Whole;
    };
    let (first, last) = (first.trim(), last.trim());
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (first.is_empty(), last.is_empty()) {
        // `-n`: the last n bytes.
        (true, false) => match number(last) {
            Some(0) => RangeRequest::Unsatisfiable,
            Some(n) if len > 0 => RangeRequest::Part {
                start: len.saturating_sub(n),
                end: len - 1,
            },
            Some(_) => RangeRequest::Unsatisfiable,
            None => RangeRequest::Whole,
        },
        // `a-`: from a to the end.
        (false, true) => match number(first) {
            Some(start) if start < len => RangeRequest::Part {
                start,
                end: len - 1,
            },
            Some(_) => RangeRequest::Unsatisfiable,
            None => RangeRequest::Whole,
        },
        (false, false) => match (number(first), number(last)) {
            (Some(start), Some(end)) if start > end => RangeRequest::Whole,
            (Some(start), Some(end)) if start < len => RangeRequest::Part {
                start,
                end: end.min(len - 1),
            },
            (Some(_), Some(_)) => RangeRequest::Unsatisfiable,
            _ => RangeRequest::Whole,
        },
        (true, true) => RangeRequest::Whole,
    }
}

/// Answers a GET (or HEAD, without the body) for `body` with the request's `Range`.
pub fn serve(body: Bytes, content_type: &'static str, request: &HeaderMap, head: bool) -> Response {
    let len = body.len() as u64;
    let range = request.get(header::RANGE).and_then(|v| v.to_str().ok());
    let (status, slice, content_range) = match parse_range(range, len) {
        RangeRequest::Whole => (StatusCode::OK, body, None),
        RangeRequest::Part { start, end } => (
            StatusCode::PARTIAL_CONTENT,
            body.slice(start as usize..=end as usize),
            Some(format!("bytes {start}-{end}/{len}")),
        ),
        RangeRequest::Unsatisfiable => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            Bytes::new(),
            Some(format!("bytes */{len}")),
        ),
    };
    let length = slice.len();
    let mut resp = Response::new(if head {
        Body::empty()
    } else {
        Body::from(slice)
    });
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if status != StatusCode::RANGE_NOT_SATISFIABLE {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let Some(v) = content_range.and_then(|v| HeaderValue::from_str(&v).ok()) {
        h.insert(header::CONTENT_RANGE, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use RangeRequest::*;

    #[test]
    fn reads_the_three_forms() {
        assert_eq!(
            parse_range(Some("bytes=0-99"), 1000),
            Part { start: 0, end: 99 }
        );
        assert_eq!(
            parse_range(Some("bytes=900-"), 1000),
            Part {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            parse_range(Some("bytes=-100"), 1000),
            Part {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            parse_range(Some("bytes=-5000"), 1000),
            Part { start: 0, end: 999 }
        );
        // An end past the body is cut to the body.
        assert_eq!(
            parse_range(Some("bytes=990-5000"), 1000),
            Part {
                start: 990,
                end: 999
            }
        );
    }

    #[test]
    fn outside_the_body_is_unsatisfiable() {
        assert_eq!(parse_range(Some("bytes=1000-"), 1000), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=1000-1001"), 1000), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=-0"), 1000), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-"), 0), Unsatisfiable);
    }

    #[test]
    fn anything_else_is_the_whole_body() {
        for v in [
            None,
            Some("items=0-1"),
            Some("bytes=a-b"),
            Some("bytes=5-1"),
            Some("bytes=0-1,4-5"),
            Some("bytes=-"),
            Some("bytes=+1-2"),
        ] {
            assert_eq!(parse_range(v, 1000), Whole, "{v:?}");
        }
    }
}
