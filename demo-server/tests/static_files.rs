mod common;

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use demo_server::Config;

fn dist(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("demo-server-dist-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("icons")).unwrap();
    let files: [(&str, &[u8]); 8] = [
        ("index.html", b"<!doctype html><title>Marquee</title>"),
        ("marquee-0123456789abcdef.js", b"console.log(1)"),
        ("marquee-0123456789abcdef_bg.wasm", b"\0asm\x01\0\0\0"),
        ("style-fedcba9876543210.css", b"body{}"),
        ("sw.js", b"self.addEventListener('fetch', () => {})"),
        ("manifest.webmanifest", b"{\"name\":\"Marquee\"}"),
        ("icons/icon-192.png", b"\x89PNG"),
        ("icons/logo.svg", b"<svg/>"),
    ];
    for (path, content) in files {
        std::fs::write(dir.join(path), content).unwrap();
    }
    dir
}

fn server(dir: &Path) -> Server {
    Server::with(Config {
        dist: Some(dir.to_path_buf()),
        ..small_config()
    })
}

#[tokio::test]
async fn serves_files_with_types_and_cache_headers() {
    let dir = dist("types");
    let s = server(&dir);
    let cases = [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        (
            "/marquee-0123456789abcdef.js",
            "text/javascript",
            "public, max-age=31536000, immutable",
        ),
        (
            "/marquee-0123456789abcdef_bg.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/style-fedcba9876543210.css",
            "text/css",
            "public, max-age=31536000, immutable",
        ),
        ("/sw.js", "text/javascript", "no-cache"),
        (
            "/manifest.webmanifest",
            "application/manifest+json",
            "no-cache",
        ),
        ("/icons/icon-192.png", "image/png", "no-cache"),
        ("/icons/logo.svg", "image/svg+xml", "no-cache"),
    ];
    for (path, ctype, cache) in cases {
        let r = s.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
        assert_eq!(r.header("cache-control"), Some(cache), "{path}");
    }
    assert_eq!(
        s.get("/marquee-0123456789abcdef.js", None).await.text(),
        "console.log(1)"
    );
    // Re-read from disk: a rebuild shows up at once.
    std::fs::write(dir.join("sw.js"), "v2").unwrap();
    assert_eq!(s.get("/sw.js", None).await.text(), "v2");
    // Static requests are not in the API log and need no auth.
    assert_eq!(s.get("/__demo/requests", None).await.json()["total"], 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn spa_fallback_but_never_for_api_or_assets() {
    let dir = dist("spa");
    let s = server(&dir);
    for path in [
        "/library/abc",
        "/movie/x",
        "/login",
        "/settings",
        "/series/1/season/2",
        "/shows",
    ] {
        let r = s.get(path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(r.text().contains("<title>Marquee</title>"));
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        assert!(r.header("content-security-policy").is_none());
    }
    for path in [
        "/missing.js",
        "/icons/missing.png",
        "/marquee-ffffffffffffffff.wasm",
    ] {
        assert_eq!(
            s.get(path, None).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    for path in [
        "/Items/nope/Whatever",
        "/Users/x/Nothing",
        "/socket/x",
        "/__demo/nothing",
        "/System/Nope",
        // Jellyfin matches paths ignoring case: this is its `/Items/{itemId}`, not an app route.
        "/items/x",
    ] {
        let r = s.get(path, None).await;
        assert_ne!(r.status, StatusCode::OK, "{path}");
        assert!(!r.text().contains("<title>"), "{path}");
    }
    assert_eq!(
        s.get("/../../etc/passwd", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get("/%2e%2e/secret.txt", None).await.status,
        StatusCode::NOT_FOUND
    );
    // HEAD works, with no body.
    let req = Request::builder()
        .method(Method::HEAD)
        .uri("/login")
        .body(Body::empty())
        .unwrap();
    let r = s.send(req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn csp_header_from_csp_txt() {
    let dir = dist("csp");
    std::fs::write(dir.join("csp.txt"), "default-src 'self'; connect-src *\n").unwrap();
    let s = server(&dir);
    for path in ["/", "/index.html", "/library/abc"] {
        let r = s.get(path, None).await;
        assert_eq!(
            r.header("content-security-policy"),
            Some("default-src 'self'; connect-src *"),
            "{path}"
        );
    }
    assert!(s
        .get("/sw.js", None)
        .await
        .header("content-security-policy")
        .is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn without_dist_only_the_api_answers() {
    let s = Server::new();
    assert_eq!(s.get("/", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(s.get("/login", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        s.get("/System/Info/Public", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn app_only_serves_the_app_and_no_jellyfin_api() {
    let dir = dist("app-only");
    let s = Server::with(Config {
        dist: Some(dir.clone()),
        app_only: true,
        ..small_config()
    });
    let index = s.get("/library/abc", None).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.text().contains("<title>Marquee</title>"));
    let wasm = s.get("/marquee-0123456789abcdef_bg.wasm", None).await;
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    for api in ["/System/Info/Public", "/UserViews", "/__demo/requests"] {
        assert_eq!(
            s.get(api, None).await.status,
            StatusCode::NOT_FOUND,
            "{api}"
        );
    }
}

fn get_with(path: &str, accept_encoding: &str) -> Request<Body> {
    Request::builder()
        .uri(path)
        .header("accept-encoding", accept_encoding)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn gzip_copies_of_the_build_go_to_browsers_that_accept_them() {
    let dir = dist("gzip");
    let wasm = "marquee-0123456789abcdef_bg.wasm";
    std::fs::write(dir.join(format!("{wasm}.gz")), b"GZIPPED").unwrap();
    std::fs::write(dir.join("index.html.gz"), b"GZIPPED INDEX").unwrap();
    let s = server(&dir);

    let r = s
        .send(get_with(&format!("/{wasm}"), "gzip, deflate, br"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(r.header("content-type"), Some("application/wasm"));
    assert_eq!(r.header("vary"), Some("accept-encoding"));
    assert_eq!(&r.body[..], b"GZIPPED");
    // The SPA fallback gets the compressed index.html too, with its CSP and no-cache.
    let r = s.send(get_with("/library/abc", "gzip")).await;
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert_eq!(&r.body[..], b"GZIPPED INDEX");

    // No gzip without the header, or when refused.
    for accept in ["", "br", "gzip;q=0", "identity"] {
        let r = s.send(get_with(&format!("/{wasm}"), accept)).await;
        assert_eq!(r.header("content-encoding"), None, "{accept:?}");
        assert_eq!(&r.body[..], b"\0asm\x01\0\0\0", "{accept:?}");
    }
    // A file changed after its copy was written is sent as it is now.
    std::fs::write(dir.join(wasm), b"\0asm\x01\0\0\0rebuilt").unwrap();
    std::fs::File::options()
        .write(true)
        .open(dir.join(wasm))
        .unwrap()
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    let r = s.send(get_with(&format!("/{wasm}"), "gzip")).await;
    assert_eq!(r.header("content-encoding"), None);
    assert_eq!(&r.body[..], b"\0asm\x01\0\0\0rebuilt");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn latency_everywhere_delays_the_apps_own_files() {
    use std::time::{Duration, Instant};
    let dir = dist("latency");
    let s = server(&dir);
    s.post("/__demo/latency", None, serde_json::json!({"ms": 200}))
        .await;
    let t = Instant::now();
    assert_eq!(s.get("/index.html", None).await.status, StatusCode::OK);
    assert!(
        t.elapsed() < Duration::from_millis(150),
        "by default the latency is the API's only"
    );
    let r = s
        .post(
            "/__demo/latency",
            None,
            serde_json::json!({"ms": 200, "everywhere": true}),
        )
        .await;
    assert_eq!(r.json(), serde_json::json!({"ms": 200, "everywhere": true}));
    for path in [
        "/",
        "/library/abc",
        "/marquee-0123456789abcdef_bg.wasm",
        "/sw.js",
    ] {
        let t = Instant::now();
        assert_eq!(s.get(path, None).await.status, StatusCode::OK, "{path}");
        assert!(
            t.elapsed() >= Duration::from_millis(200),
            "{path} was not delayed"
        );
    }
    // Keeps the scope when only the latency changes; a wrong type is refused.
    let r = s
        .post("/__demo/latency", None, serde_json::json!({"ms": 0}))
        .await;
    assert_eq!(r.json()["everywhere"], true);
    assert_eq!(
        s.post(
            "/__demo/latency",
            None,
            serde_json::json!({"ms": 1, "everywhere": "yes"})
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
}
