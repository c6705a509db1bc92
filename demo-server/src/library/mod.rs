//! The in-memory library: items in one `Vec` addressed by `u32` index, an id → index map,
//! per-user data in parallel `Vec`s, and presorted orders (`index.rs`), so a page of
//! `/Items` is a slice or a filtered walk of a ready-made order, never a full sort.
//! Around it: how it is generated, searched, played, dated, and rendered as Jellyfin's JSON
//! and as images.

pub mod dates;
pub mod dto;
pub mod generate;
pub mod images;
pub mod index;
pub mod names;
pub mod playstate;
pub mod rng;
pub mod search;

use std::cmp::Ordering;
use std::collections::HashMap;

use index::Indexes;
use rng::id128;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Kind {
    CollectionFolder,
    Movie,
    Series,
    Season,
    Episode,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CollectionFolder => "CollectionFolder",
            Kind::Movie => "Movie",
            Kind::Series => "Series",
            Kind::Season => "Season",
            Kind::Episode => "Episode",
        }
    }

    /// Case-insensitive; unknown names give `None` and are dropped by callers, like Jellyfin.
    pub fn parse(s: &str) -> Option<Kind> {
        [
            Kind::CollectionFolder,
            Kind::Movie,
            Kind::Series,
            Kind::Season,
            Kind::Episode,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn is_folder(self) -> bool {
        !matches!(self, Kind::Movie | Kind::Episode)
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum SortKey {
    SortName,
    DateCreated,
    PremiereDate,
    ProductionYear,
    CommunityRating,
}

pub const SORT_KEYS: [SortKey; 5] = [
    SortKey::SortName,
    SortKey::DateCreated,
    SortKey::PremiereDate,
    SortKey::ProductionYear,
    SortKey::CommunityRating,
];

impl SortKey {
    pub fn parse(s: &str) -> Option<SortKey> {
        let names = [
            "SortName",
            "DateCreated",
            "PremiereDate",
            "ProductionYear",
            "CommunityRating",
        ];
        let pos = names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(s.trim()))?;
        Some(SORT_KEYS[pos])
    }
}

#[derive(Clone, Debug)]
pub struct Credit {
    pub person: u32,
    pub role: &'static str,
    pub director: bool,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: u128,
    pub name: String,
    pub image_tag: Option<u128>,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub id: u128,
    pub kind: Kind,
    pub name: String,
    pub sort_name: String,
    /// Lowercased, diacritics folded: what `SearchTerm` matches against.
    pub search_name: String,
    pub original_title: Option<String>,
    pub parent: Option<u32>,
    /// The CollectionFolder this item lives in (itself for a folder).
    pub library: u32,
    pub series: Option<u32>,
    pub season: Option<u32>,
    /// Live children in display order (seasons: specials first; episodes: by number).
    pub children: Vec<u32>,
    pub index_number: Option<i32>,
    pub parent_index_number: Option<i32>,
    pub production_year: Option<i32>,
    pub premiere_date: Option<i64>,
    pub end_date: Option<i64>,
    pub date_created: i64,
    /// Internal `DateLastSaved`: metadata changes only (user data has its own time).
    pub last_saved: i64,
    pub community_rating: Option<f32>,
    pub critic_rating: Option<i32>,
    pub official_rating: Option<&'static str>,
    /// Bit set over `names::GENRES`.
    pub genres: u16,
    pub people: Vec<Credit>,
    pub studios: Vec<u16>,
    pub overview: Option<String>,
    pub taglines: Vec<String>,
    pub tags: Vec<&'static str>,
    pub run_time_ticks: Option<i64>,
    pub primary_tag: Option<u128>,
    pub backdrop_tag: Option<u128>,
    pub blurhash: u8,
    pub version: u32,
    pub etag: u128,
    pub status: Option<&'static str>,
    pub collection_type: Option<&'static str>,
    pub tmdb: u32,
    /// A few thin responses carry one explicit `null`, as real servers sometimes do.
    pub null_field: bool,
    pub removed: bool,
}

impl Item {
    pub fn id_hex(&self) -> String {
        rng::hex(self.id)
    }

    pub fn has_genre(&self, mask: u16) -> bool {
        self.genres & mask != 0
    }

    pub fn genre_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        names::GENRES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.genres & (1 << i) != 0)
            .map(|(_, g)| *g)
    }

    /// Recomputes the derived name fields after `name` changed.
    pub fn set_name(&mut self, name: String) {
        self.sort_name = names::sort_name(&name);
        self.search_name = names::fold(&name);
        self.name = name;
    }

    /// Image tags are content hashes in Jellyfin; ours change whenever the item does,
    /// because the generated image shows the item's name.
    pub fn refresh_tags(&mut self) {
        let id = [(self.id >> 64) as u64, self.id as u64, self.version as u64];
        self.etag = id128(&[id[0], id[1], id[2], 0xE7A6]);
        if self.primary_tag.is_some() {
            self.primary_tag = Some(id128(&[id[0], id[1], id[2], 1]));
        }
        if self.backdrop_tag.is_some() {
            self.backdrop_tag = Some(id128(&[id[0], id[1], id[2], 2]));
        }
    }
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u128,
    pub name: String,
    pub password: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UserData {
    pub position: i64,
    pub play_count: u32,
    pub favorite: bool,
    pub played: bool,
    pub last_played: Option<i64>,
    /// When this user's data for the item last changed (for `MinDateLastSavedForUser`).
    pub saved: i64,
}

/// Played state of a folder, derived from its episodes as Jellyfin does.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rollup {
    pub total: usize,
    pub unplayed: usize,
    pub last_played: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct Library {
    pub seed: u64,
    pub items: Vec<Item>,
    pub index: HashMap<u128, u32>,
    pub people: Vec<Person>,
    pub person_index: HashMap<u128, u32>,
    pub studios: Vec<(u128, &'static str)>,
    pub users: Vec<User>,
    /// `user_data[user][item]`.
    pub user_data: Vec<Vec<UserData>>,
    /// Sort orders and filter data derived from `items`.
    pub indexes: Indexes,
    pub movies_lib: u32,
    pub shows_lib: u32,
    /// How many items `/__demo/items` has added (their ids derive from it).
    pub added: u64,
}

impl Library {
    pub fn find(&self, id: &str) -> Option<u32> {
        let idx = *self.index.get(&rng::parse_hex(id)?)?;
        (!self.items[idx as usize].removed).then_some(idx)
    }

    pub fn item(&self, idx: u32) -> &Item {
        &self.items[idx as usize]
    }

    pub fn item_mut(&mut self, idx: u32) -> &mut Item {
        &mut self.items[idx as usize]
    }

    pub fn find_person(&self, id: &str) -> Option<&Person> {
        let idx = *self.person_index.get(&rng::parse_hex(id)?)?;
        Some(&self.people[idx as usize])
    }

    pub fn user_by_name(&self, name: &str) -> Option<usize> {
        self.users
            .iter()
            .position(|u| u.name.eq_ignore_ascii_case(name.trim()))
    }

    pub fn user_by_id(&self, id: &str) -> Option<usize> {
        let id = rng::parse_hex(id)?;
        self.users.iter().position(|u| u.id == id)
    }

    pub fn libraries(&self) -> [u32; 2] {
        [self.movies_lib, self.shows_lib]
    }

    /// Is `idx` inside `ancestor` at any depth?
    pub fn is_descendant(&self, idx: u32, ancestor: u32) -> bool {
        let item = self.item(idx);
        if idx == ancestor {
            return false;
        }
        match self.item(ancestor).kind {
            Kind::CollectionFolder => item.library == ancestor,
            Kind::Series => item.series == Some(ancestor),
            Kind::Season => item.season == Some(ancestor),
            _ => false,
        }
    }

    /// All episodes below a series or season (or the episode itself), in display order.
    pub fn episodes_of(&self, idx: u32) -> Vec<u32> {
        let item = self.item(idx);
        match item.kind {
            Kind::Episode | Kind::Movie => vec![idx],
            Kind::Season => item.children.clone(),
            Kind::Series => item
                .children
                .iter()
                .flat_map(|s| self.item(*s).children.iter().copied())
                .collect(),
            Kind::CollectionFolder => item
                .children
                .iter()
                .flat_map(|c| self.episodes_of(*c))
                .collect(),
        }
    }

    /// Jellyfin's `RecursiveItemCount`: the playable (non-folder) items below a folder.
    pub fn recursive_count(&self, idx: u32) -> usize {
        self.item(idx)
            .children
            .iter()
            .map(|c| {
                if self.item(*c).kind.is_folder() {
                    self.recursive_count(*c)
                } else {
                    1
                }
            })
            .sum()
    }

    pub fn data(&self, user: usize, idx: u32) -> &UserData {
        &self.user_data[user][idx as usize]
    }

    pub fn data_mut(&mut self, user: usize, idx: u32) -> &mut UserData {
        &mut self.user_data[user][idx as usize]
    }

    pub fn rollup(&self, user: usize, idx: u32) -> Rollup {
        let mut r = Rollup::default();
        for ep in self.episodes_of(idx) {
            let d = self.data(user, ep);
            r.total += 1;
            if !d.played {
                r.unplayed += 1;
            }
            r.last_played = r.last_played.max(d.last_played);
        }
        r
    }

    pub fn is_played(&self, user: usize, idx: u32) -> bool {
        match self.item(idx).kind {
            Kind::Movie | Kind::Episode => self.data(user, idx).played,
            _ => {
                let r = self.rollup(user, idx);
                r.total > 0 && r.unplayed == 0
            }
        }
    }

    pub fn is_resumable(&self, user: usize, idx: u32) -> bool {
        let d = self.data(user, idx);
        d.position > 0 && !d.played
    }

    pub fn compare(&self, key: SortKey, a: u32, b: u32) -> Ordering {
        index::compare(&self.items, key, a, b)
    }

    pub fn order(&self, key: SortKey) -> &[u32] {
        self.indexes.order(key)
    }

    pub fn rebuild_indexes(&mut self) {
        self.indexes = Indexes::build(&self.items);
    }

    /// Re-indexes one new or changed item (call after any metadata change).
    pub fn reposition(&mut self, idx: u32) {
        self.indexes.update(&self.items, idx);
    }

    /// Records a metadata change: new Etag and image tags, new last-saved time.
    pub fn touch(&mut self, idx: u32, now: i64) {
        let item = self.item_mut(idx);
        item.version += 1;
        item.last_saved = now;
        item.refresh_tags();
    }

    /// Appends an item, wiring it into the id map, its parent's children and the orders.
    pub fn push(&mut self, item: Item) -> u32 {
        let idx = self.items.len() as u32;
        self.index.insert(item.id, idx);
        let parent = item.parent;
        self.items.push(item);
        for data in &mut self.user_data {
            data.push(UserData::default());
        }
        if let Some(p) = parent {
            self.item_mut(p).children.push(idx);
        }
        self.reposition(idx);
        idx
    }

    /// Marks an item and everything below it removed; returns the removed indices.
    pub fn remove(&mut self, idx: u32) -> Vec<u32> {
        let mut gone = vec![idx];
        let mut i = 0;
        while i < gone.len() {
            let children = self.item(gone[i]).children.clone();
            gone.extend(children);
            i += 1;
        }
        for g in &gone {
            let item = self.item_mut(*g);
            item.removed = true;
            let id = item.id;
            self.index.remove(&id);
        }
        if let Some(p) = self.item(idx).parent {
            self.item_mut(p).children.retain(|c| *c != idx);
        }
        self.indexes.drop_removed(&self.items);
        gone
    }
}
