//! `CacheError`: why the cache could not answer.

use std::fmt;

/// A cache failure. The app keeps working without the cache (it just refetches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheError {
    /// Storage cannot be used (private mode, blocked, failed to open).
    Unavailable(String),
    /// The browser's storage quota is full.
    QuotaExceeded,
    /// Another tab upgraded the database; this tab must reload.
    VersionChanged,
    /// A record that had to exist does not.
    NotFound,
    /// Anything else.
    Other(String),
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(detail) => write!(f, "Offline storage is not available ({detail})."),
            Self::QuotaExceeded => f.write_str("Offline storage is full."),
            Self::VersionChanged => {
                f.write_str("A newer version of Marquee is open in another tab; please reload.")
            }
            Self::NotFound => f.write_str("That is not in offline storage."),
            Self::Other(detail) => write!(f, "Offline storage failed ({detail})."),
        }
    }
}

impl std::error::Error for CacheError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_readable() {
        assert_eq!(
            CacheError::QuotaExceeded.to_string(),
            "Offline storage is full."
        );
        assert!(CacheError::Unavailable("private mode".into())
            .to_string()
            .contains("private mode"));
        assert!(CacheError::VersionChanged.to_string().contains("reload"));
    }
}
