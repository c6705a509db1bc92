//! `RefreshPriority` and `RefreshRequest`: what the queue hands to the runner.

/// How urgently a key should be refreshed. `High > Normal > Low`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefreshPriority {
    /// Background sweeps.
    Low,
    /// What the visible page links to.
    Normal,
    /// What the visible page shows.
    High,
}

/// A key the runner should refresh now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshRequest<K> {
    /// What to refresh.
    pub key: K,
    /// Its priority when taken.
    pub priority: RefreshPriority,
    /// Failed attempts before this one (0 on the first try).
    pub attempt: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_outranks_normal_outranks_low() {
        assert!(RefreshPriority::High > RefreshPriority::Normal);
        assert!(RefreshPriority::Normal > RefreshPriority::Low);
    }
}
