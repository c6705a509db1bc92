//! Does a download fit? Checked against `navigator.storage.estimate()` before it starts.

/// What the browser reports: bytes used and the origin's quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageEstimate {
    /// Bytes this origin uses.
    pub usage: u64,
    /// Bytes this origin may use.
    pub quota: u64,
}

/// Kept free beyond the file: the cache, the images and the database keep growing.
pub const HEADROOM_BYTES: u64 = 50 * 1024 * 1024;

/// Why a download was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotEnoughSpace {
    /// Bytes the download still needs.
    pub needed: u64,
    /// Bytes left, headroom taken off.
    pub available: u64,
}

/// Whether `remaining` more bytes fit, given the estimate and the bytes other pending
/// downloads have already claimed but not yet written.
pub fn check_fits(
    remaining: u64,
    claimed: u64,
    estimate: StorageEstimate,
) -> Result<(), NotEnoughSpace> {
    let available = estimate
        .quota
        .saturating_sub(estimate.usage)
        .saturating_sub(claimed)
        .saturating_sub(HEADROOM_BYTES);
    if remaining <= available {
        Ok(())
    } else {
        Err(NotEnoughSpace {
            needed: remaining,
            available,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1024 * 1024;

    #[test]
    fn fits_with_headroom() {
        let e = StorageEstimate {
            usage: 100 * MB,
            quota: 1000 * MB,
        };
        assert_eq!(check_fits(850 * MB, 0, e), Ok(()));
        assert_eq!(
            check_fits(851 * MB, 0, e),
            Err(NotEnoughSpace {
                needed: 851 * MB,
                available: 850 * MB
            })
        );
    }

    #[test]
    fn other_pending_downloads_count() {
        let e = StorageEstimate {
            usage: 0,
            quota: 1000 * MB,
        };
        assert!(check_fits(500 * MB, 0, e).is_ok());
        assert_eq!(
            check_fits(500 * MB, 500 * MB, e),
            Err(NotEnoughSpace {
                needed: 500 * MB,
                available: 450 * MB
            })
        );
    }

    #[test]
    fn usage_over_quota_leaves_nothing() {
        let e = StorageEstimate {
            usage: 2000 * MB,
            quota: 1000 * MB,
        };
        assert_eq!(check_fits(1, 0, e).unwrap_err().available, 0);
    }
}
