//! A tiny deterministic PRNG (splitmix64). Everything generated for a `--seed` derives from it,
//! so ids and data are stable across runs without pulling in `rand`.

/// One splitmix64 step: good statistical quality, trivially seedable, and fast.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hashes a list of words into one; used to derive independent streams (one per item) from the seed.
pub fn mix(parts: &[u64]) -> u64 {
    let mut state = 0x005E_ED0F_DE40_u64;
    let mut out = 0;
    for part in parts {
        state ^= part.wrapping_mul(0x2545_F491_4F6C_DD1D);
        out = splitmix64(&mut state);
    }
    out
}

/// A stable 128-bit id (printed as 32 lowercase hex digits, like Jellyfin's dash-less GUIDs).
pub fn id128(parts: &[u64]) -> u128 {
    let mut state = mix(parts);
    let hi = splitmix64(&mut state) as u128;
    let lo = splitmix64(&mut state) as u128;
    (hi << 64) | lo
}

pub fn hex(id: u128) -> String {
    format!("{id:032x}")
}

pub fn parse_hex(s: &str) -> Option<u128> {
    // Jellyfin accepts GUIDs with or without dashes, in any case.
    let cleaned: String = s.chars().filter(|c| *c != '-').collect();
    if cleaned.len() != 32 {
        return None;
    }
    u128::from_str_radix(&cleaned, 16).ok()
}

#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn from_parts(parts: &[u64]) -> Self {
        Rng(mix(parts))
    }

    pub fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.0)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant for demo data.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1).max(1) as u64)) as i64
    }

    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}
