mod common;

use std::cmp::Ordering;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

#[tokio::test]
async fn views_in_both_forms() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let a = s.json("/UserViews", &token).await;
    let b = s.json(&format!("/Users/{user}/Views"), &token).await;
    assert_eq!(a, b);
    assert_eq!(a["TotalRecordCount"], 2);
    assert_eq!(a["StartIndex"], 0);
    let names: Vec<&str> = items(&a)
        .iter()
        .map(|i| i["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Movies", "Shows"]);
    for v in items(&a) {
        assert_eq!(v["Type"], "CollectionFolder");
        assert_eq!(v["IsFolder"], true);
        assert!(v["ImageTags"]["Primary"].is_string());
    }
    assert_eq!(items(&a)[0]["CollectionType"], "movies");
    assert_eq!(items(&a)[1]["CollectionType"], "tvshows");
}

#[tokio::test]
async fn items_in_both_forms_and_thin_fields() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let (movies, _) = s.libraries(&token).await;
    let q =
        format!("ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&SortBy=SortName&Limit=20");
    let a = s.json(&format!("/Items?{q}"), &token).await;
    let b = s.json(&format!("/Users/{user}/Items?{q}"), &token).await;
    let c = s.json(&format!("/Items?{q}&userId={user}"), &token).await;
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(a["TotalRecordCount"], 60);
    assert_eq!(items(&a).len(), 20);
    let server_id = s.get("/System/Info/Public", None).await.json()["Id"].clone();
    for m in items(&a) {
        assert_eq!(m["Type"], "Movie");
        assert_eq!(m["MediaType"], "Video");
        assert_eq!(m["IsFolder"], false);
        assert_eq!(m["LocationType"], "FileSystem");
        assert!(m["ChannelId"].is_null() && m.get("ChannelId").is_some());
        assert_eq!(m["ServerId"], server_id);
        assert!(is_hex32(m["Id"].as_str().unwrap()));
        assert!(m["RunTimeTicks"].is_i64());
        assert!(m["UserData"]["ItemId"] == "00000000000000000000000000000000");
        for absent in [
            "Overview",
            "Genres",
            "People",
            "Studios",
            "Taglines",
            "DateCreated",
            "Etag",
            "SortName",
            "ParentId",
            "Path",
        ] {
            assert!(
                m.get(absent).is_none(),
                "{absent} must not be in the thin set"
            );
        }
    }
    // Overview appears when asked for (for those that have one), and on the detail.
    let with = s
        .json(
            &format!("/Items?{q}&Fields=Overview,Genres,SortName,Etag"),
            &token,
        )
        .await;
    assert!(items(&with).iter().any(|m| m["Overview"].is_string()));
    assert!(items(&with)
        .iter()
        .all(|m| m["Genres"].is_array() && m["SortName"].is_string() && m["Etag"].is_string()));
    assert!(items(&with).iter().all(|m| m.get("People").is_none()));
}

