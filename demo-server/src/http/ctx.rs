//! What every API handler reads its request through: the session the gate set, the
//! case-insensitive query and the path parameters.
use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::StatusCode;

use crate::http::auth::Session;
use crate::http::query::Query;
use crate::http::respond::{self, Reject};
use crate::library::Library;

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
