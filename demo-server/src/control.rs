//! `/__demo/`: a control surface for tests and the demo, outside the Jellyfin API (no auth,
//! no latency, no faults, not logged). Library changes here bump Etag and last-saved time
//! and are pushed to sockets like a real server's library scan would be.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::dto::{self, Render};
use crate::events::Event;
use crate::faults::{self, Mode};
use crate::generate;
use crate::json_body::{JsonBody, Object};
use crate::library::{Kind, Library};
use crate::playstate;
use crate::respond::{self, Reject};
use crate::rng::hex;
use crate::routes::Ctx;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/__demo", get(index))
        .route("/__demo/", get(index))
        .route("/__demo/items", post(add_item))
        .route(
            "/__demo/items/{itemId}",
            get(get_item).post(update_item).delete(delete_item),
        )
        .route("/__demo/userdata/{itemId}", post(set_user_data))
        .route("/__demo/latency", get(get_latency).post(set_latency))
        .route(
            "/__demo/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__demo/tokens/revoke", post(revoke_tokens))
        .route("/__demo/requests", get(get_requests).delete(clear_requests))
        .route("/__demo/reset", post(reset))
}

type Body = Object;

const NOT_AN_OBJECT: &str = "body must be a JSON object";

/// Case-insensitive body field.
fn field<'a>(body: &'a Body, name: &str) -> Option<&'a Value> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn bad(message: &str) -> Reject {
    Reject::bad_request(message)
}

fn not_found(what: &str) -> Reject {
    Reject::error(StatusCode::NOT_FOUND, &format!("{what} not found"))
}

/// `User` as a name or id; the main `demo` user when absent.
fn user_arg(lib: &Library, name: Option<&str>) -> Option<usize> {
    match name {
        None => Some(0),
        Some(n) => lib.user_by_name(n).or_else(|| lib.user_by_id(n)),
    }
}

async fn index() -> Response {
    respond::json(&json!({
        "endpoints": [
            "GET|POST|DELETE /__demo/items/{id}  (POST body: Name, Overview, CommunityRating, ProductionYear; GET ?user=demo)",
            "POST /__demo/items  {Type: Movie|Series|Season|Episode, Name, SeasonId|SeriesId}",
            "POST /__demo/userdata/{id}  {User, Played?, IsFavorite?, PlaybackPositionTicks?}",
            "GET|POST /__demo/latency  {ms, everywhere?}",
            "GET|POST|DELETE /__demo/faults  {prefix, mode: status|malformed|truncated|wrong_shape|missing_id|stall|empty_object|empty_array|items_null|empty_body|html|wrong_content_type, status?, ms?, count?, retry_after? (seconds, with status)}",
            "POST /__demo/tokens/revoke",
            "GET|DELETE /__demo/requests",
            "GET|POST|DELETE /__demo/playback  {force_transcoding?, segment_fault?: {mode: status|stall, status?, ms?, segments?, count?} | null}",
            "POST /__demo/reset",
        ]
    }))
}

async fn get_item(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let lib = state.read();
    let user = user_arg(&lib, ctx.query.get("user")).ok_or_else(|| bad("unknown user"))?;
    let idx = lib
        .find(ctx.param("itemId"))
        .ok_or_else(|| not_found("item"))?;
    Ok(respond::json(&dto::item(
        &lib,
        &state.server_id,
        idx,
        &Render::full(Some(user)),
    )))
}

fn opt_string(v: &Value) -> Result<Option<String>, Reject> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(bad("expected a string or null")),
    }
}

fn opt_number(v: &Value) -> Result<Option<f64>, Reject> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        _ => Err(bad("expected a number or null")),
    }
}

/// The editable metadata a body names (`None`: not named, left as it is), read whole before
/// anything changes, so a refused body changes nothing.
struct Metadata {
    name: Option<String>,
    overview: Option<Option<String>>,
    community_rating: Option<Option<f64>>,
    production_year: Option<Option<f64>>,
}

impl Metadata {
    fn read(body: &Body) -> Result<Metadata, Reject> {
        let name = match field(body, "Name") {
            None => None,
            Some(v) => match opt_string(v)? {
                Some(name) if !name.trim().is_empty() => Some(name),
                _ => return Err(bad("Name must be a non-empty string")),
            },
        };
        Ok(Metadata {
            name,
            overview: field(body, "Overview").map(opt_string).transpose()?,
            community_rating: field(body, "CommunityRating").map(opt_number).transpose()?,
            production_year: field(body, "ProductionYear").map(opt_number).transpose()?,
        })
    }

    fn apply(self, lib: &mut Library, idx: u32) {
        let item = lib.item_mut(idx);
        if let Some(name) = self.name {
            item.set_name(name);
        }
        if let Some(overview) = self.overview {
            item.overview = overview;
        }
        if let Some(rating) = self.community_rating {
            item.community_rating = rating.map(|r| r as f32);
        }
        if let Some(year) = self.production_year {
            item.production_year = year.map(|y| y as i32);
        }
    }
}

