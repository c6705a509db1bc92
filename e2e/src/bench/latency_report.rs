//! Does a warm start wait on the network? (#18: within 10% at 0, 150 and 1,000 ms.) Each row's
//! medians at every latency, their spread, and a rank test of the lowest latency's samples
//! against the highest's: on this machine a 40–60 ms start's samples spread wider than 10%, so
//! the test says whether a row's difference is more than chance. The pages pooled per client
//! and start, and the hand-written client (which reads only IndexedDB at start) beside them.
use super::stats::{fmt_ms, rank_test_p, Summary};
use super::versus::{Versus, WarmCell};

/// A warm start's medians may differ by at most this factor across the latencies.
const WITHIN: f64 = 1.10;

struct Row {
    label: String,
    /// Per latency, in order: the samples.
    samples: Vec<Vec<f64>>,
}

impl Row {
    fn medians(&self) -> Vec<f64> {
        self.samples.iter().map(|s| Summary::of(s).p50).collect()
    }

    fn spread(&self) -> f64 {
        let m = self.medians();
        let max = m.iter().copied().fold(f64::NAN, f64::max);
        let min = m.iter().copied().fold(f64::NAN, f64::min);
        max / min
    }

    fn p(&self) -> f64 {
        match (self.samples.first(), self.samples.last()) {
            (Some(low), Some(high)) => rank_test_p(low, high),
            _ => f64::NAN,
        }
    }
}

/// Each value once, in the order first seen.
pub(super) fn distinct<T: PartialEq>(all: impl Iterator<Item = T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::new();
    for x in all {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

impl Versus {
    /// The latency table, or nothing when the run took a single latency.
    pub fn latency_markdown(&self) -> String {
        let mut latencies = distinct(self.warm.iter().map(|w| w.latency_ms));
        latencies.sort_unstable();
        if latencies.len() < 2 {
            return String::new();
        }
        let samples_of = |keep: &dyn Fn(&WarmCell) -> bool| -> Vec<Vec<f64>> {
            latencies
                .iter()
                .map(|&l| {
                    self.warm
                        .iter()
                        .filter(|w| w.latency_ms == l && keep(w))
                        .flat_map(|w| w.content.samples.iter().copied())
                        .collect()
                })
                .collect()
        };
        let mut rows = Vec::new();
        let mut per_page = Vec::new();
        for client in distinct(self.warm.iter().map(|w| w.client.clone())) {
            for start in distinct(self.warm.iter().map(|w| w.start.clone())) {
                let pages = distinct(
                    self.warm
                        .iter()
                        .filter(|w| w.client == client && w.start == start)
                        .map(|w| w.page.clone()),
                );
                for page in &pages {
                    let row = Row {
                        label: format!("{client}, {page}, {start}"),
                        samples: samples_of(&|w| {
                            w.client == client && w.start == start && &w.page == page
                        }),
                    };
                    if client == super::versus::MARQUEE {
                        per_page.push(row.spread());
                    }
                    rows.push(row);
                }
                if pages.len() > 1 {
                    rows.push(Row {
                        label: format!("{client}, all {} pages, {start}", pages.len()),
                        samples: samples_of(&|w| w.client == client && w.start == start),
                    });
                }
            }
        }
        let mut out = format!(
            "\n| warm start by latency (medians) | {} | max ÷ min | rank test, {} against {} ms (p) |\n|---|{}---|---|\n",
            latencies
                .iter()
                .map(|l| format!("{l} ms"))
                .collect::<Vec<_>>()
                .join(" | "),
            latencies[0],
            latencies[latencies.len() - 1],
            "---|".repeat(latencies.len()),
        );
        for row in &rows {
            out.push_str(&format!(
                "| {} | {} | {:.2}× | {:.2} |\n",
                row.label,
                row.medians()
                    .iter()
                    .map(|m| format!("{} ms", fmt_ms(*m)))
                    .collect::<Vec<_>>()
                    .join(" | "),
                row.spread(),
                row.p(),
            ));
        }
        let within = per_page.iter().filter(|s| **s <= WITHIN).count();
        out.push_str(&format!(
            "\nTarget: Marquee's warm start within {:.0}% across the latencies: {within} of {} rows \
             (a rank test's p under 0.05 would mark a row whose difference is more than chance).\n",
            (WITHIN - 1.0) * 100.0,
            per_page.len(),
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn cell(page: &str, latency_ms: u64, samples: &[f64]) -> WarmCell {
        WarmCell {
            client: super::super::versus::MARQUEE.into(),
            page: page.into(),
            start: "reload".into(),
            latency_ms,
            content: Summary::of(samples),
            phases: BTreeMap::new(),
            code_cache: Vec::new(),
        }
    }

    fn versus(warm: Vec<WarmCell>) -> Versus {
        Versus {
            size: 1000,
            clients: vec![super::super::versus::MARQUEE.into()],
            latency_ms: 150,
            first_visit: BTreeMap::new(),
            warm,
        }
    }

    #[test]
    fn a_row_slower_at_one_latency_is_out_and_marked_by_its_rank_test() {
        let steady = [40.0, 42.0, 44.0, 46.0, 48.0, 50.0, 52.0, 54.0];
        let slow = steady.map(|x| x + 30.0);
        let table = versus(vec![
            cell("Home", 0, &steady),
            cell("Library", 0, &steady),
            cell("Home", 1000, &steady),
            cell("Library", 1000, &slow),
        ])
        .latency_markdown();
        assert!(
            table.contains("| Marquee, Home, reload | 46 ms | 46 ms | 1.00× | 1.00 |"),
            "{table}"
        );
        // 46 → 76 ms; all eight slow samples above all eight steady ones: p ≈ 0.0009.
        assert!(
            table.contains("| Marquee, Library, reload | 46 ms | 76 ms | 1.65× | 0.00 |"),
            "{table}"
        );
        assert!(
            table.contains("| Marquee, all 2 pages, reload | 46 ms | 54 ms | 1.17× |"),
            "{table}"
        );
        assert!(table.contains("1 of 2 rows"), "{table}");
    }

    #[test]
    fn one_latency_gives_no_table() {
        assert_eq!(
            versus(vec![cell("Home", 150, &[40.0])]).latency_markdown(),
            ""
        );
    }
}
