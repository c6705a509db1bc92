//! What the outbox does with the answer to one send.
use crate::refresh::FailureKind;

/// The outbox's reading of a failed send (a readable `UserItemDataDto` is the only success).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendVerdict {
    /// The server refused this change for good (400, 403, 404, ...): undo it, tell the user.
    Refused,
    /// The token is gone (401): stop sending, keep every entry, go to login.
    PauseForLogin,
    /// The server could not be reached: every entry waits until it can.
    Offline,
    /// Try this entry again later (5xx, timeout, 429, an unreadable answer); the others go on.
    RetryLater {
        /// The server's `Retry-After`, in ms.
        retry_after_ms: Option<i64>,
    },
}

/// How the outbox treats `failure`. Only answers that can never succeed refuse a change: an
/// unreadable 200 may be a proxy's page and the server may never have seen the change.
pub fn send_verdict(failure: &FailureKind) -> SendVerdict {
    match failure {
        FailureKind::Offline => SendVerdict::Offline,
        FailureKind::Unauthorized => SendVerdict::PauseForLogin,
        FailureKind::Http {
            status: 400 | 403 | 404 | 405 | 410 | 422,
            ..
        } => SendVerdict::Refused,
        FailureKind::Http { retry_after_ms, .. } => SendVerdict::RetryLater {
            retry_after_ms: *retry_after_ms,
        },
        FailureKind::Timeout | FailureKind::BadData(_) => SendVerdict::RetryLater {
            retry_after_ms: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16) -> FailureKind {
        FailureKind::from_status(status, None)
    }

    #[test]
    fn refused_only_for_good() {
        for status in [400, 403, 404] {
            assert_eq!(
                send_verdict(&http(status)),
                SendVerdict::Refused,
                "{status}"
            );
        }
        assert_eq!(send_verdict(&http(401)), SendVerdict::PauseForLogin);
        assert_eq!(send_verdict(&FailureKind::Offline), SendVerdict::Offline);
    }

    #[test]
    fn everything_else_is_retried() {
        for failure in [
            http(500),
            http(502),
            http(503),
            http(408),
            http(414),
            FailureKind::Timeout,
            FailureKind::BadData("an HTML page".into()),
        ] {
            assert_eq!(
                send_verdict(&failure),
                SendVerdict::RetryLater {
                    retry_after_ms: None
                },
                "{failure:?}"
            );
        }
        assert_eq!(
            send_verdict(&FailureKind::from_status(429, Some(2000))),
            SendVerdict::RetryLater {
                retry_after_ms: Some(2000)
            }
        );
    }
}
