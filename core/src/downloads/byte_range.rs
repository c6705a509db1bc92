//! Resuming with `Range`: what to ask for, and what the answer means for the bytes kept.
//!
//! A download keeps every byte it has written. After a cut (lost network, closed tab,
//! restarted browser) it asks for `bytes={kept}-`; a `206` starting exactly there appends, a
//! `200` means the server ignored the range (a transcode, an old proxy) and the file starts
//! over, and a `416` for a file whose length is what we kept means it was already whole.

/// The `Range` header value that asks for everything from `offset` on.
pub fn range_header(offset: u64) -> String {
    format!("bytes={offset}-")
}

/// A parsed `Content-Range: bytes start-end/total` (`total` is `None` for `*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContentRange {
    /// First byte in this answer.
    pub start: u64,
    /// Last byte in this answer (inclusive).
    pub end: u64,
    /// The whole file's length, when the server knows it.
    pub total: Option<u64>,
}

/// Parses `bytes start-end/total` or `bytes start-end/*`; `None` for anything else
/// (including the unsatisfied form `bytes */total`, see [`unsatisfied_total`]).
pub fn parse_content_range(value: &str) -> Option<ContentRange> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (span, total) = rest.split_once('/')?;
    let (start, end) = span.trim().split_once('-')?;
    let start: u64 = start.trim().parse().ok()?;
    let end: u64 = end.trim().parse().ok()?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse::<u64>().ok()?),
    };
    if end < start || total.is_some_and(|t| end >= t) {
        return None;
    }
    Some(ContentRange { start, end, total })
}

/// The total from a `416`'s `Content-Range: bytes */total`.
pub fn unsatisfied_total(value: &str) -> Option<u64> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    rest.strip_prefix("*/")?.trim().parse().ok()
}

/// What the status and headers of an answer to `bytes={kept}-` mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// Write the body from byte `write_at` (the bytes kept before it stay, those after it
    /// go); the whole file is `total` bytes when known.
    Write {
        /// Where the body's first byte goes.
        write_at: u64,
        /// The complete file's length.
        total: Option<u64>,
    },
    /// The file was already whole at `total` bytes.
    AlreadyComplete {
        /// The complete file's length.
        total: u64,
    },
    /// Try again later (network, 5xx, 429, a range that does not line up).
    Retry,
    /// Trying again will not help (401, 403, 404, ...): the download fails.
    Refused {
        /// The HTTP status.
        status: u16,
    },
}

/// Reads an answer to a request for `bytes={kept}-`.
pub fn interpret(
    kept: u64,
    status: u16,
    content_range: Option<&str>,
    content_length: Option<u64>,
) -> RangeAnswer {
    match status {
        206 => match content_range.and_then(parse_content_range) {
            Some(range) if range.start == kept => RangeAnswer::Write {
                write_at: kept,
                total: range.total.or_else(|| content_length.map(|len| kept + len)),
            },
            // A range that starts elsewhere cannot be appended; ask again.
            _ => RangeAnswer::Retry,
        },
        200 => RangeAnswer::Write {
            write_at: 0,
            total: content_length,
        },
        416 => match content_range.and_then(unsatisfied_total) {
            Some(total) if total == kept && kept > 0 => RangeAnswer::AlreadyComplete { total },
            // The file changed size on the server: start over.
            Some(_) => RangeAnswer::Retry,
            None => RangeAnswer::Retry,
        },
        408 | 425 | 429 | 500..=599 => RangeAnswer::Retry,
        _ => RangeAnswer::Refused { status },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_from_the_kept_byte() {
        assert_eq!(range_header(0), "bytes=0-");
        assert_eq!(range_header(1_048_576), "bytes=1048576-");
    }

    #[test]
    fn parses_content_range() {
        assert_eq!(
            parse_content_range("bytes 100-199/1000"),
            Some(ContentRange {
                start: 100,
                end: 199,
                total: Some(1000)
            })
        );
        assert_eq!(
            parse_content_range("bytes 0-9/*").map(|r| r.total),
            Some(None)
        );
        for bad in [
            "",
            "bytes",
            "bytes */1000",
            "items 0-9/10",
            "bytes 9-0/10",
            "bytes 0-10/10",
            "bytes a-b/c",
        ] {
            assert_eq!(parse_content_range(bad), None, "{bad}");
        }
        assert_eq!(unsatisfied_total("bytes */1000"), Some(1000));
        assert_eq!(unsatisfied_total("bytes 0-1/2"), None);
    }

    #[test]
    fn partial_answer_at_the_kept_byte_appends() {
        assert_eq!(
            interpret(500, 206, Some("bytes 500-999/1000"), Some(500)),
            RangeAnswer::Write {
                write_at: 500,
                total: Some(1000)
            }
        );
    }

    #[test]
    fn partial_answer_elsewhere_is_retried_not_appended() {
        assert_eq!(
            interpret(500, 206, Some("bytes 0-999/1000"), Some(1000)),
            RangeAnswer::Retry
        );
        assert_eq!(interpret(500, 206, None, Some(500)), RangeAnswer::Retry);
    }

    #[test]
    fn full_answer_starts_over() {
        assert_eq!(
            interpret(500, 200, None, Some(1000)),
            RangeAnswer::Write {
                write_at: 0,
                total: Some(1000)
            }
        );
    }

    #[test]
    fn unsatisfiable_at_the_end_means_whole() {
        assert_eq!(
            interpret(1000, 416, Some("bytes */1000"), None),
            RangeAnswer::AlreadyComplete { total: 1000 }
        );
        assert_eq!(
            interpret(1200, 416, Some("bytes */1000"), None),
            RangeAnswer::Retry
        );
    }

    #[test]
    fn errors_retry_or_refuse() {
        assert_eq!(interpret(0, 503, None, None), RangeAnswer::Retry);
        assert_eq!(interpret(0, 429, None, None), RangeAnswer::Retry);
        assert_eq!(
            interpret(0, 404, None, None),
            RangeAnswer::Refused { status: 404 }
        );
        assert_eq!(
            interpret(0, 401, None, None),
            RangeAnswer::Refused { status: 401 }
        );
    }
}
