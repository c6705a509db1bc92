//! HLS: native where the browser has it, else hls.js, fetched from `/vendor/hls.min.js` the
//! first time it is needed (never part of the main bundle). Tests turn native HLS off with
//! `localStorage["marquee-native-hls"] = "off"`, so the hls.js path runs in Chromium too.
use marquee_core::player::HlsSupport;
use wasm_bindgen::prelude::*;

use super::glue;

/// Where Trunk puts hls.js (index.html copies it with its license).
const HLS_JS: &str = "/vendor/hls.min.js";
/// The test switch.
const NATIVE_HLS_SWITCH: &str = "marquee-native-hls";

/// How this browser can play HLS.
pub fn support(video: &web_sys::HtmlMediaElement) -> HlsSupport {
    let native_off = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(NATIVE_HLS_SWITCH).ok().flatten())
        .is_some_and(|v| v == "off");
    if !native_off
        && !video
            .can_play_type("application/vnd.apple.mpegurl")
            .is_empty()
    {
        return HlsSupport::Native;
    }
    let has_mse = web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"MediaSource".into()).unwrap_or(false));
    if has_mse {
        HlsSupport::HlsJs
    } else {
        HlsSupport::None
    }
}

/// hls.js playing into a media element; destroyed on drop.
pub struct HlsPlayer {
    hls: JsValue,
    _on_fatal: Closure<dyn FnMut(String)>,
}

impl Drop for HlsPlayer {
    fn drop(&mut self) {
        glue::destroy_hls(&self.hls);
    }
}

/// Loads hls.js (once) and plays `url` into `video`, sending `authorization` with every
/// request. `on_fatal` hears an error hls.js cannot recover from.
pub async fn attach(
    video: &web_sys::HtmlMediaElement,
    url: &str,
    authorization: &str,
    on_fatal: impl FnMut(String) + 'static,
) -> Result<HlsPlayer, String> {
    let on_fatal = Closure::<dyn FnMut(String)>::new(on_fatal);
    let hls = glue::attach_hls(HLS_JS, video, url, authorization, &on_fatal)
        .await
        .map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "hls.js failed".into())
        })?;
    Ok(HlsPlayer {
        hls,
        _on_fatal: on_fatal,
    })
}
