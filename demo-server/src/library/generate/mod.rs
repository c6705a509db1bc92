//! Builds the whole library from `Config` (counts and seed). Each item draws from its own
//! PRNG stream keyed by (seed, kind, index), so an item's data does not depend on how many
//! other items exist, and the same seed always yields the same ids.

mod added;

use std::collections::HashMap;

use crate::library::dates::{from_ymd, year_of, BASE, DAY, HOUR, MINUTE, SECOND};
use crate::library::names;
use crate::library::rng::{id128, Rng};
use crate::library::{Credit, Item, Kind, Library, Person, User, UserData};
use crate::media::clip::CLIP_TICKS;
use crate::Config;

pub const S_SERVER: u64 = 1;
const S_USER: u64 = 2;
const S_PERSON: u64 = 3;
const S_STUDIO: u64 = 4;
const S_LIB: u64 = 5;
const S_MOVIE: u64 = 6;
const S_SERIES: u64 = 7;
const S_SEASON: u64 = 8;
const S_EPISODE: u64 = 9;
const S_USERDATA: u64 = 10;
const S_ADDED: u64 = 11;

pub const TICKS_PER_SECOND: i64 = 10_000_000;

pub use added::{add_item, default_name};

/// An item with only identity filled in; generation and `add_item` fill the rest.
fn blank_item(id: u128, kind: Kind, name: &str, parent: Option<u32>, library: u32) -> Item {
    let mut item = Item {
        id,
        kind,
        name: String::new(),
        sort_name: String::new(),
        search_name: String::new(),
        original_title: None,
        parent,
        library,
        series: None,
        season: None,
        children: Vec::new(),
        index_number: None,
        parent_index_number: None,
        production_year: None,
        premiere_date: None,
        end_date: None,
        date_created: BASE,
        last_saved: BASE,
        community_rating: None,
        critic_rating: None,
        official_rating: None,
        genres: 0,
        people: Vec::new(),
        studios: Vec::new(),
        overview: None,
        taglines: Vec::new(),
        tags: Vec::new(),
        run_time_ticks: None,
        primary_tag: None,
        backdrop_tag: None,
        blurhash: 0,
        version: 0,
        etag: 0,
        status: None,
        collection_type: None,
        tmdb: 0,
        null_field: false,
        removed: false,
    };
    item.set_name(name.to_string());
    item
}

/// Fills the fields every movie/series/episode has, from the item's own random stream.
fn fill_common(item: &mut Item, r: &mut Rng, people: usize) {
    item.community_rating = r.chance(0.9).then(|| (30 + r.below(66)) as f32 / 10.0);
    item.null_field = r.chance(0.02);
    item.blurhash = r.below(names::BLURHASHES.len()) as u8;
    item.tmdb = r.range(1_000, 999_999) as u32;
    item.primary_tag = r.chance(0.95).then_some(1);
    if matches!(item.kind, Kind::Movie | Kind::Series) {
        item.original_title = Some(item.name.clone());
        item.critic_rating = r.chance(0.6).then(|| r.range(10, 100) as i32);
        item.backdrop_tag = r.chance(0.85).then_some(1);
        for _ in 0..1 + r.below(3) {
            item.genres |= 1 << r.below(names::GENRES.len());
        }
        let mut studios: Vec<u16> = (0..1 + r.below(2))
            .map(|_| r.below(names::STUDIOS.len()) as u16)
            .collect();
        studios.dedup();
        item.studios = studios;
        if r.chance(0.5) {
            item.taglines.push(names::tagline(r));
        }
        for _ in 0..r.below(3) {
            let tag = *r.pick(&names::TAGS);
            if !item.tags.contains(&tag) {
                item.tags.push(tag);
            }
        }
        if people > 0 {
            if item.kind == Kind::Movie {
                item.people.push(Credit {
                    person: r.below(people) as u32,
                    role: "Director",
                    director: true,
                });
            }
            for _ in 0..3 + r.below(6) {
                item.people.push(Credit {
                    person: r.below(people) as u32,
                    role: names::first_name(r),
                    director: false,
                });
            }
        }
    }
    let overview_chance = if item.kind == Kind::Episode {
        0.7
    } else {
        0.85
    };
    if r.chance(overview_chance) {
        item.overview = Some(names::overview(r, &item.name));
    }
    item.refresh_tags();
}

/// Runtime in ticks; a few carry the float rounding real servers produce (17999998976).
pub fn runtime_ticks(r: &mut Rng, min_minutes: i64, max_minutes: i64) -> i64 {
    let secs = r.range(min_minutes, max_minutes) * 60 + r.range(0, 59);
    let ticks = secs * TICKS_PER_SECOND;
    if r.chance(0.03) {
        ticks as f32 as i64
    } else {
        ticks
    }
}

