//! Registers `/sw.js` and follows its updates. A new build installs in the background and
//! waits; `UpdateCtx::ready` turns true, and `UpdateCtx::apply` (the prompt's "Reload") is the
//! only thing that lets it take over, then reloads the page.
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

const SCRIPT: &str = "/sw.js";
/// A tab left open for days still learns about a new build.
const UPDATE_CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// Whether a new version is installed and waiting, and the registration to activate it.
#[derive(Clone, Copy)]
pub struct UpdateCtx {
    pub ready: RwSignal<bool>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
}

impl UpdateCtx {
    /// Lets the waiting version take over and reloads once it has; without one, just reloads.
    pub fn apply(&self) {
        let waiting = self
            .registration
            .with_value(|r| r.as_ref().and_then(|r| r.waiting()));
        match (waiting, container()) {
            (Some(worker), Some(container)) => {
                let reload_once = Closure::once_into_js(reload);
                container.set_oncontrollerchange(Some(reload_once.unchecked_ref()));
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
                if worker.post_message(&message).is_err() {
                    reload();
                }
            }
            _ => reload(),
        }
    }
}

pub fn use_update() -> UpdateCtx {
    expect_context::<UpdateCtx>()
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Missing outside a secure context (plain http on a LAN address): the app runs without it.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .unwrap_or(false)
        .then(|| navigator.service_worker())
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Provides `UpdateCtx` and registers the worker in the background.
pub(super) fn register() -> UpdateCtx {
    let ctx = UpdateCtx {
        ready: RwSignal::new(false),
        registration: StoredValue::new_local(None),
    };
    provide_context(ctx);
    let Some(container) = container() else {
        return ctx;
    };
    leptos::task::spawn_local(async move {
        let registration = match JsFuture::from(container.register(SCRIPT)).await {
            Ok(r) => r.unchecked_into::<ServiceWorkerRegistration>(),
            Err(e) => {
                web_sys::console::warn_2(&"service worker not registered:".into(), &e);
                return;
            }
        };
        follow_updates(&registration, ctx.ready);
        let checked = registration.clone();
        let _ = set_interval_with_handle(
            move || {
                let _ = checked.update();
            },
            UPDATE_CHECK_EVERY,
        );
        ctx.registration.set_value(Some(registration));
    });
    ctx
}

/// `ready` turns true when a new worker has installed while an older one is active.
/// (The very first install has no older one: it activates at once and no prompt shows.)
fn follow_updates(registration: &ServiceWorkerRegistration, ready: RwSignal<bool>) {
    if registration.waiting().is_some() && registration.active().is_some() {
        ready.set(true);
    }
    let watched = registration.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        let Some(worker) = watched.installing() else {
            return;
        };
        let registration = watched.clone();
        let installing = worker.clone();
        let on_state_change = Closure::<dyn FnMut()>::new(move || {
            if installing.state() == ServiceWorkerState::Installed
                && registration.active().is_some()
            {
                ready.try_set(true);
            }
        });
        worker.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
        on_state_change.forget(); // one small closure per new version
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget(); // lives as long as the page
}
