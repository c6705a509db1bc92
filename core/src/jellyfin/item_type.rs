//! `BaseItemDto.Type`: what kind of thing an item is.

open_enum! {
    /// Jellyfin's `BaseItemKind` (an open set: unknown values are kept in `Other`).
    pub enum ItemType {
        /// A film.
        Movie => "Movie",
        /// A TV show.
        Series => "Series",
        /// A season of a show.
        Season => "Season",
        /// An episode of a show.
        Episode => "Episode",
        /// A library (what `/UserViews` lists).
        CollectionFolder => "CollectionFolder",
        /// A collection of films or shows.
        BoxSet => "BoxSet",
        /// A plain folder.
        Folder => "Folder",
        /// A person (actor, director, ...).
        Person => "Person",
        /// A user view (a library-like grouping).
        UserView => "UserView",
        /// A playlist.
        Playlist => "Playlist",
        /// An audio track.
        Audio => "Audio",
        /// A music album.
        MusicAlbum => "MusicAlbum",
        /// A video that is neither a film nor an episode.
        Video => "Video",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_case_insensitively_and_keeps_unknown_values() {
        assert_eq!(ItemType::from_wire("movie"), ItemType::Movie);
        assert_eq!(ItemType::from_wire("BOXSET"), ItemType::BoxSet);
        assert_eq!(
            ItemType::from_wire("Trailer"),
            ItemType::Other("Trailer".into())
        );
        assert_eq!(ItemType::from_wire("Trailer").as_str(), "Trailer");
    }

    #[test]
    fn serializes_to_the_canonical_wire_string() {
        let parsed: ItemType = serde_json::from_str("\"collectionfolder\"").unwrap();
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            "\"CollectionFolder\""
        );
        assert_eq!(ItemType::Episode.to_string(), "Episode");
    }
}