/// Movies and episodes all play the demo clip, so they last exactly as long as it does
/// (`RunTimeTicks`, which the 90% rule divides by). The same draws as `runtime_ticks` are made,
/// so the rest of an item's generated data does not change, and the few items whose drawn
/// length carried float rounding carry it here too (604166656 for 604166667).
fn clip_runtime(r: &mut Rng, min_minutes: i64, max_minutes: i64) -> i64 {
    let drawn = runtime_ticks(r, min_minutes, max_minutes);
    if drawn % TICKS_PER_SECOND == 0 {
        CLIP_TICKS
    } else {
        CLIP_TICKS as f32 as i64
    }
}

fn random_time_before(r: &mut Rng, end: i64, span_days: i64) -> i64 {
    end - r.range(0, span_days * DAY / SECOND) * SECOND
}

pub fn generate(config: &Config) -> Library {
    let seed = config.seed;
    let mut lib = Library {
        seed,
        items: Vec::with_capacity(config.movies + config.shows * 40 + 2),
        index: HashMap::new(),
        people: Vec::new(),
        person_index: HashMap::new(),
        studios: Vec::new(),
        users: Vec::new(),
        user_data: Vec::new(),
        indexes: Default::default(),
        movies_lib: 0,
        shows_lib: 1,
        added: 0,
    };

    for (i, (name, password)) in [("demo", "demo"), ("alice", "alice")].iter().enumerate() {
        lib.users.push(User {
            id: id128(&[seed, S_USER, i as u64]),
            name: name.to_string(),
            password: password.to_string(),
        });
    }
    let person_count = ((config.movies + config.shows) / 3 + 200).min(6000);
    for i in 0..person_count {
        let mut r = Rng::from_parts(&[seed, S_PERSON, i as u64]);
        let id = id128(&[seed, S_PERSON, i as u64, 0]);
        lib.person_index.insert(id, i as u32);
        lib.people.push(Person {
            id,
            name: names::person_name(&mut r),
            image_tag: r.chance(0.7).then(|| id128(&[seed, S_PERSON, i as u64, 1])),
        });
    }
    lib.studios = names::STUDIOS
        .iter()
        .enumerate()
        .map(|(i, name)| (id128(&[seed, S_STUDIO, i as u64]), *name))
        .collect();

    for (i, (name, collection)) in [("Movies", "movies"), ("Shows", "tvshows")]
        .iter()
        .enumerate()
    {
        let mut folder = blank_item(
            id128(&[seed, S_LIB, i as u64]),
            Kind::CollectionFolder,
            name,
            None,
            i as u32,
        );
        folder.collection_type = Some(collection);
        folder.date_created = BASE - 4 * 365 * DAY;
        folder.last_saved = folder.date_created;
        folder.primary_tag = Some(1);
        folder.blurhash = i as u8;
        folder.refresh_tags();
        lib.index.insert(folder.id, i as u32);
        lib.items.push(folder);
    }

    for i in 0..config.movies {
        let movie = gen_movie(seed, i as u64, person_count);
        let idx = lib.items.len() as u32;
        lib.index.insert(movie.id, idx);
        lib.items.push(movie);
        lib.items[0].children.push(idx);
    }
    for i in 0..config.shows {
        gen_series(&mut lib, seed, i as u64, person_count);
    }

    lib.user_data = vec![vec![UserData::default(); lib.items.len()]; lib.users.len()];
    gen_user_data(&mut lib, 0, 1.0);
    gen_user_data(&mut lib, 1, 0.4);
    lib.rebuild_indexes();
    lib
}

fn gen_movie(seed: u64, i: u64, people: usize) -> Item {
    let mut r = Rng::from_parts(&[seed, S_MOVIE, i]);
    let name = names::movie_title(&mut r);
    let mut movie = blank_item(
        id128(&[seed, S_MOVIE, i, 0]),
        Kind::Movie,
        &name,
        Some(0),
        0,
    );
    // Skewed towards recent years, as real collections are.
    let year = 2025 - (r.f64().powi(2) * 75.0) as i64;
    let premiere = (from_ymd(year, 1, 1) + r.range(0, 364) * DAY).min(BASE - 30 * DAY);
    movie.production_year = Some(year_of(premiere) as i32);
    movie.premiere_date = Some(premiere);
    movie.date_created = random_time_before(&mut r, BASE, 3 * 365);
    movie.last_saved = movie.date_created + r.range(0, 3600) * SECOND;
    movie.official_rating = r.chance(0.85).then(|| *r.pick(&names::MOVIE_RATINGS));
    movie.run_time_ticks = Some(clip_runtime(&mut r, 78, 175));
    fill_common(&mut movie, &mut r, people);
    movie
}

