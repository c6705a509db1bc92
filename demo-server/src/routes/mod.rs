//! The Jellyfin API routes. Every 10.9+ path also exists in its legacy `/Users/{userId}/...`
//! form; both forms share one handler, which reads its parameters through `Ctx`.

pub mod images;
pub mod items;
pub mod persons;
pub mod shows;
pub mod socket;
pub mod system;
pub mod userdata;
pub mod users;

use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;

use crate::auth::Session;
use crate::library::Library;
use crate::query::Query;
use crate::respond::{self, Reject};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/System/Info/Public", get(system::info_public))
        .route("/System/Info", get(system::info))
        .route("/System/Ping", get(system::ping).post(system::ping))
        .route("/Users/AuthenticateByName", post(users::authenticate))
        .route("/Users/Me", get(users::me))
        .route("/Users/{userId}", get(users::by_id))
        .route("/Sessions/Logout", post(users::logout))
        .route("/UserViews", get(items::views))
        .route("/Users/{userId}/Views", get(items::views))
        .route("/Items", get(items::items))
        .route("/Users/{userId}/Items", get(items::items))
        .route("/Items/Latest", get(items::latest))
        .route("/Users/{userId}/Items/Latest", get(items::latest))
        .route("/UserItems/Resume", get(items::resume))
        .route("/Users/{userId}/Items/Resume", get(items::resume))
        .route("/Items/{itemId}", get(items::item))
        .route("/Users/{userId}/Items/{itemId}", get(items::item))
        .route("/Persons", get(persons::persons))
        .route("/Shows/NextUp", get(shows::next_up))
        .route("/Shows/{seriesId}/Seasons", get(shows::seasons))
        .route("/Shows/{seriesId}/Episodes", get(shows::episodes))
        .route("/Items/{itemId}/Images/{imageType}", get(images::image))
        .route(
            "/Items/{itemId}/Images/{imageType}/{imageIndex}",
            get(images::image),
        )
        .route(
            "/UserPlayedItems/{itemId}",
            post(userdata::mark_played).delete(userdata::mark_unplayed),
        )
        .route(
            "/Users/{userId}/PlayedItems/{itemId}",
            post(userdata::mark_played).delete(userdata::mark_unplayed),
        )
        .route(
            "/UserFavoriteItems/{itemId}",
            post(userdata::mark_favorite).delete(userdata::unmark_favorite),
        )
        .route(
            "/Users/{userId}/FavoriteItems/{itemId}",
            post(userdata::mark_favorite).delete(userdata::unmark_favorite),
        )
        .route("/socket", get(socket::socket))
}

/// What every handler needs: the session (set by the gate), the case-insensitive query,
/// and the path parameters (absent in the 10.9+ forms).
pub struct Ctx {
    pub session: Option<Session>,
    pub query: Query,
    pub params: HashMap<String, String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let params = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|p| p.0)
            .unwrap_or_default();
        Ok(Ctx {
            session: parts.extensions.get::<Session>().cloned(),
            query: Query::parse(parts.uri.query()),
            params,
        })
    }
}

impl Ctx {
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or("")
    }

    /// The user the request acts for: the token's user. A `userId` in the path or query
    /// naming someone else is refused (403) as Jellyfin does for non-administrators.
    pub fn user(&self, lib: &Library) -> Result<usize, Reject> {
        let Some(session) = &self.session else {
            return Err(respond::empty(StatusCode::UNAUTHORIZED).into());
        };
        let asked = self
            .params
            .get("userId")
            .map(String::as_str)
            .or_else(|| self.query.get("userid"));
        if let Some(asked) = asked {
            if lib.user_by_id(asked) != Some(session.user) {
                return Err(respond::empty(StatusCode::FORBIDDEN).into());
            }
        }
        Ok(session.user)
    }
}
