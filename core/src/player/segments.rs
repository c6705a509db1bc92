//! Media segments (10.10+): is a time inside an intro, and where does it end.
use crate::jellyfin::MediaSegmentDto;

/// The kinds of segment the player acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// "Skip intro".
    Intro,
    /// Credits: up next may show from here.
    Outro,
    /// Anything else (recap, preview, commercial, unknown).
    Other,
}

/// One segment, in ticks, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Its kind.
    pub kind: SegmentKind,
    /// First tick inside.
    pub start: i64,
    /// First tick after.
    pub end: i64,
}

/// An item's segments, the unusable ones (missing or reversed times) left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments(Vec<Segment>);

impl Segments {
    /// The usable segments of a `/MediaSegments` answer.
    pub fn from_dtos(dtos: &[MediaSegmentDto]) -> Self {
        let mut segments: Vec<Segment> = dtos
            .iter()
            .filter_map(|d| {
                let (start, end) = (d.start_ticks?.max(0), d.end_ticks?);
                let kind = match d.kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    Some("intro") => SegmentKind::Intro,
                    Some("outro") => SegmentKind::Outro,
                    _ => SegmentKind::Other,
                };
                (start < end).then_some(Segment { kind, start, end })
            })
            .collect();
        segments.sort_by_key(|s| s.start);
        Self(segments)
    }

    /// The end of the intro `t` is in (where "Skip intro" jumps), if any.
    pub fn intro_end_at(&self, t: i64) -> Option<i64> {
        self.0
            .iter()
            .find(|s| s.kind == SegmentKind::Intro && s.start <= t && t < s.end)
            .map(|s| s.end)
    }

    /// Where the credits start, if known.
    pub fn outro_start(&self) -> Option<i64> {
        self.0
            .iter()
            .find(|s| s.kind == SegmentKind::Outro)
            .map(|s| s.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dto(kind: &str, start: Option<i64>, end: Option<i64>) -> MediaSegmentDto {
        MediaSegmentDto {
            kind: Some(kind.into()),
            start_ticks: start,
            end_ticks: end,
        }
    }

    #[test]
    fn inside_an_intro_the_skip_target_is_its_end() {
        let segments = Segments::from_dtos(&[
            dto("Outro", Some(500), Some(600)),
            dto("intro", Some(100), Some(300)),
            dto("Recap", Some(0), Some(100)),
        ]);
        assert_eq!(segments.intro_end_at(99), None);
        assert_eq!(segments.intro_end_at(100), Some(300));
        assert_eq!(segments.intro_end_at(299), Some(300));
        assert_eq!(segments.intro_end_at(300), None);
        assert_eq!(segments.outro_start(), Some(500));
    }

    #[test]
    fn broken_segments_are_ignored() {
        let segments = Segments::from_dtos(&[
            dto("Intro", None, Some(10)),
            dto("Intro", Some(50), Some(20)),
            dto("Intro", Some(30), Some(30)),
        ]);
        assert_eq!(segments, Segments::default());
        assert_eq!(segments.intro_end_at(25), None);
    }
}
