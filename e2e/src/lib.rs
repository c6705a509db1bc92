//! Harness for end-to-end tests and the benchmark: starts the demo server and chromedriver as
//! child processes on free ports (stopped by PID on drop) and opens headless Chromium sessions.
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use thirtyfour::prelude::*;

pub use thirtyfour;

pub mod browser;
pub mod faults;
pub mod look;

/// The workspace root (this crate lives in `<root>/e2e`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The built app (`trunk build --release`); override with `MARQUEE_DIST`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("MARQUEE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist"))
}

/// The demo server binary; override with `MARQUEE_DEMO_SERVER`.
pub fn demo_server_bin() -> PathBuf {
    std::env::var_os("MARQUEE_DEMO_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug/demo-server"))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind a free port")
        .local_addr()
        .unwrap()
        .port()
}

/// A running demo server; killed when dropped.
pub struct DemoServer {
    child: Child,
    pub url: String,
    pub port: u16,
    args: Vec<String>,
}

impl DemoServer {
    /// Starts the demo server with the built app and `extra` flags (e.g. `["--movies", "1000"]`).
    pub fn start(extra: &[&str]) -> DemoServer {
        let args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        Self::start_on(0, args)
    }

    /// Starts the demo server serving another build of the app (e.g. the benchmark's): a later
    /// `--dist` wins over the default one.
    pub fn start_with_dist(dist: &Path, extra: &[&str]) -> DemoServer {
        let mut args = vec!["--dist".to_string(), dist.display().to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        Self::start_on(0, args)
    }

    fn start_on(port: u16, args: Vec<String>) -> DemoServer {
        let bin = demo_server_bin();
        assert!(
            bin.exists(),
            "demo server not built at {} (cargo build -p demo-server)",
            bin.display()
        );
        let dist = dist_dir();
        assert!(
            dist.join("index.html").exists(),
            "app not built at {} (trunk build --release)",
            dist.display()
        );
        // A later --dist in `args` wins over the default one.
        let mut child = Command::new(&bin)
            .arg("--port")
            .arg(port.to_string())
            .arg("--dist")
            .arg(&dist)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the demo server");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the demo server's first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("unexpected demo server output: {line}"))
            .trim_end_matches('/')
            .to_string();
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port in url");
        DemoServer {
            child,
            url,
            port,
            args,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the process (the server is gone: connection refused), keeping its port for `restart`.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again on the same port with the same flags.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let next = std::panic::catch_unwind(|| Self::start_on(self.port, self.args.clone()));
            match next {
                Ok(server) => {
                    *self = server;
                    return;
                }
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                Err(e) => std::panic::resume_unwind(e),
            }
        }
    }

    /// POSTs JSON to a control endpoint (`/__demo/...`).
    pub async fn control(&self, method: &str, path: &str, body: Value) -> Value {
        let client = reqwest::Client::new();
        let url = format!("{}{}", self.url, path);
        let request = match method {
            "GET" => client.get(&url),
            "DELETE" => client.delete(&url),
            _ => client.post(&url).json(&body),
        };
        let response = request.send().await.expect("control request");
        assert!(
            response.status().is_success(),
            "{method} {path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(Value::Null)
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A chromedriver process; killed when dropped.
pub struct ChromeDriver {
    child: Child,
    pub url: String,
}

impl ChromeDriver {
    pub fn start() -> ChromeDriver {
        let port = free_port();
        let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(bin)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, which the browsers it starts join: one kill ends them all.
            .process_group(0)
            .spawn()
            .expect("start chromedriver (apt-get install chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        ChromeDriver { child, url }
    }

    /// The chromedriver process (the browsers it starts run below it).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A new headless Chromium with its own fresh profile, with the project's flags.
    pub async fn browser(&self) -> WebDriver {
        self.browser_with(&[]).await
    }

    /// [`ChromeDriver::browser`] with more Chromium flags (e.g. the autoplay policy).
    pub async fn browser_with(&self, extra_args: &[&str]) -> WebDriver {
        let flags: Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("webdriver.json")).expect("webdriver.json"),
        )
        .expect("webdriver.json is JSON");
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        let mut options = flags["goog:chromeOptions"].clone();
        if let Some(args) = options["args"].as_array_mut() {
            args.extend(extra_args.iter().map(|a| Value::from(*a)));
        }
        caps.insert("goog:chromeOptions".into(), options);
        caps.insert(
            "goog:loggingPrefs".into(),
            serde_json::json!({"browser": "ALL"}),
        );
        WebDriver::new(self.url.clone(), thirtyfour::Capabilities::from(caps))
            .await
            .expect("start a Chromium session")
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The whole group: a test that panicked before `quit()` leaves its browser running.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` every 50 ms until it returns `Some`, or panics with `what` after `timeout`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    let deadline = started + timeout;
    loop {
        if let Some(value) = check().await {
            // Where a test spends its time (shown with --nocapture, or when it fails).
            if started.elapsed() > Duration::from_secs(5) {
                println!("waited {:.1?} for {what}", started.elapsed());
            }
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs a script in the page and returns its JSON result.
pub async fn js(driver: &WebDriver, script: &str) -> Value {
    driver
        .execute(script, Vec::<Value>::new())
        .await
        .expect("execute script")
        .json()
        .clone()
}

/// Ids of the items a page shows (cards, rows, links).
pub async fn item_ids(driver: &WebDriver, css: &str) -> Vec<String> {
    let value = js(
        driver,
        &format!(
            "return Array.from(document.querySelectorAll({})).map(e => e.getAttribute('data-item-id'))",
            serde_json::to_string(css).unwrap()
        ),
    )
    .await;
    serde_json::from_value(value).unwrap_or_default()
}

/// Makes everything cached look two days old, as if browsed yesterday: the next visit tries the
/// server first (and, with the server gone, says it is offline).
pub async fn age_the_cache(driver: &WebDriver) {
    let result = js(
        driver,
        r#"
        const names = (await indexedDB.databases()).map(d => d.name)
            .filter(n => n.startsWith('marquee-') && n !== 'marquee-session');
        const old = Date.now() - 2 * 24 * 3600 * 1000;
        let aged = 0;
        for (const name of names) {
            const db = await new Promise((ok, err) => {
                const r = indexedDB.open(name);
                r.onsuccess = () => ok(r.result);
                r.onerror = () => err(r.error);
            });
            for (const storeName of ['queries', 'items']) {
                await new Promise((ok, err) => {
                    const tx = db.transaction(storeName, 'readwrite');
                    const store = tx.objectStore(storeName);
                    store.openCursor().onsuccess = (e) => {
                        const cursor = e.target.result;
                        if (!cursor) return;
                        const value = cursor.value;
                        value.fetched_at = old;
                        cursor.update(value);
                        aged++;
                        cursor.continue();
                    };
                    tx.oncomplete = ok;
                    tx.onerror = () => err(tx.error);
                    tx.onabort = () => err(tx.error);
                });
            }
            db.close();
        }
        return aged;
        "#,
    )
    .await;
    assert!(
        result.as_u64().unwrap_or(0) > 0,
        "nothing cached to age: {result}"
    );
}

/// Text of every element matching `css`.
pub async fn texts(driver: &WebDriver, css: &str) -> Vec<String> {
    let value = js(
        driver,
        &format!(
            "return Array.from(document.querySelectorAll({})).map(e => e.textContent.trim())",
            serde_json::to_string(css).unwrap()
        ),
    )
    .await;
    serde_json::from_value(value).unwrap_or_default()
}

/// Logs in through the form of `server`'s app (Home follows).
pub async fn log_in(driver: &WebDriver, server: &DemoServer, user: &str, password: &str) {
    browser::log_in_at(driver, &server.url, user, password).await;
}

/// Saves a screenshot under target/e2e-screenshots (for looking at a failure).
pub async fn screenshot(driver: &WebDriver, name: &str) {
    let dir = root().join("target/e2e-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    let _ = driver.screenshot(&dir.join(format!("{name}.png"))).await;
}
