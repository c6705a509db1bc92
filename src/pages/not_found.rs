use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <main data-page="not-found" data-freshness="fresh" class="page narrow">
            <h1>"Nothing here"</h1>
            <p><A href="/">"Back to Home"</A></p>
        </main>
    }
}
