//! TV: Next Up, a series' seasons, and its episodes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::http::ctx::Ctx;
use crate::http::respond::{self, Reject};
use crate::library::dto::{self, Render};
use crate::library::{Kind, Library};
use crate::AppState;

/// Seasons in display order: specials (no number) first, as Jellyfin lists them.
fn seasons_of(lib: &Library, series: u32) -> Vec<u32> {
    let mut seasons = lib.item(series).children.clone();
    seasons.sort_by(|a, b| {
        let (x, y) = (lib.item(*a), lib.item(*b));
        (x.index_number.unwrap_or(0), &x.sort_name, x.id).cmp(&(
            y.index_number.unwrap_or(0),
            &y.sort_name,
            y.id,
        ))
    });
    seasons
}

fn episodes_in(lib: &Library, season: u32) -> Vec<u32> {
    let mut eps = lib.item(season).children.clone();
    eps.sort_by_key(|e| (lib.item(*e).index_number.unwrap_or(0), lib.item(*e).id));
    eps
}

fn page(ctx: &Ctx, lib: &Library, server_id: &str, user: usize, list: &[u32]) -> Response {
    let start = ctx.query.usize("startindex").unwrap_or(0);
    let limit = ctx.query.usize("limit").unwrap_or(usize::MAX);
    let render = Render::from_query(&ctx.query, Some(user));
    let items: Vec<Value> = list
        .iter()
        .skip(start)
        .take(limit)
        .map(|i| dto::item(lib, server_id, *i, &render))
        .collect();
    respond::json(&dto::page(items, list.len(), start))
}

/// For each series the user has started, the first unplayed regular episode after the last
/// played one; series ordered by when they were last watched. With `SeriesId`, an unstarted
/// series yields its first episode.
pub async fn next_up(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let only = match ctx.query.get("seriesid") {
        Some(id) => match lib.find(id).filter(|s| lib.item(*s).kind == Kind::Series) {
            Some(s) => Some(s),
            None => return Ok(respond::json(&dto::page(Vec::new(), 0, 0))),
        },
        None => None,
    };
    let parent = ctx.query.get("parentid").and_then(|p| lib.find(p));
    let mut rows: Vec<(i64, u32)> = Vec::new();
    for lib_idx in lib.libraries() {
        for series in lib.item(lib_idx).children.iter().copied() {
            if lib.item(series).kind != Kind::Series
                || only.is_some_and(|o| o != series)
                || parent.is_some_and(|p| p != series && !lib.is_descendant(series, p))
            {
                continue;
            }
            let episodes: Vec<u32> = seasons_of(&lib, series)
                .into_iter()
                .filter(|s| lib.item(*s).index_number.unwrap_or(0) > 0)
                .flat_map(|s| episodes_in(&lib, s))
                .collect();
            let played = |e: &u32| lib.data(user, *e).played;
            let last_watched = episodes
                .iter()
                .filter_map(|e| lib.data(user, *e).last_played)
                .max();
            let next = match episodes.iter().rposition(played) {
                Some(k) => episodes[k + 1..].iter().find(|e| !played(e)),
                None if only.is_some() => episodes.iter().find(|e| !played(e)),
                None => None,
            };
            if let Some(next) = next {
                rows.push((last_watched.unwrap_or(0), *next));
            }
        }
    }
    rows.sort_by_key(|(last, idx)| std::cmp::Reverse((*last, lib.item(*idx).id)));
    let list: Vec<u32> = rows.into_iter().map(|(_, e)| e).collect();
    Ok(page(&ctx, &lib, &state.server_id, user, &list))
}

fn find_series(lib: &Library, id: &str) -> Option<u32> {
    lib.find(id).filter(|s| lib.item(*s).kind == Kind::Series)
}

pub async fn seasons(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let series = find_series(&lib, ctx.param("seriesId"))
        .ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
    let list = seasons_of(&lib, series);
    Ok(page(&ctx, &lib, &state.server_id, user, &list))
}

pub async fn episodes(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let series = find_series(&lib, ctx.param("seriesId"))
        .ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
    let seasons = seasons_of(&lib, series);
    let chosen: Vec<u32> = if let Some(season_id) = ctx.query.get("seasonid") {
        let season = lib
            .find(season_id)
            .filter(|s| seasons.contains(s))
            .ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
        vec![season]
    } else if let Some(number) = ctx.query.get("season").and_then(|n| n.parse::<i32>().ok()) {
        seasons
            .into_iter()
            .filter(|s| lib.item(*s).index_number.unwrap_or(0) == number)
            .collect()
    } else {
        seasons
    };
    let mut list: Vec<u32> = chosen
        .into_iter()
        .flat_map(|s| episodes_in(&lib, s))
        .collect();
    if let Some(start) = ctx.query.get("startitemid").and_then(|i| lib.find(i)) {
        if let Some(pos) = list.iter().position(|e| *e == start) {
            list.drain(..pos);
        }
    }
    Ok(page(&ctx, &lib, &state.server_id, user, &list))
}
