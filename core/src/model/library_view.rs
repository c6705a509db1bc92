//! `LibraryView`: one library grid as the user set it up (sort, filters, search, letter).

use super::sort_keys::letter_group;
use super::text_fold::fold_text;
use super::{Item, ItemKind, SortKeys};
use crate::civil_time::year_of;
use crate::freshness::ContentKind;
use crate::jellyfin::request::{ItemsQuery, SortOrder};
use crate::jellyfin::ItemType;
use crate::percent;

/// What a library grid lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LibraryItemType {
    /// Films.
    #[default]
    Movie,
    /// TV shows.
    Series,
}

/// How a library grid is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LibrarySort {
    /// By sort name.
    #[default]
    Name,
    /// By the date added to the server.
    DateAdded,
    /// By release date.
    ReleaseDate,
    /// By audience rating.
    Rating,
    /// By release year.
    Year,
}

/// Which items of a library a grid shows. The default shows everything.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct LibraryFilter {
    /// `Some(true)`: only watched; `Some(false)`: only unwatched.
    pub played: Option<bool>,
    /// Only favorites.
    pub favorite: bool,
    /// Only this genre.
    pub genre: Option<String>,
    /// Only this release year.
    pub year: Option<i32>,
    /// Only what is downloaded to this browser (answered locally: the server cannot know).
    pub downloaded: bool,
}

/// One library grid: which library, what it lists, its order, filters, search and letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct LibraryView {
    /// The library's item id.
    pub library_id: String,
    /// Films or shows.
    pub item_type: LibraryItemType,
    /// Sort field.
    pub sort: LibrarySort,
    /// Sort direction.
    pub order: SortOrder,
    /// Filters.
    pub filter: LibraryFilter,
    /// Search text.
    pub search: Option<String>,
    /// Only names starting with this letter (`#`: not a letter).
    pub letter: Option<char>,
}

impl LibraryItemType {
    /// The short name used in keys (`movie` / `series`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Movie => "movie",
            Self::Series => "series",
        }
    }

    /// Reads `movie` / `series`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "movie" => Some(Self::Movie),
            "series" => Some(Self::Series),
            _ => None,
        }
    }

    /// What a library with this collection type (`movies`, `tvshows`) lists, if it is a grid
    /// the app shows.
    pub fn for_collection_type(collection_type: &str) -> Option<Self> {
        match collection_type.to_ascii_lowercase().as_str() {
            "movies" => Some(Self::Movie),
            "tvshows" => Some(Self::Series),
            _ => None,
        }
    }

    /// The app's kind of the listed items.
    pub fn item_kind(self) -> ItemKind {
        match self {
            Self::Movie => ItemKind::Movie,
            Self::Series => ItemKind::Series,
        }
    }

    /// Jellyfin's type of the listed items.
    pub fn item_type(self) -> ItemType {
        match self {
            Self::Movie => ItemType::Movie,
            Self::Series => ItemType::Series,
        }
    }

    /// How fast such a list goes stale.
    pub fn content_kind(self) -> ContentKind {
        match self {
            Self::Movie => ContentKind::MovieList,
            Self::Series => ContentKind::ShowList,
        }
    }
}

impl LibrarySort {
    /// Every sort, in menu order.
    pub const ALL: [LibrarySort; 5] = [
        Self::Name,
        Self::DateAdded,
        Self::ReleaseDate,
        Self::Rating,
        Self::Year,
    ];

    /// The short name used in keys and page URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::DateAdded => "date_added",
            Self::ReleaseDate => "release_date",
            Self::Rating => "rating",
            Self::Year => "year",
        }
    }

    /// Reads a short name.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == value)
    }

    /// Jellyfin's `SortBy`; ties are broken by sort name so server pages do not overlap.
    pub fn sort_by(self) -> Vec<String> {
        let primary = match self {
            Self::Name => return vec!["SortName".to_owned()],
            Self::DateAdded => "DateCreated",
            Self::ReleaseDate => "PremiereDate",
            Self::Rating => "CommunityRating",
            Self::Year => "ProductionYear",
        };
        vec![primary.to_owned(), "SortName".to_owned()]
    }
}

