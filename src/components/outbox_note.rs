//! What the outbox holds, said where the user can see it: every page while changes wait, and
//! Settings for records this build cannot send.
use leptos::prelude::*;
use marquee_core::actions::outbox_note_text;

use crate::store::StoreCtx;

/// "N changes waiting to be sent", on every page while the outbox is not empty.
#[component]
pub fn OutboxNote() -> impl IntoView {
    let store = expect_context::<StoreCtx>().0;
    let counts = move || {
        store.with(|s| {
            s.as_ref().map_or((0, 0), |s| {
                (
                    s.outbox_waiting().get(),
                    s.outbox_unreadable().with(Vec::len),
                )
            })
        })
    };
    let text = move || {
        let (waiting, unsent) = counts();
        outbox_note_text(waiting, unsent)
    };
    view! {
        <Show when=move || text().is_some()>
            <p class="outbox-note" role="status" data-outbox-waiting=move || counts().0>
                {text}
            </p>
        </Show>
    }
}

/// Settings: the outbox records that could not be read (corrupt, or from a newer Marquee).
/// They are kept, never sent by this build, and never hold up the others.
#[component]
pub fn UnsentChanges() -> impl IntoView {
    let store = expect_context::<StoreCtx>().0;
    let unreadable = move || {
        store.with(|s| {
            s.as_ref()
                .map(|s| s.outbox_unreadable().get())
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=move || !unreadable().is_empty()>
            <section class="settings-section" aria-labelledby="settings-unsent" data-outbox-unreadable=move || unreadable().len()>
                <h2 id="settings-unsent">"Changes"</h2>
                <p>{move || {
                    let n = unreadable().len();
                    if n == 1 {
                        "1 change couldn't send: this version of Marquee can't read it. It is kept.".to_string()
                    } else {
                        format!("{n} changes couldn't send: this version of Marquee can't read them. They are kept.")
                    }
                }}</p>
                <ul class="muted">
                    {move || unreadable().into_iter().map(|r| view! { <li>{r.why}</li> }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
