//! JSON bodies are read whatever their `Content-Type`, as Jellyfin reads them: a client may
//! send none, or `text/plain` (a `fetch` with a string body), or a form type (`curl -d`).

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use serde_json::json;

const TYPES: [Option<&str>; 4] = [
    None,
    Some("text/plain;charset=UTF-8"),
    Some("application/x-www-form-urlencoded"),
    Some("application/json"),
];

fn post(uri: &str, content_type: Option<&str>, auth: &str, body: &str) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("Authorization", auth);
    if let Some(ct) = content_type {
        req = req.header("Content-Type", ct);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

fn with_token(token: &str) -> String {
    format!(
        r#"MediaBrowser Client="Marquee", Device="Test", DeviceId="test-device", Version="0.1.0", Token="{token}""#
    )
}

#[tokio::test]
async fn a_json_body_is_read_under_any_content_type() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let movie = s.all(&token, &movies, "Movie", "&Limit=1").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    for (n, ct) in TYPES.into_iter().enumerate() {
        let login = s
            .send(post(
                "/Users/AuthenticateByName",
                ct,
                AUTH,
                r#"{"Username":"demo","Pw":"demo"}"#,
            ))
            .await;
        assert_eq!(login.status, StatusCode::OK, "login with {ct:?}");
        assert!(is_hex32(login.json()["AccessToken"].as_str().unwrap()));

        let ms = 10 + n as u64;
        let latency = s
            .send(post(
                "/__demo/latency",
                ct,
                AUTH,
                &json!({ "ms": ms }).to_string(),
            ))
            .await;
        assert_eq!(latency.status, StatusCode::OK, "latency with {ct:?}");
        assert_eq!(latency.json()["ms"], json!(ms));
        s.send(post("/__demo/latency", ct, AUTH, r#"{"ms": 0}"#))
            .await;

        let position = 300_000_000 + n as i64;
        let report = json!({ "ItemId": movie, "PositionTicks": position }).to_string();
        let progress = s
            .send(post(
                "/Sessions/Playing/Progress",
                ct,
                &with_token(&token),
                &report,
            ))
            .await;
        assert_eq!(
            progress.status,
            StatusCode::NO_CONTENT,
            "report with {ct:?}"
        );
        let data = s.json(&format!("/Items/{movie}"), &token).await["UserData"].clone();
        assert_eq!(data["PlaybackPositionTicks"], json!(position), "{ct:?}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_whatever_its_type() {
    let s = Server::new();
    let token = s.token().await;
    for ct in TYPES {
        let r = s.send(post("/__demo/latency", ct, AUTH, "ms=5")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{ct:?}");
        assert_eq!(r.json(), json!({ "error": "body must be a JSON object" }));
        let r = s
            .send(post("/Sessions/Playing", ct, &with_token(&token), "<html>"))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{ct:?}");
        assert_eq!(
            r.json(),
            json!({ "error": "a JSON report body is required" })
        );
    }
}
