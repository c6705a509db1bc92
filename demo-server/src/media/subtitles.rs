//! `/Videos/{itemId}/{mediaSourceId}/Subtitles/{index}[/{startTicks}]/Stream.vtt`: WebVTT for
//! an item's external subtitle tracks, written here rather than stored: a cue every 3 s over
//! the whole clip, naming its language and number.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

use crate::http::ctx::Ctx;
use crate::http::respond::Reject;
use crate::AppState;

use super::clip;
use super::source::{self, media_item};

pub const VTT_TYPE: &str = "text/vtt; charset=utf-8";
const CUE_EVERY_MS: i64 = 3_000;
const CUE_LENGTH_MS: i64 = 2_500;

fn timestamp(ms: i64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// The cues of a track in `language` (`eng` or `fre`) as a WebVTT file.
pub fn vtt(language: &str) -> String {
    let clip_ms = clip::CLIP_TICKS / 10_000;
    let mut out = String::from("WEBVTT\n\n");
    let mut n = 1;
    let mut start = 500;
    while start < clip_ms {
        let end = (start + CUE_LENGTH_MS).min(clip_ms);
        let text = match language {
            "fre" => format!("Sous-titre français n° {n}"),
            _ => format!("English subtitle number {n}"),
        };
        out.push_str(&format!(
            "{n}\n{} --> {}\n{text}\n\n",
            timestamp(start),
            timestamp(end)
        ));
        n += 1;
        start += CUE_EVERY_MS;
    }
    out
}

pub async fn subtitle(State(state): State<AppState>, ctx: Ctx) -> Result<Response, Reject> {
    let not_found = || Reject::status(StatusCode::NOT_FOUND);
    // `.../{index}/Stream.vtt` or `.../{index}/{startTicks}/Stream.vtt`.
    let file = match ctx.params.get("file") {
        Some(file) => file.as_str(),
        None => ctx.param("tail"),
    };
    if !file.eq_ignore_ascii_case("Stream.vtt") {
        return Err(not_found());
    }
    let index = ctx.param("index").parse::<u32>().map_err(|_| not_found())?;
    let track = {
        let lib = state.read();
        let idx =
            media_item(&lib, ctx.param("itemId"), Some(ctx.param("name"))).ok_or_else(not_found)?;
        source::subtitle_tracks(source::variant(lib.item(idx)))
            .into_iter()
            .find(|t| t.index == index)
            .ok_or_else(not_found)?
    };
    let mut resp = Response::new(Body::from(vtt(track.language)));
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(VTT_TYPE));
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_cover_the_clip_in_order() {
        let text = vtt("eng");
        assert!(text.starts_with(
            "WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.000\nEnglish subtitle number 1\n"
        ));
        assert!(
            text.ends_with("\n20\n00:00:57.500 --> 00:01:00.000\nEnglish subtitle number 20\n\n"),
            "{text}"
        );
        assert!(vtt("fre").contains("Sous-titre français n° 2"));
    }
}
