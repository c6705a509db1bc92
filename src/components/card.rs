use leptos::prelude::*;

use crate::store::ImageUrls;
use marquee_core::model::{Item, ItemKind};

use super::{
    item_href, offline_attr, pending_attr, CardMenu, OfflineMark, PlayButtons, Poster, ProgressBar,
};

/// An item in a row or grid: poster, name, a second line, progress and played marks, and a
/// menu with its played and favorite toggles; `playable` cards (Continue Watching, Next Up)
/// also get the play buttons.
#[component]
pub fn ItemCard(
    item: Item,
    images: ImageUrls,
    #[prop(default = "poster")] shape: &'static str,
    #[prop(optional)] playable: bool,
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
    // A playable card (Continue Watching, Next Up) is one item element holding the link and
    // the play buttons (buttons can't live inside a link); other cards keep the id on the link.
    let box_id = playable.then(|| item.id.clone());
    let link_id = (!playable).then(|| item.id.clone());
    let play = playable.then(|| {
        let item = item.clone();
        view! { <div class="card-play"><PlayButtons item=item/></div> }
    });
    // `data-offline` sits on the element that carries the item's id.
    let offline_box = playable.then(|| item.id.clone());
    let offline_link = (!playable).then(|| item.id.clone());
    let mark_id = item.id.clone();
    view! {
        <div class="card-box" data-item-id=box_id data-offline=offline_attr(move || offline_box.clone())>
        <a class="card" href=href data-item-id=link_id title=title_attr data-pending=pending_attr(move || Some(id.clone())) data-offline=offline_attr(move || offline_link.clone())>
            <Poster image=image images=images alt=alt shape=shape/>
            <OfflineMark item_id=mark_id/>
            {progress.map(|p| view! {
                <ProgressBar fraction=p/>
            })}
            {played.then(|| view! { <span class="played-mark" role="img" title="Played" aria-label="Played">"✓"</span> })}
            <span class="card-title">{title}</span>
            {subtitle.map(|s| view! { <span class="card-subtitle">{s}</span> })}
        </a>
        {play}
        <CardMenu item=item title=menu_title/>
        </div>
    }
}
