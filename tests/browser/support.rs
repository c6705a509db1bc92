//! Test helpers: ticks, polling with a deadline, and the demo server's control endpoints.
use std::future::Future;

use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds (a macrotask: lets IndexedDB, channels and Leptos run).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Polls `check` every 20 ms until it gives `Some`, failing the test after `timeout_ms`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout_ms: f64, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = js_sys::Date::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            js_sys::Date::now() - start < timeout_ms,
            "timed out waiting for {what}"
        );
        sleep_ms(20).await;
    }
}

/// A unique name per test run, so tests never share a database.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        js_sys::Date::now() as u64,
        (js_sys::Math::random() * 1e9) as u64
    )
}

/// The demo server the test script started (`MARQUEE_TEST_SERVER`, read at build time).
pub fn demo_server() -> Option<&'static str> {
    option_env!("MARQUEE_TEST_SERVER")
}

/// Calls a `/__demo/` control endpoint.
pub async fn control(method: &str, path: &str, body: &str) -> String {
    let url = format!("{}{}", demo_server().expect("MARQUEE_TEST_SERVER"), path);
    let builder = gloo_net::http::RequestBuilder::new(&url).method(match method {
        "GET" => gloo_net::http::Method::GET,
        "DELETE" => gloo_net::http::Method::DELETE,
        _ => gloo_net::http::Method::POST,
    });
    let response = if method == "POST" {
        builder
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .unwrap()
            .send()
            .await
    } else {
        builder.send().await
    }
    .expect("control request");
    assert!(response.ok(), "{method} {path}: {}", response.status());
    response.text().await.unwrap_or_default()
}