impl LibraryFilter {
    /// Whether the filter lets everything through.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One recognised view parameter (shared by key strings and page URLs).
enum ViewParam {
    Sort(LibrarySort),
    Order(SortOrder),
    Played(bool),
    Favorite(bool),
    Downloaded(bool),
    Genre(String),
    Year(i32),
    Search(String),
    Letter(char),
}

impl ViewParam {
    /// Reads one `name=value` pair (value already decoded); `None` if unknown or malformed.
    fn parse(name: &str, value: &str) -> Option<Self> {
        let flag = |value: &str| match value {
            "1" | "true" => Some(true),
            "0" | "false" => Some(false),
            _ => None,
        };
        Some(match name {
            "sort" => Self::Sort(LibrarySort::parse(value)?),
            "order" => Self::Order(SortOrder::parse(value)?),
            "played" => Self::Played(flag(value)?),
            "fav" => Self::Favorite(flag(value)?),
            "downloaded" => Self::Downloaded(flag(value)?),
            "genre" => Self::Genre(value.to_owned()),
            "year" => Self::Year(value.parse().ok()?),
            "q" => Self::Search(value.to_owned()),
            "letter" => {
                let mut chars = value.chars();
                let letter = chars.next()?;
                chars.next().is_none().then_some(Self::Letter(letter))?
            }
            _ => return None,
        })
    }
}

impl LibraryView {
    /// The default view of a library: by name, ascending, unfiltered.
    pub fn new(library_id: impl Into<String>, item_type: LibraryItemType) -> Self {
        Self {
            library_id: library_id.into(),
            item_type,
            ..Self::default()
        }
    }

    /// Whether the view shows the whole library in index order (no filter, search or letter),
    /// so the cache can answer it with one index range read.
    pub fn is_plain(&self) -> bool {
        self.filter.is_empty() && self.search_text().is_none() && self.letter.is_none()
    }

    /// Whether only this browser can answer the view (it lists downloads): the server is asked
    /// for the plain library, and the view is filtered here.
    pub fn is_local_only(&self) -> bool {
        self.filter.downloaded
    }

    /// The search text, if there is any once trimmed.
    fn search_text(&self) -> Option<&str> {
        self.search
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
    }

