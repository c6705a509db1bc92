//! The order of results: how well they match, then items in progress, then the most recent.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::matching::{match_record, MatchTier};
use super::query::SearchQuery;
use super::record::SearchRecord;
use crate::merge::CachedItem;

/// Orders two matches of the same query: tier, then in progress, then the most recent, then
/// name and id so the order is total (a result never jumps between two identical searches).
fn compare(a: (MatchTier, &SearchRecord), b: (MatchTier, &SearchRecord)) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| b.1.in_progress.cmp(&a.1.in_progress))
        .then_with(|| {
            b.1.date
                .unwrap_or(i64::MIN)
                .cmp(&a.1.date.unwrap_or(i64::MIN))
        })
        .then_with(|| a.1.name.cmp(&b.1.name))
        .then_with(|| a.1.id.cmp(&b.1.id))
}

/// The candidates that match `query`, best first, each id once, at most `limit`, with what
/// came along with each record.
fn rank<T>(
    query: &SearchQuery,
    candidates: impl IntoIterator<Item = (SearchRecord, T)>,
    limit: usize,
) -> Vec<(SearchRecord, T)> {
    let mut seen = HashSet::new();
    let mut matched: Vec<(MatchTier, SearchRecord, T)> = candidates
        .into_iter()
        .filter_map(|(record, extra)| Some((match_record(query, &record)?, record, extra)))
        .filter(|(_, record, _)| seen.insert(record.id.clone()))
        .collect();
    // The order is total (ids last): an unstable sort gives the same result, in less code.
    matched.sort_unstable_by(|a, b| compare((a.0, &a.1), (b.0, &b.1)));
    matched.truncate(limit);
    matched
        .into_iter()
        .map(|(_, record, extra)| (record, extra))
        .collect()
}

/// The search records that match `query`, best first, each id once, at most `limit`: what
/// the cache's index ranks before it reads the few whole items it shows.
pub fn ranked_records(
    query: &SearchQuery,
    records: impl IntoIterator<Item = SearchRecord>,
    limit: usize,
) -> Vec<SearchRecord> {
    rank(query, records.into_iter().map(|r| (r, ())), limit)
        .into_iter()
        .map(|(record, ())| record)
        .collect()
}

/// The cached items that match `query`, best first, at most `limit` (a store that scans).
pub fn ranked_matches(
    query: &SearchQuery,
    records: impl IntoIterator<Item = CachedItem>,
    limit: usize,
) -> Vec<CachedItem> {
    let candidates = records
        .into_iter()
        .filter_map(|cached| Some((SearchRecord::of(&cached.item)?, cached)));
    rank(query, candidates, limit)
        .into_iter()
        .map(|(_, cached)| cached)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldLevel, Item, ItemKind, UserData};

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

    #[test]
    fn records_rank_as_their_items_and_each_id_counts_once() {
        let records = vec![
            film("words", "Heat of Summer", 8),
            film("exact", "Summer Heat", 1),
            film("prefix", "Summer Heatwave", 7),
        ];
        let query = SearchQuery::parse("summer heat");
        let as_records = records
            .iter()
            .map(|r| SearchRecord::of(&r.item).unwrap())
            .chain(SearchRecord::of(&records[1].item));
        let ranked: Vec<String> = ranked_records(&query, as_records, 10)
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ranked, ["exact", "prefix", "words"]);
        assert_eq!(ids(&ranked_matches(&query, records, 10)), ranked);
    }
}
