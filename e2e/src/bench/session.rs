//! One benchmark session: a browser logged in to a demo server with a library of one size, and
//! the URLs of the four pages measured (Home, the Movies library, a movie, a show).
use std::time::Duration;

use e2e::thirtyfour::WebDriver;
use e2e::{js, log_in, wait_for, ChromeDriver, DemoServer};

use super::page::{instrument, long_tasks_observable, wait_for_element, wait_for_store};

/// Generous: a cold sync of 50,000 items at 150 ms a request takes a while.
pub const SLOW: Duration = Duration::from_secs(900);
pub const WAIT: Duration = Duration::from_secs(60);

/// The pages the benchmark times, in table order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Library,
    Movie,
    Show,
}

impl Page {
    pub const ALL: [Page; 4] = [Page::Home, Page::Library, Page::Movie, Page::Show];

    pub fn name(self) -> &'static str {
        match self {
            Page::Home => "Home",
            Page::Library => "Library",
            Page::Movie => "Movie",
            Page::Show => "Show",
        }
    }
}

pub struct Session {
    pub driver: WebDriver,
    pub origin: String,
    pub movies: String,
    pub shows: String,
    /// Filled by `visit_detail_pages` (the first title of each library).
    pub movie: String,
    pub show: String,
}

impl Session {
    /// A fresh browser profile, instrumented, logged in as demo/demo, on Home.
    pub async fn start(chrome: &ChromeDriver, server: &DemoServer) -> Session {
        let driver = chrome.browser().await;
        driver
            .set_window_rect(0, 0, 1280, 900)
            .await
            .expect("window size");
        driver
            .set_script_timeout(Duration::from_secs(900))
            .await
            .expect("script timeout");
        instrument(&driver).await;
        log_in(&driver, server, "demo", "demo").await;
        let (movies, shows) = wait_for("My Libraries on Home", WAIT, || async {
            let value = js(
                &driver,
                "return Array.from(document.querySelectorAll('.library-list a')).map(a => [a.textContent.trim(), a.getAttribute('data-item-id')])",
            )
            .await;
            let pairs: Vec<(String, String)> = serde_json::from_value(value).unwrap_or_default();
            let find = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|p| p.1.clone());
            Some((find("Movies")?, find("Shows")?))
        })
        .await;
        wait_for_store(&driver).await;
        assert!(
            long_tasks_observable(&driver).await,
            "this Chromium reports no long tasks to a PerformanceObserver: the jank figures would be empty"
        );
        Session {
            driver,
            origin: server.url.clone(),
            movies,
            shows,
            movie: String::new(),
            show: String::new(),
        }
    }

    /// Moves to a new, instrumented tab (a short history) and closes the old one.
    pub async fn fresh_tab(&self) {
        let d = &self.driver;
        let tab = d.new_tab().await.expect("a new tab");
        d.close_window().await.expect("close the old tab");
        d.switch_to_window(tab)
            .await
            .expect("switch to the new tab");
        instrument(d).await;
    }

    /// The path of a page (what its marks carry).
    pub fn path(&self, page: Page) -> String {
        match page {
            Page::Home => "/".into(),
            Page::Library => format!("/library/{}", self.movies),
            Page::Movie => format!("/movie/{}", self.movie),
            Page::Show => format!("/show/{}", self.show),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.origin, path)
    }

    /// Opens the Shows library (a small sync) and the first show, then the first movie of the
    /// Movies library, so that every page measured has been seen once.
    pub async fn visit_detail_pages(&mut self) {
        let d = &self.driver;
        d.goto(self.url(&format!("/library/{}", self.shows)))
            .await
            .expect("open Shows");
        self.show = first_card(d).await;
        d.goto(self.url(&self.path(Page::Show)))
            .await
            .expect("open a show");
        wait_for_element(d, "main[data-page='show'] .episode[data-item-id]", WAIT).await;
        d.goto(self.url(&self.path(Page::Library)))
            .await
            .expect("open Movies");
        self.movie = first_card(d).await;
        d.goto(self.url(&self.path(Page::Movie)))
            .await
            .expect("open a movie");
        wait_for_element(d, "main[data-page='movie'][data-item-id] h1", WAIT).await;
    }
}

/// The id of the first card of the library grid on screen (the grid is fully synced).
pub async fn first_card(driver: &WebDriver) -> String {
    wait_for("the first card of the grid", SLOW, || async {
        let value = js(
            driver,
            "const fresh = document.querySelector(\"main[data-page='library'][data-freshness='fresh']\"); \
             const card = document.querySelector(\".virtual-grid .grid-cell[data-index='0'] a.card[data-item-id]\"); \
             return fresh && card ? card.getAttribute('data-item-id') : null;",
        )
        .await;
        value.as_str().map(str::to_string)
    })
    .await
}
