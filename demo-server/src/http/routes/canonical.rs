//! Jellyfin matches routes ignoring case (the official Python client asks for
//! `/system/info/public`), while axum's router is case-sensitive. Before routing, a path that
//! matches an endpoint's pattern regardless of case is rewritten to the pattern's casing;
//! anything else (the web app's lowercase routes, `/__demo/`) is left alone.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::uri::PathAndQuery;
use axum::http::Uri;

#[derive(Clone)]
pub struct CanonicalPaths {
    patterns: Arc<Vec<Vec<&'static str>>>,
}

/// A pattern segment against a path segment: `{param}` takes anything non-empty, and a
/// literal head before a parameter (`stream.{container}`) is compared ignoring case.
/// Returns the segment in the pattern's casing.
fn match_segment(pattern: &str, segment: &str) -> Option<String> {
    if segment.is_empty() {
        return None;
    }
    let literal = pattern.split('{').next().unwrap_or("");
    if literal.len() == pattern.len() {
        return pattern
            .eq_ignore_ascii_case(segment)
            .then(|| pattern.to_string());
    }
    let head = segment.get(..literal.len())?;
    head.eq_ignore_ascii_case(literal)
        .then(|| format!("{literal}{}", &segment[literal.len()..]))
}

impl CanonicalPaths {
    pub fn new(paths: impl IntoIterator<Item = &'static str>) -> CanonicalPaths {
        let patterns = paths
            .into_iter()
            .map(|p| p.trim_start_matches('/').split('/').collect())
            .collect();
        CanonicalPaths {
            patterns: Arc::new(patterns),
        }
    }

    /// `path` in an endpoint's casing, if some endpoint matches it ignoring case. As in the
    /// router, a literal segment wins over a parameter (`/Items/Latest` over `/Items/{itemId}`).
    pub fn canonical(&self, path: &str) -> Option<String> {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        self.patterns
            .iter()
            .filter(|pattern| pattern.len() == segments.len())
            .filter_map(|pattern| {
                let fixed: Option<Vec<String>> = pattern
                    .iter()
                    .zip(&segments)
                    .map(|(p, s)| match_segment(p, s))
                    .collect();
                let literals = pattern.iter().filter(|p| !p.starts_with('{')).count();
                fixed.map(|f| (literals, format!("/{}", f.join("/"))))
            })
            .max_by_key(|(literals, _)| *literals)
            .map(|(_, path)| path)
    }

    pub fn rewrite(&self, mut req: Request) -> Request {
        let uri = req.uri();
        let Some(path) = self.canonical(uri.path()).filter(|p| p != uri.path()) else {
            return req;
        };
        let path_and_query = match uri.query() {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        let mut parts = uri.clone().into_parts();
        if let Ok(pq) = PathAndQuery::try_from(path_and_query) {
            parts.path_and_query = Some(pq);
            if let Ok(uri) = Uri::from_parts(parts) {
                *req.uri_mut() = uri;
            }
        }
        req
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ignoring_case_and_keeps_parameters() {
        let c = CanonicalPaths::new([
            "/System/Info/Public",
            "/Items/{itemId}",
            "/Items/Latest",
            "/Items/{itemId}/Images/{imageType}",
            "/Videos/{itemId}/stream.{container}",
        ]);
        assert_eq!(
            c.canonical("/system/info/public").as_deref(),
            Some("/System/Info/Public")
        );
        assert_eq!(
            c.canonical("/ITEMS/AbC/images/primary").as_deref(),
            Some("/Items/AbC/Images/primary")
        );
        assert_eq!(
            c.canonical("/videos/ab/STREAM.mkv").as_deref(),
            Some("/Videos/ab/stream.mkv")
        );
        assert_eq!(
            c.canonical("/items/latest").as_deref(),
            Some("/Items/Latest")
        );
        assert_eq!(c.canonical("/items/ab12").as_deref(), Some("/Items/ab12"));
        assert_eq!(c.canonical("/library/abc"), None);
        assert_eq!(c.canonical("/items//images/primary"), None);
    }
}
