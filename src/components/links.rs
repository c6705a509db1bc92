//! Where an item leads: movies to their page, shows and their seasons and episodes to the show.
use marquee_core::model::{Item, ItemKind};

pub fn item_href(item: &Item) -> String {
    match item.kind {
        ItemKind::Movie => format!("/movie/{}", item.id),
        ItemKind::Series => format!("/show/{}", item.id),
        ItemKind::Season => match &item.series_id {
            Some(series) => format!("/show/{series}?season={}", item.id),
            None => format!("/show/{}", item.id),
        },
        ItemKind::Episode => match (&item.series_id, &item.season_id) {
            (Some(series), Some(season)) => format!("/show/{series}?season={season}"),
            (Some(series), None) => format!("/show/{series}"),
            _ => format!("/movie/{}", item.id),
        },
        ItemKind::Library | ItemKind::Collection | ItemKind::Folder => {
            format!("/library/{}", item.id)
        }
        ItemKind::Other => format!("/movie/{}", item.id),
    }
}
