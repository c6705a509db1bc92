mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::*;
use serde_json::json;

#[tokio::test]
async fn public_info_needs_no_auth() {
    let s = Server::new();
    let r = s.get("/System/Info/Public", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["ServerName"], "Marquee Demo");
    assert_eq!(v["Version"], "10.10.7");
    assert_eq!(v["ProductName"], "Jellyfin Server");
    assert_eq!(v["OperatingSystem"], "");
    assert_eq!(v["StartupWizardCompleted"], true);
    assert!(is_hex32(v["Id"].as_str().unwrap()));
    assert!(v["LocalAddress"].as_str().unwrap().starts_with("http"));
}

#[tokio::test]
async fn login_returns_user_session_and_token() {
    let s = Server::new();
    let r = s.login_as("demo", "demo", "dev-1").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    let server_id = s.get("/System/Info/Public", None).await.json()["Id"].clone();
    assert!(is_hex32(v["AccessToken"].as_str().unwrap()));
    assert_eq!(v["ServerId"], server_id);
    assert_eq!(v["User"]["Name"], "demo");
    assert!(is_hex32(v["User"]["Id"].as_str().unwrap()));
    assert_eq!(v["User"]["ServerId"], server_id);
    assert_eq!(v["User"]["HasPassword"], true);
    assert_eq!(v["User"]["Policy"]["IsAdministrator"], false);
    assert!(v["User"]["Configuration"].is_object());
    assert_eq!(v["SessionInfo"]["UserId"], v["User"]["Id"]);
    assert_eq!(v["SessionInfo"]["UserName"], "demo");
    assert_eq!(v["SessionInfo"]["DeviceId"], "dev-1");
    assert_eq!(v["SessionInfo"]["Client"], "Marquee");
    assert!(v["SessionInfo"]["Id"].is_string());

    let alice = s.login_as("ALICE", "alice", "dev-2").await;
    assert_eq!(
        alice.status,
        StatusCode::OK,
        "user names are case-insensitive"
    );
    assert_ne!(alice.json()["User"]["Id"], v["User"]["Id"]);
}

#[tokio::test]
async fn login_failures() {
    let s = Server::new();
    assert_eq!(
        s.login_as("demo", "wrong", "d").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.login_as("nobody", "demo", "d").await.status,
        StatusCode::UNAUTHORIZED
    );
    // Without a DeviceId in the Authorization header.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/Users/AuthenticateByName")
        .header("Content-Type", "application/json")
        .body(Body::from(r#"{"Username":"demo","Pw":"demo"}"#))
        .unwrap();
    assert_eq!(s.send(req).await.status, StatusCode::BAD_REQUEST);
    // Lowercase body keys are accepted too.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/Users/AuthenticateByName")
        .header("X-Emby-Authorization", AUTH)
        .body(Body::from(r#"{"username":"demo","pw":"demo"}"#))
        .unwrap();
    assert_eq!(s.send(req).await.status, StatusCode::OK);
}

#[tokio::test]
async fn protected_endpoints_answer_401_with_empty_body() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, shows) = s.libraries(&token).await;
    let movie = s.all(&token, &movies, "Movie", "&Limit=1").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let series = s.all(&token, &shows, "Series", "&Limit=1").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let user = s.user_id(&token).await;
    let paths = [
        "/UserViews".to_string(),
        format!("/Users/{user}/Views"),
        "/Items".to_string(),
        format!("/Users/{user}/Items"),
        format!("/Items/{movie}"),
        format!("/Users/{user}/Items/{movie}"),
        "/UserItems/Resume".to_string(),
        format!("/Users/{user}/Items/Resume"),
        "/Items/Latest".to_string(),
        format!("/Users/{user}/Items/Latest"),
        "/Shows/NextUp".to_string(),
        format!("/Shows/{series}/Seasons"),
        format!("/Shows/{series}/Episodes"),
        "/Users/Me".to_string(),
        "/socket".to_string(),
    ];
    for p in &paths {
        let r = s.get(p, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{p}");
        assert!(r.body.is_empty(), "{p}");
        assert_eq!(
            s.get(p, Some("0123456789abcdef0123456789abcdef"))
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{p}"
        );
    }
    for p in [
        format!("/UserPlayedItems/{movie}"),
        format!("/UserFavoriteItems/{movie}"),
    ] {
        assert_eq!(
            s.post(&p, None, json!({})).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(s.delete(&p, None).await.status, StatusCode::UNAUTHORIZED);
    }
    // With the token they work.
    for p in &paths[..13] {
        assert_eq!(s.get(p, Some(&token)).await.status, StatusCode::OK, "{p}");
    }
}

#[tokio::test]
async fn token_sources_are_all_accepted() {
    let s = Server::new();
    let token = s.token().await;
    let with_header = |name: &'static str, value: String| {
        Request::builder()
            .uri("/UserViews")
            .header(name, value)
            .body(Body::empty())
            .unwrap()
    };
    let cases = [
        with_header(
            "Authorization",
            format!(r#"MediaBrowser Token="{token}", Client="x""#),
        ),
        with_header(
            "Authorization",
            format!(r#"MediaBrowser  Client = "x" ,Token={token}"#),
        ),
        with_header(
            "X-Emby-Authorization",
            format!(r#"MediaBrowser Token="{token}""#),
        ),
        with_header("X-Emby-Token", token.clone()),
    ];
    for req in cases {
        assert_eq!(s.send(req).await.status, StatusCode::OK);
    }
    assert_eq!(
        s.get(&format!("/UserViews?api_key={token}"), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        s.get(&format!("/UserViews?ApiKey={token}"), None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn same_device_login_revokes_older_tokens() {
    let s = Server::new();
    let first = s.login_as("demo", "demo", "phone").await.json()["AccessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let other = s.login_as("demo", "demo", "laptop").await.json()["AccessToken"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        s.get("/UserViews", Some(&first)).await.status,
        StatusCode::OK
    );
    let second = s.login_as("demo", "demo", "phone").await.json()["AccessToken"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, second);
    assert_eq!(
        s.get("/UserViews", Some(&first)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.get("/UserViews", Some(&second)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        s.get("/UserViews", Some(&other)).await.status,
        StatusCode::OK,
        "other devices keep their token"
    );
}

#[tokio::test]
async fn revoked_tokens_and_logout() {
    let s = Server::new();
    let token = s.token().await;
    assert_eq!(s.get("/Items", Some(&token)).await.status, StatusCode::OK);
    let r = s.post("/__demo/tokens/revoke", None, json!({})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["revoked"], 1);
    assert_eq!(
        s.get("/Items", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );

    let token = s.token().await;
    let r = s.post("/Sessions/Logout", Some(&token), json!({})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        s.get("/Items", Some(&token)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn legacy_paths_refuse_another_users_id() {
    let s = Server::new();
    let demo = s.token().await;
    let alice = s.token_for("alice").await;
    let alice_id = s.user_id(&alice).await;
    assert_eq!(
        s.get(&format!("/Users/{alice_id}/Views"), Some(&alice))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        s.get(&format!("/Users/{alice_id}/Views"), Some(&demo))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.get(&format!("/Items?userId={alice_id}"), Some(&demo))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let me = s.json(&format!("/Users/{alice_id}"), &demo).await;
    assert_eq!(me["Name"], "alice");
}
