//! A Jellyfin-compatible server over a generated library, for Marquee's demo and tests.
//! `app(build_state(&config))` is the whole server as an axum `Router`, so tests can drive it
//! with `tower::ServiceExt::oneshot` without opening a socket.
//!
//! `library/` is the generated library and everything read from it (search, play state,
//! Jellyfin's JSON, images); `http/` is Jellyfin's routes and what every request passes
//! through; `control/` is `/__demo/`; `media/` is playback and `downloads/` the file download.

pub mod control;
pub mod downloads;
pub mod http;
pub mod library;
pub mod media;
pub mod state;

use std::future::IntoFuture;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use tower::util::MapRequestLayer;
use tower::Layer;

use http::routes::{self, canonical::CanonicalPaths};
use http::{cors, gate, static_files};
use library::{generate, rng};

pub use state::AppState;

#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    /// `0` picks a free port.
    pub port: u16,
    pub movies: usize,
    pub shows: usize,
    pub seed: u64,
    /// Initial artificial latency for API requests (changeable via `/__demo/latency`).
    pub latency_ms: u64,
    /// The latency delays the app's own files too, not only the API (images stay exempt).
    pub latency_everywhere: bool,
    /// A built web app to serve (with SPA fallback to `index.html`).
    pub dist: Option<PathBuf>,
    pub server_name: String,
    /// Serve only the built app (`--dist`), no Jellyfin API: for use with a real server.
    pub app_only: bool,
    /// Keep sessions (tokens) in this file so they survive a restart, as in Jellyfin.
    pub sessions_file: Option<PathBuf>,
    /// Let pages of any origin call `/__demo/` (the wasm browser tests run on the test
    /// runner's own port). Off by default: the control surface answers only same-origin pages
    /// and non-browser clients.
    pub control_any_origin: bool,
    /// The size of the one large download (`/Items/{id}/Download` of `LargeItemId`), in MiB.
    pub large_download_mib: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_string(),
            port: 8096,
            movies: 2000,
            shows: 200,
            seed: 1,
            latency_ms: 0,
            latency_everywhere: false,
            dist: None,
            server_name: "Marquee Demo".to_string(),
            app_only: false,
            sessions_file: None,
            control_any_origin: false,
            large_download_mib: downloads::media::LARGE_DEFAULT_MIB,
        }
    }
}

pub fn build_state(config: &Config) -> AppState {
    downloads::media::set_large_len(config.large_download_mib * 1024 * 1024);
    let lib = generate::generate(config);
    let server_id = rng::hex(rng::id128(&[config.seed, generate::S_SERVER]));
    AppState(Arc::new(state::Shared::new(config.clone(), lib, server_id)))
}

pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(routes::router())
        .merge(control::router())
        .fallback(static_files::fallback)
        // Order matters: CORS is outside the gate so preflights never reach auth, and the
        // request-line limit is outermost, as in Kestrel, which refuses before any middleware.
        .layer(from_fn_with_state(state.clone(), gate::api_gate))
        .layer(from_fn_with_state(
            state.clone(),
            media::token_use::count_media_requests,
        ))
        .layer(from_fn_with_state(state.clone(), cors::cors))
        .layer(from_fn(gate::request_line_limit))
        .with_state(state);
    // Paths are put in Jellyfin's casing before routing (a layer on `api` runs after it).
    let canonical = CanonicalPaths::new(routes::endpoints().iter().flat_map(|e| e.paths()));
    Router::new()
        .fallback_service(MapRequestLayer::new(move |req| canonical.rewrite(req)).layer(api))
}

/// Only the built app, with the SPA fallback: what `--app-only` serves.
pub fn app_only(state: AppState) -> Router {
    Router::new()
        .fallback(static_files::fallback)
        .with_state(state)
}

/// Binds, prints `demo-server listening on http://HOST:PORT`, serves until SIGTERM/Ctrl-C.
pub async fn serve(config: Config) -> std::io::Result<()> {
    // Listen for signals before announcing the port: a SIGTERM right after the line must
    // still shut down cleanly instead of killing the process.
    let signal = shutdown_signal()?;
    let state = build_state(&config);
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
    let port = listener.local_addr()?.port();
    let host = if config.host.contains(':') {
        format!("[{}]", config.host)
    } else {
        config.host.clone()
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "demo-server listening on http://{host}:{port}")?;
    out.flush()?;
    drop(out);

    let mut stop = state.shutdown.subscribe();
    let router = if config.app_only {
        app_only(state.clone())
    } else {
        app(state.clone())
    };
    let server = axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            let _ = stop.wait_for(|s| *s).await;
        })
        .into_future();
    let server = tokio::spawn(server);
    signal.await;
    let _ = state.shutdown.send(true);
    // Open keep-alive connections may linger; do not wait for them forever.
    match tokio::time::timeout(Duration::from_secs(5), server).await {
        Ok(Ok(result)) => result,
        _ => Ok(()),
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is called.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
