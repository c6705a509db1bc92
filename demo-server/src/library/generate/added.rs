//! Items added after generation (`POST /__demo/items`): a movie or a series in its library, a
//! season in a series, an episode in a season. Each draws from its own random stream, keyed by
//! how many were added before it, and is dated now.

use crate::library::dates::{year_of, DAY};
use crate::library::names;
use crate::library::rng::{id128, Rng};
use crate::library::{Kind, Library};
use crate::media::clip::CLIP_TICKS;

use super::{blank_item, clip_runtime, fill_common, S_ADDED};

/// The number the next season or episode under `parent` gets.
pub fn next_index_number(lib: &Library, parent: u32) -> i32 {
    lib.item(parent)
        .children
        .iter()
        .filter_map(|c| lib.item(*c).index_number)
        .max()
        .unwrap_or(0)
        + 1
}

/// "Season N" or "Episode N"; a movie or a series has no default name.
pub fn default_name(lib: &Library, kind: Kind, parent: u32) -> String {
    match kind {
        Kind::Season => format!("Season {}", next_index_number(lib, parent)),
        Kind::Episode => format!("Episode {}", next_index_number(lib, parent)),
        _ => String::new(),
    }
}

/// Adds a `kind` item named `name` under `parent` (the library for a movie or a series, the
/// series for a season, the season for an episode) and returns its index.
pub fn add_item(lib: &mut Library, kind: Kind, parent: u32, name: &str, now: i64) -> u32 {
    let next_number = next_index_number(lib, parent);
    lib.added += 1;
    let seed = lib.seed;
    let mut r = Rng::from_parts(&[seed, S_ADDED, lib.added]);
    let library = lib.item(parent).library;
    let mut item = blank_item(
        id128(&[seed, S_ADDED, lib.added, 0]),
        kind,
        name,
        Some(parent),
        library,
    );
    let people = lib.people.len();
    match kind {
        Kind::Movie => {
            item.run_time_ticks = Some(clip_runtime(&mut r, 80, 150));
            item.official_rating = Some(*r.pick(&names::MOVIE_RATINGS));
            fill_common(&mut item, &mut r, people);
        }
        Kind::Series => {
            item.status = Some("Continuing");
            item.run_time_ticks = Some(CLIP_TICKS);
            fill_common(&mut item, &mut r, people);
        }
        Kind::Season => {
            item.series = Some(parent);
            item.index_number = Some(next_number);
            item.primary_tag = Some(1);
        }
        _ => {
            let season = lib.item(parent);
            item.series = season.series;
            item.season = Some(parent);
            item.index_number = Some(next_number);
            item.parent_index_number = Some(season.index_number.unwrap_or(0));
            item.run_time_ticks = Some(clip_runtime(&mut r, 40, 50));
            fill_common(&mut item, &mut r, 0);
        }
    }
    item.premiere_date = Some(now - now.rem_euclid(DAY));
    item.production_year = Some(year_of(now) as i32);
    item.date_created = now;
    item.last_saved = now;
    item.refresh_tags();
    lib.push(item)
}
