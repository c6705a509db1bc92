//! Views, `/Items` (paged queries), one item, Continue Watching (resume) and Latest.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{json, Value};

use crate::http::ctx::Ctx;
use crate::http::respond::{self, Reject};
use crate::library::dto::{self, Render};
use crate::library::search::ItemQuery;
use crate::library::{Kind, SortKey};
use crate::AppState;

pub async fn views(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let render = Render::from_query(&ctx.query, Some(user));
    let items: Vec<Value> = lib
        .libraries()
        .iter()
        .map(|l| dto::item(&lib, &state.server_id, *l, &render))
        .collect();
    let total = items.len();
    Ok(respond::json(&dto::page(items, total, 0)))
}

pub async fn items(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let seed = state.random_seed();
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let query = ItemQuery::parse(&ctx.query, &lib, user);
    let result = query.run(&lib, seed);
    let render = Render::from_query(&ctx.query, Some(user));
    let items: Vec<Value> = result
        .items
        .iter()
        .map(|i| dto::item(&lib, &state.server_id, *i, &render))
        .collect();
    Ok(respond::json(&dto::page(items, result.total, query.start)))
}

pub async fn item(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let id = ctx.param("itemId");
    if let Some(idx) = lib.find(id) {
        return Ok(respond::json(&dto::item(
            &lib,
            &state.server_id,
            idx,
            &Render::full(Some(user)),
        )));
    }
    let person = lib
        .find_person(id)
        .ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
    let idx = lib.person_index[&person.id] as usize;
    Ok(respond::json(&dto::person(&lib, &state.server_id, idx)))
}

/// Continue Watching: in-progress videos, most recently played first.
pub async fn resume(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let mut query = ItemQuery::parse(&ctx.query, &lib, user);
    query.recursive = true;
    query.resumable = true;
    query.is_folder = Some(false);
    let mut found: Vec<u32> = lib
        .order(SortKey::SortName)
        .iter()
        .copied()
        .filter(|i| query.matches(&lib, *i))
        .collect();
    found.sort_by_key(|i| std::cmp::Reverse((lib.data(user, *i).last_played, lib.item(*i).id)));
    let total = found.len();
    let render = Render::from_query(&ctx.query, Some(user));
    let items: Vec<Value> = found
        .iter()
        .skip(query.start)
        .take(query.limit.unwrap_or(usize::MAX))
        .map(|i| dto::item(&lib, &state.server_id, *i, &render))
        .collect();
    let total = if query.count_total {
        total
    } else {
        items.len()
    };
    Ok(respond::json(&dto::page(items, total, query.start)))
}

/// Recently added, as a bare array. With `GroupItems` (default), new episodes of one series
/// collapse into that series with `ChildCount` = how many are new, as Jellyfin 10.10 does.
pub async fn latest(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = ctx.user(&lib)?;
    let mut query = ItemQuery::parse(&ctx.query, &lib, user);
    query.recursive = true;
    if query.include.is_empty() {
        query.is_folder = Some(false);
    }
    // The default user configuration has HidePlayedInLatest.
    if query.played.is_none() {
        query.played = Some(false);
    }
    let limit = ctx.query.usize("limit").unwrap_or(20);
    let group = ctx.query.bool("groupitems").unwrap_or(true);
    // (container, items) in first-seen order; Jellyfin looks at limit × 5 candidates.
    let mut groups: Vec<(Option<u32>, Vec<u32>)> = Vec::new();
    let mut by_container: HashMap<u32, usize> = HashMap::new();
    let candidates = lib
        .order(SortKey::DateCreated)
        .iter()
        .rev()
        .copied()
        .filter(|i| query.matches(&lib, *i))
        .take(limit.saturating_mul(5));
    for idx in candidates {
        if groups.len() >= limit {
            break;
        }
        let item = lib.item(idx);
        let container = if group && item.kind == Kind::Episode {
            item.series
        } else {
            None
        };
        match container.and_then(|c| by_container.get(&c)) {
            Some(g) => groups[*g].1.push(idx),
            None => {
                if let Some(c) = container {
                    by_container.insert(c, groups.len());
                }
                groups.push((container, vec![idx]));
            }
        }
    }
    let render = Render::from_query(&ctx.query, Some(user));
    let out: Vec<Value> = groups
        .iter()
        .map(|(container, members)| match container {
            Some(c) if members.len() > 1 => {
                let mut v = dto::item(&lib, &state.server_id, *c, &render);
                v["ChildCount"] = json!(members.len());
                v
            }
            _ => dto::item(&lib, &state.server_id, members[0], &render),
        })
        .collect();
    Ok(respond::json(&Value::Array(out)))
}
