//! Places where a real Jellyfin server behaves in a way the official clients rely on.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn paths_match_ignoring_case_as_in_jellyfin() {
    let s = Server::new();
    // The official Python client's discovery request.
    let r = s.get("/system/info/public", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["ProductName"], "Jellyfin Server");

    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let upper = s
        .json(
            &format!("/ITEMS?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&Limit=5"),
            &token,
        )
        .await;
    let exact = s
        .json(
            &format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&Limit=5"),
            &token,
        )
        .await;
    assert_eq!(upper, exact);
    let id = items(&exact)[0]["Id"].as_str().unwrap();
    let latest = s.get("/items/latest?Limit=3", Some(&token)).await;
    assert!(latest.json().is_array(), "literal beats {{itemId}}");
    let item = s.json(&format!("/items/{id}"), &token).await;
    assert_eq!(item["Id"], id);
    let image = s.get(&format!("/items/{id}/images/primary"), None).await;
    assert_eq!(image.status, StatusCode::OK);
    // Playback's endpoints too.
    let lower = s
        .get(&format!("/items/{id}/playbackinfo"), Some(&token))
        .await;
    assert_eq!(lower.status, StatusCode::OK, "{}", lower.text());
    assert_eq!(
        lower.json()["MediaSources"][0]["Id"].as_str().map(str::len),
        Some(32)
    );
    // Still authenticated in any case: the gate sees the canonical path.
    assert_eq!(
        s.get("/users/me", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The web app's own routes are not API paths in another case.
    assert_ne!(
        s.get("/library/abc", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn sort_by_date_played_puts_the_last_played_first() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let all = s.all(&token, &movies, "Movie", "").await;
    // Played just now, so it must lead a descending DatePlayed sort; in name order it is
    // not first.
    let target = all[all.len() / 2]["Id"].as_str().unwrap().to_string();
    let r = s
        .post(
            &format!("/UserPlayedItems/{target}"),
            Some(&token),
            serde_json::json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());

    let played = |v: &serde_json::Value| -> Vec<Option<String>> {
        items(v)
            .iter()
            .map(|i| i["UserData"]["LastPlayedDate"].as_str().map(String::from))
            .collect()
    };
    let base = format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie");
    let desc = s
        .json(
            &format!("{base}&SortBy=DatePlayed&SortOrder=Descending"),
            &token,
        )
        .await;
    assert_eq!(items(&desc)[0]["Id"], target.as_str());
    let dates = played(&desc);
    assert!(
        dates.iter().filter(|d| d.is_some()).count() > 1,
        "the generated library has played movies"
    );
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "descending by LastPlayedDate");

    let asc = s
        .json(
            &format!("{base}&sortBy=dateplayed&SortOrder=Ascending&Limit=1000"),
            &token,
        )
        .await;
    let dates = played(&asc);
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "ascending, never played first");
    assert_eq!(items(&asc).last().unwrap()["Id"], target.as_str());

    // Paged the same way, and within Ids too.
    let page = s
        .json(
            &format!("{base}&SortBy=DatePlayed&SortOrder=Descending&StartIndex=1&Limit=3"),
            &token,
        )
        .await;
    assert_eq!(ids(items(&page)), ids(&items(&desc)[1..4]));
    let some: Vec<String> = ids(&items(&desc)[..6]);
    let mut shuffled = some.clone();
    shuffled.reverse();
    let by_ids = s
        .json(
            &format!(
                "/Items?Ids={}&SortBy=DatePlayed&SortOrder=Descending",
                shuffled.join(",")
            ),
            &token,
        )
        .await;
    assert_eq!(ids(items(&by_ids)), some);
}

/// The segments of a JPEG up to the scan: (marker, body).
fn jpeg_segments(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    assert_eq!(&bytes[..2], &[0xFF, 0xD8], "starts with SOI");
    assert_eq!(&bytes[bytes.len() - 2..], &[0xFF, 0xD9], "ends with EOI");
    let mut out = Vec::new();
    let mut i = 2;
    loop {
        assert_eq!(bytes[i], 0xFF, "a marker at {i}");
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        out.push((marker, bytes[i + 4..i + 2 + len].to_vec()));
        i += 2 + len;
        if marker == 0xDA {
            return out;
        }
    }
}

#[tokio::test]
async fn images_come_in_the_asked_format() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let m = s
        .all(&token, &movies, "Movie", "")
        .await
        .into_iter()
        .find(|m| m["ImageTags"]["Primary"].is_string())
        .unwrap();
    let id = m["Id"].as_str().unwrap();
    let tag = m["ImageTags"]["Primary"].as_str().unwrap();

    for format in ["jpg", "Jpg"] {
        let r = s
            .get(
                &format!("/Items/{id}/Images/Primary?tag={tag}&format={format}&fillWidth=123&fillHeight=185&quality=80"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type"), Some("image/jpeg"), "{format}");
        let segments = jpeg_segments(&r.body);
        let markers: Vec<u8> = segments.iter().map(|(m, _)| *m).collect();
        assert_eq!(
            markers,
            [0xE0, 0xDB, 0xDB, 0xC0, 0xC4, 0xC4, 0xC4, 0xC4, 0xDA],
            "JFIF, two quantization tables, baseline frame, four Huffman tables, scan"
        );
        let sof = &segments[3].1;
        let height = u16::from_be_bytes([sof[1], sof[2]]);
        let width = u16::from_be_bytes([sof[3], sof[4]]);
        assert_eq!((width, height), (123, 185));
        assert_eq!(sof[5], 3, "three components (color)");
        assert!(r.body.len() > 300, "has scan data");
    }

    let r = s
        .get(
            &format!("/Items/{id}/Images/Primary?format=Png&maxWidth=40"),
            None,
        )
        .await;
    assert_eq!(r.header("content-type"), Some("image/png"));
    assert_eq!(&r.body[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&r.body[12..16], b"IHDR");
    assert_eq!(u32::from_be_bytes(r.body[16..20].try_into().unwrap()), 40);
    assert_eq!(u32::from_be_bytes(r.body[20..24].try_into().unwrap()), 60);

    // No format: the original, SVG.
    let r = s.get(&format!("/Items/{id}/Images/Primary"), None).await;
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
}

#[tokio::test]
async fn user_policy_names_its_providers() {
    let s = Server::new();
    let r = s.login_as("demo", "demo", "dev-policy").await;
    let policy = &r.json()["User"]["Policy"];
    assert_eq!(
        policy["AuthenticationProviderId"],
        "Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider"
    );
    assert_eq!(
        policy["PasswordResetProviderId"],
        "Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider"
    );
    let token = r.json()["AccessToken"].as_str().unwrap().to_string();
    let me = s.json("/Users/Me", &token).await;
    assert_eq!(&me["Policy"], policy);
}
