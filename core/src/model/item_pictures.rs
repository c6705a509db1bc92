//! Which of an item's images a view shows, with Jellyfin clients' fallbacks.

use super::{ImageRef, Item, ItemKind};

impl Item {
    /// The picture on a card: `wide` (16:9) cards prefer a thumb, then a backdrop, then the
    /// item's own primary; poster (2:3) cards show an episode as its show, else the primary.
    pub fn card_image(&self, wide: bool) -> Option<&ImageRef> {
        if wide {
            return self
                .thumb_image
                .as_ref()
                .or(self.backdrop_image.as_ref())
                .or(self.primary_image.as_ref());
        }
        match self.kind {
            ItemKind::Episode => self
                .series_primary_image
                .as_ref()
                .or(self.primary_image.as_ref()),
            _ => self.primary_image.as_ref(),
        }
    }

    /// An episode row's 16:9 picture: the episode's own image (a frame of it), else the
    /// season's or the show's thumb (`ParentThumbItemId`), else the show's backdrop. Never the
    /// show's 2:3 poster, which a wide box would crop to a strip.
    pub fn episode_picture(&self) -> Option<&ImageRef> {
        self.primary_image
            .as_ref()
            .or(self.thumb_image.as_ref())
            .or(self.backdrop_image.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use crate::jellyfin::BaseItemDto;
    use crate::model::Item;

    fn item(json: &str) -> Item {
        Item::from_dto(serde_json::from_str::<BaseItemDto>(json).unwrap()).unwrap()
    }

    const SHOW: &str = r#""SeriesId": "s1", "SeriesPrimaryImageTag": "sp",
        "ParentThumbItemId": "season1", "ParentThumbImageTag": "st",
        "ParentBackdropItemId": "s1", "ParentBackdropImageTags": ["sb"]"#;

    #[test]
    fn an_episode_row_shows_the_episode_then_the_parent_thumb_then_the_backdrop() {
        let own = item(&format!(
            r#"{{"Id": "e1", "Type": "Episode", "ImageTags": {{"Primary": "ep"}}, {SHOW}}}"#
        ));
        let p = own.episode_picture().unwrap();
        assert_eq!((p.item_id.as_str(), p.tag.as_str()), ("e1", "ep"));

        let thumb = item(&format!(r#"{{"Id": "e2", "Type": "Episode", {SHOW}}}"#));
        let p = thumb.episode_picture().unwrap();
        assert_eq!((p.item_id.as_str(), p.tag.as_str()), ("season1", "st"));

        let backdrop = item(
            r#"{"Id": "e3", "Type": "Episode", "SeriesId": "s1", "SeriesPrimaryImageTag": "sp",
                "ParentBackdropItemId": "s1", "ParentBackdropImageTags": ["sb"]}"#,
        );
        let p = backdrop.episode_picture().unwrap();
        assert_eq!((p.item_id.as_str(), p.tag.as_str()), ("s1", "sb"));

        let poster_only = item(
            r#"{"Id": "e4", "Type": "Episode", "SeriesId": "s1", "SeriesPrimaryImageTag": "sp"}"#,
        );
        assert_eq!(
            poster_only.episode_picture(),
            None,
            "no 2:3 poster in a 16:9 box"
        );
    }

    #[test]
    fn cards_pick_by_shape() {
        let episode = item(&format!(
            r#"{{"Id": "e1", "Type": "Episode", "ImageTags": {{"Primary": "ep"}}, {SHOW}}}"#
        ));
        assert_eq!(
            episode.card_image(false).unwrap().tag,
            "sp",
            "a poster row shows the show"
        );
        assert_eq!(
            episode.card_image(true).unwrap().tag,
            "st",
            "a wide row the thumb"
        );
        let movie = item(r#"{"Id": "m1", "Type": "Movie", "ImageTags": {"Primary": "mp"}}"#);
        assert_eq!(movie.card_image(false).unwrap().tag, "mp");
        assert_eq!(
            movie.card_image(true).unwrap().tag,
            "mp",
            "wide falls back to the primary"
        );
    }
}
