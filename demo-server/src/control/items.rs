//! `/__demo/items` and `/__demo/userdata`: change, add and remove items, and change a user's
//! data as another client would.

use axum::extract::State;
use axum::response::IntoResponse;
use serde_json::{json, Value};

use crate::http::ctx::Ctx;
use crate::http::events::Event;
use crate::http::json_body::JsonBody;
use crate::http::respond::{self, Reject};
use crate::library::dto::{self, Render};
use crate::library::{generate, playstate, Kind, Library};
use crate::AppState;

use super::{bad, field, not_found, str_field, user_arg, Body, NOT_AN_OBJECT};

pub(super) async fn get_item(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
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

pub(super) async fn update_item(
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

pub(super) async fn add_item(
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

pub(super) async fn delete_item(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<impl IntoResponse, Reject> {
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

pub(super) async fn set_user_data(
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
