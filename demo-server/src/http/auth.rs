//! Jellyfin authentication: the `MediaBrowser k="v", ...` header (or `X-Emby-Authorization`),
//! `X-Emby-Token`, and the `api_key`/`ApiKey` query parameter; tokens live in memory.

use std::collections::HashMap;

use axum::http::HeaderMap;

use crate::http::query::{percent_decode, Query};

/// The parsed pairs of an Authorization header plus whichever token source was used.
#[derive(Clone, Debug, Default)]
pub struct AuthInfo {
    pub client: Option<String>,
    pub device: Option<String>,
    pub device_id: Option<String>,
    pub version: Option<String>,
    pub token: Option<String>,
}

/// Parses `MediaBrowser Client="Marquee", Device="Firefox", DeviceId="x", Token="y"`.
/// Tolerant: any scheme word (or none), any pair order, spaces around `=` and commas,
/// unquoted values; values are percent-decoded.
pub fn parse_authorization(value: &str) -> Vec<(String, String)> {
    let s = value.trim();
    let rest = match s.split_once(char::is_whitespace) {
        Some((scheme, rest)) if !scheme.contains('=') => rest,
        _ => s,
    };
    let chars: Vec<char> = rest.chars().collect();
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
            i += 1;
        }
        let key_start = i;
        while i < chars.len() && chars[i] != '=' && chars[i] != ',' && !chars[i].is_whitespace() {
            i += 1;
        }
        let key: String = chars[key_start..i].iter().collect();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() || chars[i] != '=' {
            continue;
        }
        i += 1;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let value: String = if i < chars.len() && chars[i] == '"' {
            i += 1;
            let start = i;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            let v = chars[start..i].iter().collect();
            i += 1;
            v
        } else {
            let start = i;
            while i < chars.len() && chars[i] != ',' {
                i += 1;
            }
            chars[start..i]
                .iter()
                .collect::<String>()
                .trim()
                .to_string()
        };
        if !key.is_empty() {
            pairs.push((key.to_ascii_lowercase(), percent_decode(&value, false)));
        }
    }
    pairs
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.trim().is_empty())
}

pub fn request_auth(headers: &HeaderMap, query: &Query) -> AuthInfo {
    let mut info = AuthInfo::default();
    let raw = header(headers, "authorization").or_else(|| header(headers, "x-emby-authorization"));
    if let Some(raw) = raw {
        for (k, v) in parse_authorization(raw) {
            let v = Some(v).filter(|v| !v.is_empty());
            match k.as_str() {
                "client" => info.client = v,
                "device" => info.device = v,
                "deviceid" => info.device_id = v,
                "version" => info.version = v,
                "token" => info.token = v,
                _ => {}
            }
        }
    }
    if info.token.is_none() {
        info.token = header(headers, "x-emby-token")
            .or_else(|| header(headers, "x-mediabrowser-token"))
            .map(|t| t.trim().to_string())
            .or_else(|| {
                query
                    .get("api_key")
                    .or_else(|| query.get("apikey"))
                    .map(str::to_string)
            });
    }
    info
}

#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub session_id: String,
    pub user: usize,
    pub device_id: String,
    pub device_name: String,
    pub client: String,
    pub version: String,
    pub created: i64,
}

#[derive(Default, Debug)]
pub struct Sessions {
    by_token: HashMap<String, Session>,
    /// `--sessions-file`: sessions survive a restart, as Jellyfin keeps tokens in its database.
    file: Option<std::path::PathBuf>,
}

impl Sessions {
    /// Sessions kept in `file` (JSON), read back from it if it exists.
    pub fn persisted(file: std::path::PathBuf) -> Sessions {
        let mut sessions = Sessions::default();
        let saved: Vec<serde_json::Value> = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        for v in saved {
            let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let session = Session {
                token: text("token"),
                session_id: text("session_id"),
                user: v["user"].as_u64().unwrap_or(0) as usize,
                device_id: text("device_id"),
                device_name: text("device_name"),
                client: text("client"),
                version: text("version"),
                created: v["created"].as_i64().unwrap_or(0),
            };
            sessions.by_token.insert(session.token.clone(), session);
        }
        sessions.file = Some(file);
        sessions
    }

    fn save(&self) {
        let Some(file) = &self.file else { return };
        let all: Vec<serde_json::Value> = self
            .by_token
            .values()
            .map(|s| {
                serde_json::json!({
                    "token": s.token, "session_id": s.session_id, "user": s.user,
                    "device_id": s.device_id, "device_name": s.device_name, "client": s.client,
                    "version": s.version, "created": s.created,
                })
            })
            .collect();
        let tmp = file.with_extension("tmp");
        if std::fs::write(&tmp, serde_json::Value::Array(all).to_string()).is_ok() {
            let _ = std::fs::rename(&tmp, file);
        }
    }

    /// Like Jellyfin, a new login from the same user and DeviceId ends that device's
    /// earlier sessions: their tokens stop working.
    pub fn insert(&mut self, session: Session) {
        self.by_token
            .retain(|_, s| !(s.user == session.user && s.device_id == session.device_id));
        self.by_token.insert(session.token.clone(), session);
        self.save();
    }

    pub fn get(&self, token: &str) -> Option<Session> {
        self.by_token.get(token).cloned()
    }

    pub fn revoke(&mut self, token: &str) {
        self.by_token.remove(token);
        self.save();
    }

    /// Ends every session; returns how many there were.
    pub fn revoke_all(&mut self) -> usize {
        let n = self.by_token.len();
        self.by_token.clear();
        self.save();
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tolerantly() {
        let p = parse_authorization(
            r#"MediaBrowser Token="abc",Client = "Mar%20quee" , DeviceId=dev1, Version="1.0""#,
        );
        assert_eq!(
            p,
            vec![
                ("token".into(), "abc".into()),
                ("client".into(), "Mar quee".into()),
                ("deviceid".into(), "dev1".into()),
                ("version".into(), "1.0".into()),
            ]
        );
        assert_eq!(
            parse_authorization(r#"Token="t""#),
            vec![("token".into(), "t".into())]
        );
    }
}
