//! A report that must reach the server even as the page goes away: `fetch` with `keepalive`,
//! the token in the `Authorization` header as always.
use super::glue;

/// POSTs `body` (JSON) to `url` without waiting for, or hearing, the answer.
pub fn post(url: &str, authorization: &str, body: &str) {
    glue::post_keepalive(url, authorization, body);
}
