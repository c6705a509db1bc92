//! Test helpers: drive the whole app in-process with `oneshot`, log in, decode JSON.
#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use demo_server::{app, build_state, AppState, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const AUTH: &str = r#"MediaBrowser Client="Marquee", Device="Test%20Browser", DeviceId="test-device", Version="0.1.0""#;

pub fn small_config() -> Config {
    Config {
        movies: 60,
        shows: 6,
        ..Config::default()
    }
}

pub struct Server {
    pub state: AppState,
    router: Router,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Server {
    pub fn new() -> Server {
        Server::with(small_config())
    }

    pub fn with(config: Config) -> Server {
        let state = build_state(&config);
        let router = if config.app_only {
            demo_server::app_only(state.clone())
        } else {
            app(state.clone())
        };
        Server { router, state }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.into_body().collect().await.expect("body").to_bytes();
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(
                "Authorization",
                format!(r#"MediaBrowser Client="Marquee", Device="Test", DeviceId="test-device", Version="0.1.0", Token="{t}""#),
            );
        }
        let body = match body {
            Some(v) => {
                req = req.header("Content-Type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).unwrap()).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Resp {
        self.request(Method::DELETE, path, token, None).await
    }

    /// GET that must succeed with JSON.
    pub async fn json(&self, path: &str, token: &str) -> Value {
        let r = self.get(path, Some(token)).await;
        assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.text());
        r.json()
    }

    pub async fn login_as(&self, user: &str, pw: &str, device_id: &str) -> Resp {
        let req = Request::builder()
            .method(Method::POST)
            .uri("/Users/AuthenticateByName")
            .header(
                "Authorization",
                format!(r#"MediaBrowser Client="Marquee", Device="Test", DeviceId="{device_id}", Version="0.1.0""#),
            )
            .header("Content-Type", "application/json")
            .body(Body::from(format!(r#"{{"Username":"{user}","Pw":"{pw}"}}"#)))
            .unwrap();
        self.send(req).await
    }

    pub async fn token_for(&self, user: &str) -> String {
        let r = self.login_as(user, user, &format!("device-{user}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        r.json()["AccessToken"].as_str().unwrap().to_string()
    }

    pub async fn token(&self) -> String {
        self.token_for("demo").await
    }

    pub async fn user_id(&self, token: &str) -> String {
        self.json("/Users/Me", token).await["Id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// (movies library id, shows library id)
    pub async fn libraries(&self, token: &str) -> (String, String) {
        let views = self.json("/UserViews", token).await;
        let find = |ct: &str| {
            views["Items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["CollectionType"] == ct)
                .unwrap()["Id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        (find("movies"), find("tvshows"))
    }

    /// All items of a type in a library (one big page).
    pub async fn all(&self, token: &str, parent: &str, kind: &str, extra: &str) -> Vec<Value> {
        let v = self
            .json(
                &format!("/Items?ParentId={parent}&Recursive=true&IncludeItemTypes={kind}{extra}"),
                token,
            )
            .await;
        v["Items"].as_array().unwrap().clone()
    }
}

pub fn items(v: &Value) -> &Vec<Value> {
    v["Items"].as_array().expect("Items array")
}

pub fn ids(v: &[Value]) -> Vec<String> {
    v.iter()
        .map(|i| i["Id"].as_str().unwrap().to_string())
        .collect()
}

pub fn is_hex32(s: &str) -> bool {
    s.len() == 32
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// A "since" timestamp for `MinDateLastSaved*` queries, formatted as Jellyfin does, taken
/// a moment apart from any change made just before or after it.
pub fn iso_now() -> String {
    std::thread::sleep(std::time::Duration::from_millis(2));
    let now = demo_server::library::dates::format_iso(demo_server::library::dates::now_us());
    std::thread::sleep(std::time::Duration::from_millis(2));
    now
}
