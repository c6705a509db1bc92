//! Ending a token the server never heard about: logging out offline keeps a small record
//! (`session_db::Revocation`, outside the user's database) and it is sent, `POST
//! /Sessions/Logout` with that token, when the server is next reachable: at the next start,
//! when the browser comes online, and every little while meanwhile.
use std::cell::Cell;
use std::time::Duration;

use marquee_core::jellyfin::request::{ApiRequest, HttpMethod};

use crate::cache::session_db::{self, Revocation};
use crate::net::{browser_client_info, JellyfinClient, NetError};

/// How often a pending revocation is tried while the server stays away.
const RETRY_EVERY: Duration = Duration::from_secs(15);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

thread_local! {
    /// One sending loop per tab.
    static LOOP_RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// Whether the server no longer needs telling: it ended the token, or says the token is
/// already gone (401), or refuses for good. Only "unreachable" keeps it for later.
fn settled(result: &Result<String, NetError>) -> bool {
    !matches!(result, Err(NetError::Offline | NetError::Timeout))
}

/// Asks `revocation`'s server to end its token; true once nothing is left to do.
pub async fn send(revocation: &Revocation) -> bool {
    let client = JellyfinClient::new(
        &revocation.server_url,
        browser_client_info(&revocation.device_id),
        Some(revocation.token.clone()),
    )
    .with_timeout(REQUEST_TIMEOUT);
    let end_token = ApiRequest::new(HttpMethod::Post, "/Sessions/Logout");
    settled(&client.send_text(&end_token).await)
}

/// Keeps `revocation` to send when its server answers again, and starts trying.
pub async fn keep(revocation: Revocation) {
    let mut list = session_db::revocations().await.unwrap_or_default();
    if !list.contains(&revocation) {
        list.push(revocation);
    }
    if let Err(e) = session_db::save_revocations(&list).await {
        web_sys::console::warn_1(&format!("the token to end could not be kept: {e}").into());
    }
    send_pending();
}

/// Sends every pending revocation; those whose server is still away are tried again later.
pub fn send_pending() {
    if LOOP_RUNNING.with(|r| r.replace(true)) {
        return;
    }
    leptos::task::spawn_local(async {
        loop {
            let Ok(list) = session_db::revocations().await else {
                break;
            };
            if list.is_empty() {
                break;
            }
            let mut sent = Vec::new();
            for revocation in &list {
                if send(revocation).await {
                    sent.push(revocation.clone());
                }
            }
            // Another tab may have added one meanwhile: remove only what was sent.
            let mut left = session_db::revocations().await.unwrap_or_default();
            left.retain(|r| !sent.contains(r));
            let _ = session_db::save_revocations(&left).await;
            if left.is_empty() {
                break;
            }
            wait(RETRY_EVERY).await;
        }
        LOOP_RUNNING.with(|r| r.set(false));
    });
}

async fn wait(duration: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                duration.as_millis() as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
