//! The release profile aborts on panic, so no `Drop` stops the demo server or chromedriver when
//! the benchmark fails or is interrupted: on a panic, Ctrl-C or SIGTERM, kill every process
//! this one started (its descendants, by PID) before going.
use super::processes::descendants;

/// Kills this process's descendants: its children, their children, and so on.
pub fn kill_descendants() {
    let found: Vec<String> = descendants(std::process::id())
        .iter()
        .map(|d| d.pid.to_string())
        .collect();
    if !found.is_empty() {
        let _ = std::process::Command::new("kill")
            .arg("-9")
            .args(&found)
            .status();
    }
}

/// Kills the descendants after the default panic message.
pub fn on_panic() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        kill_descendants();
    }));
}

/// Waits for Ctrl-C or SIGTERM, then kills the descendants and exits.
pub async fn on_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("listen for SIGTERM");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    eprintln!("bench: interrupted, stopping the demo server and chromedriver");
    kill_descendants();
    std::process::exit(130);
}
