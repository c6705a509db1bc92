mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;

#[tokio::test]
async fn images_are_svg_with_strong_caching() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let list = s.all(&token, &movies, "Movie", "").await;
    let m = list
        .iter()
        .find(|m| m["ImageTags"]["Primary"].is_string() && m["BackdropImageTags"][0].is_string())
        .unwrap();
    let id = m["Id"].as_str().unwrap();
    let tag = m["ImageTags"]["Primary"].as_str().unwrap();

    // No auth needed.
    let r = s
        .get(
            &format!(
                "/Items/{id}/Images/Primary?tag={tag}&fillWidth=300&fillHeight=450&quality=90"
            ),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    assert_eq!(r.header("etag"), Some(format!("\"{tag}\"").as_str()));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let svg = r.text();
    assert!(
        svg.starts_with("<svg") && svg.contains("width=\"300\"") && svg.contains("height=\"450\"")
    );

    // Without a tag: revalidate.
    let r = s.get(&format!("/Items/{id}/Images/Primary"), None).await;
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(
        r.text().contains("width=\"400\"") && r.text().contains("height=\"600\""),
        "default poster size"
    );
    let r = s
        .get(&format!("/Items/{id}/Images/Primary?maxWidth=200"), None)
        .await;
    assert!(
        r.text().contains("width=\"200\"") && r.text().contains("height=\"300\""),
        "aspect kept"
    );

    // 304 on If-None-Match.
    let req = Request::builder()
        .uri(format!("/Items/{id}/Images/Primary?tag={tag}"))
        .header("If-None-Match", format!("\"{tag}\""))
        .body(Body::empty())
        .unwrap();
    let r = s.send(req).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    assert!(r.body.is_empty());

    // Backdrops, with and without index.
    let btag = m["BackdropImageTags"][0].as_str().unwrap();
    for path in [
        format!("/Items/{id}/Images/Backdrop?tag={btag}"),
        format!("/Items/{id}/Images/Backdrop/0?tag={btag}"),
    ] {
        let r = s.get(&path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.header("etag"), Some(format!("\"{btag}\"").as_str()));
    }
    // Missing images: 404.
    assert_eq!(
        s.get(&format!("/Items/{id}/Images/Backdrop/1"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(&format!("/Items/{id}/Images/Logo"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(&format!("/Items/{id}/Images/Thumb"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(
            "/Items/0123456789abcdef0123456789abcdef/Images/Primary",
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // One movie in twenty has no poster; the test library (a fixed seed) has some.
    let no_image = list
        .iter()
        .find(|m| m["ImageTags"].get("Primary").is_none())
        .expect("a movie without a poster in the test library");
    let r = s
        .get(
            &format!("/Items/{}/Images/Primary", no_image["Id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn image_text_is_escaped_and_tag_follows_name() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let m = &s
        .all(&token, &movies, "Movie", "")
        .await
        .into_iter()
        .find(|m| m["ImageTags"]["Primary"].is_string())
        .unwrap();
    let id = m["Id"].as_str().unwrap();
    let old_tag = m["ImageTags"]["Primary"].as_str().unwrap().to_string();
    let r = s
        .post(
            &format!("/__demo/items/{id}"),
            None,
            serde_json::json!({"Name": "Love & <Loss>"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let new_tag = r.json()["ImageTags"]["Primary"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(old_tag, new_tag);
    let svg = s
        .get(&format!("/Items/{id}/Images/Primary?tag={new_tag}"), None)
        .await
        .text();
    assert!(svg.contains("Love &amp; &lt;Loss&gt;"), "{svg}");
    // An old ETag no longer matches.
    let req = Request::builder()
        .uri(format!("/Items/{id}/Images/Primary"))
        .header("If-None-Match", format!("\"{old_tag}\""))
        .body(Body::empty())
        .unwrap();
    assert_eq!(s.send(req).await.status, StatusCode::OK);
}

#[tokio::test]
async fn people_have_images() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let list = s.all(&token, &movies, "Movie", "&Fields=People").await;
    let person = list
        .iter()
        .flat_map(|m| m["People"].as_array().unwrap().clone())
        .find(|p| p["PrimaryImageTag"].is_string())
        .unwrap();
    let r = s
        .get(
            &format!(
                "/Items/{}/Images/Primary?tag={}",
                person["Id"].as_str().unwrap(),
                person["PrimaryImageTag"].as_str().unwrap()
            ),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let p = s
        .json(
            &format!("/Items/{}", person["Id"].as_str().unwrap()),
            &token,
        )
        .await;
    assert_eq!(p["Type"], "Person");
    assert_eq!(p["Name"], person["Name"]);
}
