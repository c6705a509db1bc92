//! The app's header: Marquee's mark and name (a link home), the page the user is on, a slot
//! for the search field, and the main navigation.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The name of the page at `path`, for the header.
pub fn page_name(path: &str) -> &'static str {
    match path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
    {
        "" => "Home",
        "library" => "Library",
        "movie" => "Movie",
        "show" => "Show",
        "settings" => "Settings",
        "search" => "Search",
        "downloads" => "Downloads",
        "play" => "Player",
        "login" => "Sign in",
        _ => "Not found",
    }
}

/// Marquee's mark: the app icon (a sign with a row of bulbs over an "M"), drawn by CSS
/// (`.brand-mark`) from the icon the app already ships, so it costs the wasm nothing.
#[component]
pub fn BrandMark() -> impl IntoView {
    view! { <span class="brand-mark" aria-hidden="true"></span> }
}

/// The header over every page while signed in. `<div class="header-search">` is the search field's
/// place: it is laid out between the page name and the navigation at every width.
#[component]
pub fn AppHeader() -> impl IntoView {
    let location = use_location();
    view! {
        <header class="app-header">
            <a class="brand" href="/" aria-label="Marquee, home">
                <BrandMark/>
                <span class="brand-name" aria-hidden="true">"Marquee"</span>
            </a>
            <span class="header-page">{move || location.pathname.with(|p| page_name(p))}</span>
            <div class="header-search"><crate::components::SearchField/></div>
            <nav class="app-nav" aria-label="Main">
                <A href="/">"Home"</A>
                <A href="/downloads">"Downloads"</A>
                <A href="/settings">"Settings"</A>
            </nav>
        </header>
    }
}
