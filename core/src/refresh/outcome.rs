//! `RefreshOutcome` and `FailureKind`: how a refresh ended, and what that means for a retry.

use std::fmt;

/// How a refresh ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// Fetched, validated and stored.
    Success,
    /// Nothing was stored.
    Failed(FailureKind),
}

/// Why a refresh failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureKind {
    /// The browser is offline (or the server unreachable).
    Offline,
    /// No answer in time.
    Timeout,
    /// The server answered with an error status.
    Http {
        /// The status code.
        status: u16,
        /// The `Retry-After` delay, in ms, if the server sent one.
        retry_after_ms: Option<i64>,
    },
    /// The answer could not be read (malformed or unexpected JSON).
    BadData(String),
    /// The token is no longer accepted.
    Unauthorized,
}

/// What the queue does after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryPolicy {
    /// Put it back without using an attempt, and pause until online.
    WhenOnline,
    /// Retry with backoff, up to the attempt limit.
    Backoff,
    /// Retrying cannot help.
    Never,
}

impl FailureKind {
    /// A non-2xx answer. Only 401 means the token is gone: a 403 is a permission, a
    /// reverse-proxy rule or a firewall refusing this one request, an error like any other
    /// that never logs anyone out.
    pub fn from_status(status: u16, retry_after_ms: Option<i64>) -> Self {
        if status == 401 {
            Self::Unauthorized
        } else {
            Self::Http {
                status,
                retry_after_ms,
            }
        }
    }

    /// How the queue treats this failure.
    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        match self {
            Self::Offline => RetryPolicy::WhenOnline,
            Self::Unauthorized => RetryPolicy::Never,
            Self::Timeout | Self::BadData(_) => RetryPolicy::Backoff,
            Self::Http {
                status: 408 | 429, ..
            } => RetryPolicy::Backoff,
            Self::Http {
                status: 400..=499, ..
            } => RetryPolicy::Never,
            Self::Http { .. } => RetryPolicy::Backoff,
        }
    }

    /// Whether another attempt could succeed.
    pub fn is_retryable(&self) -> bool {
        self.retry_policy() != RetryPolicy::Never
    }

    /// The server's `Retry-After`, if any.
    pub fn retry_after_ms(&self) -> Option<i64> {
        match self {
            Self::Http { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }
}

impl fmt::Display for FailureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Offline => f.write_str("You are offline."),
            Self::Timeout => f.write_str("The server took too long to answer."),
            Self::Http { status: 404, .. } => f.write_str("The server no longer has this."),
            Self::Http { status: 429, .. } => {
                f.write_str("The server is busy; trying again shortly.")
            }
            Self::Http { status, .. } if *status >= 500 => {
                write!(f, "The server had a problem (error {status}).")
            }
            Self::Http { status, .. } => {
                write!(f, "The server refused the request (error {status}).")
            }
            Self::BadData(detail) => write!(f, "The server sent something unreadable ({detail})."),
            Self::Unauthorized => f.write_str("Your session has expired; please sign in again."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16) -> FailureKind {
        FailureKind::Http {
            status,
            retry_after_ms: None,
        }
    }

    #[test]
    fn which_failures_are_retried() {
        assert_eq!(FailureKind::Offline.retry_policy(), RetryPolicy::WhenOnline);
        for retried in [
            FailureKind::Timeout,
            FailureKind::BadData("x".into()),
            http(408),
            http(429),
            http(500),
            http(503),
        ] {
            assert_eq!(retried.retry_policy(), RetryPolicy::Backoff, "{retried:?}");
        }
        for final_failure in [
            FailureKind::Unauthorized,
            http(400),
            http(401),
            http(403),
            http(404),
            http(410),
        ] {
            assert!(!final_failure.is_retryable(), "{final_failure:?}");
        }
    }

    #[test]
    fn only_401_means_the_token_is_gone() {
        assert_eq!(
            FailureKind::from_status(401, None),
            FailureKind::Unauthorized
        );
        for status in [400, 403, 404, 407, 429, 500, 503] {
            assert_eq!(
                FailureKind::from_status(status, Some(7)),
                FailureKind::Http {
                    status,
                    retry_after_ms: Some(7)
                },
                "{status}"
            );
        }
    }

    #[test]
    fn messages_are_readable() {
        assert_eq!(
            http(503).to_string(),
            "The server had a problem (error 503)."
        );
        assert!(FailureKind::Unauthorized.to_string().contains("sign in"));
        assert_eq!(
            FailureKind::Http {
                status: 429,
                retry_after_ms: Some(5)
            }
            .retry_after_ms(),
            Some(5)
        );
    }
}