fn gen_series(lib: &mut Library, seed: u64, i: u64, people: usize) {
    let mut r = Rng::from_parts(&[seed, S_SERIES, i]);
    let name = names::series_title(&mut r);
    let shows = lib.shows_lib;
    let mut series = blank_item(
        id128(&[seed, S_SERIES, i, 0]),
        Kind::Series,
        &name,
        Some(shows),
        shows,
    );
    let continuing = r.chance(0.4);
    series.status = Some(if continuing { "Continuing" } else { "Ended" });
    series.official_rating = r.chance(0.9).then(|| *r.pick(&names::TV_RATINGS));
    let episode_minutes = *r.pick(&[22_i64, 25, 30, 42, 45, 50, 58]);
    series.run_time_ticks = Some(CLIP_TICKS);
    fill_common(&mut series, &mut r, people);

    let season_count = {
        // 1–8 seasons, most shows short.
        let roll = r.below(100);
        [30, 55, 70, 80, 88, 93, 97, 100]
            .iter()
            .position(|limit| roll < *limit)
            .unwrap_or(7)
            + 1
    };
    let has_specials = r.chance(0.15);
    let specials_numbered = r.chance(0.5);
    let start_year = 2025 - season_count as i64 - r.range(0, 25);
    let created_base = random_time_before(&mut r, BASE - 30 * DAY, 3 * 365);
    // A continuing show's newest season is still being added, one episode a week.
    let newest = BASE - r.range(0, 90) * DAY - r.range(0, 23) * HOUR;

    series.date_created = created_base;
    series.last_saved = created_base;
    series.production_year = Some(start_year as i32);
    series.premiere_date = Some(from_ymd(start_year, 1 + r.range(0, 11), 1 + r.range(0, 27)));

    let series_idx = lib.items.len() as u32;
    lib.index.insert(series.id, series_idx);
    lib.items.push(series);
    lib.items[shows as usize].children.push(series_idx);

    let mut seasons: Vec<Option<i32>> = (1..=season_count as i32).map(Some).collect();
    if has_specials {
        seasons.insert(0, None);
    }
    let mut last_premiere = 0;
    for (s_pos, number) in seasons.iter().enumerate() {
        let mut sr = Rng::from_parts(&[seed, S_SEASON, i, s_pos as u64]);
        let season_name = match number {
            Some(n) => format!("Season {n}"),
            None => "Specials".to_string(),
        };
        let mut season = blank_item(
            id128(&[seed, S_SEASON, i, s_pos as u64]),
            Kind::Season,
            &season_name,
            Some(series_idx),
            shows,
        );
        season.sort_name = format!("season {:04}", number.unwrap_or(0));
        season.series = Some(series_idx);
        season.index_number = *number;
        season.official_rating = lib.items[series_idx as usize].official_rating;
        season.primary_tag = sr.chance(0.6).then_some(1);
        season.blurhash = sr.below(names::BLURHASHES.len()) as u8;
        season.null_field = sr.chance(0.02);
        season.refresh_tags();
        let season_year = start_year + number.map_or(0, |n| n as i64 - 1);
        let season_premiere = from_ymd(season_year, 1 + sr.range(0, 8), 1 + sr.range(0, 27));
        season.production_year = Some(season_year as i32);
        season.premiere_date = Some(season_premiere);
        let episode_count = match number {
            None => 1 + sr.below(4),
            Some(_) if sr.chance(0.15) => 14 + sr.below(11),
            Some(_) => 3 + sr.below(11),
        };
        let season_idx = lib.items.len() as u32;
        lib.index.insert(season.id, season_idx);
        lib.items.push(season);
        lib.items[series_idx as usize].children.push(season_idx);

        let times = SeasonTimes {
            is_newest: continuing && s_pos + 1 == seasons.len(),
            newest,
            count: episode_count,
            created_base,
            premiere: season_premiere,
        };
        let mut first_created = i64::MAX;
        for e in 0..episode_count {
            let mut er = Rng::from_parts(&[seed, S_EPISODE, i, s_pos as u64, e as u64]);
            let index = e as i32 + 1;
            let title = names::episode_title(&mut er, number.unwrap_or(0), index);
            let mut episode = blank_item(
                id128(&[seed, S_EPISODE, i, s_pos as u64, e as u64]),
                Kind::Episode,
                &title,
                Some(season_idx),
                shows,
            );
            episode.series = Some(series_idx);
            episode.season = Some(season_idx);
            episode.index_number = Some(index);
            episode.parent_index_number = match number {
                Some(n) => Some(*n),
                None if specials_numbered => Some(0),
                None => None,
            };
            set_episode_dates(&mut episode, &mut er, &times, e);
            episode.official_rating = lib.items[series_idx as usize].official_rating;
            episode.run_time_ticks = Some(clip_runtime(
                &mut er,
                episode_minutes - 2,
                episode_minutes + 3,
            ));
            fill_common(&mut episode, &mut er, 0);
            episode.primary_tag = er.chance(0.9).then_some(1);
            episode.community_rating = er.chance(0.8).then(|| (60 + er.below(36)) as f32 / 10.0);
            episode.refresh_tags();
            first_created = first_created.min(episode.date_created);
            last_premiere = last_premiere.max(episode.premiere_date.unwrap_or(0));
            let ep_idx = lib.items.len() as u32;
            lib.index.insert(episode.id, ep_idx);
            lib.items.push(episode);
            lib.items[season_idx as usize].children.push(ep_idx);
        }
        let season = &mut lib.items[season_idx as usize];
        season.date_created = first_created;
        season.last_saved = first_created;
    }
    if !continuing {
        lib.items[series_idx as usize].end_date = Some(last_premiere);
    }
}

