//! `/Sessions/Playing`, `/Playing/Progress`, `/Playing/Stopped` and `/Playing/Ping`: what a
//! player reports, applied to the user's data as Jellyfin 10.10 does, then pushed to the
//! user's sockets as `UserDataChanged`.
//!
//! - start: `PlayCount` + 1, `LastPlayedDate` now, not played (a rewatch starts unplayed);
//! - progress and stop: the position (Jellyfin's `UpdatePlayState`): under `MinResumePct`
//!   (5%) no position is kept; past `MaxResumePct` (90%) or within a second of the end the
//!   item is played and its position goes back to 0; in between the position is saved.
//!   (Jellyfin's `MinResumeDurationSeconds` is 0 here: the demo clip is a minute long.)
//! - a stop with `Failed` changes nothing; a stop without a position counts as played.
//!
//! Beyond Jellyfin: completing also sets `LastPlayedDate`, and a play that completes
//! without a start report (a stop queued offline and sent later) still counts once.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::http::ctx::Ctx;
use crate::http::json_body::JsonBody;
use crate::http::respond::{self, Reject};
use crate::library::playstate;
use crate::library::{Library, UserData};
use crate::AppState;

use super::profile::field;
use crate::control::playback::ReportKind;

pub const MIN_RESUME_PCT: f64 = 5.0;
pub const MAX_RESUME_PCT: f64 = 90.0;
const TICKS_PER_SECOND: i64 = 10_000_000;

/// Jellyfin's `UpdatePlayState`: applies a reported position (`None`: the end) to `d`;
/// returns whether the item was played to completion.
pub fn update_play_state(d: &mut UserData, runtime: Option<i64>, reported: Option<i64>) -> bool {
    let runtime = runtime.unwrap_or(0);
    let mut position = reported.unwrap_or(runtime);
    let mut completed = false;
    if position > 0 && runtime > 0 {
        let pct = position as f64 * 100.0 / runtime as f64;
        if pct < MIN_RESUME_PCT {
            position = 0;
        } else if pct > MAX_RESUME_PCT || position >= runtime - TICKS_PER_SECOND {
            position = 0;
            d.played = true;
            completed = true;
        }
    } else if runtime <= 0 {
        position = 0;
        d.played = true;
        completed = true;
    }
    d.position = position;
    completed
}

/// One report as the control endpoint lists it.
fn summary(kind: ReportKind, user: &str, body: &Value) -> Value {
    let mut s = json!({ "kind": kind.as_str(), "user": user });
    for name in [
        "ItemId",
        "PlaySessionId",
        "MediaSourceId",
        "PositionTicks",
        "IsPaused",
        "EventName",
        "PlayMethod",
        "AudioStreamIndex",
        "SubtitleStreamIndex",
        "Failed",
    ] {
        if let Some(v) = field(body, name) {
            s[name] = v.clone();
        }
    }
    s
}

fn with_ancestors(lib: &Library, idx: u32) -> Vec<u32> {
    let item = lib.item(idx);
    std::iter::once(idx)
        .chain(item.season)
        .chain(item.series)
        .collect()
}

