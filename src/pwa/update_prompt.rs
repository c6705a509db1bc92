use leptos::prelude::*;

use super::use_update;

/// "A new version is available · Reload": shown while a new build waits; the click applies it.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let update = use_update();
    view! {
        <Show when=move || update.ready.get()>
            <div class="update-prompt" role="status" data-update="ready">
                <span>"A new version is available"</span>
                " · "
                <button type="button" class="link-button" data-action="apply-update" on:click=move |_| update.apply()>
                    "Reload"
                </button>
            </div>
        </Show>
    }
}
