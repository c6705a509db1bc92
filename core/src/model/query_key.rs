//! `QueryKey`: the identity of everything a page shows, with a stable string form that names
//! its cache record, its Web Lock and its cross-tab messages.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{LibraryItemType, LibraryView};
use crate::freshness::ContentKind;
use crate::jellyfin::request::{ApiRequest, Endpoints};
use crate::percent;

/// How many items a home row asks for when no page is given.
pub const HOME_ROW_LIMIT: u32 = 24;

/// One cacheable query.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QueryKey {
    /// The user's libraries (`/UserViews`).
    Libraries,
    /// Continue watching (`/UserItems/Resume`).
    ContinueWatching,
    /// Next up (`/Shows/NextUp`).
    NextUp,
    /// Recently added to one library (`/Items/Latest?ParentId=`).
    Latest {
        /// The library.
        library_id: String,
    },
    /// A library grid with its sort, filters, search and letter.
    Library(LibraryView),
    /// One item with all fields (`/Items/{id}`).
    Item {
        /// The item.
        id: String,
    },
    /// A show's seasons.
    Seasons {
        /// The show.
        series_id: String,
    },
    /// A season's episodes.
    Episodes {
        /// The show.
        series_id: String,
        /// The season.
        season_id: String,
    },
}

/// Why a string is not a query key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseQueryKeyError {
    input: String,
    reason: String,
}

impl ParseQueryKeyError {
    fn new(input: &str, reason: impl Into<String>) -> Self {
        Self {
            input: input.to_owned(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ParseQueryKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a query key: {:?} ({})", self.input, self.reason)
    }
}

impl std::error::Error for ParseQueryKeyError {}

impl QueryKey {
    /// The stable string form: `libraries`, `home/resume`, `home/nextup`, `home/latest/<lib>`,
    /// `library/<lib>?type=movie&sort=..&order=..&played=..&fav=1&genre=..&year=..&q=..&letter=..`
    /// (only non-default parameters after `type`, in that order), `item/<id>`,
    /// `seasons/<series>`, `episodes/<series>/<season>`. Ids and values are percent-encoded.
    pub fn as_string(&self) -> String {
        let enc = |s: &str| percent::encode(s);
        match self {
            Self::Libraries => "libraries".to_owned(),
            Self::ContinueWatching => "home/resume".to_owned(),
            Self::NextUp => "home/nextup".to_owned(),
            Self::Latest { library_id } => format!("home/latest/{}", enc(library_id)),
            Self::Library(view) => {
                let mut key = format!(
                    "library/{}?type={}",
                    enc(&view.library_id),
                    view.item_type.as_str()
                );
                let rest = view.to_query_string();
                if !rest.is_empty() {
                    key.push('&');
                    key.push_str(&rest);
                }
                key
            }
            Self::Item { id } => format!("item/{}", enc(id)),
            Self::Seasons { series_id } => format!("seasons/{}", enc(series_id)),
            Self::Episodes {
                series_id,
                season_id,
            } => {
                format!("episodes/{}/{}", enc(series_id), enc(season_id))
            }
        }
    }

    /// How fast this query's data goes stale.
    pub fn content_kind(&self) -> ContentKind {
        match self {
            Self::Libraries => ContentKind::Libraries,
            Self::ContinueWatching | Self::NextUp => ContentKind::UserDataViews,
            Self::Latest { .. } => ContentKind::HomeSections,
            Self::Library(view) => view.item_type.content_kind(),
            Self::Item { .. } => ContentKind::ItemDetails,
            Self::Seasons { .. } | Self::Episodes { .. } => ContentKind::Episodes,
        }
    }

    /// The Jellyfin request that answers this key. `page` is `(start, limit)`; without it
    /// lists come whole and home rows get [`HOME_ROW_LIMIT`] items.
    pub fn request(&self, endpoints: &Endpoints, page: Option<(u32, u32)>) -> ApiRequest {
        let limit = page.map_or(HOME_ROW_LIMIT, |(_, limit)| limit);
        let paged = |request: ApiRequest| match page {
            Some((start, limit)) => with_page(request, start, limit),
            None => request,
        };
        match self {
            Self::Libraries => endpoints.user_views(),
            Self::ContinueWatching => with_start(endpoints.resume(limit), page),
            Self::NextUp => with_start(endpoints.next_up(limit, None), page),
            Self::Latest { library_id } => endpoints.latest(library_id, limit),
            Self::Library(view) => endpoints.items(&view.items_query(page)),
            Self::Item { id } => endpoints.item(id),
            Self::Seasons { series_id } => paged(endpoints.seasons(series_id)),
            Self::Episodes {
                series_id,
                season_id,
            } => paged(endpoints.episodes(series_id, season_id)),
        }
    }
}

/// Adds `StartIndex` when a page starts past the first item.
fn with_start(request: ApiRequest, page: Option<(u32, u32)>) -> ApiRequest {
    match page {
        Some((start, _)) if start > 0 => request.with_query("StartIndex", start),
        _ => request,
    }
}

/// Adds `StartIndex` and `Limit`.
fn with_page(request: ApiRequest, start: u32, limit: u32) -> ApiRequest {
    request
        .with_query("StartIndex", start)
        .with_query("Limit", limit)
}

impl fmt::Display for QueryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl FromStr for QueryKey {
    type Err = ParseQueryKeyError;

    /// Reads the form written by [`QueryKey::as_string`] (strictly: unknown parameters and
    /// malformed values are errors, since keys are only ever written by this code).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| ParseQueryKeyError::new(input, reason);
        let (path, query) = match input.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (input, None),
        };
        let segments: Vec<String> = path
            .split('/')
            .map(|segment| percent::decode(segment).filter(|s| !s.is_empty()))
            .collect::<Option<_>>()
            .ok_or_else(|| err("empty or badly encoded path segment"))?;
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        if query.is_some() && segments.first() != Some(&"library") {
            return Err(err("only library keys take parameters"));
        }
        let key = match segments.as_slice() {
            ["libraries"] => Self::Libraries,
            ["home", "resume"] => Self::ContinueWatching,
            ["home", "nextup"] => Self::NextUp,
            ["home", "latest", library_id] => Self::Latest {
                library_id: (*library_id).to_owned(),
            },
            ["library", library_id] => Self::Library(parse_library(library_id, query, input)?),
            ["item", id] => Self::Item {
                id: (*id).to_owned(),
            },
            ["seasons", series_id] => Self::Seasons {
                series_id: (*series_id).to_owned(),
            },
            ["episodes", series_id, season_id] => Self::Episodes {
                series_id: (*series_id).to_owned(),
                season_id: (*season_id).to_owned(),
            },
            _ => return Err(err("unknown shape")),
        };
        Ok(key)
    }
}

