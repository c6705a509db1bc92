//! The order of results: how well they match, then items in progress, then the most recent.

use std::cmp::Ordering;

use super::matching::{match_tier, MatchTier};
use super::query::SearchQuery;
use crate::merge::CachedItem;
use crate::model::Item;

/// Started and not finished: the user is likely looking for it.
fn in_progress(item: &Item) -> bool {
    item.user_data
        .as_ref()
        .is_some_and(|data| data.position_ticks > 0 && !data.played)
}

/// The newest date known of an item: when it came out, else when it was added (ms).
fn recency(item: &Item) -> i64 {
    item.premiere_date.or(item.date_created).unwrap_or(i64::MIN)
}

/// Orders two matches of the same query: tier, then in progress, then the most recent, then
/// name and id so the order is total (a result never jumps between two identical searches).
fn compare(a: (MatchTier, &Item), b: (MatchTier, &Item)) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| in_progress(b.1).cmp(&in_progress(a.1)))
        .then_with(|| recency(b.1).cmp(&recency(a.1)))
        .then_with(|| a.1.name.cmp(&b.1.name))
        .then_with(|| a.1.id.cmp(&b.1.id))
}

/// The records that match `query`, best first, at most `limit`.
pub fn ranked_matches(
    query: &SearchQuery,
    records: impl IntoIterator<Item = CachedItem>,
    limit: usize,
) -> Vec<CachedItem> {
    let mut matched: Vec<(MatchTier, CachedItem)> = records
        .into_iter()
        .filter_map(|record| Some((match_tier(query, &record.item)?, record)))
        .collect();
    // The order is total (ids last): an unstable sort gives the same result, in less code.
    matched.sort_unstable_by(|a, b| compare((a.0, &a.1.item), (b.0, &b.1.item)));
    matched.truncate(limit);
    matched.into_iter().map(|(_, record)| record).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldLevel, ItemKind, UserData};

    fn film(id: &str, name: &str, premiere: i64) -> CachedItem {
        let mut item = Item::new(id, name, ItemKind::Movie);
        item.premiere_date = Some(premiere);
        CachedItem::new(item, FieldLevel::Thin, None, 0)
    }

    fn ids(records: &[CachedItem]) -> Vec<&str> {
        records.iter().map(|r| r.item.id.as_str()).collect()
    }

    #[test]
    fn exact_then_title_prefix_then_word_prefixes_then_fuzzy() {
        let records = vec![
            film("fuzzy", "Sumer Heat", 9),
            film("words", "Heat of Summer", 8),
            film("prefix", "Summer Heatwave", 7),
            film("exact", "Summer Heat", 1),
            film("none", "Winter Heat", 10),
        ];
        let ranked = ranked_matches(&SearchQuery::parse("summer heat"), records, 10);
        assert_eq!(ids(&ranked), ["exact", "prefix", "words", "fuzzy"]);
    }

    #[test]
    fn ties_go_to_items_in_progress_then_the_most_recent() {
        let mut started = film("started", "Alien Resurrection", 1);
        started.item.user_data = Some(UserData {
            position_ticks: 5,
            ..UserData::default()
        });
        let mut finished = film("finished", "Aliens Vs Predator", 3);
        finished.item.user_data = Some(UserData {
            position_ticks: 5,
            played: true,
            ..UserData::default()
        });
        let records = vec![
            film("old", "Aliens", 0),
            finished,
            film("new", "Alien: Covenant", 2),
            started,
        ];
        let ranked = ranked_matches(&SearchQuery::parse("alien"), records, 10);
        assert_eq!(ids(&ranked), ["started", "finished", "new", "old"]);
    }

    #[test]
    fn keeps_the_best_within_the_limit() {
        let records = (0..20).map(|i| film(&format!("m{i:02}"), "Up", i));
        let ranked = ranked_matches(&SearchQuery::parse("up"), records, 3);
        assert_eq!(ids(&ranked), ["m19", "m18", "m17"]);
    }
}
