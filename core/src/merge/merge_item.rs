//! `merge_item`: how a fetched item joins the cached one, never thinner, never older.

use super::CachedItem;
use crate::model::{FieldLevel, Item, ItemKind, SortKeys};

/// The record to store, and whether anything a page shows differs from the cached one.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged record.
    pub item: CachedItem,
    /// Whether the item (or its library) differs from the cached record; fetch and use times
    /// do not count.
    pub changed: bool,
}

/// Merges a fetched record into the cached one:
/// - a field the incoming record does not know (`None`) keeps the cached value, so a thin list
///   record never erases what the details page fetched, and the level never drops from `Full`
///   to `Thin`;
/// - if the cached metadata is newer (its `date_last_saved` is later than the incoming one),
///   the cached metadata wins (gaps still filled), but user data and `fetched_at` come from the
///   incoming record, since user data changes without the metadata changing. Etags cannot
///   order two versions, so only `date_last_saved` decides;
/// - a `Full` record (the item's own endpoint, every field asked for) that is not older than
///   the cached one replaces it whole: a field it leaves out is a field the server no longer
///   has (an overview deleted, a rating removed), not one it was not asked for;
/// - the library id is kept when the incoming record has none.
pub fn merge_item(cached: Option<&CachedItem>, incoming: CachedItem) -> Merged {
    let Some(cached) = cached else {
        return Merged {
            item: incoming,
            changed: true,
        };
    };
    let cached_is_newer = matches!(
        (cached.item.date_last_saved, incoming.item.date_last_saved),
        (Some(cached_saved), Some(incoming_saved)) if cached_saved > incoming_saved
    );
    let (item, level) = if cached_is_newer {
        let mut item = cached.item.clone();
        if incoming.item.user_data.is_some() {
            item.user_data = incoming.item.user_data.clone();
        }
        fill_unknown(&mut item, &incoming.item);
        (item, cached.level)
    } else if incoming.level == FieldLevel::Full {
        (incoming.item, FieldLevel::Full)
    } else {
        let mut item = incoming.item;
        fill_unknown(&mut item, &cached.item);
        (item, cached.level.max(incoming.level))
    };
    let library_id = incoming.library_id.or_else(|| cached.library_id.clone());
    let changed = item != cached.item || library_id != cached.library_id;
    Merged {
        item: CachedItem {
            sort: SortKeys::of(&item),
            item,
            fetched_at: incoming.fetched_at,
            level,
            library_id,
            last_used_at: cached.last_used_at.max(incoming.last_used_at),
        },
        changed,
    }
}

/// Fills every field `target` does not know from `known`. The destructuring has no `..`, so a
/// new `Item` field will not compile until it is merged here too.
fn fill_unknown(target: &mut Item, known: &Item) {
    let Item {
        id: _,
        name,
        original_title,
        sort_name,
        kind,
        collection_type,
        parent_id,
        series_id,
        series_name,
        season_id,
        season_name,
        index_number,
        parent_index_number,
        production_year,
        premiere_date,
        date_created,
        end_date,
        run_time_ticks,
        community_rating,
        critic_rating,
        official_rating,
        overview,
        taglines,
        genres,
        people,
        studios,
        child_count,
        recursive_item_count,
        status,
        primary_image,
        backdrop_image,
        thumb_image,
        series_primary_image,
        user_data,
        etag,
        date_last_saved,
    } = known;
    if target.name.is_empty() {
        target.name.clone_from(name);
    }
    if target.kind == ItemKind::Other {
        target.kind = *kind;
    }
    fill(&mut target.original_title, original_title);
    fill(&mut target.sort_name, sort_name);
    fill(&mut target.collection_type, collection_type);
    fill(&mut target.parent_id, parent_id);
    fill(&mut target.series_id, series_id);
    fill(&mut target.series_name, series_name);
    fill(&mut target.season_id, season_id);
    fill(&mut target.season_name, season_name);
    fill(&mut target.index_number, index_number);
    fill(&mut target.parent_index_number, parent_index_number);
    fill(&mut target.production_year, production_year);
    fill(&mut target.premiere_date, premiere_date);
    fill(&mut target.date_created, date_created);
    fill(&mut target.end_date, end_date);
    fill(&mut target.run_time_ticks, run_time_ticks);
    fill(&mut target.community_rating, community_rating);
    fill(&mut target.critic_rating, critic_rating);
    fill(&mut target.official_rating, official_rating);
    fill(&mut target.overview, overview);
    fill(&mut target.taglines, taglines);
    fill(&mut target.genres, genres);
    fill(&mut target.people, people);
    fill(&mut target.studios, studios);
    fill(&mut target.child_count, child_count);
    fill(&mut target.recursive_item_count, recursive_item_count);
    fill(&mut target.status, status);
    fill(&mut target.primary_image, primary_image);
    fill(&mut target.backdrop_image, backdrop_image);
    fill(&mut target.thumb_image, thumb_image);
    fill(&mut target.series_primary_image, series_primary_image);
    fill(&mut target.user_data, user_data);
    fill(&mut target.etag, etag);
    fill(&mut target.date_last_saved, date_last_saved);
}

