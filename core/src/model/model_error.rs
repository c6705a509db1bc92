//! `ModelError`: why a server item could not become an app item.

use std::fmt;

/// A server item the app cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The item has no id.
    EmptyId,
    /// The id cannot key a cache record or a URL (control characters, absurd length).
    InvalidId(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyId => f.write_str("The server sent an item without an id."),
            Self::InvalidId(id) => {
                let shown: String = id.chars().filter(|c| !c.is_control()).take(40).collect();
                write!(f, "The server sent an item with an unusable id ({shown}).")
            }
        }
    }
}

impl std::error::Error for ModelError {}
