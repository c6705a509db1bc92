//! `MediaStream`: one video, audio or subtitle stream of a media source.

use serde::{Deserialize, Serialize};

/// A stream as the server describes it; every field may be absent or `null`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MediaStream {
    /// `Video`, `Audio`, `Subtitle`, `EmbeddedImage`, `Data`, ... (an open set).
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The stream's index, used by `AudioStreamIndex`, `SubtitleStreamIndex` and subtitle URLs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<i32>,
    /// `h264`, `aac`, `subrip`, `webvtt`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codec: Option<String>,
    /// An ISO 639 language code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// A title from the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A label for people ("English - AAC - Stereo").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_title: Option<String>,
    /// Chosen by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    /// Forced subtitles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_forced: Option<bool>,
    /// A file beside the media.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_external: Option<bool>,
    /// A text subtitle (convertible to WebVTT).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_text_subtitle_stream: Option<bool>,
    /// `External`, `Embed`, `Encode`, `Hls`, `Drop`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_method: Option<String>,
    /// Where an external subtitle is served.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_url: Option<String>,
}

impl MediaStream {
    /// The stream is of this type (`Audio`, `Subtitle`, `Video`), ignoring case.
    pub fn is(&self, kind: &str) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case(kind))
    }

    /// A label for menus: the display title, else the title, else the language, else "Track n".
    pub fn label(&self) -> String {
        [&self.display_title, &self.title, &self.language]
            .into_iter()
            .flatten()
            .find(|s| !s.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| format!("Track {}", self.index.unwrap_or(0)))
    }
}
