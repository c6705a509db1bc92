//! A baseline JPEG encoder (JFIF, 4:4:4, the standard Huffman tables of ITU T.81 Annex K):
//! enough for the generated artwork when a client asks for `format=Jpg`, without an image crate.

/// Annex K.1 quantization tables, in natural (row-major) order.
const LUMA_Q: [u8; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
    92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q: [u8; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
    47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];

/// Zigzag position k → natural index.
const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

// Annex K.3 Huffman tables: code counts per length 1..=16, then the symbols.
const DC_LUMA_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_BITS: [u8; 16] = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMA_BITS: [u8; 16] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_LUMA_VALUES: [u8; 162] = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
];
const AC_CHROMA_BITS: [u8; 16] = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const AC_CHROMA_VALUES: [u8; 162] = [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
    0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
    0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
    0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
    0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
    0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
    0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
    0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
    0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
    0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
];

/// (code, length) per symbol, built from a table's counts and symbols (Annex C).
struct Huffman {
    codes: [(u16, u8); 256],
}

impl Huffman {
    fn new(bits: &[u8; 16], values: &[u8]) -> Huffman {
        let mut codes = [(0u16, 0u8); 256];
        let mut code = 0u16;
        let mut k = 0;
        for (len, &count) in bits.iter().enumerate() {
            for _ in 0..count {
                codes[values[k] as usize] = (code, len as u8 + 1);
                code += 1;
                k += 1;
            }
            code <<= 1;
        }
        Huffman { codes }
    }
}

struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl BitWriter {
    fn put(&mut self, code: u16, len: u8) {
        self.acc = (self.acc << len) | u32::from(code);
        self.n += u32::from(len);
        while self.n >= 8 {
            let byte = (self.acc >> (self.n - 8)) as u8;
            self.out.push(byte);
            // 0xFF in entropy-coded data is followed by a stuffed zero.
            if byte == 0xFF {
                self.out.push(0);
            }
            self.n -= 8;
        }
        self.acc &= (1 << self.n) - 1;
    }

    /// Pads the last byte with one-bits (as T.81 asks).
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            let pad = 8 - self.n as u8;
            self.put((1 << pad) - 1, pad);
        }
        self.out
    }
}

/// The magnitude category of a coefficient and its bits (negative values one's-complemented).
fn category(v: i32) -> (u8, u16) {
    let size = 32 - v.unsigned_abs().leading_zeros();
    let raw = if v < 0 { v - 1 } else { v };
    let bits = (raw as u32) & ((1u32 << size) - 1);
    (size as u8, bits as u16)
}

/// Quality 1..=100 applied to a base table, as libjpeg scales it.
fn scaled(table: &[u8; 64], quality: u8) -> [u8; 64] {
    let q = u32::from(quality.clamp(1, 100));
    let scale = if q < 50 { 5000 / q } else { 200 - 2 * q };
    table.map(|v| ((u32::from(v) * scale + 50) / 100).clamp(1, 255) as u8)
}

fn fdct(block: &[f32; 64]) -> [f32; 64] {
    let mut cos = [[0f32; 8]; 8];
    for (x, row) in cos.iter_mut().enumerate() {
        for (u, c) in row.iter_mut().enumerate() {
            *c = (((2 * x + 1) * u) as f32 * std::f32::consts::PI / 16.0).cos();
        }
    }
    let alpha = |u: usize| {
        if u == 0 {
            std::f32::consts::FRAC_1_SQRT_2
        } else {
            1.0
        }
    };
    let mut rows = [0f32; 64];
    for y in 0..8 {
        for u in 0..8 {
            rows[y * 8 + u] = (0..8).map(|x| block[y * 8 + x] * cos[x][u]).sum::<f32>();
        }
    }
    let mut out = [0f32; 64];
    for v in 0..8 {
        for u in 0..8 {
            let s: f32 = (0..8).map(|y| rows[y * 8 + u] * cos[y][v]).sum();
            out[v * 8 + u] = 0.25 * alpha(u) * alpha(v) * s;
        }
    }
    out
}

struct Component {
    quant: [u8; 64],
    dc: Huffman,
    ac: Huffman,
    last_dc: i32,
}

impl Component {
    fn encode(&mut self, w: &mut BitWriter, block: &[f32; 64]) {
        let coeffs = fdct(block);
        let mut zz = [0i32; 64];
        for (k, &natural) in ZIGZAG.iter().enumerate() {
            zz[k] = (coeffs[natural] / f32::from(self.quant[natural])).round() as i32;
        }
        let diff = zz[0] - self.last_dc;
        self.last_dc = zz[0];
        let (size, bits) = category(diff);
        let (code, len) = self.dc.codes[size as usize];
        w.put(code, len);
        w.put(bits, size);
        let mut run = 0;
        for &v in &zz[1..] {
            if v == 0 {
                run += 1;
                continue;
            }
            while run > 15 {
                let (code, len) = self.ac.codes[0xF0];
                w.put(code, len);
                run -= 16;
            }
            let (size, bits) = category(v);
            let (code, len) = self.ac.codes[((run << 4) | size) as usize];
            w.put(code, len);
            w.put(bits, size);
            run = 0;
        }
        if run > 0 {
            let (code, len) = self.ac.codes[0x00];
            w.put(code, len);
        }
    }
}

