//! Secondary indexes derived from the items, patched after every change:
//! - one ascending order of live items per sort key, also split per (library, type), so the
//!   main query (a library's movies, sorted) is a slice and needs no walk at all;
//! - each item's rank in each order, to sort a handful of search hits without comparing strings;
//! - a compact copy of the fields filters test ("hot"), because walking 50,000 items in sort
//!   order through the full `Item` structs is one cache miss per item.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::library::{Item, Kind, SortKey, SORT_KEYS};

pub const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
pub struct Hot {
    pub kind: Kind,
    pub removed: bool,
    pub genres: u16,
    pub library: u32,
    pub parent: u32,
    pub series: u32,
    pub season: u32,
    pub year: i32,
    pub last_saved: i64,
}

impl Hot {
    fn of(item: &Item) -> Hot {
        Hot {
            kind: item.kind,
            removed: item.removed,
            genres: item.genres,
            library: item.library,
            parent: item.parent.unwrap_or(NONE),
            series: item.series.unwrap_or(NONE),
            season: item.season.unwrap_or(NONE),
            year: item.production_year.unwrap_or(i32::MIN),
            last_saved: item.last_saved,
        }
    }
}

/// Ascending comparison for a sort key; ties by SortName, then Id. Missing values sort first.
pub fn compare(items: &[Item], key: SortKey, a: u32, b: u32) -> Ordering {
    let (x, y) = (&items[a as usize], &items[b as usize]);
    let primary = match key {
        SortKey::SortName => Ordering::Equal,
        SortKey::DateCreated => x.date_created.cmp(&y.date_created),
        SortKey::PremiereDate => x.premiere_date.cmp(&y.premiere_date),
        SortKey::ProductionYear => x.production_year.cmp(&y.production_year),
        SortKey::CommunityRating => match (x.community_rating, y.community_rating) {
            (Some(p), Some(q)) => p.total_cmp(&q),
            (p, q) => p.is_some().cmp(&q.is_some()),
        },
    };
    primary
        .then_with(|| x.sort_name.cmp(&y.sort_name))
        .then_with(|| x.id.cmp(&y.id))
}

#[derive(Clone, Debug, Default)]
pub struct Indexes {
    pub hot: Vec<Hot>,
    orders: Vec<Vec<u32>>,
    scoped: HashMap<(u32, Kind), Vec<Vec<u32>>>,
    ranks: Vec<Vec<u32>>,
}

fn slot(key: SortKey) -> usize {
    SORT_KEYS.iter().position(|k| *k == key).unwrap_or(0)
}

fn insert_sorted(items: &[Item], key: SortKey, order: &mut Vec<u32>, idx: u32) {
    let at = order
        .binary_search_by(|probe| compare(items, key, *probe, idx))
        .unwrap_or_else(|e| e);
    order.insert(at, idx);
}

impl Indexes {
    pub fn build(items: &[Item]) -> Indexes {
        let live: Vec<u32> = (0..items.len() as u32)
            .filter(|i| !items[*i as usize].removed)
            .collect();
        let orders: Vec<Vec<u32>> = SORT_KEYS
            .iter()
            .map(|key| {
                let mut order = live.clone();
                order.sort_unstable_by(|a, b| compare(items, *key, *a, *b));
                order
            })
            .collect();
        let mut scoped: HashMap<(u32, Kind), Vec<Vec<u32>>> = HashMap::new();
        for (s, order) in orders.iter().enumerate() {
            for idx in order {
                let item = &items[*idx as usize];
                scoped
                    .entry((item.library, item.kind))
                    .or_insert_with(|| vec![Vec::new(); SORT_KEYS.len()])[s]
                    .push(*idx);
            }
        }
        let mut indexes = Indexes {
            hot: items.iter().map(Hot::of).collect(),
            orders,
            scoped,
            ranks: Vec::new(),
        };
        indexes.rerank(items.len());
        indexes
    }

    fn rerank(&mut self, len: usize) {
        self.ranks = self
            .orders
            .iter()
            .map(|order| {
                let mut rank = vec![NONE; len];
                for (pos, idx) in order.iter().enumerate() {
                    rank[*idx as usize] = pos as u32;
                }
                rank
            })
            .collect();
    }

    pub fn order(&self, key: SortKey) -> &[u32] {
        &self.orders[slot(key)]
    }

    /// The order of one type of item in one library, if any exist.
    pub fn scoped(&self, key: SortKey, library: u32, kind: Kind) -> &[u32] {
        self.scoped
            .get(&(library, kind))
            .map(|s| s[slot(key)].as_slice())
            .unwrap_or(&[])
    }

    pub fn rank(&self, key: SortKey, idx: u32) -> u32 {
        self.ranks[slot(key)][idx as usize]
    }

    /// Puts one new or changed item at its place everywhere (O(n) moves, no full sort).
    pub fn update(&mut self, items: &[Item], idx: u32) {
        let item = &items[idx as usize];
        let hot = Hot::of(item);
        if idx as usize >= self.hot.len() {
            self.hot.push(hot);
        } else {
            self.hot[idx as usize] = hot;
        }
        let scoped = self
            .scoped
            .entry((item.library, item.kind))
            .or_insert_with(|| vec![Vec::new(); SORT_KEYS.len()]);
        for (s, key) in SORT_KEYS.iter().enumerate() {
            for order in [&mut self.orders[s], &mut scoped[s]] {
                if let Some(pos) = order.iter().position(|i| *i == idx) {
                    order.remove(pos);
                }
                if !item.removed {
                    insert_sorted(items, *key, order, idx);
                }
            }
        }
        self.rerank(items.len());
    }

    pub fn drop_removed(&mut self, items: &[Item]) {
        let gone = |i: &u32| !items[*i as usize].removed;
        for order in &mut self.orders {
            order.retain(gone);
        }
        for lists in self.scoped.values_mut() {
            for order in lists {
                order.retain(gone);
            }
        }
        for (h, item) in self.hot.iter_mut().zip(items) {
            h.removed = item.removed;
        }
        self.rerank(items.len());
    }
}
