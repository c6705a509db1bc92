//! Turning the outbox into requests: one per item and kind of action, carrying the final state
//! the user chose, in the order the user acted.
use std::collections::BTreeSet;

use crate::cache::{OutboxEntry, UserAction};

/// One request to send, standing for every outbox entry in `seqs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSend {
    /// The item acted on.
    pub item_id: String,
    /// The final state to send (the last of the entries it stands for).
    pub action: UserAction,
    /// The outbox entries this request settles, oldest first.
    pub seqs: Vec<u64>,
}

/// Played and favorite are independent: entries of one kind on one item coalesce.
fn same_kind(a: UserAction, b: UserAction) -> bool {
    matches!(
        (a, b),
        (UserAction::SetPlayed(_), UserAction::SetPlayed(_))
            | (UserAction::SetFavorite(_), UserAction::SetFavorite(_))
            | (
                UserAction::ReportPosition { .. },
                UserAction::ReportPosition { .. }
            )
    )
}

/// The requests that settle `entries` (in seq order, as the outbox lists them): played then
/// unplayed on one item while offline sends one request, unplayed. Requests come in the order
/// of each group's first entry, so one item's actions reach the server in the order made.
/// Entries without a seq (not stored yet) are skipped.
pub fn plan_sends(entries: &[OutboxEntry]) -> Vec<PlannedSend> {
    let mut plan: Vec<PlannedSend> = Vec::new();
    for entry in entries {
        let Some(seq) = entry.seq else { continue };
        match plan
            .iter_mut()
            .find(|p| p.item_id == entry.item_id && same_kind(p.action, entry.action))
        {
            Some(planned) => {
                planned.action = entry.action;
                planned.seqs.push(seq);
            }
            None => plan.push(PlannedSend {
                item_id: entry.item_id.clone(),
                action: entry.action,
                seqs: vec![seq],
            }),
        }
    }
    plan
}

/// The entries a new position report for `item_id` replaces: the item's earlier ones (the
/// outbox keeps one position per item, the latest).
pub fn superseded_positions(entries: &[OutboxEntry], item_id: &str) -> Vec<u64> {
    entries
        .iter()
        .filter(|e| e.item_id == item_id && matches!(e.action, UserAction::ReportPosition { .. }))
        .filter_map(|e| e.seq)
        .collect()
}

/// A queued position yields when the server saw a later playback of the item (on another
/// device): its `LastPlayedDate` is newer than the report was made.
pub fn position_yields(server_last_played: Option<i64>, reported_at: i64) -> bool {
    server_last_played.is_some_and(|t| t > reported_at)
}

/// The items with an action the server has not confirmed yet (shown as pending).
pub fn pending_item_ids(entries: &[OutboxEntry]) -> BTreeSet<String> {
    entries.iter().map(|e| e.item_id.clone()).collect()
}

