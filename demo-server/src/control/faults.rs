//! Injected failures for tests of the client's error handling (`/__demo/faults`).
//! A fault matches API requests whose path starts with its prefix (case-insensitive);
//! the longest matching prefix wins, the newest on a tie.

use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Answer `status` with `{"error": ...}` without running the handler.
    Status,
    /// 200 with a body that is not JSON.
    Malformed,
    /// 200 with the real body cut in half.
    Truncated,
    /// 200 with `[]` where the real body is an object, `{}` where it is an array.
    WrongShape,
    /// 200 with the real body minus every item's `Id`.
    MissingId,
    /// No answer for `ms`, then 504.
    Stall,
    /// 200 with `{}`, whatever the endpoint (a proxy's idea of "nothing").
    EmptyObject,
    /// 200 with `[]`, whatever the endpoint.
    EmptyArray,
    /// 200 with `{"Items": null, "TotalRecordCount": 0}`.
    ItemsNull,
    /// 200 with an empty body (still `Content-Type: application/json`).
    EmptyBody,
    /// 200 with an HTML page (a captive portal's or a proxy's sign-in page).
    Html,
    /// The real body, as `text/plain`.
    WrongContentType,
}

const MODES: [(Mode, &str); 12] = [
    (Mode::Status, "status"),
    (Mode::Malformed, "malformed"),
    (Mode::Truncated, "truncated"),
    (Mode::WrongShape, "wrong_shape"),
    (Mode::MissingId, "missing_id"),
    (Mode::Stall, "stall"),
    (Mode::EmptyObject, "empty_object"),
    (Mode::EmptyArray, "empty_array"),
    (Mode::ItemsNull, "items_null"),
    (Mode::EmptyBody, "empty_body"),
    (Mode::Html, "html"),
    (Mode::WrongContentType, "wrong_content_type"),
];

/// The mode names, for the control endpoint's messages.
pub fn mode_names() -> String {
    MODES.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        MODES
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(s.trim()))
            .map(|(m, _)| *m)
    }

    pub fn as_str(self) -> &'static str {
        MODES
            .iter()
            .find(|(m, _)| *m == self)
            .map(|(_, n)| *n)
            .unwrap_or("status")
    }

    /// Modes that rewrite the handler's response instead of replacing it.
    pub fn rewrites_body(self) -> bool {
        !matches!(self, Mode::Status | Mode::Stall)
    }
}

#[derive(Clone, Debug)]
pub struct Fault {
    pub id: u64,
    pub prefix: String,
    pub mode: Mode,
    pub status: u16,
    pub ms: u64,
    /// `None`: until cleared; `Some(n)`: only the next n matching requests.
    pub remaining: Option<u64>,
    /// A `Retry-After` (seconds) on a `status` answer.
    pub retry_after: Option<u64>,
}

impl Fault {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "prefix": self.prefix,
            "mode": self.mode.as_str(),
            "status": self.status,
            "ms": self.ms,
            "count": self.remaining,
            "retry_after": self.retry_after,
        })
    }

    fn matches(&self, path: &str) -> bool {
        let (p, f) = (path.as_bytes(), self.prefix.as_bytes());
        p.len() >= f.len() && p[..f.len()].eq_ignore_ascii_case(f)
    }
}

#[derive(Default, Debug)]
pub struct Faults {
    list: Vec<Fault>,
    next_id: u64,
}

impl Faults {
    pub fn add(
        &mut self,
        prefix: String,
        mode: Mode,
        status: u16,
        ms: u64,
        count: Option<u64>,
        retry_after: Option<u64>,
    ) -> Fault {
        self.next_id += 1;
        let fault = Fault {
            id: self.next_id,
            prefix,
            mode,
            status,
            ms,
            remaining: count,
            retry_after,
        };
        self.list.push(fault.clone());
        fault
    }

    pub fn clear(&mut self) {
        self.list.clear();
    }

    pub fn to_json(&self) -> Value {
        Value::Array(self.list.iter().map(Fault::to_json).collect())
    }

    pub fn find(&self, path: &str) -> Option<Fault> {
        self.list
            .iter()
            .enumerate()
            .filter(|(_, f)| f.matches(path))
            .max_by_key(|(i, f)| (f.prefix.len(), *i))
            .map(|(_, f)| f.clone())
    }

    /// Counts one use of a fault; a counted fault disappears when used up.
    pub fn consume(&mut self, id: u64) {
        if let Some(pos) = self.list.iter().position(|f| f.id == id) {
            if let Some(n) = &mut self.list[pos].remaining {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.list.remove(pos);
                }
            }
        }
    }
}

/// Rewrites a successful response body for the body-rewriting modes.
pub fn rewrite(mode: Mode, body: &[u8]) -> Vec<u8> {
    match mode {
        Mode::Malformed => b"{\"Items\": [{\"Id\": \"broken\", <html>not json".to_vec(),
        Mode::Truncated => body[..body.len() / 2].to_vec(),
        Mode::WrongShape => {
            let first = body.iter().find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'[') {
                b"{}".to_vec()
            } else {
                b"[]".to_vec()
            }
        }
        Mode::MissingId => match serde_json::from_slice::<Value>(body) {
            Ok(mut v) => {
                strip_ids(&mut v);
                v.to_string().into_bytes()
            }
            Err(_) => body.to_vec(),
        },
        Mode::EmptyObject => b"{}".to_vec(),
        Mode::EmptyArray => b"[]".to_vec(),
        Mode::ItemsNull => b"{\"Items\": null, \"TotalRecordCount\": 0}".to_vec(),
        Mode::EmptyBody => Vec::new(),
        Mode::Html => HTML_PAGE.as_bytes().to_vec(),
        Mode::WrongContentType | Mode::Status | Mode::Stall => body.to_vec(),
    }
}

/// A captive portal's page, as some networks answer any request until the user signs in.
const HTML_PAGE: &str = "<!DOCTYPE html><html><head><title>Sign in to the network</title></head>\
<body><h1>Welcome</h1><p>Please sign in to continue.</p></body></html>";

/// The `Content-Type` a rewritten body goes out with (`None`: the handler's stays).
pub fn content_type(mode: Mode) -> Option<&'static str> {
    match mode {
        Mode::Truncated => None,
        Mode::Html => Some("text/html; charset=utf-8"),
        Mode::WrongContentType => Some("text/plain; charset=utf-8"),
        _ => Some(crate::http::respond::JSON_TYPE),
    }
}

fn strip_ids(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(strip_ids),
        Value::Object(map) => {
            map.remove("Id");
            if let Some(items) = map.get_mut("Items") {
                strip_ids(items);
            }
        }
        _ => {}
    }
}
