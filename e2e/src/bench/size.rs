//! What the browser downloads: the wasm, the JS and the CSS of a build, raw and gzipped
//! (`gzip -9`, as a server would send them) and brotli (quality 11, through python3's `brotli`
//! module where it is installed: `apt-get install python3-brotli`).
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Assets {
    pub dist: String,
    pub wasm: Bytes,
    /// Every `.js` file: the wasm-bindgen glue and the service worker.
    pub js: Bytes,
    pub css: Bytes,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Bytes {
    pub raw: u64,
    pub gzip: u64,
    /// `None` without python3's brotli module.
    pub brotli: Option<u64>,
}

impl Bytes {
    fn empty() -> Bytes {
        Bytes {
            raw: 0,
            gzip: 0,
            brotli: Some(0),
        }
    }

    fn add(&mut self, other: Bytes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli = self.brotli.zip(other.brotli).map(|(a, b)| a + b);
    }
}

pub fn measure(dist: &Path) -> Assets {
    let mut assets = Assets {
        dist: dist.display().to_string(),
        wasm: Bytes::empty(),
        js: Bytes::empty(),
        css: Bytes::empty(),
    };
    let entries = std::fs::read_dir(dist).unwrap_or_else(|e| panic!("{}: {e}", dist.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let slot: &mut Bytes = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => &mut assets.wasm,
            Some("js") => &mut assets.js,
            Some("css") => &mut assets.css,
            _ => continue,
        };
        slot.add(file_size(&path));
    }
    assets
}

fn file_size(path: &Path) -> Bytes {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut gzip = Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run gzip");
    let mut stdin = gzip.stdin.take().expect("gzip stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&data).map(|_| data.len()));
    let out = gzip.wait_with_output().expect("gzip output");
    let raw = writer.join().expect("gzip writer").expect("write to gzip") as u64;
    Bytes {
        raw,
        gzip: out.stdout.len() as u64,
        brotli: brotli_size(path),
    }
}

/// Through the first python3 with a brotli module: the one on the PATH, or Debian's (the
/// PATH's may be another install without Debian's packages).
fn brotli_size(path: &Path) -> Option<u64> {
    ["python3", "/usr/bin/python3"].iter().find_map(|python| {
        let out = Command::new(python)
            .args([
                "-c",
                "import brotli, sys; print(len(brotli.compress(open(sys.argv[1], 'rb').read(), quality=11)))",
            ])
            .arg(path)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    })
}
