use leptos::prelude::*;

use crate::store::StoreCtx;

/// Says when the cache is not what it should be: running from memory only (nothing will be
/// kept), or closed because another tab upgraded it (with a Reload button).
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = expect_context::<StoreCtx>().0;
    let note = move || store.with(|s| s.as_ref().and_then(|s| s.storage_note().get()));
    let needs_reload =
        move || store.with(|s| s.as_ref().map(|s| s.needs_reload().get()).unwrap_or(false));
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <Show when=move || note().is_some()>
            <div class="banner" role="alert" data-storage-note="true">
                {note}
                <Show when=needs_reload>
                    <button type="button" on:click=reload>"Reload"</button>
                </Show>
            </div>
        </Show>
    }
}

/// An action the server refused (it was undone): says so until dismissed.
#[component]
pub fn ActionNote() -> impl IntoView {
    let store = expect_context::<StoreCtx>().0;
    let note = move || store.with(|s| s.as_ref().and_then(|s| s.action_note().get()));
    let dismiss = move |_| {
        store.with_untracked(|s| {
            if let Some(s) = s {
                s.dismiss_action_note();
            }
        })
    };
    view! {
        <Show when=move || note().is_some()>
            <div class="banner" role="alert" data-action-note="true">
                {note}
                <button type="button" on:click=dismiss>"Dismiss"</button>
            </div>
        </Show>
    }
}
