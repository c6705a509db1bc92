//! Media requests without a token in the URL: a `<video>` element cannot send headers, so the
//! service worker adds the `Authorization` header to media and HLS requests for the server.
//! The page hands it the header by `postMessage`; the worker keeps it in memory only.
use wasm_bindgen::JsValue;

/// Tests set `localStorage["marquee-media-sw"] = "off"` to take the path of a browser without
/// a controlling worker (`ApiKey` in media URLs).
const MEDIA_SW_SWITCH: &str = "marquee-media-sw";

fn controller() -> Option<web_sys::ServiceWorker> {
    let window = web_sys::window()?;
    let switched_off = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(MEDIA_SW_SWITCH).ok().flatten())
        .is_some_and(|v| v == "off");
    if switched_off {
        return None;
    }
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return None;
    }
    navigator.service_worker().controller()
}

/// Gives the controlling worker the header for media on `server`. `false`: no worker controls
/// the page, so media URLs must carry `ApiKey` instead.
pub fn share_with_service_worker(server: &str, authorization: &str) -> bool {
    let Some(worker) = controller() else {
        return false;
    };
    let message = js_sys::Object::new();
    let set = |k: &str, v: &str| js_sys::Reflect::set(&message, &k.into(), &JsValue::from_str(v));
    if set("type", "MEDIA_AUTH").is_err()
        || set("server", server).is_err()
        || set("authorization", authorization).is_err()
    {
        return false;
    }
    worker.post_message(&message).is_ok()
}
