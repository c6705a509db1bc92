//! Serde adapters for the string maps of the wire types (`ImageTags`, `ProviderIds`,
//! `ImageBlurHashes`): a `null` value inside a map is dropped instead of failing the whole item.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// Image type to (tag to blurhash), as in `ImageBlurHashes`.
type NestedStringMap = BTreeMap<String, BTreeMap<String, String>>;
/// The same as sent, `null`s included.
type RawNestedStringMap = BTreeMap<String, Option<BTreeMap<String, Option<String>>>>;

/// A map of string to string; entries whose value is `null` are left out.
pub(crate) fn string_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let raw = Option::<BTreeMap<String, Option<String>>>::deserialize(deserializer)?;
    Ok(raw.map(drop_nulls))
}

/// A map of string to (map of string to string), `null`s dropped at both levels.
pub(crate) fn nested_string_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NestedStringMap>, D::Error> {
    let raw = Option::<RawNestedStringMap>::deserialize(deserializer)?;
    Ok(raw.map(|outer| {
        outer
            .into_iter()
            .filter_map(|(key, inner)| Some((key, drop_nulls(inner?))))
            .collect()
    }))
}

fn drop_nulls(map: BTreeMap<String, Option<String>>) -> BTreeMap<String, String> {
    map.into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "string_map")]
        flat: Option<BTreeMap<String, String>>,
        #[serde(default, deserialize_with = "nested_string_map")]
        nested: Option<NestedStringMap>,
    }

    #[test]
    fn drops_null_values_and_keeps_the_rest() {
        let h: Holder = serde_json::from_str(
            r#"{"flat":{"Tmdb":"603","Imdb":null},"nested":{"Primary":{"t":"hash","u":null},"Logo":null}}"#,
        )
        .unwrap();
        let flat = h.flat.unwrap();
        assert_eq!(flat.len(), 1);
        assert_eq!(flat["Tmdb"], "603");
        let nested = h.nested.unwrap();
        assert_eq!(nested.len(), 1);
        assert_eq!(nested["Primary"].len(), 1);
    }

    #[test]
    fn null_or_missing_map_is_none() {
        let h: Holder = serde_json::from_str(r#"{"flat":null}"#).unwrap();
        assert!(h.flat.is_none() && h.nested.is_none());
    }
}
