//! `FieldLevel`: how complete a cached item is.

use serde::{Deserialize, Serialize};

/// Which request an item record came from. `Full` outranks `Thin`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FieldLevel {
    /// From a list (only the list fields).
    #[default]
    Thin,
    /// From `/Items/{id}` (all fields).
    Full,
}
