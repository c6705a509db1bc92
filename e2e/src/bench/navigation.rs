//! In-app navigation with a warm cache: Home to Library to Movie, and back twice, each leg
//! timed from the click (or `history.back()`) to the new page's `marquee:content`.
use std::time::Duration;

use serde::Serialize;

use super::page::{back, click, wait_for_element, wait_for_mark};
use super::session::{Page, Session, WAIT};
use super::stats::Summary;

#[derive(Clone, Debug, Serialize)]
pub struct Leg {
    pub leg: String,
    pub content: Summary,
}

pub async fn measure(session: &Session, runs: u32) -> Vec<Leg> {
    let d = &session.driver;
    let home = session.path(Page::Home);
    let library = session.path(Page::Library);
    let movie = session.path(Page::Movie);
    let library_link = format!(".library-list a[data-item-id='{}']", session.movies);
    let movie_card = format!(".virtual-grid a.card[data-item-id='{}']", session.movie);
    d.goto(session.url(&home)).await.expect("open Home");
    wait_for_mark(d, "marquee:content", &home, 0.0, WAIT).await;

    let names = [
        "Home → Library",
        "Library → Movie",
        "Movie → Library (back)",
        "Library → Home (back)",
    ];
    let mut samples: [Vec<f64>; 4] = Default::default();
    // One round to warm up (the movie's full record, the grid's first window), then `runs`.
    for round in 0..=runs {
        let mut legs = [0.0f64; 4];
        wait_for_element(d, &library_link, WAIT).await;
        let t = click(d, &library_link).await;
        legs[0] = wait_for_mark(d, "marquee:content", &library, t, WAIT).await - t;
        wait_for_element(d, &movie_card, WAIT).await;
        pause().await;
        let t = click(d, &movie_card).await;
        legs[1] = wait_for_mark(d, "marquee:content", &movie, t, WAIT).await - t;
        pause().await;
        let t = back(d).await;
        legs[2] = wait_for_mark(d, "marquee:content", &library, t, WAIT).await - t;
        pause().await;
        let t = back(d).await;
        legs[3] = wait_for_mark(d, "marquee:content", &home, t, WAIT).await - t;
        pause().await;
        if round > 0 {
            for (all, leg) in samples.iter_mut().zip(legs) {
                all.push(leg);
            }
        }
    }
    names
        .iter()
        .zip(samples)
        .map(|(name, all)| Leg {
            leg: name.to_string(),
            content: Summary::of(&all),
        })
        .collect()
}

/// A user looks at a page for a moment before the next click.
async fn pause() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}
