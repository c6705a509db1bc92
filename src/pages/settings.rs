use crate::account::logout;
use crate::session::use_session;
use crate::store::{use_store, StorageStats, StoreCtx};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use marquee_core::decimal::human_bytes;

/// How long "Send now" waits for the outbox to empty before saying it could not.
const SEND_BEFORE_LOGOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// "3 changes not sent yet: " (the buttons follow).
fn unsent_text(count: usize) -> String {
    match count {
        1 => "1 change not sent yet: ".to_string(),
        n => format!("{n} changes not sent yet: "),
    }
}

/// Settings: storage used and available, what is cached, refresh, clear, log out.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let store = use_store().expect("SettingsPage renders inside RequireStore");
    let store_ctx = expect_context::<StoreCtx>();
    let session = use_session();
    let navigate = use_navigate();

    let stats = RwSignal::new(None::<StorageStats>);
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let stats_store = store.clone();
    let load_stats = move || {
        let store = stats_store.clone();
        leptos::task::spawn_local(async move {
            stats.try_set(Some(store.storage_stats().await));
        });
    };
    load_stats();

    let refresh_store = store.clone();
    let refresh_stats = load_stats.clone();
    let on_refresh = move |_| {
        let store = refresh_store.clone();
        let refresh_stats = refresh_stats.clone();
        leptos::task::spawn_local(async move {
            let count = store.refresh_everything().await;
            message.try_set(Some(format!(
                "Refreshing {count} saved {} from the server…",
                if count == 1 { "view" } else { "views" }
            )));
            refresh_stats();
        });
    };

    let clear_store = store.clone();
    let on_clear = move |_| {
        let store = clear_store.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match store.clear_cache().await {
                // A fresh start, so what this tab holds in memory goes too; the session stays.
                Ok(()) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
                Err(e) => {
                    message.try_set(Some(format!("Couldn't clear the cache: {e}")));
                    busy.try_set(false);
                }
            }
        });
    };

    let downloads = store.downloads().queue;
    let downloads_used = move || downloads.with(|q| q.stored_bytes());
    let delete_all_store = store.clone();
    let on_delete_downloads = move |_| {
        let store = delete_all_store.clone();
        let refresh_stats = load_stats.clone();
        leptos::task::spawn_local(async move {
            store.remove_all_downloads().await;
            message.try_set(Some("Every download was deleted.".into()));
            refresh_stats();
        });
    };
    // Logging out deletes the downloads too: the first click says how much, the second goes.
    let confirm_logout = RwSignal::new(false);
    // Logging out deletes this user's database, outbox included: with changes not sent yet,
    // ask first ("Send now · Log out anyway").
    let unsent = RwSignal::new(None::<usize>);
    let log_out_now = move || {
        busy.set(true);
        let store = store_ctx.0.get_untracked();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = logout(session, store).await {
                web_sys::console::warn_1(&format!("log out: {e}").into());
            }
            navigate("/login", Default::default());
        });
    };
    let ask_store = store.clone();
    let ask_then_log_out = log_out_now.clone();
    let on_logout = move |_| {
        // Logging out deletes the downloads too: the first click says how much.
        if downloads_used() > 0 && !confirm_logout.get_untracked() {
            confirm_logout.set(true);
            return;
        }
        busy.set(true);
        let store = ask_store.clone();
        let log_out_now = ask_then_log_out.clone();
        leptos::task::spawn_local(async move {
            match store.outbox_len().await {
                0 => log_out_now(),
                waiting => {
                    unsent.try_set(Some(waiting));
                    busy.try_set(false);
                }
            }
        });
    };
    let send_store = store.clone();
    let send_then_log_out = log_out_now.clone();
    let on_send_now = move |_| {
        busy.set(true);
        let store = send_store.clone();
        let log_out_now = send_then_log_out.clone();
        leptos::task::spawn_local(async move {
            match store.send_outbox_now(SEND_BEFORE_LOGOUT).await {
                0 => log_out_now(),
                left => {
                    unsent.try_set(Some(left));
                    message.try_set(Some(
                        "Couldn't send your changes: the server can't be reached right now.".into(),
                    ));
                    busy.try_set(false);
                }
            }
        });
    };
    let on_logout_anyway = move |_| log_out_now();

    let account = move || {
        session.current.with(|s| {
            s.as_ref()
                .map(|s| {
                    let server = s
                        .server_name
                        .clone()
                        .unwrap_or_else(|| s.server_url.clone());
                    format!("Signed in as {} on {server}.", s.user_name)
                })
                .unwrap_or_default()
        })
    };
    let stat = move |read: fn(&StorageStats) -> String| {
        move || stats.get().map(|s| read(&s)).unwrap_or_else(|| "…".into())
    };

    view! {
        <main data-page="settings" data-freshness="fresh" class="page narrow settings">
            <h1>"Settings"</h1>
            <section class="settings-section" aria-labelledby="settings-storage">
                <h2 id="settings-storage">"Storage"</h2>
                <dl class="storage-stats" data-loaded=move || stats.with(|s| s.is_some()).to_string()>
                    <dt>"Used"</dt>
                    <dd data-stat="used">{stat(|s| s.usage.map(|u| human_bytes(u.used)).unwrap_or_else(|| "unknown".into()))}</dd>
                    <dt>"Available"</dt>
                    <dd data-stat="available">{stat(|s| s.usage.map(|u| human_bytes((u.quota - u.used).max(0.0))).unwrap_or_else(|| "unknown".into()))}</dd>
                    <dt>"Items cached"</dt>
                    <dd data-stat="items">{stat(|s| s.items.map(|n| n.to_string()).unwrap_or_else(|| "unavailable".into()))}</dd>
                    <dt>"Images cached"</dt>
                    <dd data-stat="images">{stat(|s| s.images.to_string())}</dd>
                    <dt>"Kept under storage pressure"</dt>
                    <dd data-stat="persisted">{stat(|s| if s.persisted { "Yes".into() } else { "No, the browser may evict it".into() })}</dd>
                </dl>
                <div class="settings-actions">
                    <button type="button" data-action="refresh-all" disabled=move || busy.get() on:click=on_refresh>"Refresh everything"</button>
                    <button type="button" data-action="clear-cache" disabled=move || busy.get() on:click=on_clear>"Clear cache"</button>
                </div>
                <p class="muted">"Clear cache removes saved items and images from this browser and keeps you signed in."</p>
                <p class="settings-message" role="status" aria-live="polite">{move || message.get()}</p>
            </section>
            <crate::components::UnsentChanges/>
            <section class="settings-section" aria-labelledby="settings-downloads">
                <h2 id="settings-downloads">"Downloads"</h2>
                <dl class="storage-stats">
                    <dt>"Used by downloads"</dt>
                    <dd data-stat="downloads-used">{move || human_bytes(downloads_used() as f64)}</dd>
                    <dt>"Downloads"</dt>
                    <dd data-stat="downloads-count">{move || downloads.with(|q| q.entries().len().to_string())}</dd>
                </dl>
                <div class="settings-actions">
                    <button type="button" class="danger" data-action="delete-all-downloads" disabled=move || downloads.with(|q| q.entries().is_empty()) on:click=on_delete_downloads>"Delete all downloads"</button>
                </div>
                <p class="muted">"Downloads are kept apart from the cache: Clear cache keeps them."</p>
            </section>
            <section class="settings-section" aria-labelledby="settings-account">
                <h2 id="settings-account">"Account"</h2>
                <p>{account}</p>
                {move || confirm_logout.get().then(|| view! {
                    <p class="download-note" role="alert" data-logout-warning="">
                        {format!("Logging out also deletes {} of downloads from this browser. Log out anyway?", human_bytes(downloads_used() as f64))}
                    </p>
                })}
                <button type="button" class="danger" data-action="logout" disabled=move || busy.get() on:click=on_logout>
                    {move || if confirm_logout.get() { "Log out and delete downloads" } else { "Log out" }}
                </button>
                <p class="unsent-changes" role="alertdialog" data-dialog="unsent-changes" hidden=move || unsent.get().is_none()>
                    <span>{move || unsent_text(unsent.get().unwrap_or(0))}</span>
                    <button type="button" class="link-button" data-action="send-now" disabled=move || busy.get() on:click=on_send_now>"Send now"</button>
                    " · "
                    <button type="button" class="link-button" data-action="logout-anyway" disabled=move || busy.get() on:click=on_logout_anyway>"Log out anyway"</button>
                </p>
                <p class="muted">"Logging out deletes this account's saved data from this browser."</p>
            </section>
        </main>
    }
}
