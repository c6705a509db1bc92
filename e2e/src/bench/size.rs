//! What the browser downloads: the wasm, the JS and the CSS of a build, raw and gzipped
//! (`gzip -9`, as a server would send them).
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
}

impl Bytes {
    fn add(&mut self, other: Bytes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
    }
}

pub fn measure(dist: &Path) -> Assets {
    let mut assets = Assets {
        dist: dist.display().to_string(),
        wasm: Bytes::default(),
        js: Bytes::default(),
        css: Bytes::default(),
    };
    let entries = std::fs::read_dir(dist).unwrap_or_else(|e| panic!("{}: {e}", dist.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let slot = match path.extension().and_then(|e| e.to_str()) {
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
    }
}
