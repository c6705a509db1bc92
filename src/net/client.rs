use std::time::Duration;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::set_timeout_with_handle;
use marquee_core::jellyfin::request::{authorization_header, ApiRequest, ClientInfo, HttpMethod};
use marquee_core::jellyfin::{is_json_content_type, read_user_data_answer, UserItemDataDto};
use marquee_core::refresh::{parse_http_date, parse_retry_after};
use serde::de::DeserializeOwned;
use web_sys::AbortController;

use super::NetError;

/// A request that gets no answer in this time is abandoned (the refresh queue retries it).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Talks to one Jellyfin server as one device, optionally with a user's token.
/// The token only ever travels in the `Authorization` header.
#[derive(Clone)]
pub struct JellyfinClient {
    base_url: String,
    client: ClientInfo,
    token: Option<String>,
    timeout: Duration,
}

impl std::fmt::Debug for JellyfinClient {
    // Hand-written so the token can never end up in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JellyfinClient")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl JellyfinClient {
    /// The client of a logged-in session: its server, its device and its token.
    pub fn for_session(session: &crate::session::Session) -> JellyfinClient {
        JellyfinClient::new(
            &session.server_url,
            browser_client_info(&session.device_id),
            Some(session.token.clone()),
        )
    }

    pub fn new(base_url: &str, client: ClientInfo, token: Option<String>) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            client,
            token,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn client_info(&self) -> &ClientInfo {
        &self.client
    }

    /// The `Authorization` header value, for the download worker, which fetches for this
    /// client from off the main thread (the token stays in the header there too).
    pub fn authorization(&self) -> String {
        authorization_header(&self.client, self.token.as_deref())
    }

    /// The size of the file at `path` (a download), from a `HEAD`'s `Content-Length`.
    pub async fn content_length(&self, path: &str) -> Result<Option<u64>, NetError> {
        let url = format!("{}{path}", self.base_url);
        let response = RequestBuilder::new(&url)
            .method(Method::HEAD)
            .header("Authorization", &self.authorization())
            .send()
            .await
            .map_err(|_| NetError::Offline)?;
        match response.status() {
            401 => Err(NetError::Unauthorized),
            status if !(200..300).contains(&status) => Err(NetError::Http {
                status,
                retry_after_ms: None,
            }),
            _ => Ok(response
                .headers()
                .get("content-length")
                .and_then(|v| v.trim().parse().ok())),
        }
    }

    /// Sends the request and parses a 2xx JSON body as `T`. An answer that is not JSON
    /// (HTML from a captive portal, an empty body, another `Content-Type`) is `BadData`.
    pub async fn send_json<T: DeserializeOwned>(
        &self,
        request: &ApiRequest,
    ) -> Result<T, NetError> {
        Ok(self.send_json_dated(request).await?.0)
    }

    /// As [`Self::send_json`], with the server's clock: its `Date` header, in ms, when the
    /// answer has a readable one.
    pub async fn send_json_dated<T: DeserializeOwned>(
        &self,
        request: &ApiRequest,
    ) -> Result<(T, Option<i64>), NetError> {
        let answer = self.send_raw(request).await?;
        let value = answer.json_text()?;
        let parsed = serde_json::from_str(value).map_err(|e| NetError::BadData(e.to_string()))?;
        Ok((parsed, answer.date))
    }

    /// Sends an action (played, favorite) and reads the answer, which must be a readable
    /// `UserItemDataDto`: anything else leaves the action unconfirmed.
    pub async fn send_user_data(&self, request: &ApiRequest) -> Result<UserItemDataDto, NetError> {
        let answer = self.send_raw(request).await?;
        read_user_data_answer(answer.json_text()?).map_err(NetError::BadData)
    }

    /// Sends the request and returns the body of a 2xx answer.
    pub async fn send_text(&self, request: &ApiRequest) -> Result<String, NetError> {
        Ok(self.send_raw(request).await?.text)
    }

    async fn send_raw(&self, request: &ApiRequest) -> Result<Answer, NetError> {
        let controller = AbortController::new().map_err(|_| NetError::Offline)?;
        let signal = controller.signal();
        let abort = controller.clone();
        // Dropping the handle does not cancel the timer; it is cleared below once the body is in.
        let timer = set_timeout_with_handle(move || abort.abort(), self.timeout).ok();

        let result = self.fetch(request, &signal).await;
        let result = match result {
            Ok(response) => read_body(response).await,
            Err(e) => Err(e),
        };
        if let Some(timer) = timer {
            timer.clear();
        }
        match result {
            Err(_) if signal.aborted() => Err(NetError::Timeout),
            other => other,
        }
    }

    async fn fetch(
        &self,
        request: &ApiRequest,
        signal: &web_sys::AbortSignal,
    ) -> Result<Response, NetError> {
        let method = match request.method {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Delete => Method::DELETE,
        };
        let auth = authorization_header(&self.client, self.token.as_deref());
        let builder = RequestBuilder::new(&request.url(&self.base_url))
            .method(method)
            .header("Authorization", &auth)
            .header("Accept", "application/json")
            .abort_signal(Some(signal));
        let sent = match &request.body {
            Some(body) => {
                builder
                    .header("Content-Type", "application/json")
                    .body(body.clone())
                    .map_err(|_| NetError::Offline)?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        // fetch() only rejects when no HTTP answer arrived: unreachable, refused, aborted.
        sent.map_err(|_| NetError::Offline)
    }
}

/// A 2xx answer: its body and the headers that say what it is.
struct Answer {
    text: String,
    content_type: Option<String>,
    /// The server's `Date`, in ms.
    date: Option<i64>,
}

impl Answer {
    /// The body, if the answer says it is JSON.
    fn json_text(&self) -> Result<&str, NetError> {
        if !is_json_content_type(self.content_type.as_deref()) {
            let what = self.content_type.as_deref().unwrap_or("no Content-Type");
            return Err(NetError::BadData(format!("not JSON but {what}")));
        }
        Ok(&self.text)
    }
}

async fn read_body(response: Response) -> Result<Answer, NetError> {
    let status = response.status();
    // Only 401 means the token is gone; a 403 is this request refused (a permission, a proxy
    // rule), an error like a 500 that never logs anyone out.
    if status == 401 {
        return Err(NetError::Unauthorized);
    }
    if !response.ok() {
        let retry_after_ms = response
            .headers()
            .get("retry-after")
            .and_then(|v| parse_retry_after(&v, js_sys::Date::now() as i64));
        return Err(NetError::Http {
            status,
            retry_after_ms,
        });
    }
    let headers = response.headers();
    let content_type = headers.get("content-type");
    let date = headers.get("date").and_then(|d| parse_http_date(&d));
    // A body cut off mid-way (connection dropped) rejects here.
    let text = response
        .text()
        .await
        .map_err(|_| NetError::BadData("the answer was cut off".into()))?;
    Ok(Answer {
        text,
        content_type,
        date,
    })
}

/// This browser as a Jellyfin device. The device id is kept per browser by the session module.
pub fn browser_client_info(device_id: &str) -> ClientInfo {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let device = if ua.contains("Firefox") {
        "Firefox"
    } else if ua.contains("Edg/") {
        "Edge"
    } else if ua.contains("Chrome") || ua.contains("Chromium") {
        "Chrome"
    } else if ua.contains("Safari") {
        "Safari"
    } else {
        "Browser"
    };
    ClientInfo {
        client: "Marquee".into(),
        device: device.into(),
        device_id: device_id.into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}
