//! The processes below one process, read from `/proc`: the benchmark kills them when it stops
//! early, and sums their memory while a download runs.

/// One process below the root: its PID and resident memory in bytes.
pub struct Descendant {
    pub pid: u32,
    pub rss_bytes: u64,
}

/// Every process below `root`: its children, their children, and so on.
pub fn descendants(root: u32) -> Vec<Descendant> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        // `/proc/<pid>/stat`: "pid (comm) state ppid ...", comm may contain spaces: the fields
        // follow the last ')'.
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |n: usize| fields.get(n).and_then(|f| f.parse::<u64>().ok());
        if let Some(ppid) = field(1) {
            let rss_pages = field(21).unwrap_or(0);
            all.push((
                ppid as u32,
                Descendant {
                    pid,
                    rss_bytes: rss_pages * 4096,
                },
            ));
        }
    }
    let mut found = Vec::new();
    let mut next = vec![root];
    while let Some(parent) = next.pop() {
        let (children, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|(p, _)| *p == parent);
        all = rest;
        for (_, child) in children {
            next.push(child.pid);
            found.push(child);
        }
    }
    found
}
