//! `/Videos/{itemId}/stream[.{container}]`: the item's file as it is (Jellyfin's static
//! stream), with byte ranges; the same path shape also carries the HLS playlists.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

use crate::http::ctx::Ctx;
use crate::http::respond::Reject;
use crate::AppState;

use super::{clip, hls, range, source};

pub async fn video_file(
    State(state): State<AppState>,
    ctx: Ctx,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, Reject> {
    match ctx.param("name") {
        "master.m3u8" => return hls::master(&state, &ctx, uri.query()),
        "main.m3u8" => return hls::media_playlist(&state, &ctx, uri.query()),
        _ => {}
    }
    let file = ctx.param("name").to_ascii_lowercase();
    let container_ok = match file.strip_prefix("stream") {
        Some("") => true,
        Some(ext) => matches!(ext, ".mp4" | ".m4v" | ".mov"),
        None => false,
    };
    let not_found = || Reject::status(StatusCode::NOT_FOUND);
    if !container_ok {
        return Err(not_found());
    }
    let two_audio = {
        let lib = state.read();
        let idx = source::media_item(&lib, ctx.param("itemId"), ctx.query.get("mediasourceid"))
            .ok_or_else(not_found)?;
        source::variant(lib.item(idx)).two_audio
    };
    Ok(range::serve(
        clip::mp4(two_audio),
        "video/mp4",
        &headers,
        false,
    ))
}
