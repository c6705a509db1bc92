//! `PublicSystemInfo`: what an unauthenticated client learns about a server.

use serde::{Deserialize, Serialize};

/// The answer of `GET /System/Info/Public`. `Id` and `Version` are required: they name the
/// database and choose the API paths.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicSystemInfo {
    /// The server's display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name: Option<String>,
    /// The server version (`10.10.7`).
    pub version: String,
    /// The server's id.
    pub id: String,
    /// `Jellyfin Server`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    /// The server's LAN address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_address: Option<String>,
    /// Whether the setup wizard has been completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_wizard_completed: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_public_info() {
        let info: PublicSystemInfo = serde_json::from_str(
            r#"{"LocalAddress": null, "ServerName": "Den", "Version": "10.10.7", "ProductName": "Jellyfin Server",
                "OperatingSystem": "", "Id": "f00", "StartupWizardCompleted": true}"#,
        )
        .unwrap();
        assert_eq!(
            (info.version.as_str(), info.id.as_str()),
            ("10.10.7", "f00")
        );
        assert_eq!(info.local_address, None);
        assert!(serde_json::from_str::<PublicSystemInfo>(r#"{"Version": "10.10.7"}"#).is_err());
    }
}