#[tokio::test]
async fn item_detail_has_every_field() {
    let s = Server::new();
    let token = s.token().await;
    let user = s.user_id(&token).await;
    let (movies, shows) = s.libraries(&token).await;
    let all = s.all(&token, &movies, "Movie", "&Fields=Overview").await;
    let movie = all.iter().find(|m| m["Overview"].is_string()).unwrap();
    let id = movie["Id"].as_str().unwrap();
    let a = s.json(&format!("/Items/{id}"), &token).await;
    let b = s.json(&format!("/Users/{user}/Items/{id}"), &token).await;
    assert_eq!(a, b);
    for field in [
        "Name",
        "Id",
        "ServerId",
        "Type",
        "Overview",
        "Genres",
        "People",
        "Studios",
        "Taglines",
        "DateCreated",
        "Etag",
        "SortName",
        "ParentId",
        "ProviderIds",
        "Path",
        "OriginalTitle",
        "Tags",
        "UserData",
        "ImageTags",
        "BackdropImageTags",
        "ImageBlurHashes",
        "PremiereDate",
        "ProductionYear",
        "RunTimeTicks",
    ] {
        assert!(a.get(field).is_some(), "detail lacks {field}");
    }
    assert_eq!(a["ParentId"], movies.as_str());
    assert_eq!(a["Overview"], movie["Overview"]);
    let person = &a["People"][0];
    assert!(person["Name"].is_string() && is_hex32(person["Id"].as_str().unwrap()));
    assert!(["Actor", "Director"].contains(&person["Type"].as_str().unwrap()));
    assert!(a["Studios"][0]["Name"].is_string() && a["Studios"][0]["Id"].is_string());

    // Series / season / episode relationships.
    let series = &s.all(&token, &shows, "Series", "").await[0];
    let sid = series["Id"].as_str().unwrap();
    let full = s.json(&format!("/Items/{sid}"), &token).await;
    assert_eq!(full["ParentId"], shows.as_str());
    assert!(["Continuing", "Ended"].contains(&full["Status"].as_str().unwrap()));
    assert!(full["ChildCount"].as_u64().unwrap() >= 1);
    assert!(full["RecursiveItemCount"].as_u64().unwrap() >= 3);
    assert!(full["UserData"]["UnplayedItemCount"].is_u64());
    let episodes = s.json(&format!("/Shows/{sid}/Episodes"), &token).await;
    let ep = &items(&episodes)[0];
    let ep_full = s
        .json(&format!("/Items/{}", ep["Id"].as_str().unwrap()), &token)
        .await;
    assert_eq!(ep_full["SeriesId"], sid);
    assert_eq!(ep_full["SeriesName"], series["Name"]);
    assert_eq!(ep_full["ParentId"], ep_full["SeasonId"]);
    assert!(ep_full["SeasonName"].is_string());
    assert_eq!(ep_full["BackdropImageTags"], serde_json::json!([]));

    assert_eq!(
        s.get("/Items/0123456789abcdef0123456789abcdef", Some(&token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.get("/Items/not-an-id", Some(&token)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn paging_and_total_count() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let base =
        format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&SortBy=SortName");
    let all = ids(items(&s.json(&base, &token).await));
    assert_eq!(all.len(), 60);
    let page = s
        .json(&format!("{base}&StartIndex=10&Limit=7"), &token)
        .await;
    assert_eq!(page["TotalRecordCount"], 60);
    assert_eq!(page["StartIndex"], 10);
    assert_eq!(ids(items(&page)), all[10..17]);
    let end = s
        .json(&format!("{base}&StartIndex=55&Limit=10"), &token)
        .await;
    assert_eq!(ids(items(&end)), all[55..]);
    let past = s
        .json(&format!("{base}&StartIndex=100&Limit=10"), &token)
        .await;
    assert!(items(&past).is_empty());
    assert_eq!(past["TotalRecordCount"], 60);
    let no_total = s
        .json(
            &format!("{base}&StartIndex=5&Limit=4&EnableTotalRecordCount=false"),
            &token,
        )
        .await;
    assert_eq!(no_total["TotalRecordCount"], 4);
    assert_eq!(ids(items(&no_total)), all[5..9]);
    // Query names are case-insensitive.
    let lower = s.json(&format!("/Items?parentid={movies}&recursive=true&includeitemtypes=Movie&sortby=SortName&startindex=10&limit=7"), &token).await;
    assert_eq!(ids(items(&lower)), all[10..17]);
}

fn check_order(list: &[Value], key: &str, descending: bool) {
    assert!(list.len() > 10);
    let value = |v: &Value| -> Value { v[key].clone() };
    let cmp = |a: &Value, b: &Value| -> Ordering {
        match (a, b) {
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Less,
            (_, Value::Null) => Ordering::Greater,
            (Value::Number(x), Value::Number(y)) => x
                .as_f64()
                .unwrap()
                .partial_cmp(&y.as_f64().unwrap())
                .unwrap(),
            (Value::String(x), Value::String(y)) => x.cmp(y),
            _ => panic!("incomparable {a} {b}"),
        }
    };
    let mut distinct = 0;
    for w in list.windows(2) {
        let o = cmp(&value(&w[0]), &value(&w[1]));
        let bad = if descending {
            o == Ordering::Less
        } else {
            o == Ordering::Greater
        };
        assert!(
            !bad,
            "{key} out of order ({}): {} then {}",
            if descending { "desc" } else { "asc" },
            w[0][key],
            w[1][key]
        );
        if o != Ordering::Equal {
            distinct += 1;
        }
    }
    assert!(
        distinct > 5,
        "{key}: too few distinct values to prove an order"
    );
}

#[tokio::test]
async fn every_sort_in_both_orders() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    for (sort, key) in [
        ("SortName", "SortName"),
        ("DateCreated", "DateCreated"),
        ("PremiereDate", "PremiereDate"),
        ("ProductionYear", "ProductionYear"),
        ("CommunityRating", "CommunityRating"),
    ] {
        for order in ["Ascending", "Descending"] {
            let list = s
                .all(&token, &movies, "Movie", &format!("&SortBy={sort}&SortOrder={order}&Fields=SortName,DateCreated&EnableImages=false"))
                .await;
            assert_eq!(list.len(), 60);
            check_order(&list, key, order == "Descending");
        }
    }
    // A comma list: the first known key wins (unknown names are skipped).
    let list = s
        .all(
            &token,
            &movies,
            "Movie",
            "&SortBy=Bogus,ProductionYear,SortName",
        )
        .await;
    check_order(&list, "ProductionYear", false);
    // Ties are broken by SortName.
    let list = s
        .all(
            &token,
            &movies,
            "Movie",
            "&SortBy=ProductionYear&Fields=SortName",
        )
        .await;
    for w in list.windows(2) {
        if w[0]["ProductionYear"] == w[1]["ProductionYear"] {
            assert!(w[0]["SortName"].as_str() <= w[1]["SortName"].as_str());
        }
    }
    // Random: same set, (almost surely) a different order at least once.
    let sorted = ids(&s.all(&token, &movies, "Movie", "&SortBy=SortName").await);
    let mut differs = false;
    for _ in 0..3 {
        let random = ids(&s.all(&token, &movies, "Movie", "&SortBy=Random").await);
        let mut a = random.clone();
        let mut b = sorted.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        differs |= random != sorted;
    }
    assert!(differs);
}

#[tokio::test]
async fn sort_names_drop_articles() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let list = s.all(&token, &movies, "Movie", "&Fields=SortName").await;
    let mut checked = 0;
    for m in &list {
        let name = m["Name"].as_str().unwrap();
        let sort = m["SortName"].as_str().unwrap();
        assert_eq!(sort, sort.to_lowercase());
        if let Some(rest) = name.strip_prefix("The ") {
            assert_eq!(sort, rest.to_lowercase());
            checked += 1;
        }
    }
    assert!(checked > 0);
}

#[tokio::test]
async fn filters() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, shows) = s.libraries(&token).await;
    let all = s.all(&token, &movies, "Movie", "").await;
    let count = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|m| f(m)).count();
    let played = count(&|m| m["UserData"]["Played"] == true);
    let favorite = count(&|m| m["UserData"]["IsFavorite"] == true);
    let resumable = count(&|m| m["UserData"]["PlaybackPositionTicks"].as_i64().unwrap() > 0);
    assert!(played > 0 && played < 60 && resumable > 0);

    let check = |list: Vec<Value>, expected: usize, pred: &dyn Fn(&Value) -> bool, what: &str| {
        assert_eq!(list.len(), expected, "{what}");
        assert!(list.iter().all(pred), "{what}");
    };
    check(
        s.all(&token, &movies, "Movie", "&Filters=IsPlayed").await,
        played,
        &|m| m["UserData"]["Played"] == true,
        "IsPlayed",
    );
    check(
        s.all(&token, &movies, "Movie", "&Filters=IsUnplayed").await,
        60 - played,
        &|m| m["UserData"]["Played"] == false,
        "IsUnplayed",
    );
    check(
        s.all(&token, &movies, "Movie", "&Filters=IsFavorite").await,
        favorite,
        &|m| m["UserData"]["IsFavorite"] == true,
        "IsFavorite",
    );
    check(
        s.all(&token, &movies, "Movie", "&Filters=IsResumable")
            .await,
        resumable,
        &|m| m["UserData"]["PlayedPercentage"].is_number(),
        "IsResumable",
    );
    check(
        s.all(&token, &movies, "Movie", "&IsPlayed=true").await,
        played,
        &|m| m["UserData"]["Played"] == true,
        "IsPlayed=true",
    );
    check(
        s.all(&token, &movies, "Movie", "&IsPlayed=false").await,
        60 - played,
        &|m| m["UserData"]["Played"] == false,
        "IsPlayed=false",
    );
    check(
        s.all(&token, &movies, "Movie", "&IsFavorite=true").await,
        favorite,
        &|m| m["UserData"]["IsFavorite"] == true,
        "IsFavorite=true",
    );
    check(
        s.all(&token, &movies, "Movie", "&IsFavorite=false").await,
        60 - favorite,
        &|m| m["UserData"]["IsFavorite"] == false,
        "IsFavorite=false",
    );
    check(
        s.all(&token, &movies, "Movie", "&Filters=IsPlayed,IsFavorite")
            .await,
        count(&|m| m["UserData"]["Played"] == true && m["UserData"]["IsFavorite"] == true),
        &|m| m["UserData"]["Played"] == true,
        "combined",
    );
    // Unknown filter values are ignored.
    assert_eq!(
        s.all(&token, &movies, "Movie", "&Filters=Bogus")
            .await
            .len(),
        60
    );

    // Types: unknown type names are dropped, so everything comes back.
    let series = s.all(&token, &shows, "Series", "").await;
    assert_eq!(series.len(), 6);
    assert!(series.iter().all(|i| i["Type"] == "Series"));
    let seasons = s.all(&token, &shows, "Season", "").await;
    assert!(seasons.len() >= 6 && seasons.iter().all(|i| i["Type"] == "Season"));
    let episodes = s.all(&token, &shows, "Episode", "").await;
    assert!(episodes.len() > seasons.len() && episodes.iter().all(|i| i["Type"] == "Episode"));
    let everything = s.all(&token, &shows, "Bogus", "").await;
    assert_eq!(
        everything.len(),
        series.len() + seasons.len() + episodes.len()
    );
    let two = s.all(&token, &shows, "Series,Season", "").await;
    assert_eq!(two.len(), series.len() + seasons.len());
    // Non-recursive: direct children only.
    let direct = s.json(&format!("/Items?ParentId={shows}"), &token).await;
    assert_eq!(items(&direct).len(), 6);
    // Played series are those with every episode played.
    for sr in s.all(&token, &shows, "Series", "&Filters=IsPlayed").await {
        assert_eq!(sr["UserData"]["UnplayedItemCount"], 0);
    }
    // An unknown ParentId matches nothing.
    let none = s
        .json(
            "/Items?ParentId=0123456789abcdef0123456789abcdef&Recursive=true",
            &token,
        )
        .await;
    assert_eq!(none["TotalRecordCount"], 0);
}

