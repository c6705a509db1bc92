//! Which downloads a library view lists ("Downloaded" filter). A downloaded item may have
//! been cached from its own page rather than from its library's list, so its library is not
//! always known: such an item is listed in every library of its kind.

use crate::merge::CachedItem;
use crate::model::{LibraryView, SortOrder};

/// The ids of `downloaded` (cached items) that `view` lists, in its order.
pub fn downloaded_in_view(view: &LibraryView, downloaded: &[CachedItem]) -> Vec<String> {
    let mut listed: Vec<&CachedItem> = downloaded
        .iter()
        .filter(|c| {
            c.library_id
                .as_deref()
                .is_none_or(|id| id == view.library_id)
        })
        .filter(|c| view.matches(&c.item))
        .collect();
    listed.sort_by(|a, b| {
        let order = a
            .sort
            .compare(&b.sort, view.sort)
            .then_with(|| a.item.id.cmp(&b.item.id));
        match view.order {
            SortOrder::Asc => order,
            SortOrder::Desc => order.reverse(),
        }
    });
    listed.into_iter().map(|c| c.item.id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldLevel, Item, ItemKind, LibraryItemType, LibrarySort};

    fn cached(id: &str, name: &str, kind: ItemKind, library: Option<&str>) -> CachedItem {
        CachedItem::new(
            Item::new(id, name, kind),
            FieldLevel::Thin,
            library.map(String::from),
            0,
        )
    }

    #[test]
    fn lists_this_librarys_and_unplaced_downloads_of_its_kind_in_its_order() {
        let downloaded = [
            cached("z", "Zodiac", ItemKind::Movie, Some("films")),
            cached("a", "Alien", ItemKind::Movie, None),
            cached(
                "o",
                "Other Library Film",
                ItemKind::Movie,
                Some("more-films"),
            ),
            cached("e", "An Episode", ItemKind::Episode, None),
            cached("m", "Memento", ItemKind::Movie, Some("films")),
        ];
        let mut view = LibraryView::new("films", LibraryItemType::Movie);
        view.filter.downloaded = true;
        assert_eq!(downloaded_in_view(&view, &downloaded), ["a", "m", "z"]);
        view.order = SortOrder::Desc;
        assert_eq!(downloaded_in_view(&view, &downloaded), ["z", "m", "a"]);
        view.sort = LibrarySort::Name;
        view.search = Some("mem".into());
        assert_eq!(
            downloaded_in_view(&view, &downloaded),
            ["m"],
            "other filters apply too"
        );
    }
}
