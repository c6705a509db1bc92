//! In-app navigation with a warm cache: Home to Library to Movie, and back twice, each leg
//! timed from the click (or `history.back()`) to the new page's `marquee:content`.
use std::time::{Duration, Instant};

use e2e::js;
use e2e::thirtyfour::WebDriver;

use serde::Serialize;
use serde_json::json;

use e2e::browser::{click, js_with};

use super::page::{back, close_window, open_window, wait_for_element, wait_for_mark, Jank};
use super::session::{Page, Session, WAIT};
use super::stats::Summary;

#[derive(Clone, Debug, Serialize)]
pub struct Navigation {
    pub legs: Vec<Leg>,
    /// Movie to another movie in place (the page component stays mounted, only the id
    /// changes): click to the new URL's `marquee:content`, or `None` if no mark came within
    /// 60 s. Checks that each visit gets its own mark, not only each mounted page.
    pub movie_to_movie_ms: Option<f64>,
    /// The main thread from that navigation until its mark (or the 60 s).
    pub movie_to_movie_jank: Jank,
}

#[derive(Clone, Debug, Serialize)]
pub struct Leg {
    pub leg: String,
    pub content: Summary,
}

pub async fn measure(session: &Session, runs: u32) -> Navigation {
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
    let legs = names
        .iter()
        .zip(samples)
        .map(|(name, all)| Leg {
            leg: name.to_string(),
            content: Summary::of(&all),
        })
        .collect();

    // Library → movie → the second movie of the grid, in place.
    let t = click(d, &library_link).await;
    wait_for_mark(d, "marquee:content", &library, t, WAIT).await;
    wait_for_element(d, &movie_card, WAIT).await;
    let other: Option<String> = js(
        d,
        "const a = document.querySelector(\".virtual-grid .grid-cell[data-index='1'] a.card[data-item-id]\"); return a ? a.getAttribute('data-item-id') : null;",
    )
    .await
    .as_str()
    .map(str::to_string);
    let t = click(d, &movie_card).await;
    wait_for_mark(d, "marquee:content", &movie, t, WAIT).await;
    let window = open_window(d, false).await;
    let movie_to_movie_ms = match other {
        Some(other) => {
            let t = js_with(
                d,
                "const t = performance.now(); history.pushState({}, '', '/movie/' + arguments[0]); \
                 dispatchEvent(new PopStateEvent('popstate')); return t;",
                vec![json!(other)],
            )
            .await
            .as_f64()
            .unwrap_or(0.0);
            mark_within(d, &format!("/movie/{other}"), t, Duration::from_secs(60)).await
        }
        None => None,
    };
    let movie_to_movie_jank = close_window(d, window).await;
    Navigation {
        legs,
        movie_to_movie_ms,
        movie_to_movie_jank,
    }
}

/// Like `wait_for_mark`, but `None` instead of a panic when no mark comes.
async fn mark_within(d: &WebDriver, path: &str, since: f64, timeout: Duration) -> Option<f64> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        let found = js_with(
            d,
            "const [path, since] = arguments; const m = performance.getEntriesByName('marquee:content') \
             .find(e => e.startTime >= since && e.detail && e.detail.path.split('?')[0] === path); \
             return m ? m.startTime : null;",
            vec![json!(path), json!(since)],
        )
        .await
        .as_f64();
        if let Some(at) = found {
            return Some(at - since);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

/// A user looks at a page for a moment before the next click.
async fn pause() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}
