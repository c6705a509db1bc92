//! Changes to a user's played / favorite / progress state, shared by the API endpoints and
//! `/__demo/userdata`. Each returns the items whose UserData changed (a series or season's
//! rollup changes when one of its episodes does), for the response and the socket event.

use serde_json::Value;

use crate::http::events::Event;
use crate::library::dto;
use crate::library::rng::hex;
use crate::library::{Kind, Library};

fn with_ancestors(lib: &Library, items: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = items.to_vec();
    for idx in items {
        let item = lib.item(*idx);
        for a in [item.season, item.series].into_iter().flatten() {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// Marks played (or unplayed); a series or season marks all its episodes, as Jellyfin does.
pub fn set_played(lib: &mut Library, user: usize, idx: u32, played: bool, now: i64) -> Vec<u32> {
    let mut targets = lib.episodes_of(idx);
    if lib.item(idx).kind.is_folder() {
        targets.push(idx);
    }
    for t in &targets {
        let d = lib.data_mut(user, *t);
        if played {
            d.played = true;
            d.play_count += 1;
            d.position = 0;
            d.last_played = Some(now);
        } else {
            d.played = false;
            d.play_count = 0;
            d.position = 0;
            d.last_played = None;
        }
    }
    let mut changed = with_ancestors(lib, &targets);
    if lib.item(idx).kind == Kind::Series {
        for season in lib.item(idx).children.clone() {
            if !changed.contains(&season) {
                changed.push(season);
            }
        }
    }
    for c in &changed {
        lib.data_mut(user, *c).saved = now;
    }
    changed
}

pub fn set_favorite(
    lib: &mut Library,
    user: usize,
    idx: u32,
    favorite: bool,
    now: i64,
) -> Vec<u32> {
    let d = lib.data_mut(user, idx);
    d.favorite = favorite;
    d.saved = now;
    vec![idx]
}

/// Sets playback progress as a player would report it: a position means in progress.
pub fn set_position(lib: &mut Library, user: usize, idx: u32, ticks: i64, now: i64) -> Vec<u32> {
    let was_played = lib.data(user, idx).played;
    let d = lib.data_mut(user, idx);
    d.position = ticks.max(0);
    if ticks > 0 {
        d.played = false;
        d.last_played = Some(now);
    }
    d.saved = now;
    if was_played && ticks > 0 {
        let changed = with_ancestors(lib, &[idx]);
        for c in &changed {
            lib.data_mut(user, *c).saved = now;
        }
        changed
    } else {
        vec![idx]
    }
}

/// The `UserDataChanged` socket message for a set of changed items (real `ItemId`s).
pub fn event(lib: &Library, user: usize, changed: &[u32]) -> Event {
    let list: Vec<Value> = changed
        .iter()
        .map(|i| dto::user_data(lib, *i, user, true))
        .collect();
    Event::UserDataChanged {
        user,
        user_id: hex(lib.users[user].id),
        list,
    }
}
