//! Next Up after an episode is watched on this device, before the server answers: Jellyfin's
//! rule (per show, the first unwatched episode after the last watched one, in episode order)
//! applied to what the cache knows, the watched episode's season.
use crate::model::Item;

/// Next Up's ids (`next_up`, as cached, with each listed item's show) once `watched` is
/// watched, knowing its season's episodes in order (`season`, their cached state). The show's
/// entry becomes the first unwatched episode after the season's last watched one, first in
/// the list (the show was just watched). When the season has none left, the show's entries
/// within the season go and any later one stays (the server's answer names the next season's).
/// `None`: nothing to change (not an episode of a show, or a season the cache does not hold).
pub fn next_up_after_watching(
    next_up: &[(String, Option<String>)],
    watched: &Item,
    season: &[Item],
) -> Option<Vec<String>> {
    let series = watched.series_id.as_deref()?;
    let at = season.iter().position(|e| e.id == watched.id)?;
    let played = |i: usize| i == at || season[i].is_played();
    let last_played = (0..season.len()).rev().find(|i| played(*i))?;
    let next = (last_played + 1..season.len())
        .find(|i| !played(*i))
        .map(|i| season[i].id.clone());
    let in_season = |id: &str| {
        season
            .iter()
            .position(|e| e.id == id)
            .is_some_and(|i| i <= last_played || next.is_some())
    };
    let mut ids: Vec<String> = next_up
        .iter()
        .filter(|(id, show)| show.as_deref() != Some(series) || !in_season(id))
        .filter(|(id, _)| Some(id) != next.as_ref())
        .map(|(id, _)| id.clone())
        .collect();
    if let Some(next) = next {
        ids.insert(0, next);
    }
    let before: Vec<&String> = next_up.iter().map(|(id, _)| id).collect();
    (ids.iter().collect::<Vec<_>>() != before).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemKind, UserData};

    fn episode(id: &str, series: &str, played: bool) -> Item {
        let mut e = Item::new(id, id, ItemKind::Episode);
        e.series_id = Some(series.into());
        e.season_id = Some(format!("{series}-s1"));
        e.user_data = Some(UserData {
            played,
            ..Default::default()
        });
        e
    }

    fn listed(entries: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        entries
            .iter()
            .map(|(id, show)| (id.to_string(), Some(show.to_string())))
            .collect()
    }

    fn season(played: &[bool]) -> Vec<Item> {
        played
            .iter()
            .enumerate()
            .map(|(i, p)| episode(&format!("e{}", i + 1), "show", *p))
            .collect()
    }

    #[test]
    fn the_episode_after_the_watched_one_becomes_the_shows_entry_first_in_the_list() {
        let eps = season(&[false, false, false]);
        let next_up = listed(&[("x3", "other")]);
        assert_eq!(
            next_up_after_watching(&next_up, &eps[0], &eps),
            Some(vec!["e2".to_string(), "x3".to_string()])
        );
    }

    #[test]
    fn the_watched_entry_gives_way_and_watched_episodes_are_skipped() {
        let eps = season(&[false, true, false, false]);
        let next_up = listed(&[("x3", "other"), ("e1", "show")]);
        assert_eq!(
            next_up_after_watching(&next_up, &eps[0], &eps),
            Some(vec!["e3".to_string(), "x3".to_string()])
        );
    }

    #[test]
    fn a_later_watched_episode_decides_as_on_the_server() {
        // e3 was watched before: next up stays after it, whatever was watched now.
        let eps = season(&[false, false, true, false]);
        let next_up = listed(&[("e4", "show")]);
        assert_eq!(next_up_after_watching(&next_up, &eps[0], &eps), None);
    }

    #[test]
    fn the_seasons_last_episode_leaves_the_next_season_to_the_server() {
        let eps = season(&[true, false]);
        let next_up = listed(&[("e2", "show"), ("x3", "other")]);
        assert_eq!(
            next_up_after_watching(&next_up, &eps[1], &eps),
            Some(vec!["x3".to_string()])
        );
        // An entry of the show beyond this season (the server knew better) stays.
        let next_up = listed(&[("s2e1", "show")]);
        assert_eq!(next_up_after_watching(&next_up, &eps[1], &eps), None);
    }

    #[test]
    fn nothing_changes_without_the_season_or_for_a_movie() {
        let eps = season(&[false, false]);
        let next_up = listed(&[("x3", "other")]);
        let stranger = episode("e9", "show", false);
        assert_eq!(next_up_after_watching(&next_up, &stranger, &eps), None);
        let movie = Item::new("m", "Movie", ItemKind::Movie);
        assert_eq!(next_up_after_watching(&next_up, &movie, &eps), None);
    }
}