fn fill<T: Clone>(slot: &mut Option<T>, known: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(known);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UserData;

    fn full_record(now: i64) -> CachedItem {
        let mut item = Item::new("m", "Heat", ItemKind::Movie);
        item.overview = Some("A heist.".into());
        item.genres = Some(vec!["Crime".into()]);
        item.people = Some(vec![]);
        item.community_rating = Some(8.3);
        item.etag = Some("e1".into());
        item.date_last_saved = Some(1_000);
        item.user_data = Some(UserData {
            play_count: 1,
            played: true,
            ..Default::default()
        });
        CachedItem::new(item, FieldLevel::Full, "lib".to_owned(), now)
    }

    fn thin_record(now: i64) -> CachedItem {
        let mut item = Item::new("m", "Heat", ItemKind::Movie);
        item.community_rating = Some(8.3);
        item.etag = Some("e1".into());
        item.user_data = Some(UserData {
            play_count: 1,
            played: true,
            ..Default::default()
        });
        CachedItem::new(item, FieldLevel::Thin, None, now)
    }

    #[test]
    fn nothing_cached_takes_the_incoming_record() {
        let incoming = thin_record(5);
        let merged = merge_item(None, incoming.clone());
        assert_eq!(
            merged,
            Merged {
                item: incoming,
                changed: true
            }
        );
    }

    #[test]
    fn a_thin_record_never_erases_richer_fields() {
        let cached = full_record(10);
        let merged = merge_item(Some(&cached), thin_record(20));
        assert_eq!(merged.item.item.overview.as_deref(), Some("A heist."));
        assert_eq!(merged.item.item.genres, Some(vec!["Crime".to_owned()]));
        assert_eq!(merged.item.item.people, Some(vec![]), "known-empty kept");
        assert_eq!(merged.item.level, FieldLevel::Full, "stays Full");
        assert_eq!(merged.item.fetched_at, 20);
        assert_eq!(
            merged.item.library_id.as_deref(),
            Some("lib"),
            "library kept"
        );
        assert!(!merged.changed, "nothing visible changed");
    }

    #[test]
    fn known_values_replace_cached_ones_including_known_empty() {
        let cached = full_record(10);
        let mut incoming = thin_record(20);
        incoming.item.genres = Some(vec![]);
        incoming.item.name = "Heat (1995)".into();
        incoming.library_id = Some("other".into());
        let merged = merge_item(Some(&cached), incoming);
        assert_eq!(merged.item.item.genres, Some(vec![]));
        assert_eq!(
            merged.item.sort.name, "heat (1995)",
            "sort keys follow the merged item"
        );
        assert_eq!(merged.item.library_id.as_deref(), Some("other"));
        assert!(merged.changed);
    }

    #[test]
    fn a_full_record_upgrades_a_thin_one() {
        let merged = merge_item(Some(&thin_record(10)), full_record(20));
        assert_eq!(merged.item.level, FieldLevel::Full);
        assert!(merged.changed, "overview appeared");
    }

    #[test]
    fn a_full_fetch_clears_what_the_server_no_longer_sends() {
        let cached = full_record(10);
        let mut incoming = full_record(20);
        incoming.item.overview = None;
        incoming.item.community_rating = None;
        let merged = merge_item(Some(&cached), incoming);
        assert_eq!(merged.item.item.overview, None);
        assert_eq!(merged.item.item.community_rating, None);
        assert_eq!(merged.item.level, FieldLevel::Full);
        assert!(merged.changed);
        // A thin list record leaves the same fields alone (it was not asked for them).
        let merged = merge_item(Some(&cached), thin_record(20));
        assert_eq!(merged.item.item.overview.as_deref(), Some("A heist."));
    }

    #[test]
    fn newer_cached_metadata_wins_but_user_data_and_fetch_time_come_from_incoming() {
        let cached = full_record(10);
        let mut older = full_record(30);
        older.item.overview = Some("Old text.".into());
        older.item.date_last_saved = Some(500);
        older.item.user_data = Some(UserData {
            favorite: true,
            ..Default::default()
        });
        older.library_id = None;
        let merged = merge_item(Some(&cached), older);
        assert_eq!(merged.item.item.overview.as_deref(), Some("A heist."));
        assert_eq!(merged.item.item.date_last_saved, Some(1_000));
        assert_eq!(
            merged.item.item.user_data,
            Some(UserData {
                favorite: true,
                ..Default::default()
            })
        );
        assert_eq!(merged.item.fetched_at, 30);
        assert!(merged.changed, "user data changed");
    }

    #[test]
    fn newer_cached_metadata_still_fills_its_gaps() {
        let mut cached = thin_record(10);
        cached.item.date_last_saved = Some(2_000);
        let mut older = full_record(30);
        older.item.date_last_saved = Some(1_000);
        let merged = merge_item(Some(&cached), older);
        assert_eq!(merged.item.item.overview.as_deref(), Some("A heist."));
        assert_eq!(merged.item.item.date_last_saved, Some(2_000));
        assert_eq!(
            merged.item.level,
            FieldLevel::Thin,
            "an older record does not vouch for completeness"
        );
    }

    #[test]
    fn newer_incoming_metadata_wins() {
        let cached = full_record(10);
        let mut newer = full_record(30);
        newer.item.overview = Some("Rewritten.".into());
        newer.item.date_last_saved = Some(2_000);
        let merged = merge_item(Some(&cached), newer);
        assert_eq!(merged.item.item.overview.as_deref(), Some("Rewritten."));
        assert!(merged.changed);
    }

    #[test]
    fn user_data_alone_changes_the_record() {
        let cached = thin_record(10);
        let mut incoming = thin_record(20);
        incoming.item.user_data = Some(UserData {
            position_ticks: 99,
            ..Default::default()
        });
        let merged = merge_item(Some(&cached), incoming);
        assert_eq!(
            merged.item.item.user_data.as_ref().unwrap().position_ticks,
            99
        );
        assert!(merged.changed);
        let unknown_user_data = CachedItem {
            item: Item {
                user_data: None,
                ..thin_record(30).item
            },
            ..thin_record(30)
        };
        let merged = merge_item(Some(&cached), unknown_user_data);
        assert_eq!(
            merged.item.item.user_data, cached.item.user_data,
            "unknown user data keeps the cached one"
        );
        assert!(!merged.changed);
    }

    #[test]
    fn times_do_not_count_as_changes_and_last_use_only_grows() {
        let mut cached = thin_record(10);
        cached.last_used_at = 50;
        let merged = merge_item(Some(&cached), thin_record(20));
        assert!(!merged.changed);
        assert_eq!((merged.item.fetched_at, merged.item.last_used_at), (20, 50));
    }
}
