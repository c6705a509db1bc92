//! Jellyfin's push socket (`/socket`). A WebSocket carries no custom headers, so this is the
//! one place the token must go into a URL: the URL is built here, used once, never logged
//! and never put in an error message.
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{set_interval_with_handle, IntervalHandle};
use marquee_core::live::{parse_server_message, ServerMessage};
use marquee_core::percent::encode_query_value;
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// An open push socket; closing happens on drop.
pub struct LiveSocket {
    socket: WebSocket,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_open: Closure<dyn FnMut()>,
    keep_alive: Rc<RefCell<Option<IntervalHandle>>>,
}

fn socket_url(base_url: &str, token: &str, device_id: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let base = if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_string()
    };
    format!(
        "{base}/socket?api_key={}&deviceId={}",
        encode_query_value(token),
        encode_query_value(device_id)
    )
}

impl LiveSocket {
    /// Connects; `on_message` gets every message Marquee understands, `on_open` fires when the
    /// socket is up, `on_closed` once when it closes or fails (the caller reconnects).
    pub fn connect(
        base_url: &str,
        token: &str,
        device_id: &str,
        on_message: impl Fn(ServerMessage) + 'static,
        on_open: impl Fn() + 'static,
        on_closed: impl Fn() + 'static,
    ) -> Result<LiveSocket, String> {
        let socket = WebSocket::new(&socket_url(base_url, token, device_id))
            // The browser's message could echo the URL: say only what failed.
            .map_err(|_| "the live-update socket could not be opened".to_string())?;
        let keep_alive: Rc<RefCell<Option<IntervalHandle>>> = Rc::default();

        let sender = socket.clone();
        let timer = keep_alive.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            match parse_server_message(&text) {
                Ok(ServerMessage::KeepAliveEvery { seconds }) => {
                    // Answer at half the server's interval, as Jellyfin's own clients do.
                    let sender = sender.clone();
                    let every = Duration::from_secs(u64::from(seconds.max(2) / 2));
                    if let Some(old) = timer.borrow_mut().take() {
                        old.clear();
                    }
                    *timer.borrow_mut() = set_interval_with_handle(
                        move || {
                            let _ = sender.send_with_str(r#"{"MessageType":"KeepAlive"}"#);
                        },
                        every,
                    )
                    .ok();
                }
                Ok(ServerMessage::Other) | Err(_) => {}
                Ok(message) => on_message(message),
            }
        });
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));

        let timer = keep_alive.clone();
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |_| {
            if let Some(old) = timer.borrow_mut().take() {
                old.clear();
            }
            on_closed();
        });
        // An error is always followed by a close event: one handler covers both.
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let on_open = Closure::<dyn FnMut()>::new(on_open);
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));

        Ok(LiveSocket {
            socket,
            _on_message: on_message,
            _on_close: on_close,
            _on_open: on_open,
            keep_alive,
        })
    }
}

impl Drop for LiveSocket {
    fn drop(&mut self) {
        if let Some(timer) = self.keep_alive.borrow_mut().take() {
            timer.clear();
        }
        self.socket.set_onclose(None);
        self.socket.set_onmessage(None);
        let _ = self.socket.close();
    }
}
