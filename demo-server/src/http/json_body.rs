//! The request body read as JSON, whatever its `Content-Type`. Jellyfin takes some POSTs with
//! none or with `text/plain` (a `fetch` with a string body sends that), and the `/__demo/`
//! controls are driven with `curl -d`, so axum's `Json`, which answers 415 to those, does not
//! fit. Each handler says which shape it needs and how to refuse another.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::response::IntoResponse;
use serde_json::{Map, Value};

use crate::http::respond::Reject;

pub type Object = Map<String, Value>;

pub enum JsonBody {
    /// No body, or only whitespace.
    Empty,
    Json(Value),
    /// A body that is not JSON.
    Invalid,
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    /// Only a body that cannot be read (too large, cut off) is refused here.
    type Rejection = Reject;

    async fn from_request(req: Request, state: &S) -> Result<Self, Reject> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| Reject::from(e.into_response()))?;
        Ok(JsonBody::parse(&bytes))
    }
}

impl JsonBody {
    pub fn parse(bytes: &[u8]) -> JsonBody {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return JsonBody::Empty;
        }
        match serde_json::from_slice(bytes) {
            Ok(value) => JsonBody::Json(value),
            Err(_) => JsonBody::Invalid,
        }
    }

    /// Any JSON value; anything else is a 400 saying `refusal`.
    pub fn value(self, refusal: &str) -> Result<Value, Reject> {
        match self {
            JsonBody::Json(value) => Ok(value),
            JsonBody::Empty | JsonBody::Invalid => Err(Reject::bad_request(refusal)),
        }
    }

    /// A JSON object; anything else, no body included, is a 400 saying `refusal`.
    pub fn object(self, refusal: &str) -> Result<Object, Reject> {
        match self {
            JsonBody::Json(Value::Object(map)) => Ok(map),
            _ => Err(Reject::bad_request(refusal)),
        }
    }

    /// A JSON object, with no body read as `{}`; anything else is a 400 saying `refusal`.
    pub fn object_or_empty(self, refusal: &str) -> Result<Object, Reject> {
        match self {
            JsonBody::Empty => Ok(Map::new()),
            other => other.object(refusal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_shapes_a_handler_asks_for() {
        let object = |text: &str| JsonBody::parse(text.as_bytes()).object("no").ok();
        let or_empty = |text: &str| JsonBody::parse(text.as_bytes()).object_or_empty("no").ok();
        let value = |text: &str| JsonBody::parse(text.as_bytes()).value("no").ok();
        let map = |v: Value| v.as_object().cloned();
        assert_eq!(object(r#"{"a": 1}"#), map(json!({"a": 1})));
        assert_eq!(object(""), None);
        assert_eq!(object("[1]"), None);
        assert_eq!(or_empty(" \n"), map(json!({})));
        assert_eq!(or_empty("<html>"), None);
        assert_eq!(or_empty("5"), None);
        assert_eq!(value("5"), Some(json!(5)));
        assert_eq!(value("  "), None);
        assert_eq!(value("{"), None);
    }
}
