//! Percentiles of a set of samples.
use serde::Serialize;

/// p50 and p95 (nearest rank) of some millisecond samples, with the samples themselves.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub p50: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    pub samples: Vec<f64>,
}

impl Summary {
    pub fn of(samples: &[f64]) -> Summary {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|s| s.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        Summary {
            p50: percentile(&sorted, 50.0),
            p95: percentile(&sorted, 95.0),
            min: sorted.first().copied().unwrap_or(f64::NAN),
            max: sorted.last().copied().unwrap_or(f64::NAN),
            samples: samples.to_vec(),
        }
    }

    /// `p50 / p95 ms`, the way the table shows a timing.
    pub fn ms(&self) -> String {
        format!("{} / {} ms", fmt_ms(self.p50), fmt_ms(self.p95))
    }
}

/// Nearest-rank percentile of sorted samples (NaN when there are none).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds: one decimal under 10 ms, whole above.
pub fn fmt_ms(ms: f64) -> String {
    if !ms.is_finite() {
        "n/a".into()
    } else if ms < 10.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

/// Two-sided p-value of a Mann–Whitney rank test (normal approximation, tied samples sharing
/// their mean rank): how likely two sets of samples this far apart are if both come from the
/// same distribution. NaN when either set is empty.
pub fn rank_test_p(a: &[f64], b: &[f64]) -> f64 {
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    if a.is_empty() || b.is_empty() {
        return f64::NAN;
    }
    let mut all: Vec<(f64, bool)> = a
        .iter()
        .map(|&x| (x, true))
        .chain(b.iter().map(|&x| (x, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut rank_sum_a = 0.0;
    let mut i = 0;
    while i < all.len() {
        let tied = all[i..].iter().take_while(|s| s.0 == all[i].0).count();
        // Ranks i+1 ..= i+tied share their mean.
        let rank = i as f64 + (tied as f64 + 1.0) / 2.0;
        rank_sum_a += rank * all[i..i + tied].iter().filter(|s| s.1).count() as f64;
        i += tied;
    }
    let u = rank_sum_a - n1 * (n1 + 1.0) / 2.0;
    let sd = (n1 * n2 * (n1 + n2 + 1.0) / 12.0).sqrt();
    let z = ((u - n1 * n2 / 2.0) / sd).abs();
    // Two tails of the standard normal: erfc(z / √2).
    erfc(z / std::f64::consts::SQRT_2)
}

/// The complementary error function (Numerical Recipes' `erfcc`, relative error under 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_samples_are_not_told_apart() {
        let a = [40.0, 42.0, 45.0, 47.0, 50.0, 52.0, 55.0];
        assert!((rank_test_p(&a, &a) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn samples_apart_are_told_apart() {
        let fast = [40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0];
        let slow = fast.map(|x| x + 20.0);
        // Every fast sample under every slow one: U = 0, z ≈ 3.78, p ≈ 0.00016.
        let p = rank_test_p(&fast, &slow);
        assert!(p > 0.0001 && p < 0.0003, "p = {p}");
        assert!((p - rank_test_p(&slow, &fast)).abs() < 1e-12, "two-sided");
    }

    #[test]
    fn overlapping_samples_fall_between() {
        let a = [40.0, 44.0, 48.0, 52.0, 56.0];
        let b = [42.0, 46.0, 50.0, 54.0, 58.0];
        let p = rank_test_p(&a, &b);
        // U = 10 of 25: z ≈ 0.52, p ≈ 0.60.
        assert!((p - 0.6015).abs() < 0.01, "p = {p}");
    }

    #[test]
    fn no_samples_give_no_figure() {
        assert!(rank_test_p(&[], &[1.0]).is_nan());
    }
}
