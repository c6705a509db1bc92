//! Serde adapter for lists that real servers send as `null` or leave out: both read as empty.

use serde::{Deserialize, Deserializer};

/// A list; `null` reads as empty.
pub(crate) fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}