    /// The page URL's query string (without `?`): only non-default parameters, in the fixed
    /// order sort, order, played, fav, downloaded, genre, year, q, letter; values percent-encoded.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.sort != LibrarySort::default() {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.order != SortOrder::default() {
            pairs.push(("order", self.order.as_str().to_owned()));
        }
        if let Some(played) = self.filter.played {
            pairs.push(("played", if played { "1" } else { "0" }.to_owned()));
        }
        if self.filter.favorite {
            pairs.push(("fav", "1".to_owned()));
        }
        if self.filter.downloaded {
            pairs.push(("downloaded", "1".to_owned()));
        }
        if let Some(genre) = &self.filter.genre {
            pairs.push(("genre", genre.clone()));
        }
        if let Some(year) = self.filter.year {
            pairs.push(("year", year.to_string()));
        }
        if let Some(search) = &self.search {
            pairs.push(("q", search.clone()));
        }
        if let Some(letter) = self.letter {
            pairs.push(("letter", letter.to_string()));
        }
        let encoded: Vec<String> = pairs
            .into_iter()
            .map(|(name, value)| format!("{name}={}", percent::encode(&value)))
            .collect();
        encoded.join("&")
    }

    /// A view from a page URL's (decoded) query pairs. Hand-edited URLs are expected, so unknown
    /// names and bad values are ignored, names are case-insensitive, an empty search is none,
    /// and the letter is uppercased (non-letters become `#`).
    pub fn from_query_pairs<I, N, V>(
        library_id: impl Into<String>,
        item_type: LibraryItemType,
        pairs: I,
    ) -> LibraryView
    where
        I: IntoIterator<Item = (N, V)>,
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let mut view = LibraryView::new(library_id, item_type);
        for (name, value) in pairs {
            let name = name.as_ref().to_ascii_lowercase();
            let value = value.as_ref().trim();
            let value = match name.as_str() {
                "sort" | "order" => value.to_ascii_lowercase(),
                _ => value.to_owned(),
            };
            match ViewParam::parse(&name, &value) {
                Some(ViewParam::Search(q)) if q.is_empty() => view.search = None,
                Some(ViewParam::Genre(g)) if g.is_empty() => view.filter.genre = None,
                Some(ViewParam::Letter(letter)) => view.letter = Some(letter_group(letter)),
                Some(param) => view.apply(param),
                None => {}
            }
        }
        view
    }

    /// Applies key-string parameters strictly: `Err(name)` for an unknown or malformed one.
    pub(crate) fn apply_key_param(&mut self, name: &str, value: &str) -> Result<(), String> {
        let param = ViewParam::parse(name, value).ok_or_else(|| name.to_owned())?;
        self.apply(param);
        Ok(())
    }

    fn apply(&mut self, param: ViewParam) {
        match param {
            ViewParam::Sort(sort) => self.sort = sort,
            ViewParam::Order(order) => self.order = order,
            ViewParam::Played(played) => self.filter.played = Some(played),
            ViewParam::Favorite(favorite) => self.filter.favorite = favorite,
            ViewParam::Downloaded(downloaded) => self.filter.downloaded = downloaded,
            ViewParam::Genre(genre) => self.filter.genre = Some(genre),
            ViewParam::Year(year) => self.filter.year = Some(year),
            ViewParam::Search(q) => self.search = Some(q),
            ViewParam::Letter(letter) => self.letter = Some(letter),
        }
    }

    /// The server query for this view; `page` is `(start, limit)`, `None` for everything.
    pub fn items_query(&self, page: Option<(u32, u32)>) -> ItemsQuery {
        let letter = self.letter.map(letter_group);
        ItemsQuery {
            parent_id: Some(self.library_id.clone()),
            include_item_types: vec![self.item_type.item_type()],
            recursive: true,
            sort_by: self.sort.sort_by(),
            sort_order: Some(self.order),
            start_index: page.map(|(start, _)| start),
            limit: page.map(|(_, limit)| limit),
            fields: ItemsQuery::list_fields(),
            search_term: self.search_text().map(str::to_owned),
            // Jellyfin's own web client asks for `#` as "names before A".
            name_starts_with: letter.filter(|l| *l != '#').map(String::from),
            name_less_than: letter.filter(|l| *l == '#').map(|_| "A".to_owned()),
            is_played: self.filter.played,
            is_favorite: self.filter.favorite,
            genres: self.filter.genre.iter().cloned().collect(),
            years: self.filter.year.into_iter().collect(),
            ..ItemsQuery::default()
        }
    }

    /// Whether a cached item belongs in this view (kind, filters, search, letter), so a view
    /// can be answered offline from cached items of the library. An unknown field (a genre
    /// list never fetched) does not match.
    pub fn matches(&self, item: &Item) -> bool {
        if item.kind != self.item_type.item_kind() {
            return false;
        }
        let filter = &self.filter;
        if filter
            .played
            .is_some_and(|played| item.is_played() != played)
        {
            return false;
        }
        if filter.favorite && !item.user_data.as_ref().is_some_and(|data| data.favorite) {
            return false;
        }
        if let Some(genre) = &filter.genre {
            let wanted = fold_text(genre);
            let has = item
                .genres
                .as_ref()
                .is_some_and(|genres| genres.iter().any(|g| fold_text(g) == wanted));
            if !has {
                return false;
            }
        }
        if let Some(year) = filter.year {
            let item_year = item
                .production_year
                .map(i64::from)
                .or(item.premiere_date.map(year_of));
            if item_year != Some(i64::from(year)) {
                return false;
            }
        }
        if let Some(search) = self.search_text() {
            let needle = fold_text(search);
            let found = [
                Some(&item.name),
                item.original_title.as_ref(),
                item.sort_name.as_ref(),
            ]
            .into_iter()
            .flatten()
            .any(|text| fold_text(text).contains(&needle));
            if !found {
                return false;
            }
        }
        if let Some(letter) = self.letter {
            if SortKeys::of(item).first_letter() != letter_group(letter) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UserData;

    fn movie(name: &str) -> Item {
        Item::new(name.to_lowercase(), name, ItemKind::Movie)
    }

    #[test]
    fn default_view_is_plain_and_has_an_empty_query_string() {
        let view = LibraryView::new("lib", LibraryItemType::Movie);
        assert!(view.is_plain());
        assert_eq!(view.to_query_string(), "");
        let searched = LibraryView {
            search: Some("  ".into()),
            ..view.clone()
        };
        assert!(searched.is_plain(), "blank search filters nothing");
        assert!(!LibraryView {
            letter: Some('B'),
            ..view.clone()
        }
        .is_plain());
        let favorites = LibraryView {
            filter: LibraryFilter {
                favorite: true,
                ..Default::default()
            },
            ..view
        };
        assert!(!favorites.is_plain());
    }

    #[test]
    fn query_string_in_fixed_order_and_back() {
        let view = LibraryView {
            library_id: "lib".into(),
            item_type: LibraryItemType::Series,
            sort: LibrarySort::DateAdded,
            order: SortOrder::Desc,
            filter: LibraryFilter {
                played: Some(false),
                favorite: true,
                genre: Some("Sci-Fi & Fantasy".into()),
                year: Some(1999),
                downloaded: true,
            },
            search: Some("star trek".into()),
            letter: Some('B'),
        };
        assert!(view.is_local_only() && !view.is_plain());
        let qs = view.to_query_string();
        assert_eq!(
            qs,
            "sort=date_added&order=desc&played=0&fav=1&downloaded=1&genre=Sci-Fi%20%26%20Fantasy&year=1999&q=star%20trek&letter=B"
        );
        let pairs: Vec<(String, String)> = qs
            .split('&')
            .map(|pair| {
                let (n, v) = pair.split_once('=').unwrap();
                (n.to_owned(), percent::decode(v).unwrap())
            })
            .collect();
        assert_eq!(
            LibraryView::from_query_pairs("lib", LibraryItemType::Series, pairs),
            view
        );
    }

    #[test]
    fn page_urls_are_read_tolerantly() {
        let view = LibraryView::from_query_pairs(
            "lib",
            LibraryItemType::Movie,
            [
                ("Sort", "RATING"),
                ("order", "sideways"),
                ("year", "nineteen"),
                ("q", ""),
                ("letter", "b"),
                ("utm", "x"),
                ("played", "true"),
            ],
        );
        assert_eq!(view.sort, LibrarySort::Rating);
        assert_eq!(view.order, SortOrder::Asc);
        assert_eq!(view.filter.year, None);
        assert_eq!(view.search, None);
        assert_eq!(view.letter, Some('B'));
        assert_eq!(view.filter.played, Some(true));
        let hash = LibraryView::from_query_pairs("l", LibraryItemType::Movie, [("letter", "9")]);
        assert_eq!(hash.letter, Some('#'));
    }

    #[test]
    fn items_query_maps_sorts_and_filters() {
        let mut view = LibraryView::new("lib", LibraryItemType::Movie);
        let expected = [
            (LibrarySort::Name, "SortName"),
            (LibrarySort::DateAdded, "DateCreated,SortName"),
            (LibrarySort::ReleaseDate, "PremiereDate,SortName"),
            (LibrarySort::Rating, "CommunityRating,SortName"),
            (LibrarySort::Year, "ProductionYear,SortName"),
        ];
        for (sort, sort_by) in expected {
            view.sort = sort;
            assert_eq!(view.items_query(None).sort_by.join(","), sort_by);
        }
        view.letter = Some('#');
        view.filter = LibraryFilter {
            played: Some(true),
            favorite: true,
            genre: Some("Drama".into()),
            year: Some(2001),
            downloaded: false,
        };
        view.search = Some(" x ".into());
        let query = view.items_query(Some((50, 25)));
        assert_eq!((query.start_index, query.limit), (Some(50), Some(25)));
        assert_eq!(query.include_item_types, vec![ItemType::Movie]);
        assert!(query.recursive);
        assert_eq!(
            (query.name_starts_with, query.name_less_than.as_deref()),
            (None, Some("A"))
        );
        assert_eq!((query.is_played, query.is_favorite), (Some(true), true));
        assert_eq!(
            (query.genres, query.years),
            (vec!["Drama".to_owned()], vec![2001])
        );
        assert_eq!(query.search_term.as_deref(), Some("x"));
        view.letter = Some('c');
        assert_eq!(
            view.items_query(None).name_starts_with.as_deref(),
            Some("C")
        );
    }

    #[test]
    fn matches_applies_every_filter_locally() {
        let mut amelie = movie("Amélie");
        amelie.genres = Some(vec!["Romance".into(), "Comedy".into()]);
        amelie.production_year = Some(2001);
        amelie.user_data = Some(UserData {
            favorite: true,
            played: true,
            ..Default::default()
        });
        let view = LibraryView::new("lib", LibraryItemType::Movie);
        assert!(view.matches(&amelie));
        assert!(!LibraryView::new("lib", LibraryItemType::Series).matches(&amelie));

        let with = |f: &dyn Fn(&mut LibraryView)| {
            let mut v = view.clone();
            f(&mut v);
            v.matches(&amelie)
        };
        assert!(with(&|v| v.filter.played = Some(true)));
        assert!(!with(&|v| v.filter.played = Some(false)));
        assert!(with(&|v| v.filter.favorite = true));
        assert!(with(&|v| v.filter.genre = Some("comedy".into())));
        assert!(!with(&|v| v.filter.genre = Some("Horror".into())));
        assert!(with(&|v| v.filter.year = Some(2001)));
        assert!(!with(&|v| v.filter.year = Some(2002)));
        assert!(with(&|v| v.search = Some("AMELIE".into())));
        assert!(!with(&|v| v.search = Some("heat".into())));
        assert!(with(&|v| v.letter = Some('A')));
        assert!(with(&|v| v.letter = Some('a')));
        assert!(!with(&|v| v.letter = Some('B')));

        let unknown = movie("Heat");
        let mut drama = view.clone();
        drama.filter.genre = Some("Drama".into());
        assert!(!drama.matches(&unknown), "unknown genres do not match");
        let mut unplayed = view.clone();
        unplayed.filter.played = Some(false);
        assert!(unplayed.matches(&unknown), "no user data: not played");
        let mut hash = view;
        hash.letter = Some('#');
        assert!(hash.matches(&movie("12 Monkeys")) && !hash.matches(&unknown));
    }
}
