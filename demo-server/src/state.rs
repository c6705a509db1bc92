//! Shared server state. The library sits behind a std `RwLock`: handlers never await while
//! holding it, and reads (the vast majority) run in parallel.

use std::ops::Deref;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use tokio::sync::{broadcast, watch};

use crate::control::faults::Faults;
use crate::control::playback::Playback;
use crate::downloads::controls::DownloadControls;
use crate::http::auth::Sessions;
use crate::http::events::Event;
use crate::http::reqlog::RequestLog;
use crate::library::dates::now_us;
use crate::library::rng::{hex, id128};
use crate::library::Library;
use crate::Config;

pub struct Shared {
    pub config: Config,
    pub server_id: String,
    pub lib: RwLock<Library>,
    pub sessions: Mutex<Sessions>,
    pub faults: Mutex<Faults>,
    pub latency_ms: AtomicU64,
    /// Whether the latency also delays the app's own files (index.html, wasm, sw.js): a remote
    /// server, or "lie-fi", where the page itself is slow too.
    pub latency_everywhere: AtomicBool,
    pub requests: Mutex<RequestLog>,
    pub events: broadcast::Sender<Event>,
    /// Playback knobs and what the playback endpoints saw (`/__demo/playback`).
    pub playback: Mutex<Playback>,
    /// Bandwidth limit, cuts and the Range log of `/Items/{id}/Download`.
    pub downloads: DownloadControls,
    /// Flipped to `true` on shutdown so open sockets and stalled requests end promptly.
    pub shutdown: watch::Sender<bool>,
    clock: Mutex<i64>,
    counter: AtomicU64,
}

#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub fn new(config: Config, lib: Library, server_id: String) -> Shared {
        Shared {
            latency_ms: AtomicU64::new(config.latency_ms),
            latency_everywhere: AtomicBool::new(config.latency_everywhere),
            server_id,
            lib: RwLock::new(lib),
            sessions: Mutex::new(match &config.sessions_file {
                Some(file) => Sessions::persisted(file.clone()),
                None => Sessions::default(),
            }),
            faults: Mutex::default(),
            requests: Mutex::default(),
            events: broadcast::channel(1024).0,
            playback: Mutex::default(),
            downloads: DownloadControls::default(),
            shutdown: watch::channel(false).0,
            config,
            clock: Mutex::new(0),
            counter: AtomicU64::new(0),
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Library> {
        self.lib.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, Library> {
        self.lib.write().unwrap_or_else(|e| e.into_inner())
    }

    pub fn sessions(&self) -> MutexGuard<'_, Sessions> {
        lock(&self.sessions)
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        lock(&self.faults)
    }

    pub fn requests(&self) -> MutexGuard<'_, RequestLog> {
        lock(&self.requests)
    }

    pub fn playback(&self) -> MutexGuard<'_, Playback> {
        lock(&self.playback)
    }

    /// Wall-clock microseconds for change times, strictly increasing so two changes never
    /// share a time (a burst runs ahead of the real clock by microseconds at most).
    pub fn now(&self) -> i64 {
        let mut last = lock(&self.clock);
        *last = now_us().max(*last + 1);
        *last
    }

    /// A fresh random 32-hex id (tokens, session ids, message ids).
    pub fn new_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        hex(id128(&[self.config.seed, nanos, n, 0x70CE]))
    }

    /// An access token: 128 bits from the operating system's CSPRNG (the ids above are
    /// predictable from the seed and the clock, fine for message ids, not for credentials).
    pub fn new_token(&self) -> String {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        hex(u128::from_be_bytes(bytes))
    }

    /// A seed for `SortBy=Random`: different on every request, like Jellyfin's.
    pub fn random_seed(&self) -> u64 {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        crate::library::rng::mix(&[now_us() as u64, n, 0x5EED])
    }

    pub fn emit(&self, event: Event) {
        // No receivers is fine: nobody has a socket open.
        let _ = self.events.send(event);
    }

    pub fn latency(&self) -> u64 {
        self.latency_ms.load(Ordering::Relaxed)
    }

    pub fn set_latency(&self, ms: u64) {
        self.latency_ms.store(ms, Ordering::Relaxed);
    }

    pub fn latency_everywhere(&self) -> bool {
        self.latency_everywhere.load(Ordering::Relaxed)
    }

    pub fn set_latency_everywhere(&self, everywhere: bool) {
        self.latency_everywhere.store(everywhere, Ordering::Relaxed);
    }
}
