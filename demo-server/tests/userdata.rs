//! Played / favorite marks in both path forms, folder marking, and MinDateLastSavedForUser.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

async fn unplayed_movie(s: &Server, token: &str) -> String {
    let (movies, _) = s.libraries(token).await;
    let list = s.all(token, &movies, "Movie", "&Filters=IsUnplayed").await;
    list.iter()
        .find(|m| {
            m["UserData"]["IsFavorite"] == false && m["UserData"]["PlaybackPositionTicks"] == 0
        })
        .unwrap()["Id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn check_dto(d: &Value) {
    for k in [
        "PlaybackPositionTicks",
        "PlayCount",
        "IsFavorite",
        "Played",
        "Key",
        "ItemId",
    ] {
        assert!(d.get(k).is_some(), "UserItemDataDto lacks {k}");
    }
}

#[tokio::test]
async fn played_post_and_delete_in_both_forms() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let id = unplayed_movie(&s, &token).await;
    for (mark, unmark) in [
        (
            format!("/UserPlayedItems/{id}"),
            format!("/UserPlayedItems/{id}"),
        ),
        (
            format!("/Users/{user}/PlayedItems/{id}"),
            format!("/Users/{user}/PlayedItems/{id}"),
        ),
    ] {
        let r = s.post(&mark, Some(&token), json!({})).await;
        assert_eq!(r.status, StatusCode::OK);
        let d = r.json();
        check_dto(&d);
        assert_eq!(d["Played"], true);
        assert_eq!(d["PlayCount"], 1);
        assert_eq!(d["PlaybackPositionTicks"], 0);
        assert!(d["LastPlayedDate"].is_string());
        assert!(d.get("PlayedPercentage").is_none());
        let item = s.json(&format!("/Items/{id}"), &token).await;
        assert_eq!(item["UserData"]["Played"], true);

        let r = s.delete(&unmark, Some(&token)).await;
        assert_eq!(r.status, StatusCode::OK);
        let d = r.json();
        assert_eq!(d["Played"], false);
        assert_eq!(d["PlayCount"], 0);
        assert!(d.get("LastPlayedDate").is_none());
        let item = s.json(&format!("/Items/{id}"), &token).await;
        assert_eq!(item["UserData"]["Played"], false);
    }
    // Played resets a resume position.
    let (movies, _) = s.libraries(&token).await;
    let resumable = s
        .all(&token, &movies, "Movie", "&Filters=IsResumable")
        .await;
    let rid = resumable[0]["Id"].as_str().unwrap();
    let d = s
        .post(&format!("/UserPlayedItems/{rid}"), Some(&token), json!({}))
        .await
        .json();
    assert_eq!(d["PlaybackPositionTicks"], 0);
    assert_eq!(
        s.post(
            "/UserPlayedItems/0123456789abcdef0123456789abcdef",
            Some(&token),
            json!({})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn favorite_post_and_delete_in_both_forms() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let id = unplayed_movie(&s, &token).await;
    for path in [
        format!("/UserFavoriteItems/{id}"),
        format!("/Users/{user}/FavoriteItems/{id}"),
    ] {
        let d = s.post(&path, Some(&token), json!({})).await.json();
        check_dto(&d);
        assert_eq!(d["IsFavorite"], true);
        let (movies, _) = s.libraries(&token).await;
        let favs = s.all(&token, &movies, "Movie", "&Filters=IsFavorite").await;
        assert!(ids(&favs).contains(&id));
        let d = s.delete(&path, Some(&token)).await.json();
        assert_eq!(d["IsFavorite"], false);
        let favs = s.all(&token, &movies, "Movie", "&Filters=IsFavorite").await;
        assert!(!ids(&favs).contains(&id));
    }
}

#[tokio::test]
async fn users_have_separate_user_data() {
    let s = Server::new();
    let demo = s.token().await;
    let alice = s.token_for("alice").await;
    let id = unplayed_movie(&s, &demo).await;
    let before = s.json(&format!("/Items/{id}"), &alice).await["UserData"].clone();
    s.post(&format!("/UserFavoriteItems/{id}"), Some(&demo), json!({}))
        .await;
    s.post(&format!("/UserPlayedItems/{id}"), Some(&demo), json!({}))
        .await;
    let after = s.json(&format!("/Items/{id}"), &alice).await["UserData"].clone();
    assert_eq!(before, after);
    assert_eq!(
        s.json(&format!("/Items/{id}"), &demo).await["UserData"]["IsFavorite"],
        true
    );
}

#[tokio::test]
async fn marking_a_series_or_season_marks_its_episodes() {
    let s = Server::new();
    let token = s.token().await;
    let (_, shows) = s.libraries(&token).await;
    let series = s.all(&token, &shows, "Series", "").await;
    let sid = series
        .iter()
        .find(|x| x["UserData"]["UnplayedItemCount"].as_u64().unwrap() > 0)
        .unwrap()["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let d = s
        .post(&format!("/UserPlayedItems/{sid}"), Some(&token), json!({}))
        .await
        .json();
    assert_eq!(d["Played"], true);
    assert_eq!(d["UnplayedItemCount"], 0);
    let eps = s.json(&format!("/Shows/{sid}/Episodes"), &token).await;
    assert!(items(&eps).iter().all(|e| e["UserData"]["Played"] == true));
    let seasons = s.json(&format!("/Shows/{sid}/Seasons"), &token).await;
    assert!(items(&seasons)
        .iter()
        .all(|x| x["UserData"]["UnplayedItemCount"] == 0 && x["UserData"]["Played"] == true));

    // Unmark one season: only its episodes, and the series count follows.
    let season = &items(&seasons)[0];
    let season_id = season["Id"].as_str().unwrap();
    let d = s
        .delete(&format!("/UserPlayedItems/{season_id}"), Some(&token))
        .await
        .json();
    let n = s
        .json(
            &format!("/Shows/{sid}/Episodes?SeasonId={season_id}"),
            &token,
        )
        .await["TotalRecordCount"]
        .as_u64()
        .unwrap();
    assert_eq!(d["UnplayedItemCount"].as_u64().unwrap(), n);
    assert_eq!(d["Played"], false);
    let series_now = s.json(&format!("/Items/{sid}"), &token).await;
    assert_eq!(
        series_now["UserData"]["UnplayedItemCount"]
            .as_u64()
            .unwrap(),
        n
    );
    assert_eq!(series_now["UserData"]["Played"], false);

    // One episode: the season's count drops by one.
    let eps = s
        .json(
            &format!("/Shows/{sid}/Episodes?SeasonId={season_id}"),
            &token,
        )
        .await;
    let ep = items(&eps)[0]["Id"].as_str().unwrap();
    s.post(&format!("/UserPlayedItems/{ep}"), Some(&token), json!({}))
        .await;
    let season_now = s.json(&format!("/Items/{season_id}"), &token).await;
    assert_eq!(
        season_now["UserData"]["UnplayedItemCount"]
            .as_u64()
            .unwrap(),
        n - 1
    );
}

#[tokio::test]
async fn min_date_last_saved_for_user_after_marking_played() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, shows) = s.libraries(&token).await;
    let since = iso_now();
    let none = s
        .json(
            &format!("/Items?Recursive=true&MinDateLastSavedForUser={since}"),
            &token,
        )
        .await;
    assert_eq!(none["TotalRecordCount"], 0);
    let id = unplayed_movie(&s, &token).await;
    s.post(&format!("/UserPlayedItems/{id}"), Some(&token), json!({}))
        .await;
    let changed = s
        .json(
            &format!("/Items?ParentId={movies}&Recursive=true&MinDateLastSavedForUser={since}"),
            &token,
        )
        .await;
    assert_eq!(ids(items(&changed)), vec![id.clone()]);
    // Another user's change is not this user's.
    let alice = s.token_for("alice").await;
    let changed = s
        .json(
            &format!("/Items?Recursive=true&MinDateLastSavedForUser={since}"),
            &alice,
        )
        .await;
    assert_eq!(changed["TotalRecordCount"], 0);
    // An episode brings its season and series along (their unplayed counts changed).
    let since = iso_now();
    let eps = s
        .all(&token, &shows, "Episode", "&Filters=IsUnplayed&Limit=1")
        .await;
    let ep = &eps[0];
    s.post(
        &format!("/UserPlayedItems/{}", ep["Id"].as_str().unwrap()),
        Some(&token),
        json!({}),
    )
    .await;
    let changed = s
        .json(
            &format!("/Items?Recursive=true&MinDateLastSavedForUser={since}"),
            &token,
        )
        .await;
    let mut got = ids(items(&changed));
    got.sort();
    let mut want = vec![
        ep["Id"].as_str().unwrap().to_string(),
        ep["SeasonId"].as_str().unwrap().to_string(),
        ep["SeriesId"].as_str().unwrap().to_string(),
    ];
    want.sort();
    assert_eq!(got, want);
    // Metadata is unchanged by user data.
    let meta = s
        .json(
            &format!("/Items?Recursive=true&MinDateLastSaved={since}"),
            &token,
        )
        .await;
    assert_eq!(meta["TotalRecordCount"], 0);
}
