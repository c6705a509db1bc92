//! How long each kind of content stays fresh, and what to say about its age.
//!
//! Stale data is still shown (that is the point of the app); staleness only decides whether a
//! background refresh is queued. Nothing is ever deleted for being old.

use crate::civil_time::{MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE};

/// The kinds of content that age at different speeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ContentKind {
    /// The list of libraries (rarely changes).
    Libraries,
    /// A movie library's grid.
    MovieList,
    /// A show library's grid.
    ShowList,
    /// A show's seasons or a season's episodes.
    Episodes,
    /// One item's full details.
    ItemDetails,
    /// Home rows that follow new additions (recently added).
    HomeSections,
    /// Views driven by watching (continue watching, next up): change as soon as one plays.
    UserDataViews,
}

/// Time-to-live per content kind and the age beyond which data is flagged as old, all in ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheConfig {
    /// TTL of [`ContentKind::Libraries`].
    pub libraries: i64,
    /// TTL of [`ContentKind::MovieList`].
    pub movie_list: i64,
    /// TTL of [`ContentKind::ShowList`].
    pub show_list: i64,
    /// TTL of [`ContentKind::Episodes`].
    pub episodes: i64,
    /// TTL of [`ContentKind::ItemDetails`].
    pub item_details: i64,
    /// TTL of [`ContentKind::HomeSections`].
    pub home_sections: i64,
    /// TTL of [`ContentKind::UserDataViews`].
    pub user_data_views: i64,
    /// Beyond this age data is still shown but marked as old.
    pub max_stale: i64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self {
            libraries: MS_PER_HOUR,
            movie_list: 4 * MS_PER_HOUR,
            show_list: 4 * MS_PER_HOUR,
            episodes: 12 * MS_PER_HOUR,
            item_details: 24 * MS_PER_HOUR,
            home_sections: 30 * MS_PER_MINUTE,
            user_data_views: 5 * MS_PER_MINUTE,
            max_stale: 30 * MS_PER_DAY,
        }
    }
}

/// Whether cached data should be refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freshness {
    /// Younger than its TTL: no refresh needed.
    Fresh,
    /// Older than its TTL: show it and refresh in the background.
    Stale,
    /// Never fetched: show a skeleton and fetch.
    Missing,
}

impl CacheConfig {
    /// The TTL of a content kind, in ms.
    pub fn ttl(&self, kind: ContentKind) -> i64 {
        match kind {
            ContentKind::Libraries => self.libraries,
            ContentKind::MovieList => self.movie_list,
            ContentKind::ShowList => self.show_list,
            ContentKind::Episodes => self.episodes,
            ContentKind::ItemDetails => self.item_details,
            ContentKind::HomeSections => self.home_sections,
            ContentKind::UserDataViews => self.user_data_views,
        }
    }

    /// See [`needs_refresh`].
    pub fn needs_refresh(
        &self,
        kind: ContentKind,
        fetched_at: impl Into<Option<i64>>,
        now: i64,
    ) -> Freshness {
        needs_refresh(self, kind, fetched_at, now)
    }

    /// See [`is_too_old`].
    pub fn is_too_old(&self, fetched_at: impl Into<Option<i64>>, now: i64) -> bool {
        is_too_old(self, fetched_at, now)
    }
}

/// Fresh while younger than the kind's TTL, stale from then on, missing if never fetched.
/// A `fetched_at` in the future (another device's clock, a changed clock) counts as fresh:
/// refetching would not fix the clock, and the TTL catches up by itself.
pub fn needs_refresh(
    config: &CacheConfig,
    kind: ContentKind,
    fetched_at: impl Into<Option<i64>>,
    now: i64,
) -> Freshness {
    match fetched_at.into() {
        None => Freshness::Missing,
        Some(at) if now.saturating_sub(at) < config.ttl(kind) => Freshness::Fresh,
        Some(_) => Freshness::Stale,
    }
}

