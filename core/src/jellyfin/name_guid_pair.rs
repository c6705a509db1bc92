//! `NameGuidPair`: a named reference to another item (a studio, ...).

use serde::{Deserialize, Serialize};

/// A name with the id of the item it names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NameGuidPair {
    /// The display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The id of the named item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}
