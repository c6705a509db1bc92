//! Continue Watching, Next Up, Latest, Seasons and Episodes.
mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn resume_in_both_forms() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let a = s
        .json("/UserItems/Resume?MediaTypes=Video&Limit=50", &token)
        .await;
    let b = s
        .json(
            &format!("/Users/{user}/Items/Resume?MediaTypes=Video&Limit=50"),
            &token,
        )
        .await;
    assert_eq!(a, b);
    let list = items(&a);
    assert!(list.len() >= 3, "{}", list.len());
    assert_eq!(a["TotalRecordCount"].as_u64().unwrap() as usize, list.len());
    let mut last: Option<String> = None;
    for i in list {
        let d = &i["UserData"];
        assert!(d["PlaybackPositionTicks"].as_i64().unwrap() > 0);
        assert_eq!(d["Played"], false);
        assert!(d["PlayedPercentage"].as_f64().unwrap() > 0.0);
        let played = d["LastPlayedDate"].as_str().unwrap().to_string();
        if let Some(prev) = &last {
            assert!(*prev >= played, "most recently played first");
        }
        last = Some(played);
        assert!(["Movie", "Episode"].contains(&i["Type"].as_str().unwrap()));
    }
    let limited = s.json("/UserItems/Resume?Limit=2", &token).await;
    assert_eq!(items(&limited).len(), 2);
    assert_eq!(ids(items(&limited)), ids(&list[..2]));
    // ParentId restricts to a library.
    let (movies, _) = s.libraries(&token).await;
    let only = s
        .json(&format!("/UserItems/Resume?ParentId={movies}"), &token)
        .await;
    assert!(items(&only).iter().all(|i| i["Type"] == "Movie"));
    assert!(!items(&only).is_empty());
    // Marking one played takes it off the list.
    let first = list[0]["Id"].as_str().unwrap();
    s.post(
        &format!("/UserPlayedItems/{first}"),
        Some(&token),
        json!({}),
    )
    .await;
    let after = s.json("/UserItems/Resume?Limit=50", &token).await;
    assert!(!ids(items(&after)).contains(&first.to_string()));
}

#[tokio::test]
async fn next_up() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let v = s
        .json(&format!("/Shows/NextUp?userId={user}&Limit=20"), &token)
        .await;
    let list = items(&v).clone();
    assert!(!list.is_empty());
    let mut series_seen = Vec::new();
    // Next Up entries whose series has an episode after them.
    let mut with_following = Vec::new();
    for ep in &list {
        assert_eq!(ep["Type"], "Episode");
        assert_eq!(ep["UserData"]["Played"], false);
        assert!(
            ep["ParentIndexNumber"].as_i64().unwrap() > 0,
            "no specials in Next Up"
        );
        let sid = ep["SeriesId"].as_str().unwrap().to_string();
        assert!(!series_seen.contains(&sid), "one per series");
        series_seen.push(sid.clone());
        // The previous episode (in order) is played.
        let eps = s.json(&format!("/Shows/{sid}/Episodes"), &token).await;
        let eps = items(&eps);
        let pos = eps.iter().position(|e| e["Id"] == ep["Id"]).unwrap();
        assert!(pos > 0);
        assert_eq!(
            eps[pos - 1]["UserData"]["Played"],
            true,
            "episode before next up is played"
        );
        if let Some(following) = eps.get(pos + 1) {
            with_following.push((ep.clone(), following["Id"].clone()));
        }
    }
    assert!(
        with_following.len() >= 2,
        "the test library has two series with an episode after their Next Up"
    );
    // SeriesId narrows to one series.
    let sid = &series_seen[0];
    let one = s
        .json(&format!("/Shows/NextUp?SeriesId={sid}"), &token)
        .await;
    assert_eq!(items(&one).len(), 1);
    assert_eq!(items(&one)[0]["Id"], list[0]["Id"]);
    // Marking the next-up episode played moves Next Up on to the following one.
    let (first, following) = &with_following[0];
    let first_series = first["SeriesId"].as_str().unwrap();
    s.post(
        &format!("/UserPlayedItems/{}", first["Id"].as_str().unwrap()),
        Some(&token),
        json!({}),
    )
    .await;
    let one = s
        .json(&format!("/Shows/NextUp?SeriesId={first_series}"), &token)
        .await;
    assert_eq!(ids(items(&one)), [following.as_str().unwrap()]);
    // Series most recently watched first: watching another series moves it to the top.
    let (other, _) = with_following.last().unwrap();
    s.post(
        &format!("/UserPlayedItems/{}", other["Id"].as_str().unwrap()),
        Some(&token),
        json!({}),
    )
    .await;
    let v = s.json("/Shows/NextUp", &token).await;
    assert_eq!(items(&v)[0]["SeriesId"], other["SeriesId"]);
}

