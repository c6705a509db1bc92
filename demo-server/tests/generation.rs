//! The generated library: determinism, shape and variety.
mod common;

use std::collections::HashSet;

use common::*;
use demo_server::library::Kind;
use demo_server::{build_state, Config};

#[test]
fn same_seed_same_library_other_seed_other_library() {
    let config = Config {
        movies: 300,
        shows: 20,
        seed: 7,
        ..Config::default()
    };
    let a = build_state(&config);
    let b = build_state(&config);
    let (la, lb) = (a.read(), b.read());
    assert_eq!(la.items.len(), lb.items.len());
    for (x, y) in la.items.iter().zip(lb.items.iter()) {
        assert_eq!(
            (x.id, &x.name, x.date_created, x.etag, &x.overview),
            (y.id, &y.name, y.date_created, y.etag, &y.overview)
        );
    }
    assert_eq!(la.user_data, lb.user_data);
    assert_eq!(a.server_id, b.server_id);

    let c = build_state(&Config { seed: 8, ..config });
    let lc = c.read();
    assert_ne!(la.items[5].id, lc.items[5].id);
    assert_ne!(a.server_id, c.server_id);
    // An item's data does not depend on how many others there are.
    let d = build_state(&Config {
        movies: 100,
        shows: 0,
        seed: 7,
        ..Config::default()
    });
    assert_eq!(d.read().items[50].name, la.items[50].name);
    assert_eq!(d.read().items[50].id, la.items[50].id);
}

#[test]
fn shape_of_the_default_library() {
    let state = build_state(&Config::default());
    let lib = state.read();
    let count = |k: Kind| lib.items.iter().filter(|i| i.kind == k).count();
    assert_eq!(count(Kind::Movie), 2000);
    assert_eq!(count(Kind::Series), 200);
    assert_eq!(count(Kind::CollectionFolder), 2);
    let episodes = count(Kind::Episode);
    assert!((2000..=9000).contains(&episodes), "{episodes}");
    let ids: HashSet<u128> = lib.items.iter().map(|i| i.id).collect();
    assert_eq!(ids.len(), lib.items.len(), "ids are unique");

    let series: Vec<u32> = (0..lib.items.len() as u32)
        .filter(|i| lib.item(*i).kind == Kind::Series)
        .collect();
    let season_counts: HashSet<usize> =
        series.iter().map(|s| lib.item(*s).children.len()).collect();
    assert!(
        season_counts.len() >= 5,
        "varied season counts {season_counts:?}"
    );
    let specials = series
        .iter()
        .filter(|s| {
            lib.item(**s)
                .children
                .iter()
                .any(|c| lib.item(*c).index_number.is_none())
        })
        .count();
    assert!(specials > 5, "{specials} series with specials");
    for s in &series {
        for season in &lib.item(*s).children {
            let n = lib.item(*season).children.len();
            let special = lib.item(*season).index_number.is_none();
            assert!(special || (3..=24).contains(&n), "{n} episodes");
        }
    }
    let movies: Vec<_> = lib.items.iter().filter(|i| i.kind == Kind::Movie).collect();
    let share = |f: &dyn Fn(&&demo_server::library::Item) -> bool| {
        movies.iter().filter(|m| f(m)).count() as f64 / movies.len() as f64
    };
    assert!((0.02..0.3).contains(&share(&|m| m.community_rating.is_none())));
    assert!((0.3..0.9).contains(&share(&|m| m.critic_rating.is_some())));
    assert!((0.01..0.3).contains(&share(&|m| m.overview.is_none())));
    assert!((0.01..0.2).contains(&share(&|m| m.primary_tag.is_none())));
    assert!(movies.iter().any(|m| m
        .overview
        .as_deref()
        .is_some_and(|o| o.contains("<script>alert(1)</script>"))));
    assert!(movies
        .iter()
        .any(|m| m.overview.as_deref().is_some_and(|o| o.contains("<b>"))));
    assert!(movies
        .iter()
        .any(|m| m.overview.as_deref().is_some_and(|o| o.contains(" & "))));
    assert!(movies.iter().any(|m| !m.name.is_ascii()), "unicode titles");
    assert!(
        movies
            .iter()
            .any(|m| m.run_time_ticks.is_some_and(|t| t % 10_000_000 != 0)),
        "float-rounded ticks"
    );
    let demo_played = movies
        .iter()
        .filter(|m| lib.data(0, lib.index[&m.id]).played)
        .count() as f64
        / 2000.0;
    assert!((0.15..0.35).contains(&demo_played), "{demo_played}");
}

#[tokio::test]
async fn unicode_titles_survive_the_api() {
    let s = Server::with(Config {
        movies: 800,
        shows: 0,
        ..Config::default()
    });
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let list = s.all(&token, &movies, "Movie", "").await;
    let unicode: Vec<&str> = list
        .iter()
        .map(|m| m["Name"].as_str().unwrap())
        .filter(|n| !n.is_ascii())
        .collect();
    assert!(!unicode.is_empty());
    // SearchTerm finds them, accents folded: on a title added here, so the check always runs.
    let added = s
        .post(
            "/__demo/items",
            None,
            serde_json::json!({"Type": "Movie", "Name": "Amélie à Noël"}),
        )
        .await;
    assert!(added.status.is_success(), "{}", added.text());
    let found = s
        .all(&token, &movies, "Movie", "&SearchTerm=amelie%20a%20noel")
        .await;
    let names: Vec<&str> = found.iter().map(|m| m["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Amélie à Noël"]);
    let name = unicode[0];
    let encoded: String = name.bytes().map(|b| format!("%{b:02X}")).collect();
    let found = s
        .all(&token, &movies, "Movie", &format!("&SearchTerm={encoded}"))
        .await;
    assert!(found.iter().any(|m| m["Name"] == name));
}
