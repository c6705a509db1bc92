//! What a real Jellyfin refuses or keeps to itself: request lines over Kestrel's limit, tokens
//! in the request log.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

fn ids(n: usize) -> String {
    (0..n)
        .map(|i| format!("{i:032x}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[tokio::test]
async fn a_request_line_over_8_kb_is_answered_414() {
    let s = Server::new();
    let token = s.token().await;
    // "GET " + target + " HTTP/1.1" is the request line.
    let line = |target: &str| 4 + target.len() + 9;
    let mut short = format!("/Items?Ids={}", ids(200));
    assert!(line(&short) <= 8192);
    assert_eq!(s.get(&short, Some(&token)).await.status, StatusCode::OK);
    short.push_str(&"a".repeat(8192 - line(&short)));
    assert_eq!(line(&short), 8192);
    assert_ne!(
        s.get(&short, Some(&token)).await.status,
        StatusCode::URI_TOO_LONG,
        "8192 is allowed"
    );
    let long = format!("/Items?Ids={}", ids(260));
    assert!(line(&long) > 8192);
    let r = s.get(&long, Some(&token)).await;
    assert_eq!(r.status, StatusCode::URI_TOO_LONG);
    assert!(r.body.is_empty());
    // Before auth and everything else, as Kestrel.
    assert_eq!(s.get(&long, None).await.status, StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn the_request_log_never_holds_a_token() {
    let s = Server::new();
    let token = s.token().await;
    s.get(&format!("/Items?api_key={token}&Limit=1"), None)
        .await;
    s.get(&format!("/Items?ApiKey={token}&Limit=1"), None).await;
    let log = s.get("/__demo/requests", None).await;
    let text = log.text();
    assert!(!text.contains(&token), "{text}");
    let queries: Vec<String> = log.json()["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["query"].as_str().unwrap().to_string())
        .filter(|q| q.contains("REDACTED"))
        .collect();
    assert_eq!(
        queries,
        vec!["api_key=REDACTED&Limit=1", "ApiKey=REDACTED&Limit=1"]
    );
}

#[tokio::test]
async fn tokens_are_unpredictable() {
    let s = Server::new();
    let a = s.token_for("demo").await;
    let b = s.token_for("demo").await;
    assert_ne!(a, b);
    assert!(is_hex32(&a) && is_hex32(&b));
}

#[tokio::test]
async fn look_alike_bodies_and_retry_after() {
    let s = Server::new();
    let token = s.token().await;
    for (mode, body, content_type) in [
        ("empty_object", "{}", "application/json; charset=utf-8"),
        ("empty_array", "[]", "application/json; charset=utf-8"),
        (
            "items_null",
            r#"{"Items": null, "TotalRecordCount": 0}"#,
            "application/json; charset=utf-8",
        ),
        ("empty_body", "", "application/json; charset=utf-8"),
    ] {
        s.post(
            "/__demo/faults",
            None,
            json!({"prefix": "/UserViews", "mode": mode, "count": 1}),
        )
        .await;
        let r = s.get("/UserViews", Some(&token)).await;
        assert_eq!(
            (r.status, r.text().as_str(), r.header("content-type")),
            (StatusCode::OK, body, Some(content_type)),
            "{mode}"
        );
    }
    s.post(
        "/__demo/faults",
        None,
        json!({"prefix": "/UserViews", "mode": "html", "count": 1}),
    )
    .await;
    let r = s.get("/UserViews", Some(&token)).await;
    assert!(r.text().starts_with("<!DOCTYPE html>"));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    s.post(
        "/__demo/faults",
        None,
        json!({"prefix": "/UserViews", "mode": "wrong_content_type", "count": 1}),
    )
    .await;
    let r = s.get("/UserViews", Some(&token)).await;
    assert!(r.json()["Items"].is_array(), "the real body");
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    s.post("/__demo/faults", None, json!({"prefix": "/UserFavoriteItems", "mode": "status", "status": 429, "retry_after": 3, "count": 1})).await;
    let r = s
        .post(
            "/UserFavoriteItems/0123456789abcdef0123456789abcdef",
            Some(&token),
            json!({}),
        )
        .await;
    assert_eq!(
        (r.status, r.header("retry-after")),
        (StatusCode::TOO_MANY_REQUESTS, Some("3"))
    );
}