#[tokio::test]
async fn default_library_fills_home_rows() {
    let s = Server::with(demo_server::Config::default());
    let token = s.token().await;
    let resume = s
        .json("/UserItems/Resume?MediaTypes=Video&Limit=100", &token)
        .await;
    assert!(items(&resume).len() >= 12);
    let next = s.json("/Shows/NextUp?Limit=100", &token).await;
    assert!(items(&next).len() >= 12, "{}", items(&next).len());
    let (_, shows) = s.libraries(&token).await;
    let total = s
        .json(
            &format!("/Items?ParentId={shows}&Recursive=true&IncludeItemTypes=Episode&Limit=0"),
            &token,
        )
        .await;
    let n = total["TotalRecordCount"].as_u64().unwrap();
    assert!((2000..=9000).contains(&n), "{n} episodes");
}

#[tokio::test]
async fn latest_is_a_bare_array_and_groups_episodes() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let (movies, shows) = s.libraries(&token).await;
    let a = s
        .json(&format!("/Items/Latest?ParentId={movies}&Limit=10"), &token)
        .await;
    let b = s
        .json(
            &format!("/Users/{user}/Items/Latest?ParentId={movies}&Limit=10"),
            &token,
        )
        .await;
    assert_eq!(a, b);
    let list = a.as_array().expect("bare array");
    assert_eq!(list.len(), 10);
    let dated = s
        .json(
            &format!("/Items/Latest?ParentId={movies}&Limit=10&Fields=DateCreated"),
            &token,
        )
        .await;
    let dates: Vec<&str> = dated
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["DateCreated"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(
        list.iter().all(|m| m["UserData"]["Played"] == false),
        "played items hidden"
    );

    // Add three episodes to one season and one to another series: the three come back as
    // their series with ChildCount 3, the single one as itself.
    let series = s.all(&token, &shows, "Series", "").await;
    let season_of = |sid: String| {
        let s = &s;
        let token = token.clone();
        async move {
            let seasons = s.json(&format!("/Shows/{sid}/Seasons"), &token).await;
            items(&seasons).last().unwrap()["Id"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let grouped_series = series[0]["Id"].as_str().unwrap().to_string();
    let single_series = series[1]["Id"].as_str().unwrap().to_string();
    // Played episodes are hidden from Latest, so this isolates the new ones.
    for sid in [&grouped_series, &single_series] {
        let r = s
            .post(&format!("/UserPlayedItems/{sid}"), Some(&token), json!({}))
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let season_a = season_of(grouped_series.clone()).await;
    let season_b = season_of(single_series.clone()).await;
    for n in 0..3 {
        let r = s
            .post(
                "/__demo/items",
                None,
                json!({"Type": "Episode", "SeasonId": season_a, "Name": format!("New {n}")}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let single = s
        .post(
            "/__demo/items",
            None,
            json!({"Type": "Episode", "SeasonId": season_b, "Name": "Lonely"}),
        )
        .await
        .json();
    let latest = s
        .json(&format!("/Items/Latest?ParentId={shows}&Limit=5"), &token)
        .await;
    let latest = latest.as_array().unwrap();
    assert_eq!(
        latest[0]["Id"], single["Id"],
        "newest first: the single episode"
    );
    assert_eq!(latest[0]["Type"], "Episode");
    assert_eq!(latest[1]["Id"], grouped_series.as_str());
    assert_eq!(latest[1]["Type"], "Series");
    assert_eq!(latest[1]["ChildCount"], 3);
    // GroupItems=false: the episodes themselves.
    let flat = s
        .json(
            &format!("/Items/Latest?ParentId={shows}&Limit=4&GroupItems=false"),
            &token,
        )
        .await;
    assert!(flat
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["Type"] == "Episode"));
    assert_eq!(flat[0]["Id"], single["Id"]);
}

fn index_of(v: &Value) -> i64 {
    v["IndexNumber"].as_i64().unwrap_or(0)
}

#[tokio::test]
async fn seasons_and_episodes_with_specials() {
    // Find a seed whose small library has a series with a Specials season.
    let mut found = None;
    for seed in 1..40 {
        let s = Server::with(demo_server::Config {
            seed,
            ..small_config()
        });
        let token = s.token().await;
        let (_, shows) = s.libraries(&token).await;
        let seasons = s.all(&token, &shows, "Season", "&Fields=ParentId").await;
        if let Some(sp) = seasons.iter().find(|x| x.get("IndexNumber").is_none()) {
            let series = sp["SeriesId"].as_str().unwrap().to_string();
            found = Some((s, token, series));
            break;
        }
    }
    let (s, token, series) = found.expect("some seed has specials");
    let v = s
        .json(
            &format!("/Shows/{series}/Seasons?Fields=ChildCount"),
            &token,
        )
        .await;
    let seasons = items(&v);
    assert_eq!(
        v["TotalRecordCount"].as_u64().unwrap() as usize,
        seasons.len()
    );
    assert!(seasons[0].get("IndexNumber").is_none(), "specials first");
    assert_eq!(seasons[0]["Name"], "Specials");
    for w in seasons.windows(2) {
        assert!(index_of(&w[0]) < index_of(&w[1]));
    }
    for season in seasons {
        assert_eq!(season["Type"], "Season");
        assert_eq!(season["SeriesId"], series.as_str());
        assert!(season["SeriesName"].is_string());
        assert!(season["ChildCount"].as_u64().unwrap() >= 1);
        assert!(season["UserData"]["UnplayedItemCount"].is_u64());
    }
    // Episodes of the specials season: ParentIndexNumber 0 or absent.
    let sp = seasons[0]["Id"].as_str().unwrap();
    let eps = s
        .json(&format!("/Shows/{series}/Episodes?SeasonId={sp}"), &token)
        .await;
    assert_eq!(
        items(&eps).len() as u64,
        seasons[0]["ChildCount"].as_u64().unwrap()
    );
    for e in items(&eps) {
        assert!(e.get("ParentIndexNumber").is_none() || e["ParentIndexNumber"] == 0);
        assert_eq!(e["SeasonId"], sp);
        assert_eq!(e["SeasonName"], "Specials");
    }
    // All episodes: season by season, numbered within each.
    let all = s.json(&format!("/Shows/{series}/Episodes"), &token).await;
    let total: u64 = seasons
        .iter()
        .map(|x| x["ChildCount"].as_u64().unwrap())
        .sum();
    assert_eq!(all["TotalRecordCount"].as_u64().unwrap(), total);
    let list = items(&all);
    for w in list.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a["SeasonId"] == b["SeasonId"] {
            assert_eq!(index_of(a) + 1, index_of(b));
        }
    }
    assert_eq!(list[0]["SeasonId"], sp);
    // Paging and thin fields.
    let page = s
        .json(
            &format!("/Shows/{series}/Episodes?StartIndex=1&Limit=2"),
            &token,
        )
        .await;
    assert_eq!(ids(items(&page)), ids(&list[1..3]));
    assert!(items(&page)[0].get("Overview").is_none());
    let with = s
        .json(
            &format!("/Shows/{series}/Episodes?Fields=Overview,Etag"),
            &token,
        )
        .await;
    assert!(items(&with).iter().all(|e| e["Etag"].is_string()));
    // Episode parent links.
    for e in list {
        assert_eq!(e["SeriesId"], series.as_str());
        assert_eq!(
            e["PrimaryImageAspectRatio"].as_f64().unwrap_or(1.7778),
            1.7778
        );
    }
    assert_eq!(
        s.get(
            "/Shows/0123456789abcdef0123456789abcdef/Seasons",
            Some(&token)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get(
            &format!("/Shows/{series}/Episodes?SeasonId=0123456789abcdef0123456789abcdef"),
            Some(&token)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}
