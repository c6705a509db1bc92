//! Which visible keys to refresh when the tab becomes visible again.

use crate::freshness::{needs_refresh, CacheConfig, ContentKind, Freshness};

/// The keys among `visible` (key, `fetched_at`, kind) that are stale or were never fetched,
/// in the order given.
pub fn revalidate_on_visible<'a, K: Clone + 'a>(
    visible: impl Iterator<Item = (&'a K, Option<i64>, ContentKind)>,
    config: &CacheConfig,
    now: i64,
) -> Vec<K> {
    visible
        .filter(|(_, fetched_at, kind)| {
            needs_refresh(config, *kind, *fetched_at, now) != Freshness::Fresh
        })
        .map(|(key, _, _)| key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_stale_and_missing_keys() {
        let config = CacheConfig::default();
        let now = 10 * 3_600_000;
        let keys = [
            "resume".to_owned(),
            "lib".to_owned(),
            "item".to_owned(),
            "new".to_owned(),
        ];
        let visible = vec![
            (&keys[0], Some(now - 6 * 60_000), ContentKind::UserDataViews),
            (&keys[1], Some(now - 60_000), ContentKind::MovieList),
            (&keys[2], Some(now + 1), ContentKind::ItemDetails),
            (&keys[3], None, ContentKind::Episodes),
        ];
        assert_eq!(
            revalidate_on_visible(visible.into_iter(), &config, now),
            ["resume", "new"]
        );
    }
}