#[tokio::test]
async fn search_name_genres_years_ids() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let all = s
        .all(&token, &movies, "Movie", "&Fields=SortName,Genres")
        .await;

    // SearchTerm: case-insensitive substring of Name.
    let word = all[3]["Name"]
        .as_str()
        .unwrap()
        .split(' ')
        .next_back()
        .unwrap()
        .to_string();
    let expected = all
        .iter()
        .filter(|m| {
            m["Name"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(&word.to_lowercase())
        })
        .count();
    let found = s
        .all(
            &token,
            &movies,
            "Movie",
            &format!(
                "&SearchTerm={}",
                word.to_uppercase()
                    .replace(' ', "%20")
                    .replace('&', "%26")
                    .replace('\'', "%27")
            ),
        )
        .await;
    assert_eq!(found.len(), expected, "SearchTerm={word}");
    assert!(expected >= 1);

    // NameStartsWith on SortName.
    let letter = all[0]["SortName"]
        .as_str()
        .unwrap()
        .chars()
        .next()
        .unwrap()
        .to_string();
    let expected = all
        .iter()
        .filter(|m| m["SortName"].as_str().unwrap().starts_with(&letter))
        .count();
    let found = s
        .all(
            &token,
            &movies,
            "Movie",
            &format!("&NameStartsWith={}&Fields=SortName", letter.to_uppercase()),
        )
        .await;
    assert_eq!(found.len(), expected);
    assert!(found
        .iter()
        .all(|m| m["SortName"].as_str().unwrap().starts_with(&letter)));
    let less = s
        .all(&token, &movies, "Movie", "&NameLessThan=m&Fields=SortName")
        .await;
    assert!(!less.is_empty() && less.iter().all(|m| m["SortName"].as_str().unwrap() < "m"));

    // Genres: any of them; pipe or comma.
    let genre = all[0]["Genres"][0].as_str().unwrap().to_string();
    let has = |m: &Value, g: &str| m["Genres"].as_array().unwrap().iter().any(|x| x == g);
    let expected = all.iter().filter(|m| has(m, &genre)).count();
    let found = s
        .all(
            &token,
            &movies,
            "Movie",
            &format!("&Genres={}&Fields=Genres", genre.replace(' ', "%20")),
        )
        .await;
    assert_eq!(found.len(), expected);
    let both = s
        .all(
            &token,
            &movies,
            "Movie",
            &format!("&Genres={}|Comedy&Fields=Genres", genre.replace(' ', "%20")),
        )
        .await;
    assert_eq!(
        both.len(),
        all.iter()
            .filter(|m| has(m, &genre) || has(m, "Comedy"))
            .count()
    );
    let comma = s
        .all(
            &token,
            &movies,
            "Movie",
            &format!("&Genres={},Comedy", genre.replace(' ', "%20")),
        )
        .await;
    assert_eq!(comma.len(), both.len());
    assert!(s
        .all(&token, &movies, "Movie", "&Genres=NoSuchGenre")
        .await
        .is_empty());

    // Years.
    let y1 = all[0]["ProductionYear"].as_i64().unwrap();
    let y2 = all[1]["ProductionYear"].as_i64().unwrap();
    let expected = all
        .iter()
        .filter(|m| [y1, y2].contains(&m["ProductionYear"].as_i64().unwrap()))
        .count();
    let found = s
        .all(&token, &movies, "Movie", &format!("&Years={y1},{y2}"))
        .await;
    assert_eq!(found.len(), expected);

    // Ids: in the given order, no ParentId needed.
    let wanted = [
        all[7]["Id"].as_str().unwrap(),
        all[2]["Id"].as_str().unwrap(),
        all[40]["Id"].as_str().unwrap(),
    ];
    let got = s
        .json(&format!("/Items?Ids={}", wanted.join(",")), &token)
        .await;
    assert_eq!(ids(items(&got)), wanted);
    assert_eq!(got["TotalRecordCount"], 3);
}

