//! The few media APIs web-sys does not cover well (hls.js, which is a script, the Media Session
//! API, `fetch` with `keepalive`, picture-in-picture), as one small JS module beside the wasm.
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let hlsLoading = null;
function loadHls(src) {
  if (window.Hls) return Promise.resolve(window.Hls);
  if (!hlsLoading) {
    hlsLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => (window.Hls ? resolve(window.Hls) : reject(new Error("hls.js did not start")));
      script.onerror = () => {
        hlsLoading = null;
        reject(new Error("hls.js could not be loaded"));
      };
      document.head.appendChild(script);
    });
  }
  return hlsLoading;
}
export async function attach_hls(src, video, url, authorization, onFatal) {
  const Hls = await loadHls(src);
  if (!Hls.isSupported()) throw new Error("This browser can't play HLS");
  const hls = new Hls({
    // No blob: worker (the CSP allows workers from 'self' only).
    enableWorker: false,
    xhrSetup: (xhr) => { if (authorization) xhr.setRequestHeader("Authorization", authorization); },
  });
  hls.on(Hls.Events.ERROR, (_event, data) => { if (data && data.fatal) onFatal(String(data.details)); });
  hls.loadSource(url);
  hls.attachMedia(video);
  return hls;
}
export function destroy_hls(hls) {
  try { hls.destroy(); } catch (_) {}
}
const ACTIONS = ["play", "pause", "seekbackward", "seekforward", "seekto", "stop"];
export function set_media_session(title, artist, artwork, onAction) {
  if (!("mediaSession" in navigator)) return;
  try {
    navigator.mediaSession.metadata = new MediaMetadata({
      title, artist, artwork: artwork ? [{ src: artwork }] : [],
    });
  } catch (_) {}
  for (const action of ACTIONS) {
    try {
      navigator.mediaSession.setActionHandler(action, (details) =>
        onAction(action, details && typeof details.seekTime === "number" ? details.seekTime : -1));
    } catch (_) {}
  }
}
export function clear_media_session() {
  if (!("mediaSession" in navigator)) return;
  for (const action of ACTIONS) {
    try { navigator.mediaSession.setActionHandler(action, null); } catch (_) {}
  }
  navigator.mediaSession.metadata = null;
}
export function pip_supported(video) {
  return !!document.pictureInPictureEnabled && !video.disablePictureInPicture;
}
export function toggle_pip(video) {
  try {
    const p = document.pictureInPictureElement ? document.exitPictureInPicture() : video.requestPictureInPicture();
    p.catch(() => {});
  } catch (_) {}
}
export function post_keepalive(url, authorization, body) {
  try {
    fetch(url, {
      method: "POST", keepalive: true, body,
      headers: { "Authorization": authorization, "Content-Type": "application/json" },
    }).catch(() => {});
  } catch (_) {}
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    pub(super) async fn attach_hls(
        src: &str,
        video: &web_sys::HtmlMediaElement,
        url: &str,
        authorization: &str,
        on_fatal: &Closure<dyn FnMut(String)>,
    ) -> Result<JsValue, JsValue>;
    pub(super) fn destroy_hls(hls: &JsValue);
    pub(super) fn set_media_session(
        title: &str,
        artist: &str,
        artwork: &str,
        on_action: &Closure<dyn FnMut(String, f64)>,
    );
    pub(super) fn clear_media_session();
    pub(super) fn post_keepalive(url: &str, authorization: &str, body: &str);
    pub(super) fn pip_supported(video: &web_sys::HtmlVideoElement) -> bool;
    pub(super) fn toggle_pip(video: &web_sys::HtmlVideoElement);
}
