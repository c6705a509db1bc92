//! Marquee: an offline-first Jellyfin client. `App` wires the session, the store and the routes.
pub mod account;
#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "bench")]
pub mod bench_search;
pub mod cache;
pub mod components;
pub mod files;
pub mod media;
pub mod net;
pub mod pages;
mod panic_overlay;
pub mod perf;
pub mod pwa;
pub mod session;
pub mod store;
pub mod tabs;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use pages::{
    DownloadsPage, HomePage, LibraryPage, LoginPage, MoviePage, NotFoundPage, PlayerPage,
    SearchPage, SettingsPage, ShowPage,
};
use session::use_session;
use store::{Store, StoreCtx, StoreOptions};

/// Mounts the app on `<body>`.
pub fn start() {
    panic_overlay::install();
    perf::mark("marquee:boot");
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let session = account::provide_session();
    let store = RwSignal::new_local(None::<Store>);
    provide_context(StoreCtx(store));
    // Bench builds only: reads `?nocache=1` once, at start, and lets the benchmark's hooks
    // (`window.wasmBindings.bench_*`) reach this store.
    #[cfg(feature = "bench")]
    bench::init(store);
    pwa::start(session);

    // One store per logged-in user; a new session (login, logout) replaces it. The old one is
    // shut down first: its leadership (outbox, socket, sweeps) goes to the new session's tab
    // at once, without a reload.
    Effect::new(move |_| match session.current.get() {
        Some(current) => {
            if let Some(old) = store.try_update_untracked(Option::take).flatten() {
                old.shut_down();
            }
            leptos::task::spawn_local(async move {
                perf::mark("marquee:session");
                let opened = Store::open(&current, store_options()).await;
                perf::mark("marquee:store");
                store::listen_to_browser(&opened);
                account::send_revocations_when_online(&opened);
                opened.start_background_sweeps();
                store.try_set(Some(opened));
            });
        }
        None => {
            if let Some(old) = store.try_update_untracked(Option::take).flatten() {
                old.shut_down();
            }
            store.set(None);
        }
    });

    view! {
        <Router>
            <pwa::UpdatePrompt/>
            <components::StorageBanner/>
            <components::ActionNote/>
            <components::OutboxNote/>
            <Show when=move || session.ready.get()>
                <Show when=move || session.current.with(|s| s.is_some())>
                    <components::AppHeader/>
                </Show>
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/") view=|| view! { <RequireStore><HomePage/></RequireStore> }/>
                    <Route path=path!("/library/:id") view=|| view! { <RequireStore><LibraryPage/></RequireStore> }/>
                    <Route path=path!("/movie/:id") view=|| view! { <RequireStore><MoviePage/></RequireStore> }/>
                    <Route path=path!("/show/:id") view=|| view! { <RequireStore><ShowPage/></RequireStore> }/>
                    <Route path=path!("/play/:id") view=|| view! { <RequireStore><PlayerPage/></RequireStore> }/>
                    <Route path=path!("/downloads") view=|| view! { <RequireStore><DownloadsPage/></RequireStore> }/>
                    <Route path=path!("/settings") view=|| view! { <RequireStore><SettingsPage/></RequireStore> }/>
                    <Route path=path!("/search") view=|| view! { <RequireStore><SearchPage/></RequireStore> }/>
                </Routes>
            </Show>
        </Router>
    }
}

/// How this build opens a store: bench builds may turn the cache off (`?nocache=1`).
fn store_options() -> StoreOptions {
    StoreOptions {
        #[cfg(feature = "bench")]
        keep_cache: !bench::cache_turned_off(),
        ..StoreOptions::default()
    }
}

/// Renders its children once the user's store is open; sends a visitor without a session to
/// the login page, and a user whose token the server revoked too (their cache is kept).
#[component]
fn RequireStore(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let store = expect_context::<StoreCtx>().0;
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && session.current.with(|s| s.is_none()) {
            navigate("/login", Default::default());
        }
    });
    Effect::new(move |_| {
        let expired = store.with(|s| s.as_ref().map(|s| s.unauthorized().get()).unwrap_or(false));
        if expired {
            leptos::task::spawn_local(async move {
                account::forget_expired_session(session).await;
            });
        }
    });
    view! { <Show when=move || store.with(|s| s.is_some())>{children()}</Show> }
}
