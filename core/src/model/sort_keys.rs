//! `SortKeys`: the values a library grid can be ordered by, precomputed per cached item so a
//! page is one indexed range read.

use serde::{Deserialize, Serialize};

use super::text_fold::fold_char;
use super::{Item, LibrarySort};
use crate::civil_time::year_of;

/// Leading articles dropped from sort names (as Jellyfin does).
const ARTICLES: [&str; 3] = ["the ", "a ", "an "];

/// Sort values of one item. Every field has a value (missing data sorts as 0 or by the plain
/// name), so every record is in every index.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SortKeys {
    /// Lowercased sort name (or name) without a leading "the ", "a " or "an ".
    pub name: String,
    /// When added (ms), 0 if unknown.
    pub date_added: i64,
    /// Release date (ms), 0 if unknown.
    pub premiere: i64,
    /// Audience rating, 0 if unknown.
    pub rating: f64,
    /// Release year (or the premiere's year), 0 if unknown.
    pub year: i32,
}

impl SortKeys {
    /// The sort values of an item.
    pub fn of(item: &Item) -> SortKeys {
        let source = item
            .sort_name
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&item.name);
        SortKeys {
            name: sort_name_key(source),
            date_added: item.date_created.unwrap_or(0),
            premiere: item.premiere_date.unwrap_or(0),
            rating: item
                .community_rating
                .filter(|r| r.is_finite())
                .unwrap_or(0.0),
            year: item
                .production_year
                .or_else(|| {
                    item.premiere_date
                        .and_then(|ms| i32::try_from(year_of(ms)).ok())
                })
                .unwrap_or(0),
        }
    }

    /// The letter an A–Z rail files this item under: `A`–`Z` (accented Latin letters folded),
    /// `#` for anything else.
    pub fn first_letter(&self) -> char {
        letter_group(self.name.chars().next().unwrap_or('#'))
    }

    /// Compares two items' keys for `sort`, ascending (total even for floats).
    pub fn compare(&self, other: &SortKeys, sort: LibrarySort) -> std::cmp::Ordering {
        match sort {
            LibrarySort::Name => self.name.cmp(&other.name),
            LibrarySort::DateAdded => self.date_added.cmp(&other.date_added),
            LibrarySort::ReleaseDate => self.premiere.cmp(&other.premiere),
            LibrarySort::Rating => self.rating.total_cmp(&other.rating),
            LibrarySort::Year => self.year.cmp(&other.year),
        }
    }
}

/// The A–Z group of a character: its folded uppercase letter, or `#`.
pub(crate) fn letter_group(c: char) -> char {
    let folded = fold_char(c);
    if folded.is_ascii_alphabetic() {
        folded.to_ascii_uppercase()
    } else {
        '#'
    }
}

/// Lowercased, trimmed, leading article dropped (unless nothing would be left).
fn sort_name_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    for article in ARTICLES {
        if let Some(rest) = lower.strip_prefix(article) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return rest.to_owned();
            }
        }
    }
    lower
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemKind;

    fn named(name: &str) -> Item {
        Item::new("id", name, ItemKind::Movie)
    }

    #[test]
    fn name_key_drops_articles_and_lowercases() {
        assert_eq!(SortKeys::of(&named("The Matrix")).name, "matrix");
        assert_eq!(
            SortKeys::of(&named("A Beautiful Mind")).name,
            "beautiful mind"
        );
        assert_eq!(SortKeys::of(&named("An Education")).name, "education");
        assert_eq!(SortKeys::of(&named("Anatomy")).name, "anatomy");
        assert_eq!(SortKeys::of(&named("Theodore")).name, "theodore");
        assert_eq!(SortKeys::of(&named("The")).name, "the");
        assert_eq!(SortKeys::of(&named("  Heat ")).name, "heat");
    }

    #[test]
    fn sort_name_wins_over_name() {
        let mut item = named("The Matrix");
        item.sort_name = Some("Matrix 1".into());
        assert_eq!(SortKeys::of(&item).name, "matrix 1");
        item.sort_name = Some(" ".into());
        assert_eq!(SortKeys::of(&item).name, "matrix");
    }

    #[test]
    fn missing_values_default_to_zero() {
        let keys = SortKeys::of(&named("x"));
        assert_eq!(
            (keys.date_added, keys.premiere, keys.rating, keys.year),
            (0, 0, 0.0, 0)
        );
        let mut item = named("x");
        item.premiere_date = Some(946_684_800_000); // 2000-01-01
        item.community_rating = Some(7.5);
        item.date_created = Some(5);
        let keys = SortKeys::of(&item);
        assert_eq!((keys.date_added, keys.rating, keys.year), (5, 7.5, 2000));
    }

    #[test]
    fn first_letters() {
        let letter = |name: &str| SortKeys::of(&named(name)).first_letter();
        assert_eq!(letter("The Matrix"), 'M');
        assert_eq!(letter("Élan"), 'E');
        assert_eq!(letter("ångström"), 'A');
        assert_eq!(letter("12 Monkeys"), '#');
        assert_eq!(letter("!Women Art Revolution"), '#');
        assert_eq!(letter("七人の侍"), '#');
        assert_eq!(letter(""), '#');
    }

    #[test]
    fn compare_per_sort() {
        let mut a = named("a");
        a.community_rating = Some(9.0);
        let b = named("b");
        let (ka, kb) = (SortKeys::of(&a), SortKeys::of(&b));
        assert!(ka.compare(&kb, LibrarySort::Name).is_lt());
        assert!(ka.compare(&kb, LibrarySort::Rating).is_gt());
        assert!(ka.compare(&kb, LibrarySort::Year).is_eq());
    }
}
