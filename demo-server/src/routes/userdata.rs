//! Played and favorite marks (`/UserPlayedItems/{id}`, `/UserFavoriteItems/{id}` and the
//! legacy `/Users/{u}/...` forms). Each answers the updated UserItemDataDto.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::dto;
use crate::library::Library;
use crate::playstate;
use crate::respond;
use crate::routes::Ctx;
use crate::AppState;

type Change = fn(&mut Library, usize, u32, i64) -> Vec<u32>;

fn apply(state: &AppState, ctx: &Ctx, change: Change) -> Response {
    let now = state.now();
    let (body, event) = {
        let mut lib = state.write();
        let user = match ctx.user(&lib) {
            Ok(u) => u,
            Err(resp) => return axum::response::IntoResponse::into_response(resp),
        };
        let Some(idx) = lib.find(ctx.param("itemId")) else {
            return respond::empty(StatusCode::NOT_FOUND);
        };
        let changed = change(&mut lib, user, idx, now);
        (
            dto::user_data(&lib, idx, user, false),
            playstate::event(&lib, user, &changed),
        )
    };
    state.emit(event);
    respond::json(&body)
}

pub async fn mark_played(State(state): State<AppState>, ctx: Ctx) -> Response {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_played(lib, user, idx, true, now)
    })
}

pub async fn mark_unplayed(State(state): State<AppState>, ctx: Ctx) -> Response {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_played(lib, user, idx, false, now)
    })
}

pub async fn mark_favorite(State(state): State<AppState>, ctx: Ctx) -> Response {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_favorite(lib, user, idx, true, now)
    })
}

pub async fn unmark_favorite(State(state): State<AppState>, ctx: Ctx) -> Response {
    apply(&state, &ctx, |lib, user, idx, now| {
        playstate::set_favorite(lib, user, idx, false, now)
    })
}