async fn report(
    state: AppState,
    ctx: Ctx,
    body: JsonBody,
    kind: ReportKind,
) -> Result<Response, Reject> {
    let body = Value::Object(body.object("a JSON report body is required")?);
    let position = field(&body, "PositionTicks").and_then(Value::as_i64);
    if position.is_some_and(|p| p < 0) {
        return Err(Reject::bad_request("PositionTicks must not be negative"));
    }
    let play_session = field(&body, "PlaySessionId")
        .and_then(Value::as_str)
        .map(str::to_string);
    let failed = field(&body, "Failed").and_then(Value::as_bool) == Some(true);
    let now = state.now();
    let event = {
        let mut lib = state.write();
        let user = ctx.user(&lib)?;
        let user_name = lib.users[user].name.clone();
        state
            .playback()
            .record_report(kind, summary(kind, &user_name, &body));
        let item = field(&body, "ItemId")
            .and_then(Value::as_str)
            .and_then(|id| lib.find(id));
        // Jellyfin accepts a report about an unknown item and does nothing with it.
        let Some(idx) = item.filter(|_| kind != ReportKind::Ping) else {
            return Ok(respond::empty(StatusCode::NO_CONTENT));
        };
        let runtime = lib.item(idx).run_time_ticks;
        let before = *lib.data(user, idx);
        let mut d = before;
        let completed = match kind {
            ReportKind::Playing => {
                if state.playback().count_play(play_session.as_deref()) {
                    d.play_count += 1;
                }
                d.last_played = Some(now);
                d.played = false;
                false
            }
            ReportKind::Progress => {
                position.is_some() && update_play_state(&mut d, runtime, position)
            }
            ReportKind::Stopped if !failed => update_play_state(&mut d, runtime, position),
            ReportKind::Stopped | ReportKind::Ping => false,
        };
        if completed {
            d.last_played = Some(now);
            if state.playback().count_play(play_session.as_deref()) {
                d.play_count += 1;
            }
        }
        if d == before {
            None
        } else {
            d.saved = now;
            *lib.data_mut(user, idx) = d;
            let changed = if d.played != before.played {
                let all = with_ancestors(&lib, idx);
                for a in &all {
                    lib.data_mut(user, *a).saved = now;
                }
                all
            } else {
                vec![idx]
            };
            Some(playstate::event(&lib, user, &changed))
        }
    };
    if let Some(event) = event {
        state.emit(event);
    }
    Ok(respond::empty(StatusCode::NO_CONTENT))
}

pub async fn playing(
    State(state): State<AppState>,
    ctx: Ctx,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    report(state, ctx, body, ReportKind::Playing).await
}

pub async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    report(state, ctx, body, ReportKind::Progress).await
}

pub async fn stopped(
    State(state): State<AppState>,
    ctx: Ctx,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    report(state, ctx, body, ReportKind::Stopped).await
}

/// `POST /Sessions/Playing/Ping?playSessionId=`: keeps a transcode alive; only counted here.
pub async fn ping(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let summary = json!({
        "kind": "Ping",
        "user": lib.users[user].name,
        "PlaySessionId": ctx.query.get("playsessionid"),
    });
    drop(lib);
    state.playback().record_report(ReportKind::Ping, summary);
    Ok(respond::empty(StatusCode::NO_CONTENT))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUNTIME: i64 = 600_000_000;

    fn apply(position: Option<i64>) -> (UserData, bool) {
        let mut d = UserData {
            position: 123,
            ..UserData::default()
        };
        let completed = update_play_state(&mut d, Some(RUNTIME), position);
        (d, completed)
    }

    #[test]
    fn jellyfin_resume_rules() {
        // Under 5%: no position kept.
        assert_eq!(apply(Some(RUNTIME * 4 / 100)), (UserData::default(), false));
        // 5% to 90%: the exact position.
        let (d, done) = apply(Some(RUNTIME / 2 + 1));
        assert_eq!(
            (d.position, d.played, done),
            (RUNTIME / 2 + 1, false, false)
        );
        let (d, _) = apply(Some(RUNTIME * 90 / 100));
        assert_eq!(d.position, RUNTIME * 90 / 100, "exactly 90% still resumes");
        // Past 90%: played, back to 0.
        let (d, done) = apply(Some(RUNTIME * 90 / 100 + 1));
        assert_eq!((d.position, d.played, done), (0, true, true));
        // No position on a stop: played.
        let (d, done) = apply(None);
        assert_eq!((d.position, d.played, done), (0, true, true));
    }

    #[test]
    fn within_a_second_of_the_end_is_played_whatever_the_percentage() {
        let mut d = UserData::default();
        // A 5 s item: 4.2 s is 84%, but within a second of the end.
        assert!(update_play_state(
            &mut d,
            Some(50_000_000),
            Some(42_000_000)
        ));
        assert!(d.played);
    }
}
