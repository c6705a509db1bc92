//! The release profile aborts on panic, so no `Drop` stops the demo server or chromedriver when
//! the benchmark fails or is interrupted: on a panic, Ctrl-C or SIGTERM, kill every process
//! this one started (its descendants, by PID) before going.
use std::collections::HashMap;

/// Kills this process's descendants: its children, their children, and so on.
pub fn kill_descendants() {
    let me = std::process::id();
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        // `/proc/<pid>/stat`: "pid (comm) state ppid ...", comm may contain spaces.
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            children.entry(ppid).or_default().push(pid);
        }
    }
    let mut found = Vec::new();
    let mut next = vec![me];
    while let Some(pid) = next.pop() {
        for &child in children.get(&pid).map(Vec::as_slice).unwrap_or(&[]) {
            found.push(child.to_string());
            next.push(child);
        }
    }
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
