//! Signing in and out: the orchestration above the store. Logging in finds the server and
//! saves the session; logging out ends the token (now, or when the server is next reachable),
//! and deletes the user's database, images, library kinds and downloads, telling other tabs.
mod revocation;

use std::time::Duration;

use leptos::prelude::*;
use marquee_core::cache::CacheError;
use marquee_core::jellyfin::request::{
    server_url_candidates, ApiRequest, Endpoints, HttpMethod, PathStyle,
};
use marquee_core::jellyfin::{AuthenticationResult, PublicSystemInfo};
use marquee_core::tab_message::TabMessage;

use crate::cache::{page_snapshots, session_db, IdbCache};
use crate::net::{browser_client_info, JellyfinClient, NetError};
use crate::session::{Session, SessionCtx};
use crate::store::Store;

pub use revocation::send_pending as send_pending_revocations;

/// Reads the saved session into `ctx` (once, at start), then sends the tokens an offline log
/// out left to end.
pub fn provide_session() -> SessionCtx {
    let ctx = SessionCtx::provide();
    leptos::task::spawn_local(async move {
        let saved = session_db::load_session().await.ok().flatten();
        ctx.current.set(saved);
        ctx.ready.set(true);
        revocation::send_pending();
    });
    ctx
}

/// The server no longer accepts the token: the saved session goes (the user's data stays for
/// their next login) and the app returns to the login page.
pub async fn forget_expired_session(ctx: SessionCtx) {
    let _ = session_db::clear_session().await;
    ctx.current.try_set(None);
}

/// Pending token revocations go out whenever the store finds the server reachable again.
pub fn send_revocations_when_online(store: &Store) {
    let online = store.online();
    Effect::new(move |was: Option<bool>| {
        let now = online.get();
        if now && was == Some(false) {
            revocation::send_pending();
        }
        now
    });
}

/// Why logging in did not work, in words for the login form.
#[derive(Debug, Clone, PartialEq)]
pub enum LoginError {
    MissingFields,
    Unreachable(String),
    WrongCredentials,
    Server(String),
}

impl std::fmt::Display for LoginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginError::MissingFields => f.write_str("Enter the server address and your user name."),
            LoginError::Unreachable(url) => write!(
                f,
                "Can't reach a Jellyfin server at {url}. Check the address and that the server is running."
            ),
            LoginError::WrongCredentials => f.write_str("Wrong user name or password."),
            LoginError::Server(why) => write!(f, "Login failed: {why}."),
        }
    }
}

/// Asks the server who it is, logs in, and saves the session.
pub async fn login(server: &str, username: &str, password: &str) -> Result<Session, LoginError> {
    if server.trim().is_empty() || username.trim().is_empty() {
        return Err(LoginError::MissingFields);
    }
    let device_id = session_db::device_id().await;
    let unauthenticated = Endpoints {
        style: PathStyle::Modern,
        user_id: String::new(),
    };
    // "demo.local:8096" is tried as https:// first, then http://.
    let mut found = Err(LoginError::MissingFields);
    for candidate in server_url_candidates(server) {
        let client = JellyfinClient::new(&candidate, browser_client_info(&device_id), None);
        found = match client
            .send_json::<PublicSystemInfo>(&unauthenticated.public_info())
            .await
        {
            Ok(info) => Ok((candidate, client, info)),
            Err(NetError::Offline | NetError::Timeout | NetError::BadData(_)) => {
                Err(LoginError::Unreachable(candidate))
            }
            Err(other) => Err(LoginError::Server(other.to_string())),
        };
        if found.is_ok() {
            break;
        }
    }
    let (server_url, anonymous, info) = found?;

    let auth: AuthenticationResult = anonymous
        .send_json(&unauthenticated.authenticate_by_name(username.trim(), password))
        .await
        .map_err(|e| match e {
            NetError::Unauthorized
            | NetError::Http {
                status: 400..=499, ..
            } => LoginError::WrongCredentials,
            NetError::Offline | NetError::Timeout => LoginError::Unreachable(server_url.clone()),
            other => LoginError::Server(other.to_string()),
        })?;

    let session = Session {
        server_url,
        server_id: if auth.server_id.is_empty() {
            info.id.clone()
        } else {
            auth.server_id.clone()
        },
        server_name: info.server_name.clone(),
        server_version: info.version.clone(),
        user_id: auth.user.id.clone(),
        user_name: if auth.user.name.is_empty() {
            username.trim().to_string()
        } else {
            auth.user.name.clone()
        },
        token: auth.access_token,
        device_id,
    };
    // Without storage (private mode, disabled) the user still gets in for this visit; the
    // store then says that nothing will be kept.
    if let Err(e) = session_db::save_session(&session).await {
        web_sys::console::warn_1(&format!("the session could not be saved: {e}").into());
    }
    Ok(session)
}

/// How long logging out waits for the server to end the token (offline, it stays valid there).
const LOGOUT_REQUEST_TIMEOUT: Duration = Duration::from_secs(3);

/// Logs the user out of this browser: tells the user's other tabs (they go to the login page),
/// asks the server to end the token, and deletes the saved session, the user's database and the
/// image cache, so the next user sees nothing of this one. The device id stays: Jellyfin retires
/// a device's older tokens by it.
pub async fn logout(ctx: SessionCtx, store: Option<Store>) -> Result<(), CacheError> {
    let Some(session) = ctx.current.get_untracked() else {
        return Ok(());
    };
    if let Some(store) = &store {
        store.announce(&TabMessage::LoggedOut);
        // Stops the download under way (whichever tab runs it) before its folder goes.
        store.remove_all_downloads().await;
    }
    let end_token = ApiRequest::new(HttpMethod::Post, "/Sessions/Logout");
    let ended = JellyfinClient::for_session(&session)
        .with_timeout(LOGOUT_REQUEST_TIMEOUT)
        .send_text(&end_token)
        .await;
    if matches!(ended, Err(NetError::Offline | NetError::Timeout)) {
        // The server never heard: end the token when it is next reachable.
        revocation::keep(session_db::Revocation {
            server_url: session.server_url.clone(),
            device_id: session.device_id.clone(),
            token: session.token.clone(),
        })
        .await;
    }
    // Every step runs even if one fails (storage may be unavailable); the first error is returned.
    let cleared = session_db::clear_session().await;
    let pictures = page_snapshots::clear().and(session_db::delete_old_pictures().await);
    // Drops this tab's store; deleting the database closes every tab's connection to it.
    ctx.current.set(None);
    crate::pwa::storage::delete_image_cache().await;
    let deleted = IdbCache::delete_database(&session.database_name()).await;
    crate::cache::library_kinds::forget_all(&session.database_name());
    crate::files::delete_all_when_closed(&session.database_name()).await;
    // Once more: an image still loading in a closing tab may have re-created the cache.
    crate::pwa::storage::delete_image_cache().await;
    cleared.and(pictures).and(deleted)
}
