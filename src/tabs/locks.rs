//! Web Locks (`navigator.locks`) through js-sys, so no unstable web-sys bindings are needed.
//! Without them (no secure context) a lease in localStorage stands in (`lease.rs`).
use std::future::Future;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::lease;

pub(super) fn lock_manager() -> Option<Object> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    locks.dyn_into::<Object>().ok()
}

/// `locks.request(...)`: its promise settles once the lock has been released.
pub(super) fn request(
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
pub(super) fn deferred() -> (Promise, Function) {
    let mut resolve_slot = None;
    let promise = Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    (
        promise,
        resolve_slot.expect("Promise executor runs synchronously"),
    )
}

/// Runs `work` holding the lock `name`, waiting for it if another tab (or task) holds it. A
/// waiter then runs after the holder is done, so it always gets a verdict of its own: it finds
/// what the holder stored, or, if that refresh failed, tries itself.
pub async fn with_lock<T>(name: &str, work: impl Future<Output = T>) -> T {
    // Acquiring and releasing are not generic: `work` is awaited in one place only, so the
    // refresh it usually is exists once in the wasm.
    let held = acquire(name).await;
    let result = work.await;
    held.release().await;
    result
}

/// A held lock (or nothing to hold: no Web Locks and no storage).
enum Held {
    Nothing,
    WebLock { release: Function, done: Promise },
    Lease(lease::HeldLease),
}

async fn acquire(name: &str) -> Held {
    let Some(locks) = lock_manager() else {
        return match lease::available() {
            true => Held::Lease(lease::acquire(name).await),
            false => Held::Nothing,
        };
    };
    let (granted, grant) = deferred();
    let (released, release) = deferred();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = grant.call0(&JsValue::NULL);
        released.into()
    });
    let Ok(done) = request(&locks, name, &Object::new(), callback) else {
        return Held::Nothing;
    };
    let _ = JsFuture::from(granted).await;
    Held::WebLock { release, done }
}

impl Held {
    async fn release(self) {
        match self {
            Held::Nothing => {}
            Held::WebLock { release, done } => {
                let _ = release.call0(&JsValue::NULL);
                // Return only once the lock is free again: a rerun of the same key in this
                // tab, started right after, must not queue behind its own lock.
                let _ = JsFuture::from(done).await;
            }
            Held::Lease(held) => held.release(),
        }
    }
}

/// Runs `work` holding the lock `name`, unless another tab (or task) holds it: then `None`
/// at once. Without Web Locks, a lease is tried once.
pub async fn with_lock_if_available<T>(name: &str, work: impl Future<Output = T>) -> Option<T> {
    let Some(locks) = lock_manager() else {
        if !lease::available() {
            return Some(work.await);
        }
        let holder = lease::new_holder_id();
        if !lease::try_claim(name, &holder, js_sys::Date::now() as i64).await {
            return None;
        }
        let result = work.await;
        lease::release(name, &holder);
        return Some(result);
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
    let _ = JsFuture::from(done).await;
    result
}
