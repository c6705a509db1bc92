//! `GET /MediaSegments/{itemId}` (Jellyfin 10.10+): every episode has an intro, from 3 s to
//! 13 s of the clip; movies have no segments.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{json, Value};

use crate::http::ctx::Ctx;
use crate::http::respond::{self, Reject};
use crate::library::rng::{hex, id128};
use crate::library::{Item, Kind};
use crate::AppState;

pub const INTRO_START_TICKS: i64 = 30_000_000;
pub const INTRO_END_TICKS: i64 = 130_000_000;

pub fn segments_of(item: &Item) -> Vec<Value> {
    if item.kind != Kind::Episode {
        return Vec::new();
    }
    vec![json!({
        "Id": hex(id128(&[(item.id >> 64) as u64, item.id as u64, 0x1A7_0000])),
        "ItemId": item.id_hex(),
        "Type": "Intro",
        "StartTicks": INTRO_START_TICKS,
        "EndTicks": INTRO_END_TICKS,
    })]
}

pub async fn media_segments(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    ctx.user(&lib)?;
    let idx = lib
        .find(ctx.param("itemId"))
        .ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
    // `includeSegmentTypes=Intro,Outro`: only those kinds (all when absent).
    let wanted = ctx.query.list("includesegmenttypes");
    let items: Vec<Value> = segments_of(lib.item(idx))
        .into_iter()
        .filter(|s| {
            wanted.is_empty()
                || wanted.iter().any(|w| {
                    s["Type"]
                        .as_str()
                        .is_some_and(|t| t.eq_ignore_ascii_case(w))
                })
        })
        .collect();
    let total = items.len();
    Ok(respond::json(
        &json!({ "Items": items, "TotalRecordCount": total, "StartIndex": 0 }),
    ))
}
