//! A small checker for the OpenAPI 3.0 schemas in Jellyfin's document: `type`, `format`
//! (int32 range, uuid, date-time), `nullable`, `$ref`, `allOf`, `oneOf` (with a
//! discriminator), `enum`, `properties`, `required`, `items` and `additionalProperties`.
//! Enough for Jellyfin's schemas, far lighter to build than a general JSON Schema crate.

use serde_json::{Map, Value};

pub struct Checker<'a> {
    schemas: &'a Map<String, Value>,
}

/// Jellyfin writes ids as 32 lowercase hex digits while its schema says `uuid`: accept both.
fn is_uuid(s: &str) -> bool {
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    if s.len() == 32 {
        return hex(s);
    }
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| hex(p))
}

/// `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or an offset.
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.chars().take_while(char::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    rest.is_empty()
        || rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':')
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl<'a> Checker<'a> {
    pub fn new(document: &'a Value) -> Checker<'a> {
        Checker {
            schemas: document["components"]["schemas"]
                .as_object()
                .expect("components.schemas"),
        }
    }

    fn resolve(&self, reference: &str) -> &'a Value {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unsupported $ref {reference}"));
        self.schemas
            .get(name)
            .unwrap_or_else(|| panic!("$ref to a missing schema {name}"))
    }

    /// Every way `value` breaks `schema`, as `path: reason` lines.
    pub fn check(&self, schema: &Value, value: &Value, path: &str) -> Vec<String> {
        let mut errors = Vec::new();
        self.walk(schema, value, path, &mut errors);
        // A property may repeat its `$ref`'s enum inline: one difference, one line.
        let mut seen = std::collections::HashSet::new();
        errors.retain(|e| seen.insert(e.clone()));
        errors
    }

    fn walk(&self, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        let Some(s) = schema.as_object() else {
            return; // `true` / `{}`-like: anything goes
        };
        if value.is_null() && s.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        if let Some(reference) = s.get("$ref").and_then(Value::as_str) {
            self.walk(self.resolve(reference), value, path, errors);
        }
        for part in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.walk(part, value, path, errors);
        }
        if let Some(options) = s.get("oneOf").and_then(Value::as_array) {
            self.one_of(s, options, value, path, errors);
        }
        if let Some(allowed) = s.get("enum").and_then(Value::as_array) {
            if !allowed.contains(value) {
                errors.push(format!("{path}: {value} is not one of the enum's values"));
            }
        }
        if let Some(ty) = s.get("type").and_then(Value::as_str) {
            self.typed(s, ty, value, path, errors);
        }
    }

    fn one_of(
        &self,
        s: &Map<String, Value>,
        options: &[Value],
        value: &Value,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let discriminator = s.get("discriminator");
        let chosen = discriminator.and_then(|d| {
            let property = d["propertyName"].as_str()?;
            let tag = value.get(property)?.as_str()?;
            d["mapping"].get(tag)?.as_str()
        });
        if let Some(reference) = chosen {
            self.walk(self.resolve(reference), value, path, errors);
            return;
        }
        let passing = options
            .iter()
            .filter(|o| self.check(o, value, path).is_empty())
            .count();
        if passing != 1 {
            errors.push(format!(
                "{path}: matches {passing} of oneOf's schemas, not one"
            ));
        }
    }

    fn typed(
        &self,
        s: &Map<String, Value>,
        ty: &str,
        value: &Value,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let format = s.get("format").and_then(Value::as_str);
        let ok = match (ty, value) {
            ("string", Value::String(text)) => {
                match format {
                    Some("uuid") if !is_uuid(text) => {
                        errors.push(format!("{path}: {text:?} is not a uuid"))
                    }
                    Some("date-time") if !is_date_time(text) => {
                        errors.push(format!("{path}: {text:?} is not a date-time"))
                    }
                    _ => {}
                }
                true
            }
            ("integer", Value::Number(n)) => {
                let int = n.as_i64().or_else(|| n.as_u64().map(|u| u as i64));
                match int {
                    None => errors.push(format!("{path}: {n} is not an integer")),
                    Some(i) if format == Some("int32") && i32::try_from(i).is_err() => {
                        errors.push(format!("{path}: {i} is out of int32's range"))
                    }
                    _ => {}
                }
                true
            }
            ("number", Value::Number(_)) | ("boolean", Value::Bool(_)) => true,
            ("array", Value::Array(list)) => {
                if let Some(item) = s.get("items") {
                    for (i, v) in list.iter().enumerate() {
                        self.walk(item, v, &format!("{path}[{i}]"), errors);
                    }
                }
                true
            }
            ("object", Value::Object(map)) => {
                self.object(s, map, path, errors);
                true
            }
            _ => false,
        };
        if !ok {
            errors.push(format!(
                "{path}: a {} where the schema says {ty}",
                type_name(value)
            ));
        }
    }

    fn object(
        &self,
        s: &Map<String, Value>,
        map: &Map<String, Value>,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let properties = s.get("properties").and_then(Value::as_object);
        for name in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = name.as_str() {
                if !map.contains_key(name) {
                    errors.push(format!("{path}: required {name} is missing"));
                }
            }
        }
        for (key, v) in map {
            let child = format!("{path}.{key}");
            match properties.and_then(|p| p.get(key)) {
                Some(property) => self.walk(property, v, &child, errors),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        errors.push(format!("{child}: not a property of this schema"))
                    }
                    Some(extra @ Value::Object(_)) => self.walk(extra, v, &child, errors),
                    _ => {}
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Kind": {"enum": ["Movie", "Series"], "type": "string"},
            "Item": {
                "type": "object",
                "required": ["Id"],
                "properties": {
                    "Id": {"type": "string", "format": "uuid"},
                    "Count": {"type": "integer", "format": "int32", "nullable": true},
                    "Type": {"allOf": [{"$ref": "#/components/schemas/Kind"}]},
                    "Tags": {"type": "array", "items": {"type": "string"}, "nullable": true},
                    "Map": {"type": "object", "additionalProperties": {"type": "string"}},
                    "When": {"type": "string", "format": "date-time", "nullable": true}
                },
                "additionalProperties": false
            }
        }}})
    }

    fn errors(value: Value) -> Vec<String> {
        let d = doc();
        let checker = Checker::new(&d);
        checker.check(&json!({"$ref": "#/components/schemas/Item"}), &value, "$")
    }

    #[test]
    fn accepts_a_conforming_value() {
        let ok = errors(json!({
            "Id": "0123456789abcdef0123456789abcdef", "Count": null, "Type": "Movie",
            "Tags": ["a"], "Map": {"Primary": "x"}, "When": "2024-01-02T03:04:05.1234567Z"
        }));
        assert_eq!(ok, Vec::<String>::new());
    }

    #[test]
    fn names_each_difference() {
        let found = errors(json!({
            "Count": 2_147_483_648_i64, "Type": "Movies", "Tags": [1], "Map": {"Primary": 2},
            "When": "yesterday", "Extra": true
        }));
        let expected = [
            "$.Count: 2147483648 is out of int32's range",
            "$.Extra: not a property of this schema",
            "$.Map.Primary: a number where the schema says string",
            "$.Tags[0]: a number where the schema says string",
            "$.Type: \"Movies\" is not one of the enum's values",
            "$.When: \"yesterday\" is not a date-time",
            "$: required Id is missing",
        ];
        let mut found = found;
        found.sort();
        assert_eq!(found, expected);
        assert_eq!(
            errors(json!({"Id": "not-an-id"})),
            ["$.Id: \"not-an-id\" is not a uuid"]
        );
        assert_eq!(
            errors(json!({"Id": null})),
            ["$.Id: a null where the schema says string"]
        );
    }
}
