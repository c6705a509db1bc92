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

#[cfg(test)]
mod tests {
    use super::fixed;

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
