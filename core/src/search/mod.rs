//! Search: folding, words, matching with one typo forgiven, ranking, and the index keys a
//! title gives the cache. Pure logic; the cache's index and the store build on it.
//!
//! "matrix rel" finds "The Matrix Reloaded" (word prefixes, any order), "amelie" finds
//! "Amélie", "intersteller" finds "Interstellar" (one typo in a word of five letters or more,
//! first letter right).

mod candidates;
mod fold;
mod index_keys;
mod matching;
mod narrowing;
mod query;
mod rank;
mod recent;
mod record;
mod stable_order;
mod stored_order;
mod tokenize;
mod typo;

pub use candidates::{candidate_cap, lead_word, narrowing_words, typo_lookup, IDS_PER_WORD};
pub use fold::fold;
pub use index_keys::{index_words, is_searchable, is_stopword, titles};
pub use matching::{match_record, match_tier, MatchTier};
pub use narrowing::{found_by, lookup_words, narrows};
pub use query::SearchQuery;
pub use rank::{ranked_matches, ranked_records};
pub use recent::{remember, MAX_RECENT};
pub use record::SearchRecord;
pub use stable_order::keep_shown_order;
pub use stored_order::{index_keys, key_word, KEY_SEPARATOR};
pub use tokenize::{normalized, typed_words, words};
pub use typo::{within_one_typo, MIN_TYPO_LEN};
