//! What the player remembers per user: the volume and the subtitle language ("" = off), in
//! localStorage under the user's database name (removed with the rest at log out is not
//! needed: it holds no server data).
use serde::{Deserialize, Serialize};

/// The remembered choices.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PlayerPrefs {
    /// 0 to 100.
    pub volume: Option<i32>,
    /// The last subtitle language chosen; `Some("")`: subtitles off.
    pub subtitle_language: Option<String>,
    /// The last audio language chosen.
    pub audio_language: Option<String>,
}

fn key(user_db: &str) -> String {
    format!("marquee-player:{user_db}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The user's remembered choices (defaults when none or unreadable).
pub fn load(user_db: &str) -> PlayerPrefs {
    storage()
        .and_then(|s| s.get_item(&key(user_db)).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Remembers `prefs` for the user.
pub fn save(user_db: &str, prefs: &PlayerPrefs) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(prefs)) {
        let _ = storage.set_item(&key(user_db), &text);
    }
}
