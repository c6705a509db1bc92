//! `ApiRequest`: a request to the Jellyfin API, built purely and sent by the app's `net` layer.

use crate::percent;

/// The HTTP methods the app uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// Read.
    Get,
    /// Create or set (login, mark played, add favorite).
    Post,
    /// Unset (mark unplayed, remove favorite).
    Delete,
}

impl HttpMethod {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

/// A request: method, path below the server URL, query pairs (not yet encoded) and an optional
/// JSON body. It never carries the token: that goes in the `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    /// HTTP method.
    pub method: HttpMethod,
    /// Path starting with `/`, segments already percent-encoded.
    pub path: String,
    /// Query pairs in order, raw (encoded by [`ApiRequest::url`]).
    pub query: Vec<(String, String)>,
    /// A JSON body (sent with `Content-Type: application/json`).
    pub body: Option<String>,
}

impl ApiRequest {
    /// A request with no query and no body.
    pub fn new(method: HttpMethod, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    /// A `GET` request.
    pub fn get(path: impl Into<String>) -> Self {
        Self::new(HttpMethod::Get, path)
    }

    /// Adds one query pair (builder style).
    pub fn with_query(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// The first value of a query parameter (names compare case-insensitively, like Jellyfin).
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The full URL below `base` (which may carry a path prefix such as `http://host/jellyfin`).
    /// Query names and values are percent-encoded; commas stay literal, since they separate
    /// list values (`Fields=SortName,Genres`).
    pub fn url(&self, base: &str) -> String {
        let mut url = base.trim_end_matches('/').to_owned();
        if !self.path.starts_with('/') {
            url.push('/');
        }
        url.push_str(&self.path);
        for (index, (name, value)) in self.query.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(&percent::encode(name));
            url.push('=');
            url.push_str(&percent::encode_query_value(value));
        }
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_base_and_path_without_double_slash() {
        let request = ApiRequest::get("/System/Info/Public");
        assert_eq!(
            request.url("http://host:8096/"),
            "http://host:8096/System/Info/Public"
        );
        assert_eq!(
            request.url("http://host:8096"),
            "http://host:8096/System/Info/Public"
        );
        assert_eq!(
            request.url("https://h/jellyfin/"),
            "https://h/jellyfin/System/Info/Public"
        );
        assert_eq!(ApiRequest::get("Items").url("http://h"), "http://h/Items");
    }

    #[test]
    fn encodes_query_values_and_keeps_commas() {
        let request = ApiRequest::get("/Items")
            .with_query("SearchTerm", "tom & jerry")
            .with_query("Fields", "SortName,Genres")
            .with_query("Genres", "Sci-Fi|Drama");
        assert_eq!(
            request.url("http://h"),
            "http://h/Items?SearchTerm=tom%20%26%20jerry&Fields=SortName,Genres&Genres=Sci-Fi%7CDrama"
        );
        assert_eq!(request.query_value("searchterm"), Some("tom & jerry"));
        assert_eq!(request.query_value("Limit"), None);
    }
}
