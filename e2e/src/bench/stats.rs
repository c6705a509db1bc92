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
