//! `BaseItemPerson`: one cast or crew member of an item.

use serde::{Deserialize, Serialize};

/// A person credited on an item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BaseItemPerson {
    /// The person's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The person's item id (for their picture).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The character played (actors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `Actor`, `Director`, `Writer`, ...
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub person_type: Option<String>,
    /// Tag of the person's picture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary_image_tag: Option<String>,
}
