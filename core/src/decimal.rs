//! Decimal text for numbers people read (percentages, sizes, pixels) without Rust's float
//! formatter: in the app's wasm that formatter alone weighs about 13 KB.

/// `value` rounded half away from zero to `decimals` places (at most 6): `fixed(12.35, 1)` is
/// "12.4", `fixed(2.0, 1)` is "2.0". Non-finite values read "0".
pub fn fixed(value: f64, decimals: u32) -> String {
    let decimals = decimals.min(6);
    let scale = 10u64.pow(decimals);
    let scaled = if value.is_finite() {
        (value * scale as f64).round()
    } else {
        0.0
    };
    // Saturating cast: values beyond i64 are not numbers anyone reads here.
    let scaled = scaled as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let whole = scaled.unsigned_abs() / scale;
    let fraction = scaled.unsigned_abs() % scale;
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{fraction:0width$}",
            width = decimals as usize
        )
    }
}

/// "1.2 GB", "340 KB", "12 bytes": storage sizes for people (decimal units, as browsers and
/// disks report them). One decimal under 10, none above; a value that rounds up to 1,000 of a
/// unit is shown in the next one ("1.0 MB", not "1000 KB").
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = if bytes.is_finite() {
        bytes.max(0.0)
    } else {
        0.0
    };
    let mut unit = 0;
    // Decide on the rounded figure, so that 9.96 KB reads "10 KB" and 999.6 KB "1.0 MB".
    while value.round() >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let decimals = if unit > 0 && (value * 10.0).round() < 100.0 {
        1
    } else {
        0
    };
    format!("{} {}", fixed(value, decimals), UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::{fixed, human_bytes};

    #[test]
    fn sizes_read_like_a_person_would_say_them() {
        assert_eq!(human_bytes(0.0), "0 bytes");
        assert_eq!(human_bytes(999.0), "999 bytes");
        assert_eq!(human_bytes(1_000.0), "1.0 KB");
        assert_eq!(human_bytes(340_000.0), "340 KB");
        assert_eq!(human_bytes(1_234_567_890.0), "1.2 GB");
        assert_eq!(human_bytes(9_960.0), "10 KB");
        assert_eq!(human_bytes(999_960.0), "1.0 MB");
        assert_eq!(human_bytes(5e15), "5000 TB");
        assert_eq!(human_bytes(-5.0), "0 bytes");
        assert_eq!(human_bytes(f64::NAN), "0 bytes");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(fixed(12.35, 1), "12.4");
        assert_eq!(fixed(0.5, 0), "1");
        assert_eq!(fixed(-0.5, 0), "-1");
        assert_eq!(fixed(99.96, 1), "100.0");
    }

    #[test]
    fn pads_the_fraction() {
        assert_eq!(fixed(2.0, 1), "2.0");
        assert_eq!(fixed(3.05, 2), "3.05");
        assert_eq!(fixed(7.0, 3), "7.000");
    }

    #[test]
    fn matches_the_standard_formatter() {
        for i in 0..2_000 {
            let value = i as f64 * 0.173 - 40.0;
            for decimals in 0..3 {
                let ours = fixed(value, decimals);
                let std = format!("{value:.*}", decimals as usize);
                // std rounds exact ties to even; away from ties both agree.
                let tie = (value * 10f64.powi(decimals as i32)).fract().abs() == 0.5;
                if !tie {
                    // std writes "-0.0" for a negative value that rounds to zero; we write "0.0".
                    let std = if std.trim_start_matches(['-', '0', '.']).is_empty() {
                        std.trim_start_matches('-').to_string()
                    } else {
                        std
                    };
                    assert_eq!(ours, std, "{value} to {decimals} places");
                }
            }
        }
    }

    #[test]
    fn negative_zero_and_non_finite() {
        assert_eq!(fixed(-0.01, 1), "0.0");
        assert_eq!(fixed(f64::NAN, 0), "0");
        assert_eq!(fixed(f64::INFINITY, 2), "0.00");
    }
}
