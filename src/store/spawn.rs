//! Starting a cache read now rather than after the render that asked for it.
use std::future::Future;
use std::task::{Context, Waker};

use leptos::prelude::untrack;

/// Runs `task` up to its first wait right away, then leaves the rest to the browser's task
/// queue. `spawn_local` alone first polls a task after the whole render that spawned it, so an
/// IndexedDB read asked for by a page went out about 10 ms late on a warm start; this way it is
/// under way while the page renders. Nothing the first step reads is tracked by the caller's
/// reactive scope.
pub fn spawn_started(task: impl Future<Output = ()> + 'static) {
    let mut task = Box::pin(task);
    // The executor polls the task again (with its own waker) before anything can wake it.
    let mut cx = Context::from_waker(Waker::noop());
    if untrack(|| task.as_mut().poll(&mut cx)).is_pending() {
        leptos::task::spawn_local(task);
    }
}