#[tokio::test]
async fn images_and_user_data_can_be_disabled() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let list = s
        .all(
            &token,
            &movies,
            "Movie",
            "&EnableImages=false&EnableUserData=false",
        )
        .await;
    for m in &list {
        for absent in [
            "ImageTags",
            "BackdropImageTags",
            "ImageBlurHashes",
            "UserData",
            "PrimaryImageAspectRatio",
        ] {
            assert!(m.get(absent).is_none(), "{absent}");
        }
    }
    let list = s.all(&token, &movies, "Movie", "").await;
    let with_image = list
        .iter()
        .filter(|m| m["ImageTags"]["Primary"].is_string())
        .count();
    assert!(with_image > 40);
    for m in list
        .iter()
        .filter(|m| m["ImageTags"]["Primary"].is_string())
    {
        let tag = m["ImageTags"]["Primary"].as_str().unwrap();
        assert!(m["ImageBlurHashes"]["Primary"][tag].is_string());
        assert_eq!(m["PrimaryImageAspectRatio"], 0.6667);
    }
}

#[tokio::test]
async fn some_thin_items_carry_an_explicit_null() {
    let s = Server::with(demo_server::Config {
        movies: 600,
        shows: 0,
        ..small_config()
    });
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let list = s.all(&token, &movies, "Movie", "").await;
    let nulls = list
        .iter()
        .filter(|m| {
            m.as_object()
                .unwrap()
                .iter()
                .any(|(k, v)| v.is_null() && k != "ChannelId")
        })
        .count();
    assert!(
        (2..=30).contains(&nulls),
        "{nulls} of 600 items have an explicit null"
    );
    // The detail never has the quirk.
    let id = list
        .iter()
        .find(|m| {
            m.as_object()
                .unwrap()
                .iter()
                .any(|(k, v)| v.is_null() && k != "ChannelId")
        })
        .unwrap()["Id"]
        .as_str()
        .unwrap();
    let full = s.json(&format!("/Items/{id}"), &token).await;
    assert!(full
        .as_object()
        .unwrap()
        .iter()
        .all(|(k, v)| !v.is_null() || k == "ChannelId"));
}

