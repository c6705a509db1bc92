//! Small response builders shared by the handlers.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

pub const JSON_TYPE: &str = "application/json; charset=utf-8";

pub fn json(value: &Value) -> Response {
    json_status(StatusCode::OK, value)
}

pub fn json_status(status: StatusCode, value: &Value) -> Response {
    let mut resp = Response::new(Body::from(value.to_string()));
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_TYPE));
    resp
}

/// Jellyfin answers auth failures and missing routes with an empty body.
pub fn empty(status: StatusCode) -> Response {
    status.into_response()
}

pub fn error(status: StatusCode, message: &str) -> Response {
    json_status(status, &json!({ "error": message }))
}

/// An early refusal carried through `Result` and `?`; boxed because a `Response` is large.
pub struct Reject(Box<Response>);

impl Reject {
    /// An empty answer with `status`, as Jellyfin refuses auth and unknown ids.
    pub fn status(status: StatusCode) -> Reject {
        empty(status).into()
    }

    /// `{"error": message}` with `status`.
    pub fn error(status: StatusCode, message: &str) -> Reject {
        error(status, message).into()
    }

    pub fn bad_request(message: &str) -> Reject {
        Reject::error(StatusCode::BAD_REQUEST, message)
    }
}

impl From<Response> for Reject {
    fn from(resp: Response) -> Self {
        Reject(Box::new(resp))
    }
}

impl IntoResponse for Reject {
    fn into_response(self) -> Response {
        *self.0
    }
}