/// Whether data is older than `max_stale`: still shown, but marked old in the UI.
/// Never-fetched data is not "too old" (there is nothing to mark).
pub fn is_too_old(config: &CacheConfig, fetched_at: impl Into<Option<i64>>, now: i64) -> bool {
    fetched_at
        .into()
        .is_some_and(|at| now.saturating_sub(at) > config.max_stale)
}

/// A short age for the UI: "just now", "5 min ago", "3 h ago", "1 day ago", "2 days ago".
pub fn relative_age(fetched_at: i64, now: i64) -> String {
    let age = now.saturating_sub(fetched_at);
    if age < MS_PER_MINUTE {
        "just now".to_owned()
    } else if age < MS_PER_HOUR {
        format!("{} min ago", age / MS_PER_MINUTE)
    } else if age < MS_PER_DAY {
        format!("{} h ago", age / MS_PER_HOUR)
    } else if age < 2 * MS_PER_DAY {
        "1 day ago".to_owned()
    } else {
        format!("{} days ago", age / MS_PER_DAY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn default_ttls() {
        let c = CacheConfig::default();
        assert_eq!(c.ttl(ContentKind::Libraries), 3_600_000);
        assert_eq!(c.ttl(ContentKind::MovieList), 4 * 3_600_000);
        assert_eq!(c.ttl(ContentKind::ShowList), 4 * 3_600_000);
        assert_eq!(c.ttl(ContentKind::Episodes), 12 * 3_600_000);
        assert_eq!(c.ttl(ContentKind::ItemDetails), 24 * 3_600_000);
        assert_eq!(c.ttl(ContentKind::HomeSections), 30 * 60_000);
        assert_eq!(c.ttl(ContentKind::UserDataViews), 5 * 60_000);
        assert_eq!(c.max_stale, 30 * 86_400_000);
    }

    #[test]
    fn fresh_until_the_ttl_then_stale() {
        let c = CacheConfig::default();
        let ttl = c.ttl(ContentKind::UserDataViews);
        assert_eq!(
            needs_refresh(&c, ContentKind::UserDataViews, None, NOW),
            Freshness::Missing
        );
        assert_eq!(
            needs_refresh(&c, ContentKind::UserDataViews, Some(NOW), NOW),
            Freshness::Fresh
        );
        assert_eq!(
            needs_refresh(&c, ContentKind::UserDataViews, NOW - ttl + 1, NOW),
            Freshness::Fresh
        );
        assert_eq!(
            needs_refresh(&c, ContentKind::UserDataViews, NOW - ttl, NOW),
            Freshness::Stale
        );
        assert_eq!(
            c.needs_refresh(ContentKind::Libraries, NOW - ttl, NOW),
            Freshness::Fresh
        );
    }

    #[test]
    fn future_fetch_times_count_as_fresh() {
        let c = CacheConfig::default();
        assert_eq!(
            needs_refresh(&c, ContentKind::Episodes, Some(NOW + 86_400_000), NOW),
            Freshness::Fresh
        );
        assert!(!is_too_old(&c, NOW + 1, NOW));
    }

    #[test]
    fn too_old_only_beyond_max_stale() {
        let c = CacheConfig::default();
        assert!(!is_too_old(&c, None, NOW));
        assert!(!is_too_old(&c, NOW - c.max_stale, NOW));
        assert!(is_too_old(&c, Some(NOW - c.max_stale - 1), NOW));
        assert!(c.is_too_old(i64::MIN, NOW));
    }

    #[test]
    fn relative_ages() {
        assert_eq!(relative_age(NOW, NOW), "just now");
        assert_eq!(relative_age(NOW + 5_000, NOW), "just now");
        assert_eq!(relative_age(NOW - 59_999, NOW), "just now");
        assert_eq!(relative_age(NOW - 60_000, NOW), "1 min ago");
        assert_eq!(relative_age(NOW - 5 * 60_000 - 30_000, NOW), "5 min ago");
        assert_eq!(relative_age(NOW - 3 * 3_600_000, NOW), "3 h ago");
        assert_eq!(relative_age(NOW - 86_400_000, NOW), "1 day ago");
        assert_eq!(relative_age(NOW - 2 * 86_400_000, NOW), "2 days ago");
    }
}
