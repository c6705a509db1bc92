//! What a season or series download stands for: its episodes, in watching order.

use crate::model::{Item, ItemKind};

/// The episodes a download of `target` (a season or a series id) fetches, in watching
/// order: season number, then episode number, then name; specials (season 0) and episodes
/// without a season number after the numbered seasons, as a viewer reaches them.
/// `episodes` is whatever the cache holds for the show; anything not an episode of the
/// target is ignored, and each id appears once.
pub fn episodes_to_download<'a>(target: &Item, episodes: &'a [Item]) -> Vec<&'a str> {
    let belongs = |e: &Item| match target.kind {
        ItemKind::Season => e.season_id.as_deref() == Some(target.id.as_str()),
        ItemKind::Series => e.series_id.as_deref() == Some(target.id.as_str()),
        _ => false,
    };
    let mut chosen: Vec<&Item> = episodes
        .iter()
        .filter(|e| e.kind == ItemKind::Episode && belongs(e))
        .collect();
    // Numbered seasons first, then specials (0) and the unknown.
    let season_rank = |e: &Item| match e.parent_index_number {
        Some(n) if n > 0 => (0, n),
        Some(_) => (1, 0),
        None => (2, 0),
    };
    chosen.sort_by(|a, b| {
        season_rank(a)
            .cmp(&season_rank(b))
            .then(
                a.index_number
                    .unwrap_or(i32::MAX)
                    .cmp(&b.index_number.unwrap_or(i32::MAX)),
            )
            .then(a.name.cmp(&b.name))
            .then(a.id.cmp(&b.id))
    });
    let mut seen = std::collections::HashSet::new();
    chosen
        .into_iter()
        .map(|e| e.id.as_str())
        .filter(|id| seen.insert(*id))
        .collect()
}

/// A download of this kind stands for the item itself (a movie, an episode) rather than
/// for its episodes.
pub fn is_single_file(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::Movie | ItemKind::Episode | ItemKind::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn episode(id: &str, series: &str, season: &str, s: Option<i32>, e: Option<i32>) -> Item {
        Item {
            id: id.into(),
            name: format!("Episode {id}"),
            kind: ItemKind::Episode,
            series_id: Some(series.into()),
            season_id: Some(season.into()),
            parent_index_number: s,
            index_number: e,
            ..Item::default()
        }
    }

    fn folder(id: &str, kind: ItemKind) -> Item {
        Item {
            id: id.into(),
            kind,
            ..Item::default()
        }
    }

    fn library() -> Vec<Item> {
        vec![
            episode("s2e1", "show", "s2", Some(2), Some(1)),
            episode("sp1", "show", "s0", Some(0), Some(1)),
            episode("s1e2", "show", "s1", Some(1), Some(2)),
            episode("s1e1", "show", "s1", Some(1), Some(1)),
            episode("s1e1", "show", "s1", Some(1), Some(1)),
            episode("other", "show2", "x1", Some(1), Some(1)),
            folder("s1", ItemKind::Season),
        ]
    }

    #[test]
    fn a_season_is_its_episodes_in_order() {
        let eps = library();
        assert_eq!(
            episodes_to_download(&folder("s1", ItemKind::Season), &eps),
            ["s1e1", "s1e2"]
        );
    }

    #[test]
    fn a_series_is_every_season_with_specials_last() {
        let eps = library();
        assert_eq!(
            episodes_to_download(&folder("show", ItemKind::Series), &eps),
            ["s1e1", "s1e2", "s2e1", "sp1"]
        );
    }

    #[test]
    fn a_movie_expands_to_nothing() {
        let eps = library();
        assert!(episodes_to_download(&folder("s1", ItemKind::Movie), &eps).is_empty());
        assert!(is_single_file(ItemKind::Movie));
        assert!(!is_single_file(ItemKind::Season));
    }
}
