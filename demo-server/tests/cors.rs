mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use demo_server::Config;

#[tokio::test]
async fn preflight_is_answered_before_auth_on_any_path() {
    let s = Server::new();
    for path in [
        "/Items",
        "/UserPlayedItems/abc",
        "/Users/AuthenticateByName",
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

fn with_origin(method: Method, path: &str, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header("Host", "127.0.0.1:8096");
    if let Some(origin) = origin {
        builder = builder.header("Origin", origin);
    }
    builder.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn the_demo_controls_refuse_other_sites_and_send_no_cors_headers() {
    let s = Server::new();
    // A page of another origin can neither reset the library nor read the request log.
    for (method, path) in [
        (Method::POST, "/__demo/reset"),
        (Method::POST, "/__demo/tokens/revoke"),
        (Method::GET, "/__demo/requests"),
        (Method::OPTIONS, "/__demo/faults"),
    ] {
        for origin in ["http://evil.example", "http://127.0.0.1:9999", "null"] {
            let r = s
                .send(with_origin(method.clone(), path, Some(origin)))
                .await;
            assert_eq!(
                r.status,
                StatusCode::FORBIDDEN,
                "{method} {path} from {origin}"
            );
            assert_eq!(r.header("access-control-allow-origin"), None, "{path}");
        }
    }
    // The app's own pages and non-browser clients (tests, curl) are served, without CORS.
    for origin in [Some("http://127.0.0.1:8096"), None] {
        let r = s
            .send(with_origin(Method::GET, "/__demo/latency", origin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{origin:?}");
        assert_eq!(r.header("access-control-allow-origin"), None);
        assert_eq!(r.header("access-control-expose-headers"), None);
    }
    // The API itself keeps Jellyfin's any-origin CORS.
    let r = s
        .send(with_origin(
            Method::GET,
            "/System/Info/Public",
            Some("http://evil.example"),
        ))
        .await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn the_browser_tests_flag_opens_the_controls_to_any_origin() {
    let s = Server::with(Config {
        control_any_origin: true,
        ..small_config()
    });
    let r = s
        .send(with_origin(
            Method::GET,
            "/__demo/latency",
            Some("http://127.0.0.1:9999"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}
