//! Which cached queries an action makes stale. The store refreshes these at High priority once
//! the server has the action (server events go through [`crate::live::keys_to_refresh`]).
use crate::cache::UserAction;
use crate::model::{Item, ItemKind, QueryKey};

/// The keys `action` on `item` invalidates, among the fixed ones it names and the `known` keys
/// (cached or on screen) that depend on user state:
/// - always the item's own details;
/// - played: Continue Watching, Next Up, the season's episodes and the show's seasons above or
///   below it (their counts and marks), the show and season details, and every library view
///   filtered by played;
/// - favorite: every library view filtered to favorites.
pub fn keys_invalidated_by(action: UserAction, item: &Item, known: &[QueryKey]) -> Vec<QueryKey> {
    let mut keys = vec![QueryKey::Item {
        id: item.id.clone(),
    }];
    let mut add = |key: QueryKey| {
        if !keys.contains(&key) {
            keys.push(key);
        }
    };
    match action {
        // A position moves the item in Continue Watching, and past 90% it is played.
        UserAction::SetPlayed(_) | UserAction::ReportPosition { .. } => {
            add(QueryKey::ContinueWatching);
            add(QueryKey::NextUp);
            let series = match item.kind {
                ItemKind::Series => Some(item.id.as_str()),
                _ => item.series_id.as_deref(),
            };
            let season = match item.kind {
                ItemKind::Season => Some(item.id.as_str()),
                _ => item.season_id.as_deref(),
            };
            if let Some(series) = series {
                add(QueryKey::Seasons {
                    series_id: series.to_owned(),
                });
                if item.kind != ItemKind::Series {
                    add(QueryKey::Item {
                        id: series.to_owned(),
                    });
                }
                if let Some(season) = season {
                    add(QueryKey::Episodes {
                        series_id: series.to_owned(),
                        season_id: season.to_owned(),
                    });
                    if item.kind == ItemKind::Episode {
                        add(QueryKey::Item {
                            id: season.to_owned(),
                        });
                    }
                }
            }
            for key in known {
                let depends = match key {
                    QueryKey::Library(view) => view.filter.played.is_some(),
                    // Marking a show watched marks every season of it.
                    QueryKey::Episodes { series_id, .. } => {
                        item.kind == ItemKind::Series && Some(series_id.as_str()) == series
                    }
                    _ => false,
                };
                if depends {
                    add(key.clone());
                }
            }
        }
        UserAction::SetFavorite(_) => {
            for key in known {
                if matches!(key, QueryKey::Library(view) if view.filter.favorite) {
                    add(key.clone());
                }
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LibraryFilter, LibraryItemType, LibraryView};

    fn view(filter: LibraryFilter) -> QueryKey {
        let mut view = LibraryView::new("lib", LibraryItemType::Movie);
        view.filter = filter;
        QueryKey::Library(view)
    }

    fn known() -> Vec<QueryKey> {
        vec![
            QueryKey::Libraries,
            view(LibraryFilter::default()),
            view(LibraryFilter {
                played: Some(false),
                ..Default::default()
            }),
            view(LibraryFilter {
                favorite: true,
                ..Default::default()
            }),
            QueryKey::Episodes {
                series_id: "show".into(),
                season_id: "s2".into(),
            },
            QueryKey::Latest {
                library_id: "lib".into(),
            },
        ]
    }

    fn episode() -> Item {
        let mut e = Item::new("e1", "Pilot", ItemKind::Episode);
        e.series_id = Some("show".into());
        e.season_id = Some("s1".into());
        e
    }

    #[test]
    fn an_episode_watched_refreshes_home_its_season_its_show_and_played_views() {
        let keys = keys_invalidated_by(UserAction::SetPlayed(true), &episode(), &known());
        assert_eq!(
            keys,
            vec![
                QueryKey::Item { id: "e1".into() },
                QueryKey::ContinueWatching,
                QueryKey::NextUp,
                QueryKey::Seasons {
                    series_id: "show".into()
                },
                QueryKey::Item { id: "show".into() },
                QueryKey::Episodes {
                    series_id: "show".into(),
                    season_id: "s1".into()
                },
                QueryKey::Item { id: "s1".into() },
                view(LibraryFilter {
                    played: Some(false),
                    ..Default::default()
                }),
            ]
        );
    }

    #[test]
    fn a_show_watched_refreshes_every_cached_season_of_it() {
        let show = Item::new("show", "Show", ItemKind::Series);
        let keys = keys_invalidated_by(UserAction::SetPlayed(true), &show, &known());
        assert!(keys.contains(&QueryKey::Seasons {
            series_id: "show".into()
        }));
        assert!(keys.contains(&QueryKey::Episodes {
            series_id: "show".into(),
            season_id: "s2".into()
        }));
        assert!(!keys.contains(&QueryKey::Item { id: "s1".into() }));
    }

    #[test]
    fn a_movie_watched_touches_no_show() {
        let movie = Item::new("m1", "Film", ItemKind::Movie);
        let keys = keys_invalidated_by(UserAction::SetPlayed(false), &movie, &known());
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert!(!keys
            .iter()
            .any(|k| matches!(k, QueryKey::Seasons { .. } | QueryKey::Episodes { .. })));
    }

    #[test]
    fn a_favorite_refreshes_only_the_item_and_favorite_views() {
        let keys = keys_invalidated_by(UserAction::SetFavorite(true), &episode(), &known());
        assert_eq!(
            keys,
            vec![
                QueryKey::Item { id: "e1".into() },
                view(LibraryFilter {
                    favorite: true,
                    ..Default::default()
                }),
            ]
        );
    }
}
