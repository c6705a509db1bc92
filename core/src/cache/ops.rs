//! Store-independent operations on top of [`CacheStore`]: staleness sweeps by content kind.

use super::{CacheError, CacheStore, CachedItem, CachedQuery};
use crate::freshness::{needs_refresh, CacheConfig, ContentKind, Freshness};

/// Items older than the TTL of `kind`, oldest first, at most `limit`.
pub async fn find_stale_items<C: CacheStore>(
    cache: &C,
    config: &CacheConfig,
    kind: ContentKind,
    now: i64,
    limit: u32,
) -> Result<Vec<CachedItem>, CacheError> {
    cache
        .find_stale_items(now.saturating_sub(config.ttl(kind)), limit)
        .await
}

/// Queries older than the TTL of their own kind (read from the key), oldest first, at most
/// `limit`.
pub async fn find_stale_queries<C: CacheStore>(
    cache: &C,
    config: &CacheConfig,
    now: i64,
    limit: u32,
) -> Result<Vec<CachedQuery>, CacheError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    // The store filters by one bound; the shortest TTL lets every candidate through, and the
    // per-kind check below drops the ones still fresh. Read wider until enough are found.
    let shortest_ttl = ALL_KINDS
        .iter()
        .map(|kind| config.ttl(*kind))
        .min()
        .unwrap_or(0);
    let bound = now.saturating_sub(shortest_ttl);
    let mut batch = limit.saturating_mul(4).max(16);
    loop {
        let candidates = cache.find_stale_queries(bound, batch).await?;
        let exhausted = candidates.len() < batch as usize;
        let stale: Vec<CachedQuery> = candidates
            .into_iter()
            .filter(|query| {
                needs_refresh(config, query.key.content_kind(), query.fetched_at, now)
                    == Freshness::Stale
            })
            .take(limit as usize)
            .collect();
        if exhausted || stale.len() == limit as usize || batch == u32::MAX {
            return Ok(stale);
        }
        batch = batch.saturating_mul(4);
    }
}

const ALL_KINDS: [ContentKind; 7] = [
    ContentKind::Libraries,
    ContentKind::MovieList,
    ContentKind::ShowList,
    ContentKind::Episodes,
    ContentKind::ItemDetails,
    ContentKind::HomeSections,
    ContentKind::UserDataViews,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::memory::MemoryCache;
    use crate::model::{FieldLevel, Item, ItemKind, QueryKey};
    use crate::test_support::block_on;

    const HOUR: i64 = 3_600_000;
    const NOW: i64 = 1_000 * HOUR;

    #[test]
    fn stale_items_use_the_kind_ttl() {
        let cache = MemoryCache::new();
        let config = CacheConfig::default();
        let at = |id: &str, fetched_at| {
            CachedItem::new(
                Item::new(id, id, ItemKind::Movie),
                FieldLevel::Full,
                None,
                fetched_at,
            )
        };
        block_on(cache.put_items(&[at("old", NOW - 25 * HOUR), at("recent", NOW - 23 * HOUR)]))
            .unwrap();
        let stale = block_on(find_stale_items(
            &cache,
            &config,
            ContentKind::ItemDetails,
            NOW,
            10,
        ))
        .unwrap();
        assert_eq!(
            stale.iter().map(|r| r.item.id.as_str()).collect::<Vec<_>>(),
            ["old"]
        );
        let stale = block_on(find_stale_items(
            &cache,
            &config,
            ContentKind::UserDataViews,
            NOW,
            10,
        ))
        .unwrap();
        assert_eq!(stale.len(), 2);
    }

    #[test]
    fn stale_queries_use_each_key_s_own_ttl() {
        let cache = MemoryCache::new();
        let config = CacheConfig::default();
        let put = |key: &str, age: i64| {
            let key: QueryKey = key.parse().unwrap();
            block_on(cache.put_query(&CachedQuery::new(key, vec![], NOW - age))).unwrap();
        };
        put("home/resume", 10 * 60_000); // 5 min TTL: stale
        put("libraries", 30 * 60_000); // 1 h TTL: fresh
        put("item/a", 2 * HOUR); // 24 h TTL: fresh
        put("seasons/s", 13 * HOUR); // 12 h TTL: stale
        put("library/l?type=series", 5 * HOUR); // 4 h TTL: stale
        let keys = |queries: Vec<CachedQuery>| {
            queries
                .into_iter()
                .map(|q| q.key.to_string())
                .collect::<Vec<_>>()
        };
        let stale = block_on(find_stale_queries(&cache, &config, NOW, 10)).unwrap();
        assert_eq!(
            keys(stale),
            ["seasons/s", "library/l?type=series", "home/resume"],
            "oldest first"
        );
        let limited = block_on(find_stale_queries(&cache, &config, NOW, 1)).unwrap();
        assert_eq!(keys(limited), ["seasons/s"]);
    }

    #[test]
    fn widens_the_read_when_fresh_queries_crowd_the_oldest() {
        let cache = MemoryCache::new();
        let config = CacheConfig::default();
        // 40 detail queries, older than 5 min but younger than 24 h: candidates, yet fresh.
        for i in 0..40 {
            block_on(cache.put_query(&CachedQuery::new(
                QueryKey::Item { id: i.to_string() },
                vec![],
                NOW - 20 * HOUR - i,
            )))
            .unwrap();
        }
        block_on(cache.put_query(&CachedQuery::new(QueryKey::NextUp, vec![], NOW - HOUR))).unwrap();
        let stale = block_on(find_stale_queries(&cache, &config, NOW, 1)).unwrap();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].key, QueryKey::NextUp);
    }
}
