//! `/__demo/` control endpoints and injected faults.
mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn first_movie(s: &Server, token: &str) -> Value {
    let (movies, _) = s.libraries(token).await;
    s.all(token, &movies, "Movie", "&Fields=Etag,Overview")
        .await
        .remove(0)
}

#[tokio::test]
async fn update_item_bumps_etag_and_min_date_last_saved() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let movie = first_movie(&s, &token).await;
    let id = movie["Id"].as_str().unwrap();
    let since = iso_now();
    let none = s
        .json(
            &format!("/Items?ParentId={movies}&Recursive=true&MinDateLastSaved={since}"),
            &token,
        )
        .await;
    assert_eq!(none["TotalRecordCount"], 0);

    let r = s.post(&format!("/__demo/items/{id}"), None, json!({"Name": "Zzz Renamed", "Overview": "New & improved", "CommunityRating": 9.1, "ProductionYear": 1999})).await;
    assert_eq!(r.status, StatusCode::OK);
    let full = r.json();
    assert_eq!(full["Id"], id);
    assert_eq!(full["Name"], "Zzz Renamed");
    assert_eq!(full["SortName"], "zzz renamed");
    assert_eq!(full["Overview"], "New & improved");
    assert_eq!(full["CommunityRating"], 9.1);
    assert_eq!(full["ProductionYear"], 1999);
    assert_ne!(full["Etag"], movie["Etag"]);

    let changed = s
        .json(
            &format!("/Items?ParentId={movies}&Recursive=true&MinDateLastSaved={since}"),
            &token,
        )
        .await;
    assert_eq!(ids(items(&changed)), vec![id.to_string()]);
    // Sorted into its new place.
    let sorted = s
        .all(&token, &movies, "Movie", "&SortBy=SortName&Fields=SortName")
        .await;
    let names: Vec<&str> = sorted
        .iter()
        .map(|m| m["SortName"].as_str().unwrap())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]));
    let pos = names.iter().position(|n| *n == "zzz renamed").unwrap();
    assert_eq!(sorted[pos]["Id"], id);
    assert!(pos > 0 && names[pos - 1] < "zzz renamed");
    // The API sees the same.
    assert_eq!(
        s.json(&format!("/Items/{id}"), &token).await["Name"],
        "Zzz Renamed"
    );
    // Overview can be removed.
    let r = s
        .post(
            &format!("/__demo/items/{id}"),
            None,
            json!({"Overview": null}),
        )
        .await
        .json();
    assert!(r.get("Overview").is_none());

    assert_eq!(
        s.post(
            "/__demo/items/0123456789abcdef0123456789abcdef",
            None,
            json!({"Name": "x"})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.post(&format!("/__demo/items/{id}"), None, json!({"Name": 5}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

/// A body with one bad field is refused whole: nothing it names is changed or added.
#[tokio::test]
async fn a_refused_body_changes_nothing() {
    let s = Server::new();
    let token = s.token().await;
    let movie = first_movie(&s, &token).await;
    let id = movie["Id"].as_str().unwrap();
    let r = s
        .post(
            &format!("/__demo/items/{id}"),
            None,
            json!({"Name": "Half Renamed", "Overview": 5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let after = s.json(&format!("/Items/{id}"), &token).await;
    assert_eq!(
        (&after["Name"], &after["Etag"]),
        (&movie["Name"], &movie["Etag"])
    );

    let (movies, _) = s.libraries(&token).await;
    let count = format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&Limit=0");
    let before = s.json(&count, &token).await["TotalRecordCount"].clone();
    let r = s
        .post(
            "/__demo/items",
            None,
            json!({"Type": "Movie", "Name": "Half Added", "ProductionYear": "soon"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(s.json(&count, &token).await["TotalRecordCount"], before);
    let found = s
        .json("/Items?Recursive=true&SearchTerm=Half%20Added", &token)
        .await;
    assert_eq!(items(&found), &Vec::<Value>::new());
}

#[tokio::test]
async fn get_item_with_a_users_data() {
    let s = Server::new();
    let token = s.token().await;
    let movie = first_movie(&s, &token).await;
    let id = movie["Id"].as_str().unwrap();
    let r = s
        .post(
            &format!("/__demo/userdata/{id}"),
            None,
            json!({"User": "alice", "IsFavorite": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["IsFavorite"], true);
    let alice = s
        .get(&format!("/__demo/items/{id}?user=alice"), None)
        .await
        .json();
    assert_eq!(alice["UserData"]["IsFavorite"], true);
    assert!(alice["Overview"].is_string() || alice.get("Overview").is_none());
    assert!(alice["People"].is_array(), "full item");
    let demo = s.get(&format!("/__demo/items/{id}"), None).await.json();
    assert_eq!(
        demo["UserData"],
        s.json(&format!("/Items/{id}"), &token).await["UserData"]
    );
    assert_eq!(
        s.get("/__demo/items/0123456789abcdef0123456789abcdef", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(&format!("/__demo/items/{id}?user=nobody"), None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn add_and_delete_items() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, shows) = s.libraries(&token).await;
    let r = s
        .post(
            "/__demo/items",
            None,
            json!({"Type": "Movie", "Name": "Brand New Film"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let movie = r.json();
    let id = movie["Id"].as_str().unwrap().to_string();
    assert!(is_hex32(&id));
    assert_eq!(movie["Type"], "Movie");
    assert_eq!(movie["ParentId"], movies.as_str());
    assert_eq!(
        s.json(
            &format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&Limit=0"),
            &token
        )
        .await["TotalRecordCount"],
        61
    );
    let latest = s
        .json(&format!("/Items/Latest?ParentId={movies}&Limit=1"), &token)
        .await;
    assert_eq!(latest[0]["Id"], id.as_str());

    // An episode in a season.
    let series = s.all(&token, &shows, "Series", "").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let seasons = s.json(&format!("/Shows/{series}/Seasons"), &token).await;
    let season = items(&seasons).last().unwrap().clone();
    let season_id = season["Id"].as_str().unwrap();
    let before = s
        .json(
            &format!("/Shows/{series}/Episodes?SeasonId={season_id}"),
            &token,
        )
        .await;
    let n = items(&before).len();
    let ep = s
        .post(
            "/__demo/items",
            None,
            json!({"Type": "Episode", "SeasonId": season_id, "Name": "Bonus"}),
        )
        .await
        .json();
    assert_eq!(ep["SeasonId"], season_id);
    assert_eq!(ep["SeriesId"], series.as_str());
    assert_eq!(ep["IndexNumber"].as_u64().unwrap() as usize, n + 1);
    let after = s
        .json(
            &format!("/Shows/{series}/Episodes?SeasonId={season_id}"),
            &token,
        )
        .await;
    assert_eq!(items(&after).last().unwrap()["Id"], ep["Id"]);
    assert_eq!(
        s.post(
            "/__demo/items",
            None,
            json!({"Type": "Episode", "Name": "x"})
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.post("/__demo/items", None, json!({"Type": "Bogus", "Name": "x"}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    // Delete a series: its seasons and episodes go too.
    let all_eps = s.json(&format!("/Shows/{series}/Episodes"), &token).await;
    let r = s.delete(&format!("/__demo/items/{series}"), None).await;
    assert_eq!(r.status, StatusCode::OK);
    let removed = r.json()["removed"].as_array().unwrap().len();
    assert_eq!(removed, 1 + items(&seasons).len() + items(&all_eps).len());
    assert_eq!(
        s.get(&format!("/Items/{series}"), Some(&token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let ep_id = items(&all_eps)[0]["Id"].as_str().unwrap();
    assert_eq!(
        s.get(&format!("/Items/{ep_id}"), Some(&token)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.all(&token, &shows, "Series", "").await.len(), 5);
    assert_eq!(
        s.delete(&format!("/__demo/items/{series}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.delete(&format!("/__demo/items/{movies}"), None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    s.delete(&format!("/__demo/items/{id}"), None).await;
    assert_eq!(
        s.json(
            &format!("/Items?ParentId={movies}&Recursive=true&Limit=0"),
            &token
        )
        .await["TotalRecordCount"],
        60
    );
}

#[tokio::test]
async fn userdata_control_changes_state_like_another_client() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let m = s
        .all(&token, &movies, "Movie", "&Filters=IsUnplayed")
        .await
        .remove(0);
    let id = m["Id"].as_str().unwrap();
    let runtime = m["RunTimeTicks"].as_i64().unwrap();
    let d = s
        .post(
            &format!("/__demo/userdata/{id}"),
            None,
            json!({"User": "demo", "PlaybackPositionTicks": runtime / 2}),
        )
        .await
        .json();
    assert_eq!(d["PlaybackPositionTicks"], runtime / 2);
    assert!((d["PlayedPercentage"].as_f64().unwrap() - 50.0).abs() < 0.1);
    let resume = s.json("/UserItems/Resume", &token).await;
    assert_eq!(
        items(&resume)[0]["Id"],
        id,
        "just played: first in Continue Watching"
    );
    let d = s
        .post(
            &format!("/__demo/userdata/{id}"),
            None,
            json!({"User": "demo", "Played": true}),
        )
        .await
        .json();
    assert_eq!(d["Played"], true);
    assert_eq!(d["PlaybackPositionTicks"], 0);
    assert_eq!(
        s.json(&format!("/Items/{id}"), &token).await["UserData"]["Played"],
        true
    );
    assert_eq!(
        s.post(
            &format!("/__demo/userdata/{id}"),
            None,
            json!({"User": "demo"})
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.post(
            &format!("/__demo/userdata/{id}"),
            None,
            json!({"User": "zed", "Played": true})
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn latency_applies_to_api_only() {
    let s = Server::new();
    let token = s.token().await;
    assert_eq!(s.get("/__demo/latency", None).await.json()["ms"], 0);
    let r = s.post("/__demo/latency", None, json!({"ms": 150})).await;
    assert_eq!(r.json()["ms"], 150);
    assert_eq!(s.get("/__demo/latency", None).await.json()["ms"], 150);
    let t = Instant::now();
    s.get("/UserViews", Some(&token)).await;
    assert!(t.elapsed() >= Duration::from_millis(150));
    let t = Instant::now();
    s.get("/__demo/latency", None).await;
    assert!(t.elapsed() < Duration::from_millis(100));
    // Images are exempt (see gate.rs): they must not hold the browser's connections.
    let views = s.get("/UserViews", Some(&token)).await.json();
    let library = views["Items"][0]["Id"].as_str().unwrap().to_string();
    let items = s
        .get(
            &format!("/Items?ParentId={library}&Recursive=true&Limit=5"),
            Some(&token),
        )
        .await
        .json();
    let with_image = items["Items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["ImageTags"]["Primary"].is_string())
        .expect("an item with a poster");
    let image = format!(
        "/Items/{}/Images/Primary?tag={}",
        with_image["Id"].as_str().unwrap(),
        with_image["ImageTags"]["Primary"].as_str().unwrap()
    );
    let t = Instant::now();
    assert_eq!(s.get(&image, None).await.status, StatusCode::OK);
    assert!(
        t.elapsed() < Duration::from_millis(100),
        "images skip the latency"
    );
    assert_eq!(
        s.post("/__demo/latency", None, json!({"ms": "x"}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

async fn fault(s: &Server, body: Value) {
    let r = s.post("/__demo/faults", None, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn fault_status_with_count_and_listing() {
    let s = Server::new();
    let token = s.token().await;
    fault(
        &s,
        json!({"prefix": "/items", "mode": "status", "status": 503, "count": 2}),
    )
    .await;
    let list = s.get("/__demo/faults", None).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["mode"], "status");
    assert_eq!(list[0]["count"], 2);
    for _ in 0..2 {
        let r = s.get("/Items?Limit=1", Some(&token)).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(r.json()["error"].is_string());
    }
    assert_eq!(
        s.get("/Items?Limit=1", Some(&token)).await.status,
        StatusCode::OK,
        "used up"
    );
    assert!(s
        .get("/__demo/faults", None)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    // Prefix matching: other paths unaffected; "/" matches every API path, never /__demo/.
    fault(
        &s,
        json!({"prefix": "/Shows", "mode": "status", "status": 500}),
    )
    .await;
    assert_eq!(
        s.get("/UserViews", Some(&token)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        s.get("/Shows/NextUp", Some(&token)).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    fault(&s, json!({"prefix": "/", "mode": "status", "status": 502})).await;
    assert_eq!(
        s.get("/UserViews", Some(&token)).await.status,
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(
        s.get("/System/Info/Public", None).await.status,
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(
        s.get("/Shows/NextUp", Some(&token)).await.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "longest prefix wins"
    );
    assert_eq!(s.get("/__demo/faults", None).await.status, StatusCode::OK);
    let r = s.delete("/__demo/faults", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        s.get("/UserViews", Some(&token)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        s.post(
            "/__demo/faults",
            None,
            json!({"prefix": "/Items", "mode": "explode"})
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        s.post("/__demo/faults", None, json!({"mode": "status"}))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn fault_body_modes() {
    let s = Server::new();
    let token = s.token().await;
    let real = s.get("/Items?Limit=3&Recursive=true", Some(&token)).await;

    fault(
        &s,
        json!({"prefix": "/Items", "mode": "malformed", "count": 1}),
    )
    .await;
    let r = s.get("/Items?Limit=3&Recursive=true", Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    fault(
        &s,
        json!({"prefix": "/Items", "mode": "truncated", "count": 1}),
    )
    .await;
    let r = s.get("/Items?Limit=3&Recursive=true", Some(&token)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(r.body.len(), real.body.len() / 2);
    assert_eq!(&r.body[..], &real.body[..real.body.len() / 2]);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    fault(
        &s,
        json!({"prefix": "/Items", "mode": "wrong_shape", "count": 2}),
    )
    .await;
    let r = s.get("/Items?Limit=3", Some(&token)).await;
    assert_eq!(r.json(), json!([]), "object → []");
    let r = s.get("/Items/Latest", Some(&token)).await;
    assert_eq!(r.json(), json!({}), "array → {{}}");

    fault(
        &s,
        json!({"prefix": "/Items", "mode": "missing_id", "count": 2}),
    )
    .await;
    let v = s
        .get("/Items?Limit=3&Recursive=true", Some(&token))
        .await
        .json();
    assert_eq!(items(&v).len(), 3);
    assert!(items(&v)
        .iter()
        .all(|i| i.get("Id").is_none() && i["Name"].is_string()));
    let v = s.get("/Items/Latest?Limit=3", Some(&token)).await.json();
    assert!(v.as_array().unwrap().iter().all(|i| i.get("Id").is_none()));
    assert_eq!(
        s.get("/Items?Limit=3&Recursive=true", Some(&token))
            .await
            .body,
        real.body
    );
}

#[tokio::test]
async fn fault_stall_then_504() {
    let s = Server::new();
    let token = s.token().await;
    fault(
        &s,
        json!({"prefix": "/UserViews", "mode": "stall", "ms": 200, "count": 1}),
    )
    .await;
    let t = Instant::now();
    let r = s.get("/UserViews", Some(&token)).await;
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert_eq!(r.status, StatusCode::GATEWAY_TIMEOUT);
    // The default stall is long: a client timeout fires first.
    fault(&s, json!({"prefix": "/UserViews", "mode": "stall"})).await;
    let stalled = tokio::time::timeout(
        Duration::from_millis(300),
        s.get("/UserViews", Some(&token)),
    )
    .await;
    assert!(stalled.is_err());
}

#[tokio::test]
async fn request_log() {
    let s = Server::new();
    let token = s.token().await;
    s.get("/UserViews", Some(&token)).await;
    s.get("/Items?Limit=2", Some(&token)).await;
    s.get("/Items?Limit=3", None).await;
    s.get("/__demo/latency", None).await;
    let log = s.get("/__demo/requests", None).await.json();
    assert_eq!(log["total"], 4, "{log}");
    assert_eq!(log["by_path"]["/Items"], 2);
    assert_eq!(log["by_path"]["/UserViews"], 1);
    assert_eq!(log["by_path"]["/Users/AuthenticateByName"], 1);
    let entries = log["log"].as_array().unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last["method"], "GET");
    assert_eq!(last["path"], "/Items");
    assert_eq!(last["query"], "Limit=3");
    assert_eq!(last["status"], 401);
    assert!(last["ms"].is_number());
    let r = s.delete("/__demo/requests", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(s.get("/__demo/requests", None).await.json()["total"], 0);
}

#[tokio::test]
async fn reset_restores_everything() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let before = s.all(&token, &movies, "Movie", "&Fields=Etag").await;
    let id = before[0]["Id"].as_str().unwrap();
    s.post(
        &format!("/__demo/items/{id}"),
        None,
        json!({"Name": "Changed"}),
    )
    .await;
    s.post(
        "/__demo/items",
        None,
        json!({"Type": "Movie", "Name": "Extra"}),
    )
    .await;
    s.delete(
        &format!("/__demo/items/{}", before[1]["Id"].as_str().unwrap()),
        None,
    )
    .await;
    s.post(
        &format!("/UserPlayedItems/{}", before[2]["Id"].as_str().unwrap()),
        Some(&token),
        json!({}),
    )
    .await;
    s.post("/__demo/latency", None, json!({"ms": 20})).await;
    fault(
        &s,
        json!({"prefix": "/Shows", "mode": "status", "status": 500}),
    )
    .await;

    let r = s.post("/__demo/reset", None, json!({})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(s.get("/__demo/latency", None).await.json()["ms"], 0);
    assert!(s
        .get("/__demo/faults", None)
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        s.get("/Shows/NextUp", Some(&token)).await.status,
        StatusCode::OK,
        "token survives reset"
    );
    let after = s.all(&token, &movies, "Movie", "&Fields=Etag").await;
    assert_eq!(before, after);
}
