//! Is a 2xx answer a real Jellyfin answer? A captive portal, a proxy's sign-in page or a
//! misconfigured gateway answers 200 too: with HTML, an empty body, `{}` or `[]`. Those are
//! bad data, never "nothing there".

use serde::Deserialize;

use super::UserItemDataDto;

/// Whether a `Content-Type` names JSON (`application/json`, `text/json`, `application/*+json`,
/// any parameters). A missing header is not JSON: Jellyfin always sends one.
pub fn is_json_content_type(value: Option<&str>) -> bool {
    let Some(value) = value else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence == "text/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// What an action endpoint (`/UserPlayedItems`, `/UserFavoriteItems`) must answer: a
/// `UserItemDataDto` object. Jellyfin always writes `Played` and `IsFavorite` (non-nullable
/// booleans), so an object without them (`{}`) is not an answer.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RequiredUserData {
    played: bool,
    is_favorite: bool,
}

/// Reads an action endpoint's answer; `Err` says why it is not one.
pub fn read_user_data_answer(text: &str) -> Result<UserItemDataDto, String> {
    let required: RequiredUserData =
        serde_json::from_str(text).map_err(|e| format!("not a user data answer: {e}"))?;
    let mut data: UserItemDataDto = serde_json::from_str(text).map_err(|e| e.to_string())?;
    data.played = Some(required.played);
    data.is_favorite = Some(required.is_favorite);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        for json in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "text/json",
            "application/problem+json",
        ] {
            assert!(is_json_content_type(Some(json)), "{json}");
        }
        for other in [
            "text/html",
            "text/html; charset=utf-8",
            "text/plain",
            "application/octet-stream",
            "",
        ] {
            assert!(!is_json_content_type(Some(other)), "{other}");
        }
        assert!(!is_json_content_type(None));
    }

    #[test]
    fn a_user_data_answer_needs_played_and_favorite() {
        let data = read_user_data_answer(
            r#"{"PlaybackPositionTicks": 0, "PlayCount": 1, "IsFavorite": true, "Played": true, "Key": "k"}"#,
        )
        .unwrap();
        assert_eq!(
            (data.played, data.is_favorite, data.play_count),
            (Some(true), Some(true), Some(1))
        );
        for look_alike in [
            "{}",
            "[]",
            "",
            "null",
            r#"{"Items": null}"#,
            r#"{"Played": true}"#,
            r#"{"Played": null, "IsFavorite": false}"#,
            "<html><title>Sign in</title></html>",
        ] {
            assert!(
                read_user_data_answer(look_alike).is_err(),
                "{look_alike:?} read as user data"
            );
        }
    }
}
