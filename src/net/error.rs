use std::fmt;

use marquee_core::refresh::FailureKind;

/// Why a request to the server did not give us usable data.
#[derive(Debug, Clone, PartialEq)]
pub enum NetError {
    /// The server could not be reached at all (network down, server stopped, CORS refused).
    Offline,
    /// No answer within the request timeout.
    Timeout,
    /// 401: the token is missing, wrong or revoked (a 403 is an `Http` error, not this).
    Unauthorized,
    /// Any other non-2xx answer.
    Http {
        status: u16,
        retry_after_ms: Option<i64>,
    },
    /// A 2xx answer whose body is not what Jellyfin sends (not JSON, wrong shape, empty).
    BadData(String),
}

impl NetError {
    /// How the refresh queue should treat this failure (retry, pause, give up).
    pub fn failure_kind(&self) -> FailureKind {
        match self {
            NetError::Offline => FailureKind::Offline,
            NetError::Timeout => FailureKind::Timeout,
            NetError::Unauthorized => FailureKind::Unauthorized,
            NetError::Http {
                status,
                retry_after_ms,
            } => FailureKind::Http {
                status: *status,
                retry_after_ms: *retry_after_ms,
            },
            NetError::BadData(why) => FailureKind::BadData(why.clone()),
        }
    }

    pub fn is_offline(&self) -> bool {
        matches!(self, NetError::Offline)
    }
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Offline => f.write_str("the server can't be reached"),
            NetError::Timeout => f.write_str("the server took too long to answer"),
            NetError::Unauthorized => f.write_str("the session has expired, please log in again"),
            NetError::Http { status, .. } if *status >= 500 => {
                write!(f, "the server had a problem (HTTP {status})")
            }
            NetError::Http { status, .. } => {
                write!(f, "the server refused the request (HTTP {status})")
            }
            NetError::BadData(why) => write!(f, "the server sent data Marquee can't read ({why})"),
        }
    }
}
