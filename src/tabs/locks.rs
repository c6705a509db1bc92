//! Web Locks (`navigator.locks`) through js-sys, so no unstable web-sys bindings are needed.
use std::future::Future;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

fn lock_manager() -> Option<Object> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    locks.dyn_into::<Object>().ok()
}

/// `locks.request(...)`: its promise settles once the lock has been released.
fn request(
    locks: &Object,
    name: &str,
    options: &Object,
    callback: JsValue,
) -> Result<Promise, JsValue> {
    let request: Function = Reflect::get(locks, &JsValue::from_str("request"))?.dyn_into()?;
    request
        .call3(locks, &JsValue::from_str(name), options, &callback)?
        .dyn_into()
}

/// A promise and the function that resolves it.
fn deferred() -> (Promise, Function) {
    let mut resolve_slot = None;
    let promise = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    (
        promise,
        resolve_slot.expect("Promise executor runs synchronously"),
    )
}

/// Runs `work` while holding the lock `name`, unless another tab (or task) holds it: then `None`
/// at once, and that holder's result will reach us over the BroadcastChannel.
/// Without Web Locks (old browsers) the work just runs.
pub async fn with_lock_if_available<T>(name: &str, work: impl Future<Output = T>) -> Option<T> {
    let Some(locks) = lock_manager() else {
        return Some(work.await);
    };
    let (granted, grant) = deferred();
    let (released, release) = deferred();
    let hold = released.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let _ = grant.call1(&JsValue::NULL, &JsValue::from_bool(!lock.is_null()));
        hold.into()
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let Ok(done) = request(&locks, name, &options, callback) else {
        return Some(work.await);
    };
    let got_it = JsFuture::from(granted)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let result = if got_it { Some(work.await) } else { None };
    let _ = release.call0(&JsValue::NULL);
    // Return only once the lock is free again: a rerun of the same key in this tab, started
    // right after, must find it available (else it would wait for a broadcast that never comes).
    let _ = JsFuture::from(done).await;
    result
}

/// Waits for the lock `name` and then keeps it for the life of the tab: the tab that gets it is
/// the leader. When that tab closes, the browser hands the lock to the next waiting tab.
pub fn hold_lock_while_alive(name: &str, on_acquired: impl FnOnce() + 'static) {
    let Some(locks) = lock_manager() else {
        on_acquired();
        return;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        on_acquired();
        // Never resolves: the lock is released only when the tab goes away.
        Promise::new(&mut |_, _| {}).into()
    });
    if request(&locks, name, &Object::new(), callback).is_err() {
        web_sys::console::warn_1(&"Web Locks unavailable: this tab acts alone".into());
    }
}