async fn update_item(
    State(state): State<AppState>,
    ctx: Ctx,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty(NOT_AN_OBJECT)?;
    let now = state.now();
    let (json, id) = {
        let mut lib = state.write();
        let user = user_arg(&lib, ctx.query.get("user")).ok_or_else(|| bad("unknown user"))?;
        let idx = lib
            .find(ctx.param("itemId"))
            .ok_or_else(|| not_found("item"))?;
        Metadata::read(&body)?.apply(&mut lib, idx);
        lib.touch(idx, now);
        lib.reposition(idx);
        let json = dto::item(&lib, &state.server_id, idx, &Render::full(Some(user)));
        (json, lib.item(idx).id_hex())
    };
    state.emit(Event::LibraryChanged {
        added: vec![],
        updated: vec![id],
        removed: vec![],
    });
    Ok(respond::json(&json))
}

fn str_field<'a>(body: &'a Body, name: &str) -> Option<&'a str> {
    field(body, name).and_then(Value::as_str)
}

/// Adds the Movie, Series, Season or Episode a body describes, under the right parent.
fn new_item(lib: &mut Library, body: &Body, now: i64) -> Result<u32, Reject> {
    let kind = str_field(body, "Type")
        .and_then(Kind::parse)
        .filter(|k| *k != Kind::CollectionFolder)
        .ok_or_else(|| bad("Type must be Movie, Series, Season or Episode"))?;
    let parent_of = |lib: &Library, key: &str, want: Kind| -> Result<u32, Reject> {
        let id = str_field(body, key).ok_or_else(|| bad(&format!("{key} is required")))?;
        lib.find(id)
            .filter(|p| lib.item(*p).kind == want)
            .ok_or_else(|| not_found(key))
    };
    let parent = match kind {
        Kind::Movie => lib.movies_lib,
        Kind::Series => lib.shows_lib,
        Kind::Season => parent_of(lib, "SeriesId", Kind::Series)?,
        _ => parent_of(lib, "SeasonId", Kind::Season)?,
    };
    let name = str_field(body, "Name")
        .map(str::to_string)
        .unwrap_or_else(|| generate::default_name(lib, kind, parent));
    if name.trim().is_empty() {
        return Err(bad("Name is required"));
    }
    // Overview / CommunityRating / ProductionYear from the body win over generated ones.
    let mut rest = body.clone();
    rest.retain(|k, _| !k.eq_ignore_ascii_case("Name"));
    let metadata = Metadata::read(&rest)?;
    let idx = generate::add_item(lib, kind, parent, &name, now);
    metadata.apply(lib, idx);
    lib.reposition(idx);
    Ok(idx)
}

async fn add_item(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty(NOT_AN_OBJECT)?;
    let now = state.now();
    let (json, id) = {
        let mut lib = state.write();
        let idx = new_item(&mut lib, &body, now)?;
        let json = dto::item(&lib, &state.server_id, idx, &Render::full(Some(0)));
        (json, lib.item(idx).id_hex())
    };
    state.emit(Event::LibraryChanged {
        added: vec![id],
        updated: vec![],
        removed: vec![],
    });
    Ok(respond::json(&json))
}

async fn delete_item(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let removed: Vec<String> = {
        let mut lib = state.write();
        let idx = lib
            .find(ctx.param("itemId"))
            .ok_or_else(|| not_found("item"))?;
        if lib.item(idx).kind == Kind::CollectionFolder {
            return Err(bad("libraries cannot be removed"));
        }
        let gone = lib.remove(idx);
        gone.iter().map(|i| lib.item(*i).id_hex()).collect()
    };
    state.emit(Event::LibraryChanged {
        added: vec![],
        updated: vec![],
        removed: removed.clone(),
    });
    Ok(respond::json(&json!({ "removed": removed })))
}

async fn set_user_data(
    State(state): State<AppState>,
    ctx: Ctx,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty(NOT_AN_OBJECT)?;
    let now = state.now();
    let (json, event) = {
        let mut lib = state.write();
        let user = user_arg(&lib, str_field(&body, "User")).ok_or_else(|| bad("unknown user"))?;
        let idx = lib
            .find(ctx.param("itemId"))
            .ok_or_else(|| not_found("item"))?;
        let mut changed: Vec<u32> = Vec::new();
        let mut merge = |list: Vec<u32>| {
            for i in list {
                if !changed.contains(&i) {
                    changed.push(i);
                }
            }
        };
        if let Some(v) = field(&body, "Played") {
            let played = v.as_bool().ok_or_else(|| bad("Played must be a boolean"))?;
            merge(playstate::set_played(&mut lib, user, idx, played, now));
        }
        if let Some(v) = field(&body, "IsFavorite") {
            let favorite = v
                .as_bool()
                .ok_or_else(|| bad("IsFavorite must be a boolean"))?;
            merge(playstate::set_favorite(&mut lib, user, idx, favorite, now));
        }
        if let Some(v) = field(&body, "PlaybackPositionTicks") {
            let ticks = v
                .as_i64()
                .ok_or_else(|| bad("PlaybackPositionTicks must be an integer"))?;
            merge(playstate::set_position(&mut lib, user, idx, ticks, now));
        }
        if changed.is_empty() {
            return Err(bad(
                "nothing to change: give Played, IsFavorite or PlaybackPositionTicks",
            ));
        }
        (
            dto::user_data(&lib, idx, user, false),
            playstate::event(&lib, user, &changed),
        )
    };
    state.emit(event);
    Ok(respond::json(&json))
}

