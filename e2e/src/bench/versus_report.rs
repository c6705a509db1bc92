//! The side-by-side figures as one compact Markdown table: medians per client and the ratios
//! (Marquee over the comparator's library grid, the reference for every page; B over Marquee).
use super::latency_report::distinct;
use super::report::thousands;
use super::stats::{fmt_ms, Summary};
use super::versus::{Versus, COMPARATOR, MARQUEE, PHASES};

fn ratio(a: f64, b: f64) -> String {
    if a.is_finite() && b.is_finite() && b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "n/a".into()
    }
}

impl Versus {
    pub fn markdown(&self, size: u32) -> String {
        let others: Vec<&String> = self
            .clients
            .iter()
            .filter(|c| *c != MARQUEE && *c != COMPARATOR)
            .collect();
        let mut out = format!(
            "\n### Side by side, {} movies (interleaved; medians)\n\n| figure | {} | Marquee ÷ comparator |{}\n|---|{}---|{}\n",
            thousands(size.into()),
            self.clients.join(" | "),
            others
                .iter()
                .map(|b| format!(" {b} ÷ Marquee |"))
                .collect::<String>(),
            "---|".repeat(self.clients.len()),
            "---|".repeat(others.len()),
        );
        let p50 = |s: Option<&Summary>| s.map(|s| s.p50).unwrap_or(f64::NAN);
        let row = |out: &mut String, label: String, cell: &dyn Fn(&str) -> f64, reference: f64| {
            let marquee = cell(MARQUEE);
            out.push_str(&format!(
                "| {label} | {} | {} |{}\n",
                self.clients
                    .iter()
                    .map(|c| {
                        let v = cell(c);
                        if v.is_finite() {
                            format!("{} ms", fmt_ms(v))
                        } else {
                            "—".into()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
                ratio(marquee, reference),
                others
                    .iter()
                    .map(|b| format!(" {} |", ratio(cell(b), marquee)))
                    .collect::<String>(),
            ));
        };
        let first = |c: &str| p50(self.first_visit.get(c));
        row(
            &mut out,
            format!(
                "first visit, never-opened library: click → first cards ({} ms)",
                self.latency_ms
            ),
            &first,
            first(COMPARATOR),
        );
        let latencies = distinct(self.warm.iter().map(|w| w.latency_ms));
        let mut starts = distinct(self.warm.iter().map(|w| w.start.clone()));
        starts.sort();
        for latency in latencies.iter().copied() {
            for start in &starts {
                let cell_of = |client: &str, page: &str| {
                    p50(self
                        .warm
                        .iter()
                        .find(|w| {
                            w.client == client
                                && w.page == page
                                && w.latency_ms == latency
                                && &w.start == start
                        })
                        .map(|w| &w.content))
                };
                let reference = cell_of(COMPARATOR, "Library");
                for page in ["Home", "Library", "Movie", "Show"] {
                    row(
                        &mut out,
                        format!("warm, {page}, {start}, {latency} ms"),
                        &|c: &str| cell_of(c, page),
                        reference,
                    );
                }
            }
        }
        out.push_str(&self.latency_markdown());
        // Where each client's warm start spends its time, at the first latency.
        out.push_str(&format!(
            "\n| where a warm start's time goes (ms from navigation start, medians) | {} | content |\n|---|{}---|\n",
            PHASES.join(" | "),
            "---|".repeat(PHASES.len())
        ));
        for w in self
            .warm
            .iter()
            .filter(|w| Some(&w.latency_ms) == latencies.first())
        {
            out.push_str(&format!(
                "| {}, {}, {} | {} | {} ms |\n",
                w.client,
                w.page,
                w.start,
                PHASES
                    .iter()
                    .map(|p| w
                        .phases
                        .get(*p)
                        .map(|s| {
                            let unit = if p.ends_with("KB") { "KB" } else { "ms" };
                            format!("{} {unit}", fmt_ms(s.p50))
                        })
                        .unwrap_or_else(|| "—".into()))
                    .collect::<Vec<_>>()
                    .join(" | "),
                fmt_ms(w.content.p50)
            ));
        }
        // V8's code cache on Marquee's traced warm starts.
        if self.warm.is_empty() {
            return out;
        }
        out.push_str("\n| V8 code cache (Marquee's warm starts) | loads | cache hit | main-thread wasm compile (median) |\n|---|---|---|---|\n");
        for client in self.clients.iter().filter(|c| *c != COMPARATOR) {
            for start in &starts {
                let loads: Vec<_> = self
                    .warm
                    .iter()
                    .filter(|w| &w.client == client && &w.start == start)
                    .flat_map(|w| w.code_cache.iter())
                    .collect();
                let hits = loads.iter().filter(|l| l.hit).count();
                let compile: Vec<f64> = loads.iter().map(|l| l.main_thread_compile_ms).collect();
                out.push_str(&format!(
                    "| {client}, {start} | {} | {hits} of {} | {} ms |\n",
                    loads.len(),
                    loads.len(),
                    fmt_ms(Summary::of(&compile).p50)
                ));
            }
        }
        out
    }
}

/// Under this, a never-opened library's first cards (issue #18), at every size.
const FIRST_VISIT_TARGET_MS: f64 = 600.0;
/// At most this times the hand-written client's first visit.
const FIRST_VISIT_RATIO_TARGET: f64 = 1.2;
/// At most this from the smallest library to the largest.
const FIRST_VISIT_GROWTH_TARGET: f64 = 1.3;

/// `value <= limit`; a missing figure (NaN) is not.
fn at_most(value: f64, limit: f64) -> bool {
    matches!(
        value.partial_cmp(&limit),
        Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
    )
}

/// The first visits of every size in one table: each client's median and p95, Marquee over
/// the comparator, Marquee over its own figure at the smallest size, and the targets.
pub fn first_visits(all: &[Versus]) -> String {
    let Some(smallest) = all.iter().min_by_key(|v| v.size) else {
        return String::new();
    };
    let largest = all.iter().max_by_key(|v| v.size).unwrap_or(smallest);
    let p50 = |v: &Versus, client: &str| v.first_visit.get(client).map_or(f64::NAN, |s| s.p50);
    let cell = |v: &Versus, client: &str| match v.first_visit.get(client) {
        Some(s) => format!("{} / {} ms", fmt_ms(s.p50), fmt_ms(s.p95)),
        None => "—".into(),
    };
    let base = p50(smallest, MARQUEE);
    let mut out = format!(
        "\n### First visit of a never-opened library, by size (click → first cards; p50 / p95, {} ms latency)\n\n\
         | movies | Marquee | comparator | Marquee ÷ comparator | Marquee ÷ Marquee at {} |\n|---|---|---|---|---|\n",
        smallest.latency_ms,
        thousands(smallest.size.into()),
    );
    let mut sorted: Vec<&Versus> = all.iter().collect();
    sorted.sort_by_key(|v| v.size);
    let mut slow = Vec::new();
    let mut far = Vec::new();
    for v in &sorted {
        let marquee = p50(v, MARQUEE);
        let comparator = p50(v, COMPARATOR);
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            thousands(v.size.into()),
            cell(v, MARQUEE),
            cell(v, COMPARATOR),
            ratio(marquee, comparator),
            ratio(marquee, base),
        ));
        if !at_most(marquee, FIRST_VISIT_TARGET_MS) {
            slow.push(thousands(v.size.into()));
        }
        if !at_most(marquee / comparator, FIRST_VISIT_RATIO_TARGET) {
            far.push(thousands(v.size.into()));
        }
    }
    let growth = p50(largest, MARQUEE) / base;
    let verdict = |missed: &[String]| {
        if missed.is_empty() {
            "met".to_string()
        } else {
            format!("**missed** at {}", missed.join(", "))
        }
    };
    out.push_str(&format!(
        "\nTargets: under {} ms at every size: {}; within {:.1}× the comparator: {}; \
         {} → {}: {} (at most {:.1}×): {}.\n",
        FIRST_VISIT_TARGET_MS,
        verdict(&slow),
        FIRST_VISIT_RATIO_TARGET,
        verdict(&far),
        thousands(smallest.size.into()),
        thousands(largest.size.into()),
        ratio(p50(largest, MARQUEE), base),
        FIRST_VISIT_GROWTH_TARGET,
        if at_most(growth, FIRST_VISIT_GROWTH_TARGET) {
            "met"
        } else {
            "**missed**"
        },
    ));
    out
}
