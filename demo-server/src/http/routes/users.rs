//! Login (`/Users/AuthenticateByName`), the current user, logout.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::http::auth::{self, Session};
use crate::http::ctx::Ctx;
use crate::http::json_body::JsonBody;
use crate::http::query::Query;
use crate::http::respond::{self, Reject};
use crate::library::dates::format_iso;
use crate::library::rng::hex;
use crate::AppState;

pub fn user_dto(state: &AppState, user: usize) -> Value {
    let lib = state.read();
    let u = &lib.users[user];
    json!({
        "Name": u.name,
        "ServerId": state.server_id,
        "Id": hex(u.id),
        "HasPassword": true,
        "HasConfiguredPassword": true,
        "HasConfiguredEasyPassword": false,
        "EnableAutoLogin": false,
        "LastLoginDate": format_iso(crate::library::dates::now_us()),
        "LastActivityDate": format_iso(crate::library::dates::now_us()),
        "Configuration": {
            "PlayDefaultAudioTrack": true,
            "SubtitleLanguagePreference": "",
            "DisplayMissingEpisodes": false,
            "GroupedFolders": [],
            "SubtitleMode": "Default",
            "DisplayCollectionsView": false,
            "EnableLocalPassword": false,
            "OrderedViews": [],
            "LatestItemsExcludes": [],
            "MyMediaExcludes": [],
            "HidePlayedInLatest": true,
            "RememberAudioSelections": true,
            "RememberSubtitleSelections": true,
            "EnableNextEpisodeAutoPlay": true,
        },
        "Policy": {
            "IsAdministrator": false,
            "IsHidden": false,
            "IsDisabled": false,
            "EnableAllFolders": true,
            "EnableUserPreferenceAccess": true,
            "EnableMediaPlayback": true,
            "EnableContentDeletion": false,
            "EnableRemoteAccess": true,
            // Required by Jellyfin's schema; these are Jellyfin's built-in providers.
            "AuthenticationProviderId": "Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider",
            "PasswordResetProviderId": "Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider",
        },
    })
}

/// Reads a body field by name, ignoring case (`Username`, `username`, `UserName`).
fn field<'a>(body: &'a Value, names: &[&str]) -> Option<&'a str> {
    let map = body.as_object()?;
    names.iter().find_map(|n| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .and_then(|(_, v)| v.as_str())
    })
}

pub async fn authenticate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<impl IntoResponse, Reject> {
    let info = auth::request_auth(&headers, &Query::default());
    let device_id = info
        .device_id
        .clone()
        .ok_or_else(|| Reject::bad_request("DeviceId is required in the Authorization header"))?;
    let body = body.value("Body must be JSON")?;
    let username = field(&body, &["Username"]).unwrap_or("");
    let password = field(&body, &["Pw", "Password"]).unwrap_or("");
    let user = {
        let lib = state.read();
        lib.user_by_name(username)
            .filter(|u| lib.users[*u].password == password)
    };
    let user = user.ok_or_else(|| Reject::status(StatusCode::UNAUTHORIZED))?;
    let session = Session {
        token: state.new_token(),
        session_id: state.new_id(),
        user,
        device_id,
        device_name: info.device.unwrap_or_else(|| "Unknown".into()),
        client: info.client.unwrap_or_else(|| "Unknown".into()),
        version: info.version.unwrap_or_else(|| "0.0.0".into()),
        created: state.now(),
    };
    state.sessions().insert(session.clone());
    let user_json = user_dto(&state, user);
    let now = format_iso(session.created);
    Ok(respond::json(&json!({
        "User": user_json,
        "SessionInfo": {
            "Id": session.session_id,
            "UserId": user_json["Id"],
            "UserName": user_json["Name"],
            "Client": session.client,
            "DeviceId": session.device_id,
            "DeviceName": session.device_name,
            "ApplicationVersion": session.version,
            "LastActivityDate": now,
            "LastPlaybackCheckIn": "0001-01-01T00:00:00.0000000Z",
            "ServerId": state.server_id,
            "IsActive": true,
            "SupportsMediaControl": false,
            "SupportsRemoteControl": false,
            "HasCustomDeviceName": false,
            "RemoteEndPoint": "127.0.0.1",
            "PlayableMediaTypes": [],
            "SupportedCommands": [],
            "AdditionalUsers": [],
            "NowPlayingQueue": [],
            "NowPlayingQueueFullItems": [],
            "PlayState": { "CanSeek": false, "IsPaused": false, "IsMuted": false, "RepeatMode": "RepeatNone", "PlaybackOrder": "Default" },
            "Capabilities": { "PlayableMediaTypes": [], "SupportedCommands": [], "SupportsMediaControl": false, "SupportsPersistentIdentifier": true },
        },
        "AccessToken": session.token,
        "ServerId": state.server_id,
    })))
}

pub async fn me(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let session = ctx
        .session
        .as_ref()
        .ok_or_else(|| Reject::status(StatusCode::UNAUTHORIZED))?;
    Ok(respond::json(&user_dto(&state, session.user)))
}

pub async fn by_id(State(state): State<AppState>, ctx: Ctx) -> Result<impl IntoResponse, Reject> {
    let user = state.read().user_by_id(ctx.param("userId"));
    let user = user.ok_or_else(|| Reject::status(StatusCode::NOT_FOUND))?;
    Ok(respond::json(&user_dto(&state, user)))
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Response {
    if let Some(s) = &ctx.session {
        state.sessions().revoke(&s.token);
    }
    respond::empty(StatusCode::NO_CONTENT)
}
