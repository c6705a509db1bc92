//! What an action changes in the cache at once, before the server answers: the item's own
//! state and the unplayed counts of the season and show above an episode.
use crate::cache::{OutboxEntry, UserAction};
use crate::model::{Item, ItemKind};

/// The items `action` on `item` changes locally: the item itself first, then those of
/// `parents` (its season and show, as cached) whose unplayed count moves. The server's answer
/// and the refreshes that follow it replace these.
pub fn local_changes(action: UserAction, item: &Item, parents: &[Item]) -> Vec<Item> {
    let was_played = item.is_played();
    let unplayed_before = item.user_data.as_ref().and_then(|d| d.unplayed_count);
    let mut updated = item.clone();
    let data = updated.user_data.get_or_insert_with(Default::default);
    action.apply(data);
    let is_folder = matches!(item.kind, ItemKind::Series | ItemKind::Season);
    if is_folder && action == UserAction::SetPlayed(true) {
        data.unplayed_count = Some(0);
    }
    // How many more (or fewer) unwatched episodes the parents now hold.
    let now_played = data.played;
    let delta: i64 = match (action, item.kind) {
        (_, ItemKind::Episode) if now_played != was_played => {
            if now_played {
                -1
            } else {
                1
            }
        }
        (UserAction::SetPlayed(true), ItemKind::Season) => -i64::from(unplayed_before.unwrap_or(0)),
        _ => 0,
    };
    let mut changed = vec![updated];
    if delta == 0 {
        return changed;
    }
    let above = [item.season_id.as_deref(), item.series_id.as_deref()];
    for parent in parents {
        if parent.id == item.id || !above.contains(&Some(parent.id.as_str())) {
            continue;
        }
        let Some(count) = parent.user_data.as_ref().and_then(|d| d.unplayed_count) else {
            continue;
        };
        let mut parent = parent.clone();
        let next = (i64::from(count) + delta).clamp(0, i64::from(u32::MAX)) as u32;
        if let Some(data) = parent.user_data.as_mut() {
            data.unplayed_count = Some(next);
            // A show or season with nothing left unwatched counts as watched, as on the server.
            data.played = next == 0;
        }
        changed.push(parent);
    }
    changed
}

/// Re-applies the outbox's entries for `item` (in order) to data fetched from the server, so a
/// refresh that predates an unsent action still shows what the user did.
pub fn apply_pending(item: &mut Item, entries: &[OutboxEntry]) {
    for entry in entries.iter().filter(|e| e.item_id == item.id) {
        let data = item.user_data.get_or_insert_with(Default::default);
        entry.action.apply(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UserData;

    fn with_unplayed(mut item: Item, count: u32) -> Item {
        item.user_data = Some(UserData {
            unplayed_count: Some(count),
            ..Default::default()
        });
        item
    }

    fn episode(played: bool) -> Item {
        let mut e = Item::new("e1", "Pilot", ItemKind::Episode);
        e.season_id = Some("s1".into());
        e.series_id = Some("show".into());
        e.user_data = Some(UserData {
            played,
            position_ticks: 40,
            ..Default::default()
        });
        e
    }

    fn parents() -> Vec<Item> {
        vec![
            with_unplayed(Item::new("s1", "Season 1", ItemKind::Season), 3),
            with_unplayed(Item::new("show", "Show", ItemKind::Series), 10),
            with_unplayed(Item::new("other", "Other", ItemKind::Season), 5),
        ]
    }

    fn unplayed(items: &[Item]) -> Vec<(String, Option<u32>)> {
        items
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    i.user_data.as_ref().and_then(|d| d.unplayed_count),
                )
            })
            .collect()
    }

    #[test]
    fn an_episode_watched_lowers_its_season_and_show_counts() {
        let changed = local_changes(UserAction::SetPlayed(true), &episode(false), &parents());
        assert!(changed[0].is_played());
        assert_eq!(changed[0].user_data.as_ref().unwrap().position_ticks, 0);
        assert_eq!(
            unplayed(&changed[1..]),
            vec![("s1".into(), Some(2)), ("show".into(), Some(9))]
        );
    }

    #[test]
    fn an_episode_unwatched_raises_them() {
        let changed = local_changes(UserAction::SetPlayed(false), &episode(true), &parents());
        assert!(!changed[0].is_played());
        assert_eq!(
            unplayed(&changed[1..]),
            vec![("s1".into(), Some(4)), ("show".into(), Some(11))]
        );
    }

    #[test]
    fn marking_what_is_already_so_moves_no_count() {
        let changed = local_changes(UserAction::SetPlayed(true), &episode(true), &parents());
        assert_eq!(changed.len(), 1);
        let changed = local_changes(UserAction::SetFavorite(true), &episode(false), &parents());
        assert_eq!(changed.len(), 1);
        assert!(changed[0].user_data.as_ref().unwrap().favorite);
    }

    #[test]
    fn the_last_unwatched_episode_makes_the_season_watched() {
        let season = with_unplayed(Item::new("s1", "Season 1", ItemKind::Season), 1);
        let changed = local_changes(UserAction::SetPlayed(true), &episode(false), &[season]);
        assert_eq!(unplayed(&changed[1..]), vec![("s1".into(), Some(0))]);
        assert!(changed[1].is_played());
    }

    #[test]
    fn a_season_watched_empties_its_count_and_lowers_the_show() {
        let mut season = with_unplayed(Item::new("s1", "Season 1", ItemKind::Season), 3);
        season.series_id = Some("show".into());
        let changed = local_changes(UserAction::SetPlayed(true), &season, &parents());
        assert_eq!(
            unplayed(&changed),
            vec![("s1".into(), Some(0)), ("show".into(), Some(7))]
        );
    }

    #[test]
    fn unknown_counts_stay_unknown() {
        let season = Item::new("s1", "Season 1", ItemKind::Season);
        let changed = local_changes(UserAction::SetPlayed(true), &episode(false), &[season]);
        assert_eq!(changed.len(), 1);
    }

    #[test]
    fn an_episode_stopped_past_ninety_percent_counts_as_watched_above() {
        let e = episode(false);
        let stop = UserAction::ReportPosition {
            position_ticks: 550_000_000,
            runtime_ticks: 600_000_000,
        };
        let changed = local_changes(stop, &e, &parents());
        assert!(changed[0].is_played());
        assert_eq!(
            unplayed(&changed[1..]),
            vec![("s1".into(), Some(2)), ("show".into(), Some(9))]
        );
        let halfway = UserAction::ReportPosition {
            position_ticks: 300_000_000,
            runtime_ticks: 600_000_000,
        };
        let changed = local_changes(halfway, &e, &parents());
        assert_eq!(changed.len(), 1);
        assert_eq!(
            changed[0].user_data.as_ref().unwrap().position_ticks,
            300_000_000
        );
    }

    #[test]
    fn pending_entries_show_on_fetched_data_in_order() {
        let mut fetched = episode(false);
        let mut entries = vec![
            OutboxEntry::new("e1", UserAction::SetPlayed(true), 1),
            OutboxEntry::new("x", UserAction::SetFavorite(true), 2),
            OutboxEntry::new("e1", UserAction::SetFavorite(true), 3),
        ];
        apply_pending(&mut fetched, &entries);
        let data = fetched.user_data.clone().unwrap();
        assert!(data.played && data.favorite);
        entries.push(OutboxEntry::new("e1", UserAction::SetPlayed(false), 4));
        apply_pending(&mut fetched, &entries);
        assert!(!fetched.is_played());
    }
}
