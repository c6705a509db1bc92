//! A log of API requests (not static files, not `/__demo/`), so tests can assert what the
//! client actually fetched, e.g. that a cached page made no request. Bounded (the last
//! [`KEEP`] requests, counts for at most [`KEEP_PATHS`] paths), and a token in a query
//! (`api_key`, `ApiKey`: the socket's URL) is never stored.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{json, Value};

/// Requests kept in the log.
pub const KEEP: usize = 10_000;
/// Distinct paths counted; requests to paths beyond them count under [`OTHER_PATHS`].
pub const KEEP_PATHS: usize = 10_000;
/// Where requests to paths beyond [`KEEP_PATHS`] are counted.
pub const OTHER_PATHS: &str = "(other paths)";

/// Query parameters that carry a token (Jellyfin reads both spellings, any case).
const TOKEN_PARAMS: [&str; 2] = ["api_key", "apikey"];

/// The query with every token parameter's value replaced by `REDACTED`.
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            if TOKEN_PARAMS.iter().any(|t| name.eq_ignore_ascii_case(t)) {
                format!("{name}=REDACTED")
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub ms: f64,
}

#[derive(Default, Debug)]
pub struct RequestLog {
    total: u64,
    by_path: BTreeMap<String, u64>,
    log: VecDeque<Entry>,
}

impl RequestLog {
    pub fn record(&mut self, mut entry: Entry) {
        entry.query = redact_query(&entry.query);
        self.total += 1;
        let path = if self.by_path.len() < KEEP_PATHS || self.by_path.contains_key(&entry.path) {
            entry.path.clone()
        } else {
            OTHER_PATHS.to_string()
        };
        *self.by_path.entry(path).or_default() += 1;
        if self.log.len() == KEEP {
            self.log.pop_front();
        }
        self.log.push_back(entry);
    }

    pub fn reset(&mut self) {
        *self = RequestLog::default();
    }

    pub fn to_json(&self) -> Value {
        let log: Vec<Value> = self
            .log
            .iter()
            .map(|e| {
                json!({
                    "method": e.method,
                    "path": e.path,
                    "query": e.query,
                    "status": e.status,
                    "ms": e.ms,
                })
            })
            .collect();
        json!({ "total": self.total, "by_path": self.by_path, "log": log })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, query: &str) -> Entry {
        Entry {
            method: "GET".into(),
            path: path.into(),
            query: query.into(),
            status: 200,
            ms: 0.0,
        }
    }

    #[test]
    fn tokens_never_reach_the_log() {
        let mut log = RequestLog::default();
        log.record(entry("/socket", "api_key=s3cret&deviceId=d1"));
        log.record(entry(
            "/Videos/x/stream",
            "Static=true&ApiKey=s3cret2&API_KEY=s3cret3",
        ));
        let text = log.to_json().to_string();
        assert!(!text.contains("s3cret"), "{text}");
        assert_eq!(log.log[0].query, "api_key=REDACTED&deviceId=d1");
        assert_eq!(
            log.log[1].query,
            "Static=true&ApiKey=REDACTED&API_KEY=REDACTED"
        );
        assert_eq!(redact_query("Ids=a,b&Limit=5"), "Ids=a,b&Limit=5");
    }

    #[test]
    fn the_log_is_bounded() {
        let mut log = RequestLog::default();
        for n in 0..(KEEP + KEEP_PATHS + 10) {
            log.record(entry(&format!("/Items/{n}"), ""));
        }
        assert_eq!(log.log.len(), KEEP);
        assert_eq!(log.by_path.len(), KEEP_PATHS + 1);
        assert_eq!(log.by_path[OTHER_PATHS], (KEEP + 10) as u64);
        assert_eq!(log.total, (KEEP + KEEP_PATHS + 10) as u64);
    }
}
