//! The login answer: `AuthenticationResult` with its `UserDto` and `SessionInfoDto`.

use serde::{Deserialize, Serialize};

/// What `POST /Users/AuthenticateByName` returns.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// The signed-in user.
    pub user: UserDto,
    /// The session the token belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_info: Option<SessionInfoDto>,
    /// The token to send in the `Authorization` header.
    pub access_token: String,
    /// The server's id.
    pub server_id: String,
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserDto {
    /// The user's name.
    #[serde(default)]
    pub name: String,
    /// The user's id.
    pub id: String,
    /// The server's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
    /// Tag of the user's picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_image_tag: Option<String>,
    /// Whether the account has a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_password: Option<bool>,
    /// Last sign-in (ms since the Unix epoch).
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_login_date: Option<i64>,
    /// Last activity (ms since the Unix epoch).
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_activity_date: Option<i64>,
}

/// A device session.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SessionInfoDto {
    /// Session id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The user's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The user's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// Client name (`Marquee`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The device id sent at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// The device name sent at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
    /// The client version sent at login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_version: Option<String>,
    /// Last activity (ms since the Unix epoch).
    #[serde(
        default,
        with = "super::date::optional",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_activity_date: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_login_answer_and_ignores_the_rest() {
        let json = r#"{
            "User": {"Name": "demo", "ServerId": "srv", "Id": "u1", "HasPassword": true,
                     "Policy": {"IsAdministrator": false}, "LastLoginDate": "2024-03-01T10:00:00.1234567Z"},
            "SessionInfo": {"Id": "sess", "UserId": "u1", "Client": "Marquee", "DeviceId": "dev",
                            "PlayState": {}, "LastActivityDate": null},
            "AccessToken": "tok", "ServerId": "srv"
        }"#;
        let auth: AuthenticationResult = serde_json::from_str(json).unwrap();
        assert_eq!(
            (auth.user.id.as_str(), auth.access_token.as_str()),
            ("u1", "tok")
        );
        assert_eq!(
            auth.session_info.as_ref().unwrap().device_id.as_deref(),
            Some("dev")
        );
        assert!(auth.user.last_login_date.is_some());
        let again: AuthenticationResult =
            serde_json::from_str(&serde_json::to_string(&auth).unwrap()).unwrap();
        assert_eq!(again, auth);
    }

    #[test]
    fn a_login_answer_without_token_is_an_error() {
        assert!(serde_json::from_str::<AuthenticationResult>(
            r#"{"User": {"Id": "u"}, "ServerId": "s"}"#
        )
        .is_err());
    }
}
