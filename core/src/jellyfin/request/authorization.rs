//! The `Authorization: MediaBrowser ...` header every request carries.

use crate::percent;

/// Who is calling: sent with every request. `device_id` must stay stable per browser, since
/// logging in again with the same id revokes that device's older tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    /// Client name (`Marquee`).
    pub client: String,
    /// Device name (the browser, e.g. `Chrome`).
    pub device: String,
    /// Stable per-browser id.
    pub device_id: String,
    /// App version.
    pub version: String,
}

impl ClientInfo {
    /// Client info for Marquee on `device` with `device_id`, at this crate's version.
    pub fn marquee(device: impl Into<String>, device_id: impl Into<String>) -> Self {
        Self {
            client: "Marquee".to_owned(),
            device: device.into(),
            device_id: device_id.into(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// The `Authorization` header value, each value percent-encoded; `Token` only when signed in.
pub fn authorization_header(client: &ClientInfo, token: Option<&str>) -> String {
    let mut fields = vec![
        ("Client", client.client.as_str()),
        ("Device", client.device.as_str()),
        ("DeviceId", client.device_id.as_str()),
        ("Version", client.version.as_str()),
    ];
    if let Some(token) = token {
        fields.push(("Token", token));
    }
    let fields: Vec<String> = fields
        .into_iter()
        .map(|(name, value)| format!("{name}=\"{}\"", percent::encode(value)))
        .collect();
    format!("MediaBrowser {}", fields.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> ClientInfo {
        ClientInfo {
            client: "Marquee".into(),
            device: "Chrome".into(),
            device_id: "abc".into(),
            version: "0.1.0".into(),
        }
    }

    #[test]
    fn formats_the_header_with_and_without_token() {
        assert_eq!(
            authorization_header(&client(), Some("t0k")),
            r#"MediaBrowser Client="Marquee", Device="Chrome", DeviceId="abc", Version="0.1.0", Token="t0k""#
        );
        assert_eq!(
            authorization_header(&client(), None),
            r#"MediaBrowser Client="Marquee", Device="Chrome", DeviceId="abc", Version="0.1.0""#
        );
    }

    #[test]
    fn percent_encodes_every_value() {
        let odd = ClientInfo {
            device: "Firefox \"Nightly\", Linux".into(),
            ..client()
        };
        let header = authorization_header(&odd, Some("a=b"));
        assert!(
            header.contains(r#"Device="Firefox%20%22Nightly%22%2C%20Linux""#),
            "{header}"
        );
        assert!(header.contains(r#"Token="a%3Db""#), "{header}");
    }

    #[test]
    fn marquee_defaults() {
        let info = ClientInfo::marquee("Chrome", "id1");
        assert_eq!(
            (info.client.as_str(), info.version.as_str()),
            ("Marquee", env!("CARGO_PKG_VERSION"))
        );
    }
}
