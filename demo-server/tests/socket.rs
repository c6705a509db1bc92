//! The `/socket` WebSocket over a real TCP connection, with a minimal hand-written client.
mod common;

use std::future::IntoFuture;
use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Ws {
    stream: BufReader<TcpStream>,
}

impl Ws {
    /// Opens `/socket`; returns the HTTP status line on failure.
    async fn connect(port: u16, query: &str) -> Result<Ws, String> {
        let stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let mut stream = BufReader::new(stream);
        let request = format!(
            "GET /socket?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream
            .get_mut()
            .write_all(request.as_bytes())
            .await
            .unwrap();
        let mut status = String::new();
        stream.read_line(&mut status).await.unwrap();
        loop {
            let mut line = String::new();
            stream.read_line(&mut line).await.unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        if status.contains(" 101 ") {
            Ok(Ws { stream })
        } else {
            Err(status)
        }
    }

    async fn recv(&mut self) -> Value {
        tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                let mut head = [0u8; 2];
                self.stream.read_exact(&mut head).await.unwrap();
                let opcode = head[0] & 0x0f;
                let mut len = (head[1] & 0x7f) as u64;
                if len == 126 {
                    len = self.stream.read_u16().await.unwrap() as u64;
                } else if len == 127 {
                    len = self.stream.read_u64().await.unwrap();
                }
                assert_eq!(head[1] & 0x80, 0, "server frames are unmasked");
                let mut payload = vec![0u8; len as usize];
                self.stream.read_exact(&mut payload).await.unwrap();
                if opcode == 1 {
                    return serde_json::from_slice(&payload).unwrap();
                }
            }
        })
        .await
        .expect("a message within 5 s")
    }

    async fn send(&mut self, value: Value) {
        let payload = value.to_string().into_bytes();
        let mask = [0x12u8, 0x34, 0x56, 0x78];
        let mut frame = vec![0x81u8];
        if payload.len() < 126 {
            frame.push(0x80 | payload.len() as u8);
        } else {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        }
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.stream.get_mut().write_all(&frame).await.unwrap();
    }
}

#[tokio::test]
async fn socket_keepalive_and_events() {
    let s = Server::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(axum::serve(listener, demo_server::app(s.state.clone())).into_future());

    let token = s.token().await;
    let alice = s.token_for("alice").await;
    let user_id = s.user_id(&token).await;
    let (movies, _) = s.libraries(&token).await;
    let list = s.all(&token, &movies, "Movie", "&Filters=IsUnplayed").await;
    let id = list[0]["Id"].as_str().unwrap().to_string();

    let refused = |r: Result<Ws, String>| r.err().unwrap_or_default();
    assert!(refused(Ws::connect(port, "deviceId=x").await).contains("401"));
    assert!(
        refused(Ws::connect(port, "api_key=0123456789abcdef0123456789abcdef").await)
            .contains("401")
    );

    let mut ws = Ws::connect(port, &format!("api_key={token}&deviceId=test-device"))
        .await
        .unwrap();
    let hello = ws.recv().await;
    assert_eq!(hello["MessageType"], "ForceKeepAlive");
    assert_eq!(hello["Data"], 60);
    assert!(hello["MessageId"].is_string());

    ws.send(json!({"MessageType": "KeepAlive"})).await;
    assert_eq!(ws.recv().await["MessageType"], "KeepAlive");

    // A control change → LibraryChanged.
    let r = s
        .post(
            &format!("/__demo/items/{id}"),
            None,
            json!({"Name": "Pushed"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let msg = ws.recv().await;
    assert_eq!(msg["MessageType"], "LibraryChanged");
    assert_eq!(msg["Data"]["ItemsUpdated"], json!([id]));
    assert_eq!(msg["Data"]["ItemsAdded"], json!([]));
    assert_eq!(msg["Data"]["ItemsRemoved"], json!([]));
    for k in ["FoldersAddedTo", "FoldersRemovedFrom", "CollectionFolders"] {
        assert!(msg["Data"][k].is_array());
    }

    // The user's own change through the API → UserDataChanged with the real ItemId.
    s.post(&format!("/UserPlayedItems/{id}"), Some(&token), json!({}))
        .await;
    let msg = ws.recv().await;
    assert_eq!(msg["MessageType"], "UserDataChanged");
    assert_eq!(msg["Data"]["UserId"], user_id.as_str());
    let entry = &msg["Data"]["UserDataList"][0];
    assert_eq!(entry["ItemId"], id.as_str());
    assert_eq!(entry["Played"], true);

    // Another user's change is not sent to this socket; the next message is the add.
    s.post(&format!("/UserFavoriteItems/{id}"), Some(&alice), json!({}))
        .await;
    let added = s
        .post(
            "/__demo/items",
            None,
            json!({"Type": "Movie", "Name": "Fresh"}),
        )
        .await
        .json();
    let msg = ws.recv().await;
    assert_eq!(msg["MessageType"], "LibraryChanged");
    assert_eq!(msg["Data"]["ItemsAdded"], json!([added["Id"]]));

    // Control user-data changes are pushed too; removals list the ids.
    s.post(
        &format!("/__demo/userdata/{id}"),
        None,
        json!({"User": "demo", "IsFavorite": true}),
    )
    .await;
    let msg = ws.recv().await;
    assert_eq!(msg["MessageType"], "UserDataChanged");
    assert_eq!(msg["Data"]["UserDataList"][0]["IsFavorite"], true);
    s.delete(&format!("/__demo/items/{id}"), None).await;
    let msg = ws.recv().await;
    assert_eq!(msg["Data"]["ItemsRemoved"], json!([id]));
}
