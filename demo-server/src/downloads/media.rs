//! The bytes `/Items/{id}/Download` serves: the playback clip for every movie and episode,
//! and for one movie a larger file (tens of MB) so that progress, pause and resume can be
//! watched. The large file is the clip followed by an MP4 `free` box of filler: players skip
//! top-level `free` boxes, so it plays exactly like the clip. It is built on first use, in
//! memory, never written to the repository.

use std::sync::OnceLock;

use axum::body::Bytes;

/// The large file's size unless `--large-download-mib` says otherwise.
pub const LARGE_DEFAULT_MIB: usize = 48;

/// The large file's size, set once at start-up (a process serves one size).
static LARGE_LEN: OnceLock<usize> = OnceLock::new();

pub fn set_large_len(len: usize) {
    let _ = LARGE_LEN.set(len);
}

/// The large file's size in bytes.
pub fn large_len() -> usize {
    LARGE_LEN
        .get()
        .copied()
        .unwrap_or(LARGE_DEFAULT_MIB * 1024 * 1024)
}

/// The clip every downloadable item serves: the playback clip (`demo-server/media/`), so a
/// downloaded item plays exactly what streaming plays.
pub fn clip() -> Bytes {
    Bytes::from_static(include_bytes!("../../media/clip.mp4"))
}

/// The clip padded to [`large_len`] with an MP4 `free` box.
pub fn large() -> Bytes {
    static LARGE: OnceLock<Bytes> = OnceLock::new();
    LARGE
        .get_or_init(|| Bytes::from(padded(&clip(), large_len())))
        .clone()
}

/// `clip` followed by one `free` box (32-bit size + "free" + filler) up to `len` bytes.
/// The filler is a repeating counter, so a byte out of place shows in a comparison.
pub fn padded(clip: &[u8], len: usize) -> Vec<u8> {
    let box_len = len.saturating_sub(clip.len());
    let mut out = Vec::with_capacity(clip.len() + box_len);
    out.extend_from_slice(clip);
    if box_len >= 8 {
        out.extend_from_slice(&(box_len as u32).to_be_bytes());
        out.extend_from_slice(b"free");
        out.extend((0..box_len - 8).map(|i| (i % 251) as u8));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_is_one_free_box_to_the_length() {
        let clip = [1u8, 2, 3];
        let out = padded(&clip, 3 + 16);
        assert_eq!(out.len(), 19);
        assert_eq!(&out[..3], &clip);
        assert_eq!(&out[3..7], &16u32.to_be_bytes());
        assert_eq!(&out[7..11], b"free");
        assert_eq!(&out[11..], &[0, 1, 2, 3, 4, 5, 6, 7]);
    }
}
