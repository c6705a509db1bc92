//! `BaseItemDto.CollectionType`: what a library holds.

open_enum! {
    /// Jellyfin's `CollectionType` (an open set: unknown values are kept in `Other`).
    pub enum CollectionType {
        /// Films.
        Movies => "movies",
        /// TV shows.
        TvShows => "tvshows",
        /// Music.
        Music => "music",
        /// Collections.
        BoxSets => "boxsets",
        /// Playlists.
        Playlists => "playlists",
        /// Home videos and photos.
        HomeVideos => "homevideos",
        /// Music videos.
        MusicVideos => "musicvideos",
        /// Books.
        Books => "books",
        /// Photos.
        Photos => "photos",
        /// Live TV.
        LiveTv => "livetv",
        /// Mixed folders.
        Folders => "folders",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_case_insensitively_and_keeps_unknown_values() {
        assert_eq!(
            CollectionType::from_wire("TvShows"),
            CollectionType::TvShows
        );
        assert_eq!(CollectionType::from_wire("movies"), CollectionType::Movies);
        let unknown = CollectionType::from_wire("Trailers");
        assert_eq!(unknown, CollectionType::Other("Trailers".into()));
        assert_eq!(serde_json::to_string(&unknown).unwrap(), "\"Trailers\"");
    }

    #[test]
    fn serializes_to_the_canonical_wire_string() {
        let parsed: CollectionType = serde_json::from_str("\"LIVETV\"").unwrap();
        assert_eq!(parsed, CollectionType::LiveTv);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"livetv\"");
    }
}
