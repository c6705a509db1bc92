//! `Person`: a cast or crew credit, as the app keeps it.

use serde::{Deserialize, Serialize};

use super::ImageRef;

/// A credited person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The person's name.
    pub name: String,
    /// The person's item id.
    pub id: Option<String>,
    /// The character played.
    pub role: Option<String>,
    /// `Actor`, `Director`, ...
    pub kind: Option<String>,
    /// The person's picture.
    pub image: Option<ImageRef>,
}
