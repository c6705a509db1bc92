//! The app's header: Marquee's mark and name (a link home), the page the user is on, a slot
//! for the search field, and the main navigation.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The name of the page at `path`, for the header and the document title.
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

/// Marquee's mark: a sign with a row of bulbs over an "M" (the app icon's drawing).
#[component]
pub fn BrandMark() -> impl IntoView {
    view! {
        <svg class="brand-mark" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
            <rect x="1" y="1" width="30" height="30" rx="7" fill="#1f242d" stroke="#3a4150"/>
            <circle cx="8" cy="6.5" r="1.6" fill="#ffd27a"/>
            <circle cx="13.3" cy="6.5" r="1.6" fill="#ffd27a"/>
            <circle cx="18.7" cy="6.5" r="1.6" fill="#ffd27a"/>
            <circle cx="24" cy="6.5" r="1.6" fill="#ffd27a"/>
            <path d="M8 26V11h3.6l4.4 7 4.4-7H24v15h-3.4v-9.2l-4.6 7-4.6-7V26z" fill="#7cb8ff"/>
        </svg>
    }
}

/// The header over every signed-in page but the sign-in form. `<div class="header-search">` is the search field's
/// place: it is laid out between the page name and the navigation at every width.
#[component]
pub fn AppHeader() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| page_name(&location.pathname.get()));
    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{} · Marquee", page.get()));
        }
    });
    // The sign-in page is the app's face on its own.
    view! {
        <Show when=move || location.pathname.with(|p| page_name(p) != "Sign in")>
        <header class="app-header">
            <a class="brand" href="/" aria-label="Marquee, home">
                <BrandMark/>
                <span class="brand-name" aria-hidden="true">"Marquee"</span>
            </a>
            <span class="header-page" data-header-page=move || page.get()>{move || page.get()}</span>
            <div class="header-search"><crate::components::SearchField/></div>
            <nav class="app-nav" aria-label="Main">
                <A href="/">"Home"</A>
                <A href="/downloads">"Downloads"</A>
                <A href="/settings">"Settings"</A>
            </nav>
        </header>
        </Show>
    }
}
