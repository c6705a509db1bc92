//! `demo-server` CLI: parses flags by hand and runs the server until SIGTERM/Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;

use demo_server::Config;

const USAGE: &str = "usage: demo-server [--host 127.0.0.1] [--port 8096 (0 = any free port)] \
[--movies 2000] [--shows 200] [--seed 1] [--latency-ms 0] \
[--latency-everywhere (the latency delays the app's files too)] [--dist PATH] [--server-name NAME] \
[--app-only (serve only --dist, no API)] [--sessions-file PATH (tokens survive a restart)] \
[--control-any-origin (let pages of any origin call /__demo/: for the browser tests only)] \
[--large-download-mib 48 (the size of the one large download)]";

fn parse_args(args: &[String]) -> Result<Config, String> {
    let mut config = Config::default();
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg == "-h" || arg == "--help" {
            return Err(String::new());
        }
        if arg == "--app-only" {
            // No library to generate: only the app is served.
            config.app_only = true;
            config.movies = 0;
            config.shows = 0;
            i += 1;
            continue;
        }
        if arg == "--latency-everywhere" {
            config.latency_everywhere = true;
            i += 1;
            continue;
        }
        if arg == "--control-any-origin" {
            config.control_any_origin = true;
            i += 1;
            continue;
        }
        // Both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (arg, None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i)
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        fn num<T: std::str::FromStr>(flag: &str, v: String) -> Result<T, String> {
            v.parse().map_err(|_| format!("{flag}: not a number: {v}"))
        }
        match flag {
            "--host" => config.host = value()?,
            "--port" => config.port = num(flag, value()?)?,
            "--movies" => config.movies = num(flag, value()?)?,
            "--shows" => config.shows = num(flag, value()?)?,
            "--seed" => config.seed = num(flag, value()?)?,
            "--latency-ms" => config.latency_ms = num(flag, value()?)?,
            "--dist" => config.dist = Some(PathBuf::from(value()?)),
            "--server-name" => config.server_name = value()?,
            "--sessions-file" => config.sessions_file = Some(PathBuf::from(value()?)),
            "--large-download-mib" => config.large_download_mib = num(flag, value()?)?,
            other => return Err(format!("unknown argument: {other}")),
        }
        i += 1;
    }
    Ok(config)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(c) => c,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("{e}");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("demo-server: cannot start runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(demo_server::serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo-server: {e}");
            ExitCode::FAILURE
        }
    }
}
