//! Giving the main thread back between slices of a long write, so each slice is a task of
//! its own (input and frames run between them): an await of an IndexedDB result that has
//! already settled resumes in the same task, and a 50,000-item write would be one long task.
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Resolves in a later task: `scheduler.yield()` where the browser has it (it resumes ahead
/// of other queued work), else a `setTimeout(0)`.
pub async fn next_task() {
    let global = js_sys::global();
    let promise = scheduler_yield(&global).unwrap_or_else(|| {
        Promise::new(&mut |resolve, _| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        })
    });
    let _ = JsFuture::from(promise).await;
}

fn scheduler_yield(global: &JsValue) -> Option<Promise> {
    let scheduler = Reflect::get(global, &JsValue::from_str("scheduler")).ok()?;
    let yield_fn = Reflect::get(&scheduler, &JsValue::from_str("yield"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    yield_fn.call0(&scheduler).ok()?.dyn_into::<Promise>().ok()
}