async fn get_latency(State(state): State<AppState>) -> Response {
    respond::json(&json!({ "ms": state.latency(), "everywhere": state.latency_everywhere() }))
}

async fn set_latency(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty(NOT_AN_OBJECT)?;
    let ms = field(&body, "ms")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("ms must be a non-negative integer"))?;
    // `everywhere` is optional: absent keeps the current scope.
    let everywhere = match field(&body, "everywhere") {
        None | Some(Value::Null) => state.latency_everywhere(),
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad("everywhere must be true or false")),
    };
    state.set_latency(ms);
    state.set_latency_everywhere(everywhere);
    Ok(respond::json(
        &json!({ "ms": ms, "everywhere": everywhere }),
    ))
}

async fn list_faults(State(state): State<AppState>) -> Response {
    respond::json(&state.faults().to_json())
}

async fn add_fault(
    State(state): State<AppState>,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let body = body.object_or_empty(NOT_AN_OBJECT)?;
    let prefix = str_field(&body, "prefix")
        .filter(|p| p.starts_with('/'))
        .ok_or_else(|| bad("prefix must be a path starting with /"))?;
    let mode = str_field(&body, "mode")
        .and_then(Mode::parse)
        .ok_or_else(|| bad(&format!("mode must be one of {}", faults::mode_names())))?;
    let status = match field(&body, "status") {
        None => 500,
        Some(v) => v
            .as_u64()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| bad("status must be an HTTP status code"))? as u16,
    };
    let ms = match field(&body, "ms") {
        None => 60_000,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| bad("ms must be a non-negative integer"))?,
    };
    let count = match field(&body, "count") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|c| *c > 0)
                .ok_or_else(|| bad("count must be a positive integer"))?,
        ),
    };
    let retry_after = match field(&body, "retry_after") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| bad("retry_after must be a number of seconds"))?,
        ),
    };
    let fault = state
        .faults()
        .add(prefix.to_string(), mode, status, ms, count, retry_after);
    Ok(respond::json(&fault.to_json()))
}

async fn clear_faults(State(state): State<AppState>) -> Response {
    state.faults().clear();
    respond::json(&json!([]))
}

async fn revoke_tokens(State(state): State<AppState>) -> Response {
    let revoked = state.sessions().revoke_all();
    respond::json(&json!({ "revoked": revoked }))
}

async fn get_requests(State(state): State<AppState>) -> Response {
    respond::json(&state.requests().to_json())
}

async fn clear_requests(State(state): State<AppState>) -> Response {
    let mut log = state.requests();
    log.reset();
    respond::json(&log.to_json())
}

/// Back to the generated library with no faults and no latency. Sessions stay valid.
/// Sockets hear about the difference as one LibraryChanged.
async fn reset(State(state): State<AppState>) -> Response {
    state.downloads.reset();
    let fresh = generate::generate(&state.config);
    let (added, updated, removed, count) = {
        let mut lib = state.write();
        let before: HashMap<u128, u128> = lib
            .items
            .iter()
            .filter(|i| !i.removed)
            .map(|i| (i.id, i.etag))
            .collect();
        *lib = fresh;
        let mut added = Vec::new();
        let mut updated = Vec::new();
        for item in &lib.items {
            match before.get(&item.id) {
                None => added.push(hex(item.id)),
                Some(etag) if *etag != item.etag => updated.push(hex(item.id)),
                Some(_) => {}
            }
        }
        let removed: Vec<String> = before
            .keys()
            .filter(|id| !lib.index.contains_key(id))
            .map(|id| hex(*id))
            .collect();
        (added, updated, removed, lib.items.len())
    };
    state.faults().clear();
    state.set_latency(0);
    state.set_latency_everywhere(state.config.latency_everywhere);
    *state.playback() = Default::default();
    if !(added.is_empty() && updated.is_empty() && removed.is_empty()) {
        state.emit(Event::LibraryChanged {
            added,
            updated,
            removed,
        });
    }
    respond::json(&json!({ "ok": true, "items": count }))
}
