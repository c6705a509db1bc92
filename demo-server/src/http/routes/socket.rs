//! `/socket`: Jellyfin's WebSocket. Sends ForceKeepAlive on connect, answers KeepAlive, and
//! relays LibraryChanged (everyone) and UserDataChanged (that user's sockets only).

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::Value;
use tokio::sync::broadcast::error::RecvError;

use crate::http::ctx::Ctx;
use crate::http::events;
use crate::http::respond::Reject;
use crate::AppState;

pub async fn socket(
    State(state): State<AppState>,
    ctx: Ctx,
    ws: WebSocketUpgrade,
) -> Result<impl IntoResponse, Reject> {
    let session = ctx
        .session
        .ok_or_else(|| Reject::status(StatusCode::UNAUTHORIZED))?;
    Ok(ws.on_upgrade(move |socket| run(socket, state, session.user)))
}

async fn send(socket: &mut WebSocket, value: Value) -> bool {
    socket
        .send(Message::Text(value.to_string().into()))
        .await
        .is_ok()
}

async fn run(mut socket: WebSocket, state: AppState, user: usize) {
    // Subscribe before greeting, so no event between the two can be missed.
    let mut events = state.events.subscribe();
    let mut stop = state.shutdown.subscribe();
    let hello = events::force_keep_alive(&state.new_id());
    if !send(&mut socket, hello).await {
        return;
    }
    loop {
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let msg: Value = serde_json::from_str(text.as_str()).unwrap_or(Value::Null);
                    if msg["MessageType"] == "KeepAlive" {
                        let reply = events::keep_alive(&state.new_id());
                        if !send(&mut socket, reply).await {
                            break;
                        }
                    }
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            event = events.recv() => match event {
                Ok(event) if event.is_for(user) => {
                    if !send(&mut socket, event.message(&state.new_id())).await {
                        break;
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
            _ = async { stop.wait_for(|s| *s).await.is_ok() } => {
                let _ = socket.send(Message::Close(None)).await;
                break;
            }
        }
    }
}
