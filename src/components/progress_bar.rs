use leptos::prelude::*;
use marquee_core::decimal::fixed;

/// How much of an item was watched, as an accessible progress bar. `fraction` is 0.0–1.0.
#[component]
pub fn ProgressBar(fraction: f64) -> impl IntoView {
    let percent = fraction * 100.0;
    view! {
        <span class="progress" role="progressbar" aria-label="Watched" aria-valuemin="0" aria-valuemax="100" aria-valuenow=fixed(percent, 0)>
            <span style=format!("width: {}%", fixed(percent, 1))></span>
        </span>
    }
}
