//! Components mounted in the page: the freshness indicator says what the state is.
use leptos::prelude::*;
use marquee::components::FreshnessBadge;
use marquee::store::{QueryData, QueryState, QueryStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::sleep_ms;

fn host() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

#[wasm_bindgen_test]
async fn the_freshness_badge_follows_the_query_state() {
    let state = RwSignal::new(QueryState::loading());
    let el = host();
    let _handle =
        leptos::mount::mount_to(el.clone(), move || view! { <FreshnessBadge state=state/> });
    sleep_ms(0).await;
    assert!(el.text_content().unwrap().contains("Loading"));

    let now = js_sys::Date::now() as i64;
    let cases = [
        (QueryStatus::Fresh, "Updated just now", "fresh"),
        (QueryStatus::Refreshing, "Refreshing…", "refreshing"),
        (
            QueryStatus::Offline,
            "Offline: showing saved data from",
            "offline",
        ),
        (
            QueryStatus::Failed("the server had a problem (HTTP 500)".into()),
            "Couldn't refresh: the server had a problem (HTTP 500)",
            "error",
        ),
    ];
    for (status, text, attr) in cases {
        state.set(QueryState {
            data: Some(QueryData::default()),
            fetched_at: Some(now),
            status,
        });
        sleep_ms(0).await;
        let shown = el.text_content().unwrap();
        assert!(shown.contains(text), "expected {text:?} in {shown:?}");
        let badge = el.query_selector(".freshness").unwrap().unwrap();
        assert_eq!(badge.get_attribute("data-state").as_deref(), Some(attr));
        let has_retry = shown.contains("Retry");
        assert_eq!(
            has_retry,
            attr == "error" || attr == "offline",
            "Retry only when something went wrong: {shown}"
        );
    }
}
