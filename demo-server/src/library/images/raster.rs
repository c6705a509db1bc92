//! The generated artwork as pixels, for clients that ask for a raster format: the SVG's
//! gradient (same hues from the item id), without the text.

fn hsl_to_rgb(hue: f64, saturation: f64, lightness: f64) -> [u8; 3] {
    let c = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = lightness - c / 2.0;
    [r, g, b].map(|v| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8)
}

/// `width * height` RGB pixels: the poster gradient for `id`, top to bottom.
pub fn poster(id: u128, width: u32, height: u32) -> Vec<u8> {
    let hue = (id % 360) as f64;
    let top = hsl_to_rgb(hue, 0.45, 0.38);
    let bottom = hsl_to_rgb((hue + 40.0) % 360.0, 0.50, 0.18);
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height {
        let t = if height > 1 {
            f64::from(y) / f64::from(height - 1)
        } else {
            0.0
        };
        let px: [u8; 3] = std::array::from_fn(|i| {
            (f64::from(top[i]) * (1.0 - t) + f64::from(bottom[i]) * t) as u8
        });
        for _ in 0..width {
            out.extend_from_slice(&px);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsl_matches_css() {
        assert_eq!(hsl_to_rgb(0.0, 1.0, 0.5), [255, 0, 0]);
        assert_eq!(hsl_to_rgb(120.0, 1.0, 0.25), [0, 128, 0]);
        assert_eq!(hsl_to_rgb(210.0, 0.45, 0.38), [53, 97, 141]);
    }
}
