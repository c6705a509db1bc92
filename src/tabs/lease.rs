//! Leases in localStorage, for browsers without Web Locks (no secure context). The rules
//! (expiry, takeover, tie-break) are `marquee_core::lease`; this file only reads and writes
//! the records and waits. localStorage is shared by every tab of the origin and is there
//! without a secure context; it holds no token, only tab ids and times.
use std::future::Future;

use js_sys::Promise;
use marquee_core::lease::{claim_stands, next_step, parse_lease, Lease, LeaseStep, SETTLE_MS};
use wasm_bindgen_futures::JsFuture;

const PREFIX: &str = "marquee-lease:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// A random id for one holder (a tab, or one use of a key lock).
pub fn new_holder_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        // No spaces: the stored record separates its fields with them.
        .map(|c| c.random_uuid())
        // Integers only: formatting a float would pull the float formatter into the wasm.
        .unwrap_or_else(|| format!("{}-{}", now(), (js_sys::Math::random() * 1e15) as u64))
}

/// Resolves after `ms` milliseconds.
pub async fn sleep_ms(ms: i64) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.max(0) as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The lease named `name` as stored now.
pub fn read(name: &str) -> Option<Lease> {
    let text = storage()?
        .get_item(&format!("{PREFIX}{name}"))
        .ok()
        .flatten();
    parse_lease(text.as_deref())
}

pub fn write(name: &str, lease: &Lease) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{PREFIX}{name}"), &lease.to_record());
    }
}

/// Removes the lease if `holder` still holds it (never another tab's).
pub fn release(name: &str, holder: &str) {
    if read(name).is_some_and(|lease| lease.holder == holder) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&format!("{PREFIX}{name}"));
        }
    }
}

/// Whether leases can work here at all (localStorage may be disabled).
pub fn available() -> bool {
    storage().is_some()
}

/// One attempt: claims the lease if it is free, and says whether the claim stood.
pub async fn try_claim(name: &str, holder: &str, since: i64) -> bool {
    match next_step(read(name).as_ref(), holder, now()) {
        LeaseStep::Wait => false,
        LeaseStep::Renew => true,
        LeaseStep::Claim => {
            write(name, &Lease::renewed(holder, since, now()));
            sleep_ms(SETTLE_MS).await;
            claim_stands(read(name).as_ref(), holder, now())
        }
    }
}

/// How often a tab waiting on a key lease looks again.
const KEY_POLL_MS: i64 = 100;

/// Runs `work` holding the lease `name`, waiting for it first: the stand-in for a Web Lock.
pub async fn with_lease<T>(name: &str, work: impl Future<Output = T>) -> T {
    let held = acquire(name).await;
    let result = work.await;
    held.release();
    result
}

/// A key lease this tab holds, renewed until released.
pub struct HeldLease {
    name: String,
    holder: String,
    _renewal: Option<Renewal>,
}

impl HeldLease {
    pub fn release(self) {
        release(&self.name, &self.holder);
    }
}

/// Waits for the lease `name` and holds it (renewed while held) until released.
pub async fn acquire(name: &str) -> HeldLease {
    let holder = new_holder_id();
    let since = now();
    while !try_claim(name, &holder, since).await {
        sleep_ms(KEY_POLL_MS).await;
    }
    let renewal = {
        let name = name.to_string();
        let holder = holder.clone();
        renew_every_tick(move || {
            if read(&name).is_some_and(|l| l.holder == holder) {
                write(&name, &Lease::renewed(&holder, since, now()));
            }
        })
    };
    HeldLease {
        name: name.to_string(),
        holder,
        _renewal: renewal,
    }
}

/// A repeating renewal timer, cleared when dropped.
pub struct Renewal {
    handle: i32,
    _tick: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for Renewal {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_interval_with_handle(self.handle);
        }
    }
}

/// Calls `tick` every `marquee_core::lease::RENEW_EVERY_MS` until the returned value is dropped.
pub fn renew_every_tick(tick: impl FnMut() + 'static) -> Option<Renewal> {
    use wasm_bindgen::JsCast;
    let tick = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(tick);
    let handle = web_sys::window()?
        .set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            marquee_core::lease::RENEW_EVERY_MS as i32,
        )
        .ok()?;
    Some(Renewal {
        handle,
        _tick: tick,
    })
}
