//! Start-up and page latency at 50,000 movies. Ignored by default; run it optimized:
//! `cargo test --profile native -p demo-server --test perf -- --ignored --nocapture`
mod common;

use std::time::{Duration, Instant};

use common::*;
use demo_server::{build_state, Config};

#[tokio::test]
#[ignore]
async fn fifty_thousand_movies() {
    let config = Config {
        movies: 50_000,
        shows: 200,
        ..Config::default()
    };
    let t = Instant::now();
    let state = build_state(&config);
    let generation = t.elapsed();
    println!(
        "generate 50,000 movies + 200 shows ({} items): {generation:?}",
        state.read().items.len()
    );
    drop(state);

    let s = Server::with(config);
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let base = format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&Limit=100");
    let cases = [
        ("SortName asc, first page", format!("{base}&SortBy=SortName&SortOrder=Ascending")),
        ("SortName desc, StartIndex 25000", format!("{base}&SortBy=SortName&SortOrder=Descending&StartIndex=25000")),
        ("DateCreated desc", format!("{base}&SortBy=DateCreated&SortOrder=Descending")),
        ("CommunityRating desc + Fields", format!("{base}&SortBy=CommunityRating&SortOrder=Descending&Fields=Overview,Genres,People,Studios")),
        ("IsUnplayed filter", format!("{base}&SortBy=SortName&Filters=IsUnplayed")),
        ("Genres filter", format!("{base}&SortBy=ProductionYear&Genres=Drama|Comedy")),
        ("SearchTerm", format!("{base}&SearchTerm=river")),
        ("Random", format!("{base}&SortBy=Random")),
        ("no total count", format!("{base}&SortBy=SortName&EnableTotalRecordCount=false")),
        ("Resume", "/UserItems/Resume?Limit=12&MediaTypes=Video".to_string()),
        ("Latest movies", format!("/Items/Latest?ParentId={movies}&Limit=16")),
        ("NextUp", "/Shows/NextUp?Limit=24".to_string()),
    ];
    let mut worst = Duration::ZERO;
    for (name, path) in &cases {
        let mut times = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            let r = s.get(path, Some(&token)).await;
            times.push(t.elapsed());
            assert_eq!(r.status, axum::http::StatusCode::OK);
        }
        times.sort();
        let median = times[times.len() / 2];
        worst = worst.max(median);
        println!(
            "{name:<34} median {median:?}  max {:?}",
            times.last().unwrap()
        );
    }
    if !cfg!(debug_assertions) {
        assert!(
            generation < Duration::from_secs(3),
            "generation took {generation:?}"
        );
        assert!(
            worst < Duration::from_millis(20),
            "slowest page median {worst:?}"
        );
    }
}
