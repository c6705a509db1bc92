//! The session (server, user, token) and this browser's device id, kept in their own small
//! database so they survive a cache wipe and an offline start. Never in localStorage.
use marquee_core::cache::CacheError;
use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use super::idb::{cache_error, from_js, prefix_range, to_js};
use super::page_snapshots;
use crate::session::Session;

const DB_NAME: &str = "marquee-session";
const STORE: &str = "kv";
const SESSION_KEY: &str = "session";
const DEVICE_KEY: &str = "device_id";
/// Tokens of sessions logged out while the server could not be reached (`Revocation`).
const REVOKE_KEY: &str = "revoke";
/// The promise index.html leaves on `window` (see `preloaded_session`).
const PRELOADED_SESSION: &str = "__marqueeSession";

async fn open() -> Result<Rexie, CacheError> {
    Rexie::builder(DB_NAME)
        .version(1)
        .add_object_store(ObjectStore::new(STORE))
        .build()
        .await
        .map_err(|e| CacheError::Unavailable(e.to_string()))
}

async fn get(key: &str) -> Result<Option<JsValue>, CacheError> {
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(cache_error)?;
    let store = tx.store(STORE).map_err(cache_error)?;
    let value = store
        .get(JsValue::from_str(key))
        .await
        .map_err(cache_error)?;
    drop(store);
    tx.done().await.map_err(cache_error)?;
    db.close();
    Ok(value.filter(|v| !v.is_undefined() && !v.is_null()))
}

async fn put(key: &str, value: &JsValue) -> Result<(), CacheError> {
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(cache_error)?;
    let store = tx.store(STORE).map_err(cache_error)?;
    store
        .put(value, Some(&JsValue::from_str(key)))
        .await
        .map_err(cache_error)?;
    drop(store);
    tx.commit().await.map_err(cache_error)?;
    db.close();
    Ok(())
}

async fn delete(key: JsValue) -> Result<(), CacheError> {
    let db = open().await?;
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(cache_error)?;
    let store = tx.store(STORE).map_err(cache_error)?;
    store.delete(key).await.map_err(cache_error)?;
    drop(store);
    tx.commit().await.map_err(cache_error)?;
    db.close();
    Ok(())
}

pub async fn load_session() -> Result<Option<Session>, CacheError> {
    let value = match preloaded_session().await {
        Some(value) => value,
        None => get(SESSION_KEY).await?,
    };
    let session = match value {
        Some(value) => Some(from_js::<Session>(value)?),
        None => None,
    };
    page_snapshots::signed_in(session.as_ref());
    Ok(session)
}

/// The session index.html's script read while the app downloaded (taken once: a later load
/// reads the database). `None` when there is no such read or it failed; `Some(None)` when it
/// found no session.
async fn preloaded_session() -> Option<Option<JsValue>> {
    let window = web_sys::window()?;
    let name = JsValue::from_str(PRELOADED_SESSION);
    let promise = js_sys::Reflect::get(&window, &name).ok()?;
    let promise = promise.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &name);
    let value = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    if value.is_undefined() {
        None
    } else {
        Some((!value.is_null()).then_some(value))
    }
}

/// Saves the session; its user's page pictures may be painted from now on.
pub async fn save_session(session: &Session) -> Result<(), CacheError> {
    put(SESSION_KEY, &to_js(session)?).await?;
    page_snapshots::signed_in(Some(session));
    Ok(())
}

/// Forgets the session; no page picture is painted until the next sign-in.
pub async fn clear_session() -> Result<(), CacheError> {
    page_snapshots::signed_in(None);
    delete(JsValue::from_str(SESSION_KEY)).await
}

/// Deletes the page pictures earlier versions kept here, under `snapshot:{path}` (they are in
/// localStorage now: `page_snapshots`).
pub async fn delete_old_pictures() -> Result<(), CacheError> {
    delete(prefix_range("snapshot:")?.into()).await
}

/// A token to end on the server once it answers: logging out offline keeps it here, outside
/// the user's database (which logging out deletes), until `POST /Sessions/Logout` goes through.
#[derive(Clone, PartialEq)]
pub struct Revocation {
    pub server_url: String,
    pub device_id: String,
    pub token: String,
}

impl std::fmt::Debug for Revocation {
    // Hand-written so the token never lands in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Revocation")
            .field("server_url", &self.server_url)
            .field("token", &"<redacted>")
            .finish()
    }
}

const REVOCATION_FIELDS: [&str; 3] = ["server_url", "device_id", "token"];

impl Revocation {
    // Plain objects read and written field by field: three strings do not need a serializer
    // (each serde type costs wasm size).
    fn to_js(&self) -> JsValue {
        let object = js_sys::Object::new();
        for (field, value) in
            REVOCATION_FIELDS
                .iter()
                .zip([&self.server_url, &self.device_id, &self.token])
        {
            let _ = js_sys::Reflect::set(&object, &(*field).into(), &value.into());
        }
        object.into()
    }

    fn from_js(value: &JsValue) -> Option<Revocation> {
        let [server_url, device_id, token] = REVOCATION_FIELDS.map(|field| {
            js_sys::Reflect::get(value, &field.into())
                .ok()
                .and_then(|v| v.as_string())
        });
        Some(Revocation {
            server_url: server_url?,
            device_id: device_id?,
            token: token?,
        })
    }
}

/// The tokens still to end on their servers (unreadable entries are skipped).
pub async fn revocations() -> Result<Vec<Revocation>, CacheError> {
    Ok(match get(REVOKE_KEY).await? {
        Some(value) => js_sys::Array::from(&value)
            .iter()
            .filter_map(|v| Revocation::from_js(&v))
            .collect(),
        None => Vec::new(),
    })
}

/// Replaces the list of tokens still to end (none: the record goes).
pub async fn save_revocations(list: &[Revocation]) -> Result<(), CacheError> {
    if list.is_empty() {
        return delete(JsValue::from_str(REVOKE_KEY)).await;
    }
    let array: js_sys::Array = list.iter().map(Revocation::to_js).collect();
    put(REVOKE_KEY, &array).await
}

/// This browser's stable Jellyfin DeviceId: created once, kept across log-outs, because logging
/// in again with the same DeviceId is how Jellyfin retires the device's older tokens.
pub async fn device_id() -> String {
    if let Ok(Some(value)) = get(DEVICE_KEY).await {
        if let Some(id) = value.as_string() {
            return id;
        }
    }
    let id = new_device_id();
    // If this fails we still work; the next start makes another id.
    let _ = put(DEVICE_KEY, &JsValue::from_str(&id)).await;
    id
}

fn new_device_id() -> String {
    let uuid = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "{:x}{:x}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        });
    uuid.replace('-', "")
}
