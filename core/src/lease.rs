//! Leases: "only one tab does this" where the browser has no Web Locks (plain http on a LAN
//! address is not a secure context). A lease is a record every tab can read and write (the app
//! keeps it in localStorage): who holds it and until when. The holder renews it well before it
//! expires; another tab claims it only once it is free or expired, then reads it back after a
//! short settle, because two tabs can claim at the same moment and only the last write stands.
//! Two holders that still meet (storage lagging between processes) are told apart over the
//! tabs' channel by [`keeps_lease_against`].
/// How long a lease lasts without renewal: a holder that died (tab closed, frozen) is replaced
/// after at most this long.
pub const LEASE_TTL_MS: i64 = 4_000;
/// How often the holder renews, well inside [`LEASE_TTL_MS`] so a busy tick does not lose it.
pub const RENEW_EVERY_MS: i64 = 1_000;
/// How long a claimant waits before reading its claim back: longer than storage takes to reach
/// the other tabs' processes, so that of two simultaneous claims every tab sees the same winner.
pub const SETTLE_MS: i64 = 60;

/// One lease record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The holding tab's random id.
    pub holder: String,
    /// When the holder first got it (ms since the epoch); the older holder wins a conflict.
    pub since: i64,
    /// When it lapses unless renewed (ms since the epoch).
    pub expires_at: i64,
}

impl Lease {
    /// A lease for `holder` from `now`, held since `since`.
    pub fn renewed(holder: &str, since: i64, now: i64) -> Lease {
        Lease {
            holder: holder.to_string(),
            since,
            expires_at: now + LEASE_TTL_MS,
        }
    }

    /// Whether nobody holds it at `now` (its holder stopped renewing).
    pub fn has_lapsed(&self, now: i64) -> bool {
        now >= self.expires_at
    }
}

/// What a tab does with the lease record it just read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseStep {
    /// It is this tab's and live: renew it.
    Renew,
    /// Nobody holds it (no record, or lapsed): write a claim and read it back after [`SETTLE_MS`].
    Claim,
    /// Another tab holds it: wait (check again later, or when that tab says it let go).
    Wait,
}

/// The rule every tab applies to the record it reads at `now`.
pub fn next_step(current: Option<&Lease>, me: &str, now: i64) -> LeaseStep {
    match current {
        None => LeaseStep::Claim,
        Some(lease) if lease.has_lapsed(now) => LeaseStep::Claim,
        Some(lease) if lease.holder == me => LeaseStep::Renew,
        Some(_) => LeaseStep::Wait,
    }
}

/// After claiming and waiting [`SETTLE_MS`]: the claim stands only if the record read back is
/// this tab's (a later claim overwrote it otherwise).
pub fn claim_stands(read_back: Option<&Lease>, me: &str, now: i64) -> bool {
    read_back.is_some_and(|lease| lease.holder == me && !lease.has_lapsed(now))
}

/// Two tabs both believe they hold the lease (each heard the other renew): the one that got it
/// first keeps it; equal starts go to the smaller id. Both tabs reach the same verdict.
pub fn keeps_lease_against(mine: &Lease, theirs: &Lease) -> bool {
    (mine.since, mine.holder.as_str()) <= (theirs.since, theirs.holder.as_str())
}

impl Lease {
    /// The stored form: `holder since expires_at` (a holder id has no spaces). Plain text
    /// rather than JSON keeps a serializer per type out of the wasm.
    pub fn to_record(&self) -> String {
        format!("{} {} {}", self.holder, self.since, self.expires_at)
    }
}

/// Parses a stored lease; anything unreadable counts as no lease (it will be overwritten).
pub fn parse_lease(text: Option<&str>) -> Option<Lease> {
    let mut parts = text?.split(' ');
    let holder = parts.next().filter(|h| !h.is_empty())?.to_string();
    let since = parts.next()?.parse().ok()?;
    let expires_at = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some(Lease {
        holder,
        since,
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(holder: &str, since: i64, expires_at: i64) -> Lease {
        Lease {
            holder: holder.into(),
            since,
            expires_at,
        }
    }

    #[test]
    fn a_free_lease_is_claimed() {
        assert_eq!(next_step(None, "a", 1_000), LeaseStep::Claim);
    }

    #[test]
    fn a_live_lease_of_another_tab_is_waited_for() {
        let theirs = lease("b", 0, 5_000);
        assert_eq!(next_step(Some(&theirs), "a", 4_999), LeaseStep::Wait);
    }

    #[test]
    fn an_expired_lease_is_taken_over() {
        let theirs = lease("b", 0, 5_000);
        assert_eq!(next_step(Some(&theirs), "a", 5_000), LeaseStep::Claim);
        assert_eq!(next_step(Some(&theirs), "a", 9_000), LeaseStep::Claim);
    }

    #[test]
    fn the_holder_renews_its_own_lease() {
        let mine = lease("a", 0, 5_000);
        assert_eq!(next_step(Some(&mine), "a", 4_000), LeaseStep::Renew);
        let renewed = Lease::renewed("a", 0, 4_000);
        assert_eq!(renewed, lease("a", 0, 4_000 + LEASE_TTL_MS));
    }

    #[test]
    fn renewing_keeps_the_lease_from_lapsing_between_renewals() {
        let mut now = 0;
        let mut current = Lease::renewed("a", 0, now);
        for _ in 0..20 {
            now += RENEW_EVERY_MS;
            assert_eq!(next_step(Some(&current), "b", now), LeaseStep::Wait);
            current = Lease::renewed("a", 0, now);
        }
        // One missed renewal is not enough to lose it; a dead holder loses it after the TTL.
        assert_eq!(
            next_step(Some(&current), "b", now + 2 * RENEW_EVERY_MS),
            LeaseStep::Wait
        );
        assert_eq!(
            next_step(Some(&current), "b", now + LEASE_TTL_MS),
            LeaseStep::Claim
        );
    }

    #[test]
    fn of_two_simultaneous_claims_only_the_last_written_stands() {
        // Both read "free" and wrote; b wrote last, so both read b back.
        let stored = Lease::renewed("b", 100, 100);
        assert!(!claim_stands(Some(&stored), "a", 100 + SETTLE_MS));
        assert!(claim_stands(Some(&stored), "b", 100 + SETTLE_MS));
        assert!(!claim_stands(None, "a", 100 + SETTLE_MS));
    }

    #[test]
    fn a_conflict_goes_to_the_older_holder_then_the_smaller_id() {
        let older = lease("z", 10, 5_000);
        let newer = lease("a", 20, 5_000);
        assert!(keeps_lease_against(&older, &newer));
        assert!(!keeps_lease_against(&newer, &older));
        let a = lease("a", 10, 5_000);
        let b = lease("b", 10, 5_000);
        assert!(keeps_lease_against(&a, &b));
        assert!(!keeps_lease_against(&b, &a));
    }

    #[test]
    fn unreadable_records_count_as_free() {
        assert_eq!(parse_lease(Some("{}")), None);
        assert_eq!(parse_lease(Some("<html>")), None);
        assert_eq!(parse_lease(None), None);
        assert_eq!(parse_lease(Some("a 1")), None);
        assert_eq!(parse_lease(Some("a 1 x")), None);
        assert_eq!(parse_lease(Some("a 1 2 3")), None);
        let text = lease("tab-a", 1, 2).to_record();
        assert_eq!(parse_lease(Some(&text)), Some(lease("tab-a", 1, 2)));
    }
}
