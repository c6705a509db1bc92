//! The machine the figures come from, for the report.
use e2e::thirtyfour::WebDriver;
use serde::Serialize;
use serde_json::json;

use e2e::browser::cdp;

#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gb: f64,
    pub os: String,
    pub browser: String,
    /// 1-minute load average when the run started (other work on the machine skews figures).
    pub load_at_start: f64,
}

impl Machine {
    pub async fn describe(driver: &WebDriver) -> Machine {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        let cpuinfo = read("/proc/cpuinfo");
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split(':').nth(1))
            .unwrap_or("unknown")
            .trim()
            .to_string();
        let memory_gb = read("/proc/meminfo")
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0 / 1024.0)
            .unwrap_or(f64::NAN);
        let os = read("/etc/os-release")
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .unwrap_or("unknown")
            .trim_matches('"')
            .to_string();
        let load_at_start = read("/proc/loadavg")
            .split_whitespace()
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or(f64::NAN);
        let version = cdp(driver, "Browser.getVersion", json!({})).await;
        Machine {
            cpu,
            cores: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(0),
            memory_gb,
            os,
            browser: format!(
                "{} (headless)",
                version["product"].as_str().unwrap_or("Chromium")
            ),
            load_at_start,
        }
    }

    pub fn line(&self) -> String {
        format!(
            "{}, {} cores, {:.0} GB RAM, {}, {}; load average {:.1} at start",
            self.cpu, self.cores, self.memory_gb, self.os, self.browser, self.load_at_start
        )
    }
}
