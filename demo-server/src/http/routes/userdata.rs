//! Played and favorite marks (`/UserPlayedItems/{id}`, `/UserFavoriteItems/{id}` and the
//! legacy `/Users/{u}/...` forms). Each answers the updated UserItemDataDto.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::http::ctx::Ctx;
use crate::http::respond::{self, Reject};
use crate::library::dto;
use crate::library::playstate;
use crate::library::Library;
use crate::AppState;

type Change = fn(&mut Library, usize, u32, i64) -> Vec<u32>;

fn apply(state: &AppState, ctx: &Ctx, change: Change) -> Result<Response, Reject> {
    let now = state.now();
    let (body, event) = {
        let mut lib = state.write();
        let user = ctx.user(&lib)?;
        let idx = lib
            .find(ctx.param("itemId"))
            .ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
        let changed = change(&mut lib, user, idx, now);
        (
            dto::user_data(&lib, idx, user, false),
            playstate::event(&lib, user, &changed),
        )
    };
    state.emit(event);
    Ok(respond::json(&body))
}

pub async fn mark_played(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_played(lib, user, idx, true, now)
    })
}

pub async fn mark_unplayed(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_played(lib, user, idx, false, now)
    })
}

pub async fn mark_favorite(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_favorite(lib, user, idx, true, now)
    })
}

pub async fn unmark_favorite(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_favorite(lib, user, idx, false, now)
    })
}
