//! `SortOrder`: ascending or descending.

use serde::{Deserialize, Serialize};

/// Sort direction, for server queries and local index reads alike.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

impl SortOrder {
    /// Jellyfin's name (`Ascending` / `Descending`).
    pub fn as_wire(self) -> &'static str {
        match self {
            Self::Asc => "Ascending",
            Self::Desc => "Descending",
        }
    }

    /// The short name used in query keys and page URLs (`asc` / `desc`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    /// Reads `asc` / `desc` (or Jellyfin's names), ignoring case.
    pub fn parse(value: &str) -> Option<Self> {
        match value.to_ascii_lowercase().as_str() {
            "asc" | "ascending" => Some(Self::Asc),
            "desc" | "descending" => Some(Self::Desc),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(SortOrder::Desc.as_wire(), "Descending");
        assert_eq!(SortOrder::parse("ASC"), Some(SortOrder::Asc));
        assert_eq!(SortOrder::parse("Descending"), Some(SortOrder::Desc));
        assert_eq!(SortOrder::parse("up"), None);
    }
}
