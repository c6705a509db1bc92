//! `/Items/{id}/Download`: byte ranges, the large file, and the `/__demo/downloads` controls.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{Resp, Server};
use serde_json::json;

async fn first_movie_and_episode(s: &Server, token: &str) -> (String, String) {
    let (movies, shows) = s.libraries(token).await;
    let movie = s.all(token, &movies, "Movie", "&SortBy=SortName").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let episode = s.all(token, &shows, "Episode", "&Limit=1").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    (movie, episode)
}

async fn get_range(s: &Server, path: &str, token: &str, range: Option<&str>) -> Resp {
    let mut req = Request::builder().method(Method::GET).uri(path).header(
        "Authorization",
        format!(r#"MediaBrowser Client="Marquee", Device="Test", DeviceId="test-device", Version="0.1.0", Token="{token}""#),
    );
    if let Some(r) = range {
        req = req.header("Range", r);
    }
    s.send(req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn whole_file_and_ranges_agree_byte_for_byte() {
    let s = Server::new();
    let token = s.token().await;
    let (_, episode) = first_movie_and_episode(&s, &token).await;
    let path = format!("/Items/{episode}/Download");

    let whole = get_range(&s, &path, &token, None).await;
    assert_eq!(whole.status, StatusCode::OK);
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(whole.header("content-type"), Some("video/mp4"));
    let len = whole.body.len();
    assert!(len > 100_000, "{len}");
    assert_eq!(
        whole.header("content-length"),
        Some(len.to_string().as_str())
    );

    let tail = get_range(&s, &path, &token, Some("bytes=1000-")).await;
    assert_eq!(tail.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        tail.header("content-range"),
        Some(format!("bytes 1000-{}/{len}", len - 1).as_str())
    );
    assert_eq!(
        tail.header("content-length"),
        Some((len - 1000).to_string().as_str())
    );
    assert_eq!(&tail.body[..], &whole.body[1000..]);

    let mid = get_range(&s, &path, &token, Some("bytes=10-19")).await;
    assert_eq!(mid.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(&mid.body[..], &whole.body[10..20]);

    let past = get_range(&s, &path, &token, Some(&format!("bytes={len}-"))).await;
    assert_eq!(past.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(
        past.header("content-range"),
        Some(format!("bytes */{len}").as_str())
    );
}

#[tokio::test]
async fn needs_a_token_and_a_playable_item() {
    let s = Server::new();
    let token = s.token().await;
    let (movie, _) = first_movie_and_episode(&s, &token).await;
    let r = s.get(&format!("/Items/{movie}/Download"), None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = s
        .get(
            "/Items/00000000000000000000000000000000/Download",
            Some(&token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let (movies, _) = s.libraries(&token).await;
    let r = s
        .get(&format!("/Items/{movies}/Download"), Some(&token))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn one_movie_serves_the_large_file() {
    let s = Server::new();
    let token = s.token().await;
    let controls = s.get("/__demo/downloads", None).await.json();
    let large = controls["LargeItemId"].as_str().unwrap().to_string();
    let total = controls["LargeBytes"].as_u64().unwrap();
    assert!(total >= 20 * 1024 * 1024, "{total}");
    let path = format!("/Items/{large}/Download");
    let tail = get_range(&s, &path, &token, Some("bytes=-16")).await;
    assert_eq!(tail.status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        tail.header("content-range"),
        Some(format!("bytes {}-{}/{total}", total - 16, total - 1).as_str())
    );
    // The clip comes first, then the filler box.
    let head = get_range(&s, &path, &token, Some("bytes=0-15")).await;
    let (_, episode) = first_movie_and_episode(&s, &token).await;
    let clip = get_range(
        &s,
        &format!("/Items/{episode}/Download"),
        &token,
        Some("bytes=0-15"),
    )
    .await;
    assert_eq!(head.body, clip.body);
}

#[tokio::test]
async fn logs_each_range_seen() {
    let s = Server::new();
    let token = s.token().await;
    let (_, episode) = first_movie_and_episode(&s, &token).await;
    let path = format!("/Items/{episode}/Download");
    get_range(&s, &path, &token, None).await;
    get_range(&s, &path, &token, Some("bytes=4096-")).await;
    let seen = s.get("/__demo/downloads", None).await.json()["Requests"].clone();
    assert_eq!(
        seen,
        json!([
            {"ItemId": episode, "Range": null, "Status": 200},
            {"ItemId": episode, "Range": "bytes=4096-", "Status": 206},
        ])
    );
    assert_eq!(
        s.delete("/__demo/downloads", None).await.status,
        StatusCode::NO_CONTENT
    );
    let seen = s.get("/__demo/downloads", None).await.json()["Requests"].clone();
    assert_eq!(seen, json!([]));
}

#[tokio::test]
async fn a_cut_breaks_the_next_body_after_its_bytes() {
    let s = Server::new();
    let token = s.token().await;
    let (_, episode) = first_movie_and_episode(&s, &token).await;
    let r = s
        .post(
            "/__demo/downloads/cut",
            None,
            json!({"after_bytes": 100_000}),
        )
        .await;
    assert_eq!(r.json()["CutAfterBytes"], 100_000);
    let req = Request::builder()
        .uri(format!("/Items/{episode}/Download"))
        .header(
            "Authorization",
            format!(r#"MediaBrowser Client="Marquee", Device="T", DeviceId="d", Version="0", Token="{token}""#),
        )
        .body(Body::empty())
        .unwrap();
    let resp = tower::ServiceExt::oneshot(demo_server::app(s.state.clone()), req)
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let mut body = resp.into_body();
    let mut got = 0usize;
    let mut failed = false;
    while let Some(frame) = http_body_util::BodyExt::frame(&mut body).await {
        match frame {
            Ok(f) => got += f.into_data().map(|d| d.len()).unwrap_or(0),
            Err(_) => {
                failed = true;
                break;
            }
        }
    }
    assert!(failed, "the body must end in an error, not look complete");
    assert_eq!(got, 100_000);
    // The cut applied once: the next download is whole.
    let whole = get_range(&s, &format!("/Items/{episode}/Download"), &token, None).await;
    assert_eq!(
        whole.header("content-length"),
        Some(whole.body.len().to_string().as_str())
    );
}

#[tokio::test]
async fn the_throttle_paces_the_body() {
    let s = Server::new();
    let token = s.token().await;
    let (_, episode) = first_movie_and_episode(&s, &token).await;
    s.post(
        "/__demo/downloads/throttle",
        None,
        json!({"bytes_per_sec": 1_000_000}),
    )
    .await;
    let started = std::time::Instant::now();
    let r = get_range(
        &s,
        &format!("/Items/{episode}/Download"),
        &token,
        Some("bytes=0-299999"),
    )
    .await;
    assert_eq!(r.body.len(), 300_000);
    let took = started.elapsed().as_millis();
    assert!(took >= 250, "300 KB at 1 MB/s took {took} ms");
    let bad = s
        .post(
            "/__demo/downloads/throttle",
            None,
            json!({"bytes_per_sec": "fast"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn head_gives_the_size_and_is_not_logged() {
    let s = Server::new();
    let token = s.token().await;
    let (_, episode) = first_movie_and_episode(&s, &token).await;
    let path = format!("/Items/{episode}/Download");
    let whole = get_range(&s, &path, &token, None).await;
    s.state.downloads.reset();
    let r = s.request(Method::HEAD, &path, Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header("content-length"),
        Some(whole.body.len().to_string().as_str())
    );
    assert!(r.body.is_empty());
    assert!(s.state.downloads.seen().is_empty());
}