/// When a season's episodes were added and aired.
struct SeasonTimes {
    is_newest: bool,
    newest: i64,
    count: usize,
    created_base: i64,
    premiere: i64,
}

/// Old seasons arrive in one library scan; a running season's episodes arrive weekly,
/// which is what makes "Latest" group several new episodes under their series.
fn set_episode_dates(episode: &mut Item, r: &mut Rng, t: &SeasonTimes, e: usize) {
    if t.is_newest {
        let created = t.newest - (t.count - 1 - e) as i64 * 7 * DAY + r.range(0, 59) * MINUTE;
        episode.date_created = created;
        episode.premiere_date = Some(created - created.rem_euclid(DAY));
    } else {
        episode.date_created = t.created_base + r.range(0, 3600) * SECOND;
        episode.premiere_date = Some(t.premiere + e as i64 * 7 * DAY);
    }
    episode.production_year = episode.premiere_date.map(|p| year_of(p) as i32);
    episode.last_saved = episode.date_created;
}

/// Viewing history: `scale` 1.0 is the busy main user; a smaller scale gives a lighter one.
fn gen_user_data(lib: &mut Library, user: usize, scale: f64) {
    let mut r = Rng::from_parts(&[lib.seed, S_USERDATA, user as u64]);
    let movies = lib.items[lib.movies_lib as usize].children.clone();
    for idx in movies {
        let runtime = lib.item(idx).run_time_ticks.unwrap_or(0);
        let roll = r.f64();
        let d = lib.data_mut(user, idx);
        if roll < 0.25 * scale {
            d.played = true;
            d.play_count = 1 + r.below(3) as u32;
            d.last_played = Some(random_time_before(&mut r, BASE - DAY, 700));
        } else if roll < 0.33 * scale {
            d.position = runtime / 100 * r.range(5, 90);
            d.last_played = Some(random_time_before(&mut r, BASE, 30));
        }
        d.favorite = r.chance(0.05 * scale.max(0.6));
        if d.favorite || d.last_played.is_some() {
            d.saved = d.last_played.unwrap_or(BASE - 60 * DAY);
        }
    }

    let mut series = lib.items[lib.shows_lib as usize].children.clone();
    let n = series.len();
    let want = if scale >= 1.0 {
        ((n as f64 * 0.3).ceil() as usize).max(n.saturating_sub(n / 3).min(14))
    } else {
        (n as f64 * 0.15).ceil() as usize
    };
    for s in &series {
        if r.chance(0.08 * scale) {
            let d = lib.data_mut(user, *s);
            d.favorite = true;
            d.saved = BASE - 90 * DAY;
        }
    }
    r.shuffle(&mut series);
    for s in series.into_iter().take(want) {
        // Regular episodes only: specials do not drive "Next Up".
        let episodes: Vec<u32> = lib
            .episodes_of(s)
            .into_iter()
            .filter(|e| lib.item(*e).parent_index_number.unwrap_or(0) > 0)
            .collect();
        if episodes.is_empty() {
            continue;
        }
        let fully = r.chance(0.1);
        let played = if fully {
            episodes.len()
        } else if scale < 1.0 {
            (1 + r.below(3)).min(episodes.len())
        } else {
            1 + r.below(episodes.len().saturating_sub(1).clamp(1, 8))
        };
        let last = BASE - r.range(0, 20) * DAY - r.range(0, 23) * HOUR;
        for (k, ep) in episodes.iter().enumerate() {
            let runtime = lib.item(*ep).run_time_ticks.unwrap_or(0);
            let d = lib.data_mut(user, *ep);
            if k < played {
                d.played = true;
                d.play_count = 1;
                d.last_played = Some(last - (played - k) as i64 * (DAY + r.range(0, 2 * DAY)));
            } else if k == played && scale >= 1.0 {
                d.position = runtime / 100 * r.range(10, 80);
                d.last_played = Some(last);
            } else {
                break;
            }
            d.saved = d.last_played.unwrap_or(0);
        }
    }
}
