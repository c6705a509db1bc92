//! What the outbox holds, said where the user can see it: every page while changes wait, and
//! Settings for records this build cannot send.
use leptos::prelude::*;

use crate::store::StoreCtx;

/// "N changes waiting to be sent", on every page while the outbox is not empty.
#[component]
pub fn OutboxNote() -> impl IntoView {
    let store = expect_context::<StoreCtx>().0;
    let note = move || store.with(|s| s.as_ref().and_then(|s| s.outbox_note().get()));
    view! {
        <p class="outbox-note" role="status" data-outbox-note="true" hidden=move || note().is_none()>{note}</p>
    }
}

/// Settings: the outbox records that could not be read (corrupt, or from a newer Marquee).
/// They are kept, never sent by this build, and never hold up the others.
#[component]
pub fn UnsentChanges() -> impl IntoView {
    let store = expect_context::<StoreCtx>().0;
    let note = move || store.with(|s| s.as_ref().and_then(|s| s.outbox_unsent_note().get()));
    view! {
        <p class="settings-message" data-outbox-unsent="true" hidden=move || note().is_none()>{note}</p>
    }
}
