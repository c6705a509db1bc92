//! The search field at the top of every page: typing goes to `/search?q=…` (the URL follows
//! the query, replaced while on the page, so back and reload work); `/` focuses it from
//! anywhere; the down arrow moves into the results and Enter opens the first.
use leptos::ev;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

/// The route of the results.
pub const SEARCH_PATH: &str = "/search";
/// The results' links (keyboard moves go through them in order).
pub const RESULT_SELECTOR: &str = "main[data-page='search'] a.card";

/// The results' links, in document order.
pub fn result_links() -> Vec<web_sys::HtmlElement> {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return Vec::new();
    };
    let Ok(list) = document.query_selector_all(RESULT_SELECTOR) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Focuses the search field (from the results, with the up arrow).
pub fn focus_search_field() {
    let field = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".app-search input[name=q]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}

/// Whether a key press belongs to something the user is typing in.
fn typing_in_a_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element.has_attribute("contenteditable")
}

#[component]
pub fn SearchField() -> impl IntoView {
    let location = use_location();
    let query = use_query_map();
    let navigate = use_navigate();
    let input = NodeRef::<Input>::new();
    let on_search_page = move || location.pathname.with(|p| p == SEARCH_PATH);
    // The field shows the URL's query on the results page (back, reload) and is empty elsewhere.
    let url_query = Memo::new(move |_| {
        if on_search_page() {
            query.read().get("q").unwrap_or_default()
        } else {
            String::new()
        }
    });
    Effect::new(move |_| {
        let wanted = url_query.get();
        if let Some(field) = input.get() {
            if field.value() != wanted {
                field.set_value(&wanted);
            }
        }
    });
    let on_input = move |event: ev::Event| {
        let typed = event_target_value(&event);
        let href = format!(
            "{SEARCH_PATH}?q={}",
            String::from(js_sys::encode_uri_component(&typed))
        );
        navigate(
            &href,
            NavigateOptions {
                // One history entry for the whole search: back leaves the results page.
                replace: on_search_page(),
                scroll: false,
                ..Default::default()
            },
        );
    };
    let on_keydown = move |event: ev::KeyboardEvent| {
        let first = result_links().into_iter().next();
        match event.key().as_str() {
            "ArrowDown" => {
                if let Some(first) = first {
                    event.prevent_default();
                    let _ = first.focus();
                }
            }
            "Enter" => {
                event.prevent_default();
                if let Some(first) = first {
                    first.click();
                }
            }
            _ => {}
        }
    };
    // `/` from anywhere but another field.
    let handle = window_event_listener(ev::keydown, move |event| {
        if event.key() == "/"
            && !event.ctrl_key()
            && !event.meta_key()
            && !event.alt_key()
            && !typing_in_a_field(&event)
        {
            if let Some(field) = input.get_untracked() {
                event.prevent_default();
                let _ = field.focus();
                field.select();
            }
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <form class="app-search" role="search" on:submit=|ev| ev.prevent_default()>
            <input
                node_ref=input
                type="search"
                name="q"
                placeholder="Search  ( / )"
                aria-label="Search films, shows and episodes"
                autocomplete="off"
                on:input=on_input
                on:keydown=on_keydown
            />
        </form>
    }
}
