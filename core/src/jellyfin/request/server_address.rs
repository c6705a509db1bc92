//! What a typed server address means. An address without a scheme is tried with `https://`
//! first: the token must not cross a network in clear text when the server can do better.
//! Plain `http://` is the fallback (a LAN server without TLS).

/// The server URLs to try, in order, for what the user typed: as given when it has a scheme,
/// else `https://` then `http://`. Surrounding space and trailing slashes go.
pub fn server_url_candidates(input: &str) -> Vec<String> {
    let trimmed = input.trim().trim_end_matches('/');
    let lower = trimmed.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        vec![trimmed.to_string()]
    } else {
        vec![format!("https://{trimmed}"), format!("http://{trimmed}")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scheme_tries_https_first() {
        assert_eq!(
            server_url_candidates(" demo.local:8096/ "),
            vec!["https://demo.local:8096", "http://demo.local:8096"]
        );
    }

    #[test]
    fn a_given_scheme_is_kept() {
        assert_eq!(
            server_url_candidates("http://10.0.0.2:8096//"),
            vec!["http://10.0.0.2:8096"]
        );
        assert_eq!(
            server_url_candidates("HTTPS://media.example/jellyfin"),
            vec!["HTTPS://media.example/jellyfin"]
        );
    }
}