/// Reads a library key's parameters: `type` first-class, the rest as view parameters.
fn parse_library(
    library_id: &str,
    query: Option<&str>,
    input: &str,
) -> Result<LibraryView, ParseQueryKeyError> {
    let err = |reason: String| ParseQueryKeyError::new(input, reason);
    let mut view = LibraryView {
        library_id: library_id.to_owned(),
        ..LibraryView::default()
    };
    let mut item_type = None;
    for pair in query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| err(format!("parameter without value: {pair}")))?;
        let value = percent::decode(value).ok_or_else(|| err(format!("bad encoding in {name}")))?;
        if name == "type" {
            item_type = Some(
                LibraryItemType::parse(&value)
                    .ok_or_else(|| err(format!("unknown type {value}")))?,
            );
        } else {
            view.apply_key_param(name, &value)
                .map_err(|name| err(format!("unknown or malformed parameter {name}")))?;
        }
    }
    view.item_type = item_type.ok_or_else(|| err("library key without type".to_owned()))?;
    Ok(view)
}

impl Serialize for QueryKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_string())
    }
}

impl<'de> Deserialize<'de> for QueryKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::request::{PathStyle, SortOrder, LIST_FIELDS};
    use crate::model::{LibraryFilter, LibrarySort};

    fn full_view() -> LibraryView {
        LibraryView {
            library_id: "lib 1".into(),
            item_type: LibraryItemType::Movie,
            sort: LibrarySort::Year,
            order: SortOrder::Desc,
            filter: LibraryFilter {
                played: Some(true),
                favorite: true,
                genre: Some("Drama".into()),
                year: Some(1999),
                downloaded: true,
            },
            search: Some("x&y=z?".into()),
            letter: Some('#'),
        }
    }

    fn all_keys() -> Vec<QueryKey> {
        vec![
            QueryKey::Libraries,
            QueryKey::ContinueWatching,
            QueryKey::NextUp,
            QueryKey::Latest {
                library_id: "lib".into(),
            },
            QueryKey::Library(LibraryView::new("lib", LibraryItemType::Series)),
            QueryKey::Library(full_view()),
            QueryKey::Library(LibraryView {
                search: Some(String::new()),
                ..LibraryView::new("l", LibraryItemType::Movie)
            }),
            QueryKey::Item { id: "a/b c".into() },
            QueryKey::Seasons {
                series_id: "s".into(),
            },
            QueryKey::Episodes {
                series_id: "s".into(),
                season_id: "se".into(),
            },
        ]
    }

    #[test]
    fn string_forms() {
        assert_eq!(QueryKey::Libraries.to_string(), "libraries");
        assert_eq!(QueryKey::ContinueWatching.to_string(), "home/resume");
        assert_eq!(QueryKey::NextUp.to_string(), "home/nextup");
        assert_eq!(
            QueryKey::Latest {
                library_id: "l1".into()
            }
            .to_string(),
            "home/latest/l1"
        );
        assert_eq!(QueryKey::Item { id: "i1".into() }.to_string(), "item/i1");
        assert_eq!(
            QueryKey::Seasons {
                series_id: "s1".into()
            }
            .to_string(),
            "seasons/s1"
        );
        assert_eq!(
            QueryKey::Episodes {
                series_id: "s1".into(),
                season_id: "x".into()
            }
            .to_string(),
            "episodes/s1/x"
        );
        assert_eq!(
            QueryKey::Library(LibraryView::new("l1", LibraryItemType::Movie)).to_string(),
            "library/l1?type=movie"
        );
        assert_eq!(
            QueryKey::Library(full_view()).as_string(),
            "library/lib%201?type=movie&sort=year&order=desc&played=1&fav=1&downloaded=1&genre=Drama&year=1999&q=x%26y%3Dz%3F&letter=%23"
        );
    }

    #[test]
    fn every_key_round_trips() {
        for key in all_keys() {
            let text = key.as_string();
            assert_eq!(text.parse::<QueryKey>().as_ref(), Ok(&key), "{text}");
            let json = serde_json::to_string(&key).unwrap();
            assert_eq!(serde_json::from_str::<QueryKey>(&json).unwrap(), key);
        }
    }

    #[test]
    fn rejects_malformed_keys() {
        for bad in [
            "",
            "library",
            "libraries/x",
            "home",
            "home/latest",
            "home/latest/",
            "item/",
            "episodes/s",
            "library/l",
            "library/l?type=film",
            "library/l?type=movie&sort=random",
            "library/l?type=movie&colour=red",
            "library/l?type=movie&letter=ab",
            "library/l?type=movie&played",
            "item/x?type=movie",
            "item/%FF",
        ] {
            let result = bad.parse::<QueryKey>();
            assert!(result.is_err(), "{bad:?} parsed as {result:?}");
        }
        let message = "nope".parse::<QueryKey>().unwrap_err().to_string();
        assert!(message.contains("nope"), "{message}");
    }

    #[test]
    fn content_kinds() {
        let kinds: Vec<ContentKind> = all_keys().iter().map(QueryKey::content_kind).collect();
        use ContentKind::*;
        assert_eq!(
            kinds,
            [
                Libraries,
                UserDataViews,
                UserDataViews,
                HomeSections,
                ShowList,
                MovieList,
                MovieList,
                ItemDetails,
                Episodes,
                Episodes
            ]
        );
    }

    #[test]
    fn requests() {
        let e = Endpoints::new(PathStyle::Modern, "u");
        assert_eq!(QueryKey::Libraries.request(&e, None).path, "/UserViews");
        let resume = QueryKey::ContinueWatching.request(&e, None);
        assert_eq!(
            (resume.path.as_str(), resume.query_value("Limit")),
            ("/UserItems/Resume", Some("24"))
        );
        let resume = QueryKey::ContinueWatching.request(&e, Some((24, 12)));
        assert_eq!(
            (
                resume.query_value("StartIndex"),
                resume.query_value("Limit")
            ),
            (Some("24"), Some("12"))
        );
        assert_eq!(QueryKey::NextUp.request(&e, None).path, "/Shows/NextUp");
        let latest = QueryKey::Latest {
            library_id: "l".into(),
        }
        .request(&e, Some((0, 10)));
        assert_eq!(
            (latest.query_value("ParentId"), latest.query_value("Limit")),
            (Some("l"), Some("10"))
        );
        assert_eq!(
            QueryKey::Item { id: "i".into() }.request(&e, None).path,
            "/Items/i"
        );
        let episodes = QueryKey::Episodes {
            series_id: "s".into(),
            season_id: "se".into(),
        }
        .request(&e, Some((0, 50)));
        assert_eq!(
            (
                episodes.query_value("SeasonId"),
                episodes.query_value("Limit")
            ),
            (Some("se"), Some("50"))
        );
        assert_eq!(
            QueryKey::Seasons {
                series_id: "s".into()
            }
            .request(&e, None)
            .query_value("Limit"),
            None
        );

        let library = QueryKey::Library(full_view()).request(&e, Some((100, 50)));
        let url = library.url("http://h");
        assert!(
            url.starts_with(
                "http://h/Items?userId=u&ParentId=lib%201&IncludeItemTypes=Movie&Recursive=true"
            ),
            "{url}"
        );
        for part in [
            "SortBy=ProductionYear,SortName",
            "SortOrder=Descending",
            "StartIndex=100",
            "Limit=50",
            &format!("Fields={LIST_FIELDS}"),
            "NameLessThan=A",
            "Filters=IsPlayed",
            "IsFavorite=true",
            "Genres=Drama",
            "Years=1999",
            "SearchTerm=x%26y%3Dz%3F",
        ] {
            assert!(url.contains(part), "{part} missing from {url}");
        }
    }
}
