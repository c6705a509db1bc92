//! The performance marks each page sets once per visit: `marquee:content` at the first real
//! content (cache or network) and `marquee:fresh` once what it shows is fresh.
//!
//! A visit is one URL (path and query): a page that stays mounted while the URL changes
//! (`/movie/a` to `/movie/b` reuses the component) marks again for the new URL. Each mark
//! carries `detail: { path }`, so a reader can tell the navigations apart; marks are not
//! cleared, `performance.getEntriesByName` lists them in order.
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::perf;
use crate::pwa::snapshot;
use marquee_core::query_state::{QueryState, QueryStatus};

/// What the page at one URL has marked so far.
#[derive(Clone, PartialEq)]
struct Visit {
    path: String,
    content: bool,
    fresh: bool,
}

pub fn mark_when_ready(state: Signal<QueryState>) {
    // The route this page was mounted for (`movie` of `/movie/a`): it never marks another's.
    let route = route_of(&current_path()).to_string();
    Effect::new(move |previous: Option<Visit>| {
        // Read untracked: the URL alone changing does not re-run this; the new URL's data
        // arriving does. A page being replaced by another route's page marks nothing more.
        let path = current_path();
        if route_of(&path) != route {
            return previous.unwrap_or(Visit {
                path,
                content: true,
                fresh: true,
            });
        }
        let mut visit = previous.filter(|v| v.path == path).unwrap_or(Visit {
            path,
            content: false,
            fresh: false,
        });
        state.with(|s| {
            if !visit.content && s.data.is_some() {
                mark_with_path(perf::CONTENT_MARK, &visit.path);
                snapshot::content_shown(&visit.path);
                visit.content = true;
            }
            if visit.content && !visit.fresh && s.status == QueryStatus::Fresh {
                mark_with_path(perf::FRESH_MARK, &visit.path);
                snapshot::content_fresh(&visit.path);
                visit.fresh = true;
            }
        });
        visit
    });
}

/// The first path segment: `movie` for `/movie/a?x=1`, empty for `/`.
fn route_of(path: &str) -> &str {
    path.trim_start_matches('/')
        .split(['/', '?'])
        .next()
        .unwrap_or_default()
}

fn current_path() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// `performance.mark(name, { detail: { path } })`; a plain mark where options are unsupported.
fn mark_with_path(name: &str, path: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let detail = js_sys::Object::new();
    let options = js_sys::Object::new();
    let with_options = js_sys::Reflect::set(&detail, &"path".into(), &path.into())
        .and_then(|_| js_sys::Reflect::set(&options, &"detail".into(), &detail))
        .and_then(|_| js_sys::Reflect::get(&performance, &"mark".into()))
        .and_then(|mark| mark.dyn_into::<js_sys::Function>())
        .and_then(|mark| mark.call2(&performance, &name.into(), &options));
    if with_options.is_err() {
        perf::mark(name);
    }
}
