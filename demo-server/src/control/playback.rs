//! `/__demo/playback`: knobs for playback tests (force transcoding, fail or stall HLS
//! segments) and what the server saw (reports by kind, the last reports, media requests
//! and whether their URL carried a token).

use std::collections::{HashSet, VecDeque};

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::http::json_body::JsonBody;
use crate::http::respond::{self, Reject};
use crate::AppState;

const KEEP_REPORTS: usize = 200;
const KEEP_SESSIONS: usize = 10_000;

/// A failure injected into HLS segment requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentFault {
    /// Fail with `status`, or hold the request for `ms` and then answer 504.
    pub stall: bool,
    pub status: u16,
    pub ms: u64,
    /// Only these segment numbers (all when empty).
    pub segments: Vec<usize>,
    /// Only the next n matching requests (until cleared when `None`).
    pub remaining: Option<u64>,
}

impl SegmentFault {
    fn to_json(&self) -> Value {
        json!({
            "mode": if self.stall { "stall" } else { "status" },
            "status": self.status,
            "ms": self.ms,
            "segments": self.segments,
            "count": self.remaining,
        })
    }
}

/// The kinds of `/Sessions/Playing*` report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    Playing,
    Progress,
    Stopped,
    Ping,
}

impl ReportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Playing => "Playing",
            ReportKind::Progress => "Progress",
            ReportKind::Stopped => "Stopped",
            ReportKind::Ping => "Ping",
        }
    }
}

#[derive(Debug, Default)]
pub struct Playback {
    pub force_transcoding: bool,
    pub segment_fault: Option<SegmentFault>,
    reports: [u64; 4],
    last_reports: VecDeque<Value>,
    /// Play sessions whose play has been counted (`PlayCount`), so one playback counts once.
    counted_sessions: HashSet<String>,
    pub media: MediaRequests,
}

/// Requests for media (`/Videos/...`): how many, and how many carried the token in the URL
/// (`ApiKey`/`api_key`) or in a header.
#[derive(Clone, Debug, Default)]
pub struct MediaRequests {
    pub total: u64,
    pub token_in_url: u64,
    pub token_in_header: u64,
    /// Paths (never queries) of the latest requests that carried the token in the URL.
    pub token_in_url_paths: VecDeque<String>,
}

impl Playback {
    pub fn record_report(&mut self, kind: ReportKind, summary: Value) {
        self.reports[kind as usize] += 1;
        if self.last_reports.len() == KEEP_REPORTS {
            self.last_reports.pop_front();
        }
        self.last_reports.push_back(summary);
    }

    pub fn reports(&self, kind: ReportKind) -> u64 {
        self.reports[kind as usize]
    }

    /// True the first time a play session is counted; always true without an id.
    pub fn count_play(&mut self, play_session_id: Option<&str>) -> bool {
        let Some(id) = play_session_id.filter(|id| !id.is_empty()) else {
            return true;
        };
        if self.counted_sessions.len() >= KEEP_SESSIONS {
            self.counted_sessions.clear();
        }
        self.counted_sessions.insert(id.to_string())
    }

    pub fn record_media_request(&mut self, path: &str, in_url: bool, in_header: bool) {
        let m = &mut self.media;
        m.total += 1;
        if in_header {
            m.token_in_header += 1;
        }
        if in_url {
            m.token_in_url += 1;
            if m.token_in_url_paths.len() == 100 {
                m.token_in_url_paths.pop_front();
            }
            m.token_in_url_paths.push_back(path.to_string());
        }
    }

    /// The fault for segment `n`, if any, counting one use of it.
    pub fn take_segment_fault(&mut self, n: usize) -> Option<SegmentFault> {
        let fault = self.segment_fault.as_mut()?;
        if !fault.segments.is_empty() && !fault.segments.contains(&n) {
            return None;
        }
        let taken = fault.clone();
        if let Some(left) = &mut fault.remaining {
            *left = left.saturating_sub(1);
            if *left == 0 {
                self.segment_fault = None;
            }
        }
        Some(taken)
    }

    pub fn to_json(&self) -> Value {
        let kinds = [
            ReportKind::Playing,
            ReportKind::Progress,
            ReportKind::Stopped,
            ReportKind::Ping,
        ];
        let reports: Map<String, Value> = kinds
            .iter()
            .map(|k| (k.as_str().to_string(), json!(self.reports(*k))))
            .collect();
        json!({
            "force_transcoding": self.force_transcoding,
            "segment_fault": self.segment_fault.as_ref().map(SegmentFault::to_json),
            "reports": reports,
            "last_reports": self.last_reports,
            "media_requests": {
                "total": self.media.total,
                "token_in_url": self.media.token_in_url,
                "token_in_header": self.media.token_in_header,
                "token_in_url_paths": self.media.token_in_url_paths,
            },
        })
    }
}

pub(super) async fn show(State(state): State<AppState>) -> Response {
    respond::json(&state.playback().to_json())
}

/// Forgets counts and knobs (also part of `POST /__demo/reset`).
pub(super) async fn clear(State(state): State<AppState>) -> Response {
    let mut p = state.playback();
    *p = Playback::default();
    respond::json(&p.to_json())
}

fn reject(message: &str) -> Reject {
    Reject::bad_request(message)
}

fn parse_fault(v: &Value) -> Result<Option<SegmentFault>, Reject> {
    if v.is_null() {
        return Ok(None);
    }
    let Some(obj) = v.as_object() else {
        return Err(reject("segment_fault must be an object or null"));
    };
    let stall = match obj.get("mode").and_then(Value::as_str) {
        Some("status") => false,
        Some("stall") => true,
        _ => return Err(reject("segment_fault.mode must be status or stall")),
    };
    let status = match obj.get("status") {
        None => 500,
        Some(s) => match s.as_u64().filter(|s| (400..=599).contains(s)) {
            Some(s) => s as u16,
            None => return Err(reject("segment_fault.status must be 400 to 599")),
        },
    };
    let ms = match obj.get("ms") {
        None => 60_000,
        Some(ms) => ms
            .as_u64()
            .ok_or_else(|| reject("segment_fault.ms must be a non-negative integer"))?,
    };
    let segments = match obj.get("segments") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|n| n.as_u64().map(|n| n as usize))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| reject("segment_fault.segments must be segment numbers"))?,
        Some(_) => return Err(reject("segment_fault.segments must be a list")),
    };
    let remaining = match obj.get("count") {
        None | Some(Value::Null) => None,
        Some(c) => Some(
            c.as_u64()
                .filter(|c| *c > 0)
                .ok_or_else(|| reject("segment_fault.count must be a positive integer"))?,
        ),
    };
    Ok(Some(SegmentFault {
        stall,
        status,
        ms,
        segments,
        remaining,
    }))
}

/// `{"force_transcoding"?: bool, "segment_fault"?: {...} | null}`; fields left out stay.
pub(super) async fn change(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty("body must be a JSON object")?;
    let force = match body.get("force_transcoding") {
        None => None,
        Some(v) => Some(
            v.as_bool()
                .ok_or_else(|| reject("force_transcoding must be a boolean"))?,
        ),
    };
    let fault = match body.get("segment_fault") {
        None => None,
        Some(v) => Some(parse_fault(v)?),
    };
    let mut p = state.playback();
    if let Some(force) = force {
        p.force_transcoding = force;
    }
    if let Some(fault) = fault {
        p.segment_fault = fault;
    }
    Ok(respond::json(&p.to_json()))
}
