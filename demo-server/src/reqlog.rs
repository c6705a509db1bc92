//! A log of API requests (not static files, not `/__demo/`), so tests can assert what the
//! client actually fetched, e.g. that a cached page made no request.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{json, Value};

const KEEP: usize = 10_000;

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
    pub fn record(&mut self, entry: Entry) {
        self.total += 1;
        *self.by_path.entry(entry.path.clone()).or_default() += 1;
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
