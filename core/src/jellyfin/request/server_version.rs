//! `ServerVersion` and the `PathStyle` it implies.

use std::fmt;

/// A Jellyfin server version, read tolerantly (`10.10.7`, `10.8.13`, `10.11.0-rc1`, `10.9`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerVersion {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Patch version (0 when absent).
    pub patch: u32,
}

/// Which endpoint paths a server understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathStyle {
    /// 10.9 and later: `/UserViews`, `/Items?userId=`, `/UserPlayedItems/{id}`, ...
    Modern,
    /// Before 10.9: `/Users/{userId}/...`.
    Legacy,
}

impl ServerVersion {
    /// The first version with the modern paths.
    pub const FIRST_MODERN: ServerVersion = ServerVersion {
        major: 10,
        minor: 9,
        patch: 0,
    };

    /// Reads `major[.minor[.patch]]`, ignoring a leading `v` and any suffix after the digits
    /// of a part (`0-rc1` reads as 0). `None` if the major part has no digits.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        let value = value.strip_prefix(['v', 'V']).unwrap_or(value);
        let mut parts = value.split('.').map(leading_number);
        let major = parts.next().flatten()?;
        let minor = parts.next().flatten().unwrap_or(0);
        let patch = parts.next().flatten().unwrap_or(0);
        Some(Self {
            major,
            minor,
            patch,
        })
    }

    /// The paths this version understands.
    pub fn path_style(self) -> PathStyle {
        if self < Self::FIRST_MODERN {
            PathStyle::Legacy
        } else {
            PathStyle::Modern
        }
    }
}

impl PathStyle {
    /// The style for a version string; an unreadable version gets `Modern`, since a format we
    /// do not know is more likely to come from a newer server than from an older one.
    pub fn for_version(version: &str) -> Self {
        ServerVersion::parse(version).map_or(Self::Modern, ServerVersion::path_style)
    }
}

/// The digits a version part starts with.
fn leading_number(part: &str) -> Option<u32> {
    let end = part
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(part.len());
    part[..end].parse().ok()
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(major: u32, minor: u32, patch: u32) -> Option<ServerVersion> {
        Some(ServerVersion {
            major,
            minor,
            patch,
        })
    }

    #[test]
    fn parses_real_version_strings() {
        assert_eq!(ServerVersion::parse("10.10.7"), v(10, 10, 7));
        assert_eq!(ServerVersion::parse("10.8.13"), v(10, 8, 13));
        assert_eq!(ServerVersion::parse("10.11.0-rc1"), v(10, 11, 0));
        assert_eq!(ServerVersion::parse("v10.9"), v(10, 9, 0));
        assert_eq!(ServerVersion::parse("12"), v(12, 0, 0));
        assert_eq!(ServerVersion::parse(""), None);
        assert_eq!(ServerVersion::parse("unknown"), None);
    }

    #[test]
    fn versions_order_numerically() {
        assert!(ServerVersion::parse("10.10.0") > ServerVersion::parse("10.9.11"));
        assert_eq!(
            ServerVersion::parse("10.10.7").unwrap().to_string(),
            "10.10.7"
        );
    }

    #[test]
    fn legacy_below_10_9() {
        assert_eq!(PathStyle::for_version("10.8.13"), PathStyle::Legacy);
        assert_eq!(PathStyle::for_version("10.9.0"), PathStyle::Modern);
        assert_eq!(PathStyle::for_version("10.11.0-rc1"), PathStyle::Modern);
        assert_eq!(PathStyle::for_version("4.7.0"), PathStyle::Legacy);
        assert_eq!(PathStyle::for_version("?"), PathStyle::Modern);
    }
}
