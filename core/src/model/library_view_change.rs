//! `LibraryViewChange`: what one control of a library page's toolbar changes in its view.

use super::{LibrarySort, LibraryView, SortOrder};

/// One change the user makes to a library grid's view, from the toolbar or the A–Z bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryViewChange {
    /// The search field's text; blank clears the search.
    Search(String),
    /// A new sort field.
    Sort(LibrarySort),
    /// Ascending becomes descending and back.
    ToggleOrder,
    /// `Some(true)`: only watched; `Some(false)`: only unwatched; `None`: all.
    Played(Option<bool>),
    /// Only favorites, or everything.
    Favorite(bool),
    /// Only what is downloaded here, or everything.
    Downloaded(bool),
    /// The genre field's text; blank clears the filter.
    Genre(String),
    /// The year field's text; anything but a number clears the filter.
    Year(String),
    /// Jump to the titles filed under this letter.
    Letter(char),
}

impl LibraryViewChange {
    /// The played filter from its control's value (`played`, `unplayed`, anything else: all).
    pub fn played(value: &str) -> Self {
        Self::Played(match value {
            "played" => Some(true),
            "unplayed" => Some(false),
            _ => None,
        })
    }

    /// Whether the view is ordered anew: a letter means a place in the old order, so it goes.
    fn reorders(&self) -> bool {
        matches!(self, Self::Search(_) | Self::Sort(_) | Self::ToggleOrder)
    }
}

impl LibraryView {
    /// The view after `change`. A new sort, order or search starts at the top (the letter
    /// goes); a filter keeps the letter.
    pub fn changed(&self, change: LibraryViewChange) -> LibraryView {
        let mut next = self.clone();
        if change.reorders() {
            next.letter = None;
        }
        let text = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        match change {
            LibraryViewChange::Search(value) => next.search = text(&value),
            LibraryViewChange::Sort(sort) => next.sort = sort,
            LibraryViewChange::ToggleOrder => {
                next.order = match next.order {
                    SortOrder::Asc => SortOrder::Desc,
                    SortOrder::Desc => SortOrder::Asc,
                }
            }
            LibraryViewChange::Played(played) => next.filter.played = played,
            LibraryViewChange::Favorite(favorite) => next.filter.favorite = favorite,
            LibraryViewChange::Downloaded(downloaded) => next.filter.downloaded = downloaded,
            LibraryViewChange::Genre(value) => next.filter.genre = text(&value),
            LibraryViewChange::Year(value) => next.filter.year = value.trim().parse().ok(),
            LibraryViewChange::Letter(letter) => next.letter = Some(letter),
        }
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LibraryFilter, LibraryItemType};

    fn at_m() -> LibraryView {
        LibraryView {
            letter: Some('M'),
            ..LibraryView::new("lib", LibraryItemType::Movie)
        }
    }

    #[test]
    fn a_new_order_or_search_drops_the_letter() {
        let sorted = at_m().changed(LibraryViewChange::Sort(LibrarySort::Year));
        assert_eq!((sorted.sort, sorted.letter), (LibrarySort::Year, None));
        let flipped = at_m().changed(LibraryViewChange::ToggleOrder);
        assert_eq!((flipped.order, flipped.letter), (SortOrder::Desc, None));
        assert_eq!(
            flipped.changed(LibraryViewChange::ToggleOrder).order,
            SortOrder::Asc
        );
        let searched = at_m().changed(LibraryViewChange::Search("  night ".into()));
        assert_eq!(
            (searched.search.as_deref(), searched.letter),
            (Some("night"), None)
        );
        let cleared = searched.changed(LibraryViewChange::Search("   ".into()));
        assert_eq!(cleared.search, None);
    }

    #[test]
    fn a_filter_keeps_the_letter() {
        let view = at_m()
            .changed(LibraryViewChange::played("unplayed"))
            .changed(LibraryViewChange::Favorite(true))
            .changed(LibraryViewChange::Genre(" Drama ".into()))
            .changed(LibraryViewChange::Year("1999".into()));
        assert_eq!(view.letter, Some('M'));
        assert_eq!(
            view.filter,
            LibraryFilter {
                played: Some(false),
                favorite: true,
                genre: Some("Drama".into()),
                year: Some(1999),
                downloaded: false,
            }
        );
        let reset = view
            .changed(LibraryViewChange::played("all"))
            .changed(LibraryViewChange::Favorite(false))
            .changed(LibraryViewChange::Genre(" ".into()))
            .changed(LibraryViewChange::Year("19x9".into()));
        assert_eq!(reset.filter, LibraryFilter::default());
        assert_eq!(
            reset
                .changed(LibraryViewChange::played("played"))
                .filter
                .played,
            Some(true)
        );
    }

    #[test]
    fn a_letter_moves_only_the_anchor() {
        let view = LibraryView::new("lib", LibraryItemType::Series)
            .changed(LibraryViewChange::Sort(LibrarySort::Rating));
        let jumped = view.changed(LibraryViewChange::Letter('C'));
        assert_eq!(
            jumped,
            LibraryView {
                letter: Some('C'),
                ..view
            }
        );
    }
}
