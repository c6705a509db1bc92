//! `/Persons?SearchTerm=…`: people whose name contains the term (case and accents ignored),
//! by name, as Jellyfin's people search answers.

use axum::extract::State;
use axum::response::IntoResponse;
use serde_json::Value;

use crate::http::ctx::Ctx;
use crate::http::respond::{self, Reject};
use crate::library::dto;
use crate::library::names;
use crate::AppState;

/// Results when the request names no `Limit`.
const DEFAULT_LIMIT: usize = 50;

pub async fn persons(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    ctx.user(&lib)?;
    let term = ctx
        .query
        .get("searchterm")
        .map(names::fold)
        .unwrap_or_default();
    let limit = ctx.query.usize("limit").unwrap_or(DEFAULT_LIMIT);
    let mut matching: Vec<usize> = (0..lib.people.len())
        .filter(|i| names::fold(&lib.people[*i].name).contains(term.trim()))
        .collect();
    matching.sort_by(|a, b| lib.people[*a].name.cmp(&lib.people[*b].name));
    let total = matching.len();
    let items: Vec<Value> = matching
        .into_iter()
        .take(limit)
        .map(|i| dto::person(&lib, &state.server_id, i))
        .collect();
    Ok(respond::json(&dto::page(items, total, 0)))
}
