//! The README's two endpoint tables list exactly what the demo serves: the Jellyfin table
//! `http::routes::endpoints()` (methods, path as Jellyfin writes it, legacy form), the control table
//! `control::endpoints()` (methods per path).

use std::collections::{BTreeMap, BTreeSet};

use axum::http::Method;
use demo_server::http::routes::Endpoint;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md")
}

/// The rows of the table whose header starts with `header`, as their cells (code marks kept).
fn table(readme: &str, header: &str) -> Vec<Vec<String>> {
    let start = readme
        .find(&format!("| {header} |"))
        .unwrap_or_else(|| panic!("the README's table headed {header:?}"));
    readme[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The `code` spans of a cell, in order.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

fn methods(e: &Endpoint) -> Vec<&str> {
    e.methods.iter().map(Method::as_str).collect()
}

#[test]
fn the_jellyfin_table_lists_every_endpoint() {
    let listed: BTreeSet<(String, String, String)> = table(&readme(), "Jellyfin endpoint")
        .iter()
        .map(|cells| {
            let request = code_spans(&cells[0]).join("");
            let (methods, path) = request.split_once(' ').expect("`METHODS /path`");
            let legacy = code_spans(&cells[1]).join("");
            (methods.to_string(), path.to_string(), legacy)
        })
        .collect();
    let served: BTreeSet<(String, String, String)> = demo_server::http::routes::endpoints()
        .iter()
        .flat_map(|e| {
            e.documented().into_iter().map(|path| {
                (
                    methods(e).join(","),
                    path.to_string(),
                    e.legacy.unwrap_or("").to_string(),
                )
            })
        })
        .collect();
    assert_eq!(listed, served);
}

/// A control row's first cell: `METHOD /path` (a query and a body may follow), then any
/// `/ `OTHER`` methods the same row covers on that path.
fn control_methods(rows: &[Vec<String>]) -> BTreeMap<String, BTreeSet<String>> {
    let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for cells in rows {
        let spans = code_spans(&cells[0]);
        let (method, target) = spans[0].split_once(' ').expect("`METHOD /path`");
        let path = target.split('?').next().unwrap_or(target).to_string();
        let more = spans[1..]
            .iter()
            .filter(|s| s.chars().all(|c| c.is_ascii_uppercase()));
        let entry = listed.entry(path).or_default();
        entry.insert(method.to_string());
        entry.extend(more.map(|m| m.to_string()));
    }
    listed
}

#[test]
fn the_control_table_lists_every_control_endpoint() {
    let listed = control_methods(&table(&readme(), "request"));
    let served: BTreeMap<String, BTreeSet<String>> = demo_server::control::endpoints()
        .iter()
        .map(|e| {
            let methods = methods(e).into_iter().map(str::to_string).collect();
            (e.path.to_string(), methods)
        })
        .collect();
    assert_eq!(listed, served);
}

#[test]
fn a_control_row_names_its_path_and_every_method() {
    let rows = table(
        "| request | effect |\n|---|---|\n\
         | `POST /__demo/x/{itemId}` `{\"Name\"?}` / `GET` | a |\n\
         | `GET /__demo/x/{itemId}?user=demo` | b |\n\
         | `DELETE /__demo/y` | c |\n",
        "request",
    );
    let listed = control_methods(&rows);
    let set = |m: &[&str]| m.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        listed,
        BTreeMap::from([
            ("/__demo/x/{itemId}".to_string(), set(&["GET", "POST"])),
            ("/__demo/y".to_string(), set(&["DELETE"])),
        ])
    );
}
