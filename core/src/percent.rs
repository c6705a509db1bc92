//! Percent-encoding (RFC 3986) for header values, URL paths and queries, and query-key strings.

/// Whether a byte is RFC 3986 "unreserved" (kept as is by every encoder here).
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

fn encode_keeping(value: &str, keep: impl Fn(u8) -> bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        if keep(byte) {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xF)] as char);
        }
    }
    out
}

/// Encodes every byte except the RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
pub fn encode(value: &str) -> String {
    encode_keeping(value, is_unreserved)
}

/// Encodes a URL query value: like [`encode`] but keeps `,`, Jellyfin's list separator, readable.
pub fn encode_query_value(value: &str) -> String {
    encode_keeping(value, |b| is_unreserved(b) || b == b',')
}

/// Decodes `%XX` escapes. A malformed escape is kept literally; `None` if the bytes are not UTF-8.
/// `+` stays `+` (the encoders here never produce it for a space).
pub fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unreserved_and_encodes_the_rest() {
        assert_eq!(encode("Az09-._~"), "Az09-._~");
        assert_eq!(encode("a b/c,d"), "a%20b%2Fc%2Cd");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode_query_value("a,b c"), "a,b%20c");
    }

    #[test]
    fn decode_inverts_encode() {
        for s in ["", "plain", "a b&c=d/é#?%", "Crouching, Tiger"] {
            assert_eq!(decode(&encode(s)).as_deref(), Some(s));
            assert_eq!(decode(&encode_query_value(s)).as_deref(), Some(s));
        }
    }

    #[test]
    fn decode_is_lenient_with_bad_escapes_but_rejects_bad_utf8() {
        assert_eq!(decode("100%").as_deref(), Some("100%"));
        assert_eq!(decode("%zz").as_deref(), Some("%zz"));
        assert_eq!(decode("%FF"), None);
    }
}
