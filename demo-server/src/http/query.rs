//! Query-string parsing. Jellyfin (ASP.NET) matches parameter names case-insensitively and
//! takes list values comma-separated, so we keep lowercased names and split lists by hand.

pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'%' && i + 2 < bytes.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if c == b'+' && plus_is_space { b' ' } else { c });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Debug, Default, Clone)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (
                    percent_decode(k, true).to_ascii_lowercase(),
                    percent_decode(v, true),
                )
            })
            .collect();
        Query { pairs }
    }

    /// The last non-empty value of a parameter (`name` must be lowercase).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name)?.to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    pub fn usize(&self, name: &str) -> Option<usize> {
        self.get(name)?.trim().parse().ok()
    }

    /// Comma-separated list values across all occurrences (`?a=1,2&a=3` → 1, 2, 3).
    pub fn list(&self, name: &str) -> Vec<String> {
        self.list_by(name, &[','])
    }

    pub fn list_by(&self, name: &str, separators: &[char]) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(separators))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_case_insensitively() {
        let q = Query::parse(Some(
            "ParentId=ab&SORTBY=SortName,DateCreated&searchTerm=a%20b+c&x=%zz",
        ));
        assert_eq!(q.get("parentid"), Some("ab"));
        assert_eq!(q.list("sortby"), vec!["SortName", "DateCreated"]);
        assert_eq!(q.get("searchterm"), Some("a b c"));
        assert_eq!(q.get("x"), Some("%zz"));
        assert_eq!(percent_decode("%E6%9D%B1", false), "東");
    }
}