fn segment(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(body);
}

/// Encodes `rgb` (`width * height` pixels, 3 bytes each, row-major) as a baseline JPEG.
pub fn encode(rgb: &[u8], width: u16, height: u16, quality: u8) -> Vec<u8> {
    let (w, h) = (usize::from(width), usize::from(height));
    assert_eq!(rgb.len(), w * h * 3, "pixel buffer size");
    let luma_q = scaled(&LUMA_Q, quality);
    let chroma_q = scaled(&CHROMA_Q, quality);

    let mut out = vec![0xFF, 0xD8];
    segment(
        &mut out,
        0xE0,
        &[b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0],
    );
    for (id, table) in [(0u8, &luma_q), (1, &chroma_q)] {
        let mut body = vec![id];
        body.extend(ZIGZAG.iter().map(|&n| table[n]));
        segment(&mut out, 0xDB, &body);
    }
    let mut sof = vec![8];
    sof.extend_from_slice(&height.to_be_bytes());
    sof.extend_from_slice(&width.to_be_bytes());
    sof.extend_from_slice(&[3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
    segment(&mut out, 0xC0, &sof);
    for (class_id, bits, values) in [
        (0x00u8, &DC_LUMA_BITS, &DC_VALUES[..]),
        (0x10, &AC_LUMA_BITS, &AC_LUMA_VALUES[..]),
        (0x01, &DC_CHROMA_BITS, &DC_VALUES[..]),
        (0x11, &AC_CHROMA_BITS, &AC_CHROMA_VALUES[..]),
    ] {
        let mut body = vec![class_id];
        body.extend_from_slice(bits);
        body.extend_from_slice(values);
        segment(&mut out, 0xC4, &body);
    }
    segment(&mut out, 0xDA, &[3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);

    let table = |q: [u8; 64], chroma: bool| Component {
        quant: q,
        dc: if chroma {
            Huffman::new(&DC_CHROMA_BITS, &DC_VALUES)
        } else {
            Huffman::new(&DC_LUMA_BITS, &DC_VALUES)
        },
        ac: if chroma {
            Huffman::new(&AC_CHROMA_BITS, &AC_CHROMA_VALUES)
        } else {
            Huffman::new(&AC_LUMA_BITS, &AC_LUMA_VALUES)
        },
        last_dc: 0,
    };
    let mut comps = [
        table(luma_q, false),
        table(chroma_q, true),
        table(chroma_q, true),
    ];
    let mut writer = BitWriter {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    let (mut luma, mut cb, mut cr) = ([0f32; 64], [0f32; 64], [0f32; 64]);
    for by in (0..h).step_by(8) {
        for bx in (0..w).step_by(8) {
            for (k, ((y_out, cb_out), cr_out)) in
                luma.iter_mut().zip(&mut cb).zip(&mut cr).enumerate()
            {
                // Edge blocks repeat the last row/column.
                let y = (by + k / 8).min(h - 1);
                let x = (bx + k % 8).min(w - 1);
                let p = (y * w + x) * 3;
                let (r, g, b) = (
                    f32::from(rgb[p]),
                    f32::from(rgb[p + 1]),
                    f32::from(rgb[p + 2]),
                );
                *y_out = 0.299 * r + 0.587 * g + 0.114 * b - 128.0;
                *cb_out = -0.168_736 * r - 0.331_264 * g + 0.5 * b;
                *cr_out = 0.5 * r - 0.418_688 * g - 0.081_312 * b;
            }
            for (comp, block) in comps.iter_mut().zip([&luma, &cb, &cr]) {
                comp.encode(&mut writer, block);
            }
        }
    }
    out.extend(writer.finish());
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_match_t81() {
        assert_eq!(category(0), (0, 0));
        assert_eq!(category(1), (1, 1));
        assert_eq!(category(-1), (1, 0));
        assert_eq!(category(5), (3, 5));
        assert_eq!(category(-5), (3, 2));
    }

    #[test]
    fn standard_tables_give_the_annex_k_codes() {
        let dc = Huffman::new(&DC_LUMA_BITS, &DC_VALUES);
        assert_eq!(dc.codes[0], (0b00, 2));
        assert_eq!(dc.codes[5], (0b110, 3));
        assert_eq!(dc.codes[11], (0b1_1111_1110, 9));
        let ac = Huffman::new(&AC_LUMA_BITS, &AC_LUMA_VALUES);
        assert_eq!(ac.codes[0x00], (0b1010, 4), "end of block");
        assert_eq!(ac.codes[0xF0], (0b111_1111_1001, 11), "sixteen zeros");
    }
}
