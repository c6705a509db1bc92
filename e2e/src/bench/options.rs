//! Command-line options of the benchmark.

/// What to measure and how often.
pub struct Options {
    /// Movies in the benchmark library, one full round per size.
    pub sizes: Vec<u32>,
    /// Samples per timed figure.
    pub runs: u32,
    /// Latency the demo server adds to every API request (a typical remote server: 150 ms).
    pub latency_ms: u64,
    /// Shows in the demo library (the Show page's library), the same at every size.
    pub shows: u32,
    /// Items in the IndexedDB write figure.
    pub write_items: u32,
    /// Items in the IndexedDB first-screen read figure.
    pub library_size: u32,
    /// Server latencies of the side-by-side warm starts.
    pub latencies: Vec<u64>,
    /// Another build to interleave with this one (`./scripts/bench --ab REV`), and its name.
    pub dist_b: Option<std::path::PathBuf>,
    pub label_b: String,
    /// Only the player's figures (play click to first `playing`).
    pub player: bool,
    /// Only the download figures (a 1 GiB file against curl, long tasks, memory, local play).
    pub downloads: bool,
    /// Only the side-by-side figures (the comparator, and B with `--ab`), at each size.
    pub versus: bool,
    /// Only the write path: the cache write figure, the cold first sync and a revalidation.
    pub sync: bool,
}

const USAGE: &str = "options: --sizes 1000,10000,50000  --runs N (7)  --latency-ms N (150)  \
--shows N (40)  --write-items N (10000)  --library-size N (50000)  --latencies 0,150,1000  \
--dist-b PATH  --label-b NAME (./scripts/bench --ab REV sets both)  --player (only the \
player: play click to first playing, direct and HLS)  --downloads (only downloads: a 1 GiB \
file against curl, longest task, memory, Play click on the local copy)  --versus (only the \
side by side: first visits and warm starts against the comparator, and B)  --first-visits \
(only the side by side's first visits, at each size, with their ratios)  --sync (only \
the write path: writing --write-items items, the cold first sync and a revalidation at each \
size, --runs times each)";

pub fn parse() -> Options {
    let mut o = Options {
        sizes: vec![1_000, 10_000, 50_000],
        runs: 7,
        latency_ms: 150,
        shows: 40,
        write_items: 10_000,
        library_size: 50_000,
        latencies: vec![0, 150, 1_000],
        dist_b: None,
        label_b: "B".into(),
        player: false,
        downloads: false,
        versus: false,
        sync: false,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        if flag == "--versus" {
            o.versus = true;
            i += 1;
            continue;
        }
        if flag == "--sync" {
            o.sync = true;
            i += 1;
            continue;
        }
        if flag == "--first-visits" {
            // The side by side's first visits alone: no profile primed, no warm start.
            o.versus = true;
            o.latencies.clear();
            i += 1;
            continue;
        }
        if flag == "--player" {
            o.player = true;
            i += 1;
            continue;
        }
        if flag == "--downloads" {
            o.downloads = true;
            i += 1;
            continue;
        }
        let value = args
            .get(i + 1)
            .unwrap_or_else(|| panic!("{flag} needs a value ({USAGE})"));
        let number = || -> u64 {
            value
                .replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("{flag} {value}: not a number"))
        };
        match flag {
            "--sizes" => {
                o.sizes = value
                    .split(',')
                    .map(|s| {
                        s.trim()
                            .replace('_', "")
                            .parse()
                            .unwrap_or_else(|_| panic!("--sizes {value}: not a list of numbers"))
                    })
                    .collect();
                assert!(!o.sizes.is_empty(), "--sizes needs at least one size");
            }
            "--runs" => o.runs = (number() as u32).max(1),
            "--latency-ms" => o.latency_ms = number(),
            "--shows" => o.shows = (number() as u32).max(1),
            "--write-items" => o.write_items = number() as u32,
            "--library-size" => o.library_size = number() as u32,
            "--latencies" => {
                o.latencies = value
                    .split(',')
                    .map(|s| {
                        s.trim().replace('_', "").parse().unwrap_or_else(|_| {
                            panic!("--latencies {value}: not a list of numbers")
                        })
                    })
                    .collect();
            }
            "--dist-b" => o.dist_b = Some(value.into()),
            "--label-b" => o.label_b = value.clone(),
            other => panic!("unknown option {other} ({USAGE})"),
        }
        i += 2;
    }
    o
}
