//! Who is logged in where: the session record and the context that holds it. A leaf: the
//! login and logout flows that fill and empty it live in `account`.
use leptos::prelude::*;
use marquee_core::jellyfin::request::{Endpoints, PathStyle};
use serde::{Deserialize, Serialize};

/// A logged-in user on one server. Persisted in IndexedDB so reloads and offline starts keep it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub server_url: String,
    pub server_id: String,
    pub server_name: Option<String>,
    pub server_version: String,
    pub user_id: String,
    pub user_name: String,
    pub token: String,
    pub device_id: String,
}

impl std::fmt::Debug for Session {
    // Hand-written so the token never lands in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("server_url", &self.server_url)
            .field("user_name", &self.user_name)
            .field("token", &"<redacted>")
            .finish()
    }
}

impl Session {
    pub fn endpoints(&self) -> Endpoints {
        Endpoints {
            style: PathStyle::for_version(&self.server_version),
            user_id: self.user_id.clone(),
        }
    }

    /// One database per server and user, so logging out can delete exactly this user's data.
    pub fn database_name(&self) -> String {
        format!("marquee-{}-{}", self.server_id, self.user_id)
    }
}

/// The app-wide session state: `ready` turns true once the saved session has been read.
#[derive(Clone, Copy)]
pub struct SessionCtx {
    pub current: RwSignal<Option<Session>>,
    pub ready: RwSignal<bool>,
}

impl SessionCtx {
    /// Empty and not ready; `account::provide_session` fills it from the saved session.
    pub fn provide() -> Self {
        let ctx = Self {
            current: RwSignal::new(None),
            ready: RwSignal::new(false),
        };
        provide_context(ctx);
        ctx
    }
}

pub fn use_session() -> SessionCtx {
    expect_context::<SessionCtx>()
}
