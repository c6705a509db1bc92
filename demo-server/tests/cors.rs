mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;

#[tokio::test]
async fn preflight_is_answered_before_auth_on_any_path() {
    let s = Server::new();
    for path in [
        "/Items",
        "/UserPlayedItems/abc",
        "/Users/AuthenticateByName",
        "/__demo/faults",
        "/anything/else",
    ] {
        let req = Request::builder()
            .method(Method::OPTIONS)
            .uri(path)
            .header("Origin", "http://localhost:8080")
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization, content-type",
            )
            .body(Body::empty())
            .unwrap();
        let r = s.send(req).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        let methods = r.header("access-control-allow-methods").unwrap();
        for m in ["GET", "POST", "DELETE", "PUT", "OPTIONS", "HEAD"] {
            assert!(methods.contains(m), "{m}");
        }
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("authorization, content-type")
        );
        assert!(r.header("access-control-max-age").is_some());
    }
    // Without a requested-headers list: `*`.
    let req = Request::builder()
        .method(Method::OPTIONS)
        .uri("/Items")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        s.send(req).await.header("access-control-allow-headers"),
        Some("*")
    );
    // Preflights are not API requests in the log.
    assert_eq!(s.get("/__demo/requests", None).await.json()["total"], 0);
}

#[tokio::test]
async fn every_response_allows_any_origin() {
    let s = Server::new();
    let token = s.token().await;
    for (path, tok) in [
        ("/System/Info/Public", None),
        ("/Items", None),
        ("/Items", Some(token.as_str())),
        (
            "/Items/0123456789abcdef0123456789abcdef",
            Some(token.as_str()),
        ),
        ("/__demo/latency", None),
        ("/no/such/page", None),
    ] {
        let r = s.get(path, tok).await;
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("*"),
            "{path} ({})",
            r.status
        );
    }
}