/// What every page says while the outbox is not empty: `waiting` entries to send, `unsent`
/// records this build cannot read (listed in Settings). `None` when it is empty.
pub fn outbox_note_text(waiting: usize, unsent: usize) -> Option<String> {
    let changes = |n: usize| {
        if n == 1 {
            "1 change".to_string()
        } else {
            format!("{n} changes")
        }
    };
    let unsent_text = || format!("{} couldn't be sent (see Settings)", changes(unsent));
    match (waiting, unsent) {
        (0, 0) => None,
        (0, _) => Some(unsent_text()),
        (_, 0) => Some(format!("{} waiting to be sent", changes(waiting))),
        _ => Some(format!(
            "{} waiting to be sent \u{b7} {}",
            changes(waiting),
            unsent_text()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(seq: u64, item: &str, action: UserAction) -> OutboxEntry {
        let mut e = OutboxEntry::new(item, action, seq as i64);
        e.seq = Some(seq);
        e
    }

    #[test]
    fn played_then_unplayed_sends_one_final_state() {
        let plan = plan_sends(&[
            entry(1, "e1", UserAction::SetPlayed(true)),
            entry(2, "e1", UserAction::SetPlayed(false)),
        ]);
        assert_eq!(
            plan,
            vec![PlannedSend {
                item_id: "e1".into(),
                action: UserAction::SetPlayed(false),
                seqs: vec![1, 2],
            }]
        );
    }

    #[test]
    fn kinds_and_items_stay_apart_in_the_order_made() {
        let plan = plan_sends(&[
            entry(1, "a", UserAction::SetFavorite(true)),
            entry(2, "b", UserAction::SetPlayed(true)),
            entry(3, "a", UserAction::SetPlayed(true)),
            entry(4, "a", UserAction::SetFavorite(false)),
            entry(5, "b", UserAction::SetPlayed(false)),
            entry(6, "b", UserAction::SetPlayed(true)),
        ]);
        let summary: Vec<(&str, UserAction, Vec<u64>)> = plan
            .iter()
            .map(|p| (p.item_id.as_str(), p.action, p.seqs.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("a", UserAction::SetFavorite(false), vec![1, 4]),
                ("b", UserAction::SetPlayed(true), vec![2, 5, 6]),
                ("a", UserAction::SetPlayed(true), vec![3]),
            ]
        );
    }

    fn position(seq: u64, item: &str, ticks: i64) -> OutboxEntry {
        entry(
            seq,
            item,
            UserAction::ReportPosition {
                position_ticks: ticks,
                runtime_ticks: 100,
            },
        )
    }

    #[test]
    fn positions_coalesce_per_item_to_the_latest() {
        let entries = [
            position(1, "a", 10),
            entry(2, "a", UserAction::SetFavorite(true)),
            position(3, "b", 5),
            position(4, "a", 20),
        ];
        let plan = plan_sends(&entries);
        let summary: Vec<(&str, UserAction, Vec<u64>)> = plan
            .iter()
            .map(|p| (p.item_id.as_str(), p.action, p.seqs.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "a",
                    UserAction::ReportPosition {
                        position_ticks: 20,
                        runtime_ticks: 100
                    },
                    vec![1, 4]
                ),
                ("a", UserAction::SetFavorite(true), vec![2]),
                (
                    "b",
                    UserAction::ReportPosition {
                        position_ticks: 5,
                        runtime_ticks: 100
                    },
                    vec![3]
                ),
            ]
        );
        assert_eq!(superseded_positions(&entries, "a"), vec![1, 4]);
        assert!(superseded_positions(&entries, "c").is_empty());
    }

    #[test]
    fn a_later_playback_elsewhere_wins_over_a_queued_position() {
        assert!(position_yields(Some(2_000), 1_000));
        assert!(!position_yields(Some(1_000), 1_000));
        assert!(!position_yields(Some(500), 1_000));
        assert!(!position_yields(None, 1_000));
    }

    #[test]
    fn unstored_entries_are_not_sent_and_an_empty_outbox_sends_nothing() {
        let unstored = OutboxEntry::new("a", UserAction::SetPlayed(true), 1);
        assert!(plan_sends(&[unstored]).is_empty());
        assert!(plan_sends(&[]).is_empty());
    }

    #[test]
    fn the_note_counts_changes() {
        assert_eq!(outbox_note_text(0, 0), None);
        assert_eq!(
            outbox_note_text(1, 0).unwrap(),
            "1 change waiting to be sent"
        );
        assert_eq!(
            outbox_note_text(3, 0).unwrap(),
            "3 changes waiting to be sent"
        );
        assert_eq!(
            outbox_note_text(0, 2).unwrap(),
            "2 changes couldn't be sent (see Settings)"
        );
        assert_eq!(
            outbox_note_text(2, 1).unwrap(),
            "2 changes waiting to be sent \u{b7} 1 change couldn't be sent (see Settings)"
        );
    }

    #[test]
    fn pending_ids_are_the_items_with_entries() {
        let ids = pending_item_ids(&[
            entry(1, "a", UserAction::SetPlayed(true)),
            entry(2, "b", UserAction::SetFavorite(true)),
            entry(3, "a", UserAction::SetFavorite(true)),
        ]);
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            vec!["a".to_string(), "b".into()]
        );
    }
}
