use leptos::prelude::*;
use marquee_core::model::{Item, ItemKind};

use super::{item_href, pending_attr, CardMenu, Poster, ProgressBar};

/// An item in a row or grid: poster, name, a second line, progress and played marks, and a
/// menu with its played and favorite toggles.
#[component]
pub fn ItemCard(
    item: Item,
    base_url: String,
    #[prop(default = "poster")] shape: &'static str,
) -> impl IntoView {
    let href = item_href(&item);
    let title = match item.kind {
        // Episodes in home rows are shown with their show's name first.
        ItemKind::Episode => item
            .series_name
            .clone()
            .unwrap_or_else(|| item.name.clone()),
        _ => item.name.clone(),
    };
    let subtitle = match item.kind {
        ItemKind::Episode => Some(match (item.parent_index_number, item.index_number) {
            (Some(s), Some(e)) => format!("S{s}:E{e} · {}", item.name),
            _ => item.name.clone(),
        }),
        ItemKind::Season => item.series_name.clone(),
        _ => item.display_year(),
    };
    let image = item.card_image(shape == "thumb").cloned();
    let progress = item.progress();
    let title_attr = title.clone();
    let alt = title.clone();
    let played = item.is_played();
    let id = item.id.clone();
    let menu_title = title.clone();
    view! {
        <div class="card-box">
        <a class="card" href=href data-item-id=item.id.clone() title=title_attr data-pending=pending_attr(move || Some(id.clone()))>
            <Poster image=image base_url=base_url alt=alt shape=shape/>
            {progress.map(|p| view! {
                <ProgressBar fraction=p/>
            })}
            {played.then(|| view! { <span class="played-mark" role="img" title="Played" aria-label="Played">"✓"</span> })}
            <span class="card-title">{title}</span>
            {subtitle.map(|s| view! { <span class="card-subtitle">{s}</span> })}
        </a>
        <CardMenu item=item title=menu_title/>
        </div>
    }
}
