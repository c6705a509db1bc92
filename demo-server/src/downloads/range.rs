//! One `Range: bytes=...` header against a file of known length (RFC 9110 §14.2). Only a
//! single range is served; a multi-range request gets the first, as many servers do.

/// What to send for a `Range` header and a file length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// No (usable) range: the whole file with 200.
    Whole,
    /// Bytes `start..=end` with 206.
    Part { start: u64, end: u64 },
    /// Starts at or past the end: 416 with `Content-Range: bytes */len`.
    Unsatisfiable,
}

pub fn parse(header: Option<&str>, len: u64) -> ByteRange {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return ByteRange::Whole;
    };
    let first = spec.split(',').next().unwrap_or("").trim();
    let Some((start, end)) = first.split_once('-') else {
        return ByteRange::Whole;
    };
    let (start, end) = (start.trim(), end.trim());
    if start.is_empty() {
        // bytes=-N: the last N bytes
        return match end.parse::<u64>() {
            Ok(0) => ByteRange::Unsatisfiable,
            Ok(n) if len > 0 => ByteRange::Part {
                start: len.saturating_sub(n),
                end: len - 1,
            },
            Ok(_) => ByteRange::Unsatisfiable,
            Err(_) => ByteRange::Whole,
        };
    }
    let Ok(start) = start.parse::<u64>() else {
        return ByteRange::Whole;
    };
    if start >= len {
        return ByteRange::Unsatisfiable;
    }
    let end = match end {
        "" => len - 1,
        e => match e.parse::<u64>() {
            Ok(e) if e >= start => e.min(len - 1),
            _ => return ByteRange::Whole,
        },
    };
    ByteRange::Part { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let len = 1000;
        assert_eq!(parse(None, len), ByteRange::Whole);
        assert_eq!(parse(Some("items=0-1"), len), ByteRange::Whole);
        assert_eq!(
            parse(Some("bytes=0-"), len),
            ByteRange::Part { start: 0, end: 999 }
        );
        assert_eq!(
            parse(Some("bytes=500-"), len),
            ByteRange::Part {
                start: 500,
                end: 999
            }
        );
        assert_eq!(
            parse(Some("bytes=10-19"), len),
            ByteRange::Part { start: 10, end: 19 }
        );
        assert_eq!(
            parse(Some("bytes=990-5000"), len),
            ByteRange::Part {
                start: 990,
                end: 999
            }
        );
        assert_eq!(
            parse(Some("bytes=-100"), len),
            ByteRange::Part {
                start: 900,
                end: 999
            }
        );
        assert_eq!(
            parse(Some("bytes=0-9, 20-29"), len),
            ByteRange::Part { start: 0, end: 9 }
        );
        assert_eq!(parse(Some("bytes=1000-"), len), ByteRange::Unsatisfiable);
        assert_eq!(parse(Some("bytes=-0"), len), ByteRange::Unsatisfiable);
        assert_eq!(parse(Some("bytes=20-10"), len), ByteRange::Whole);
        assert_eq!(parse(Some("bytes=x-"), len), ByteRange::Whole);
    }
}