/// A client that shows a library before it has synced it asks for one window of a sorted,
/// filtered view at a time: each window is that slice of the whole answer, with its total.
#[tokio::test]
async fn windows_of_sorted_and_filtered_views_are_slices_of_the_whole_answer() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let base = format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie");
    let views = [
        "&SortBy=SortName&SortOrder=Ascending",
        "&SortBy=SortName&SortOrder=Descending",
        "&SortBy=DateCreated,SortName&SortOrder=Ascending",
        "&SortBy=ProductionYear,SortName&SortOrder=Descending",
        "&SortBy=CommunityRating,SortName&SortOrder=Ascending&Filters=IsUnplayed",
        "&SortBy=PremiereDate,SortName&SortOrder=Ascending&IsFavorite=false",
    ];
    for view in views {
        let whole = ids(items(&s.json(&format!("{base}{view}"), &token).await));
        assert!(whole.len() > 20, "{view}");
        for start in (0..whole.len() + 7).step_by(7) {
            let window = s
                .json(
                    &format!("{base}{view}&StartIndex={start}&Limit=7&EnableTotalRecordCount=true"),
                    &token,
                )
                .await;
            assert_eq!(window["TotalRecordCount"], whole.len(), "{view} @{start}");
            let end = (start + 7).min(whole.len());
            assert_eq!(
                ids(items(&window)),
                whole[start.min(end)..end],
                "{view} @{start}"
            );
        }
    }
    // The sort keys hold, ties broken by name.
    let dated = s
        .all(
            &token,
            &movies,
            "Movie",
            "&SortBy=DateCreated,SortName&Fields=DateCreated,SortName",
        )
        .await;
    let keys: Vec<(String, String)> = dated
        .iter()
        .map(|m| {
            (
                m["DateCreated"].as_str().unwrap().to_owned(),
                m["SortName"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
}

/// Where a letter starts, counted without items (`Limit=0`): the names before it ascending
/// (`NameLessThan`), those from the next letter on descending (`NameStartsWithOrGreater`).
#[tokio::test]
async fn letter_positions_are_counted_without_items() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let base = format!("/Items?ParentId={movies}&Recursive=true&IncludeItemTypes=Movie&SortBy=SortName&Limit=0&EnableTotalRecordCount=true");
    let names: Vec<String> = s
        .all(&token, &movies, "Movie", "&SortBy=SortName&Fields=SortName")
        .await
        .iter()
        .map(|m| m["SortName"].as_str().unwrap().to_owned())
        .collect();
    for letter in ["c", "m", "s"] {
        let before = s
            .json(&format!("{base}&NameLessThan={letter}"), &token)
            .await;
        assert!(items(&before).is_empty());
        let expected = names.iter().filter(|n| n.as_str() < letter).count();
        assert_eq!(before["TotalRecordCount"], expected, "before {letter}");
        let from = s
            .json(&format!("{base}&NameStartsWithOrGreater={letter}"), &token)
            .await;
        assert!(items(&from).is_empty());
        assert_eq!(
            from["TotalRecordCount"],
            names.len() - expected,
            "from {letter} on"
        );
        // Jellyfin's web client sends the letter in capitals.
        let upper = s
            .json(
                &format!("{base}&NameLessThan={}", letter.to_uppercase()),
                &token,
            )
            .await;
        assert_eq!(
            upper["TotalRecordCount"], expected,
            "before {letter}, capital"
        );
    }
}
